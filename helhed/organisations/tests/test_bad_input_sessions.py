# SPDX-License-Identifier: MPL-2.0
"""Bad input to the session and the forms: a tampered session cookie is a visitor who is
not logged in; a forged CSRF token gets a 403 page in Danish, and nothing is written."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies.models import Policy

POLICY = {"title": "Integrationspolitik", "subtitle": "", "period_start": 2018, "period_end": 2021}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tamper",
    [
        lambda key: key[:-1] + ("a" if key[-1] != "a" else "b"),  # one character changed
        lambda key: key + "x",
        lambda key: "",
        lambda key: "../../etc/passwd",
        lambda key: "x" * 5000,
        lambda key: "'; DROP TABLE django_session; --",
    ],
    ids=["changed", "longer", "empty", "path", "huge", "sql"],
)
def test_a_tampered_session_cookie_is_treated_as_logged_out(
    client: Client, policy_officer: User, tamper: object
) -> None:
    login_verified(client, policy_officer)
    assert client.get("/app/").status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.cookies[settings.SESSION_COOKIE_NAME] = tamper(key)  # type: ignore[operator]

    private = client.get("/app/")
    assert private.status_code == 302
    assert private["Location"].startswith(reverse("login"))
    public = client.get("/")
    assert public.status_code == 200
    assert reverse("logout") not in public.content.decode()  # no one is logged in
    login_page = client.get(private["Location"])
    assert login_page.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["forged-token", "", "a" * 64])
def test_a_forged_csrf_token_is_refused_in_danish_and_nothing_is_written(
    policy_officer: User, token: str
) -> None:
    client = Client(enforce_csrf_checks=True)
    login_verified(client, policy_officer)
    client.get(reverse("policies:policy_create"))  # the form page sets the CSRF cookie

    response = client.post(
        reverse("policies:policy_create"), {**POLICY, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 403
    text = response.content.decode()
    assert "Formularen kunne ikke sendes" in text
    assert "intet blev gemt" in text
    assert "Traceback" not in text
    assert "CSRF verification failed" not in text  # not Django's technical page
    assert not Policy.objects.exists()


@pytest.mark.django_db
def test_the_right_csrf_token_is_let_through(policy_officer: User) -> None:
    """Control: the refusal above is the token's doing, not the form's."""
    client = Client(enforce_csrf_checks=True)
    login_verified(client, policy_officer)
    client.get(reverse("policies:policy_create"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post(
        reverse("policies:policy_create"), {**POLICY, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert Policy.objects.count() == 1


@pytest.mark.django_db
def test_the_csrf_refusal_is_english_for_an_english_visitor(policy_officer: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    login_verified(client, policy_officer)

    response = client.post(reverse("policies:policy_create"), POLICY)

    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()
