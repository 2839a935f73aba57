# SPDX-License-Identifier: MPL-2.0
"""OpenID Connect login end to end: Helhed through Django's test client, a real OpenID
provider over HTTP on loopback (code flow with PKCE, RS256 ID token, JWKS, discovery)."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from helhed.organisations.models import User
from helhed.sso.tests.oidc_op import CLIENT_ID, MANAGER_ROLE, LoopbackOp

LOGIN = reverse("sso:oidc_login", kwargs={"slug": "horsens"})
CALLBACK = reverse("sso:oidc_callback")


def _to_callback(op: LoopbackOp, client: Client, next_url: str = "") -> str:
    """Start a login at Helhed and let the provider answer; the callback URL it sends back."""
    start = client.get(LOGIN + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302, start.content
    assert start["Location"].startswith(f"{op.issuer}/authorize?")
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    location = urlsplit(answer.headers["Location"])
    assert location.path == CALLBACK
    return f"{location.path}?{location.query}"


def _assert_refused(response, text: str) -> None:
    assert response.status_code == 403, response.content.decode()
    body = response.content.decode()
    assert "Login afvist" in body
    assert text in body
    assert "Traceback" not in body


@pytest.mark.django_db
def test_the_login_request_carries_client_state_nonce_and_pkce(oidc_op: LoopbackOp) -> None:
    start = Client().get(LOGIN)

    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"][0]
    assert query["nonce"][0]


@pytest.mark.django_db
def test_a_caseworker_logs_in_through_the_municipalitys_provider(oidc_op: LoopbackOp) -> None:
    client = Client()

    response = client.get(_to_callback(oidc_op, client))

    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(sso_identities__subject=oidc_op.user.sub)
    assert user.municipality is not None
    assert user.municipality.slug == "horsens"
    assert user.role_set == {"caseworker"}
    assert [d.name for d in user.departments.all()] == ["Jobcenter"]
    assert (user.first_name, user.last_name, user.email) == ("Ole", "Opgave", "ole@horsens.dk")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["helhed_second_factor"]["method"] == "oidc"


@pytest.mark.django_db
def test_login_returns_to_the_page_asked_for(oidc_op: LoopbackOp) -> None:
    client = Client()

    response = client.get(_to_callback(oidc_op, client, next_url="/app/organisation/"))

    assert response.status_code == 302
    assert response["Location"] == "/app/organisation/"


@pytest.mark.django_db
def test_a_returning_user_gets_the_roles_the_claim_now_gives(oidc_op: LoopbackOp) -> None:
    first = Client()
    first.get(_to_callback(oidc_op, first))
    oidc_op.user.roles = [MANAGER_ROLE]

    again = Client()
    response = again.get(_to_callback(oidc_op, again))

    assert response.status_code == 302
    user = User.objects.get()
    assert user.role_set == {"manager"}
    assert list(user.departments.all()) == []


@pytest.mark.django_db
def test_a_user_with_no_mapped_role_is_refused_in_danish(oidc_op: LoopbackOp) -> None:
    oidc_op.user.roles = ["something-else"]
    client = Client()

    response = client.get(_to_callback(oidc_op, client))

    _assert_refused(response, "Du har ingen rolle i Helhed")
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("misbehaviour", "text"),
    [
        ("foreign-key", "er ikke underskrevet af kommunens identitetsudbyder"),
        ("audience", "er beregnet til en anden tjeneste"),
        ("expired", "er udløbet"),
        ("issuer", "Identitetsudbyderen er ikke denne kommunes"),
        ("nonce", "hører ikke til et login, der er startet her"),
    ],
)
@pytest.mark.django_db
def test_a_bad_id_token_is_refused(oidc_op: LoopbackOp, misbehaviour: str, text: str) -> None:
    oidc_op.misbehaviour = misbehaviour
    client = Client()

    response = client.get(_to_callback(oidc_op, client))

    _assert_refused(response, text)
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_callback_with_a_state_not_started_here_is_refused(oidc_op: LoopbackOp) -> None:
    client = Client()
    callback = _to_callback(oidc_op, client)
    query = parse_qs(urlsplit(callback).query)

    response = client.get(CALLBACK, {"code": query["code"][0], "state": "forged-state"})

    _assert_refused(response, "hører ikke til et login, der er startet her")
    assert oidc_op.token_requests == 0
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_callback_in_another_browser_is_refused(oidc_op: LoopbackOp) -> None:
    # an attacker's answer (code and state) opened in the victim's browser: login CSRF
    callback = _to_callback(oidc_op, Client())

    response = Client().get(callback)

    _assert_refused(response, "hører ikke til et login, der er startet her")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_callback_used_twice_is_refused(oidc_op: LoopbackOp) -> None:
    client = Client()
    callback = _to_callback(oidc_op, client)
    assert client.get(callback).status_code == 302
    client.logout()

    response = client.get(callback)

    _assert_refused(response, "allerede været brugt")


@pytest.mark.django_db
def test_a_provider_error_is_refused_in_danish(oidc_op: LoopbackOp) -> None:
    client = Client()
    callback = _to_callback(oidc_op, client)
    state = parse_qs(urlsplit(callback).query)["state"][0]

    response = client.get(CALLBACK, {"error": "access_denied", "state": state})

    _assert_refused(response, "Identitetsudbyderen loggede dig ikke ind")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_municipality_without_oidc_has_no_oidc_login(oidc_op: LoopbackOp) -> None:
    assert Client().get(reverse("sso:oidc_login", kwargs={"slug": "furesoe"})).status_code == 404
