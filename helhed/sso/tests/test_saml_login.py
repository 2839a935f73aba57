# SPDX-License-Identifier: MPL-2.0
"""SAML (OIOSAML) login end to end: Helhed as service provider through Django's test
client, a real pysaml2 identity provider over HTTP on loopback, the redirect binding out
and the POST binding back."""

import base64
import datetime
import re
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helhed.organisations.models import Municipality, User
from helhed.sso.configuration import saml_provider_configure
from helhed.sso.models import ConsumedAssertion
from helhed.sso.tests.saml_idp import (
    CVR_FURESOE,
    CVR_HORSENS,
    LEDER,
    SAGSBEHANDLER,
    UKENDT,
    LoopbackIdp,
    bpp,
)

LOGIN = reverse("sso:saml_login", kwargs={"slug": "horsens"})


def _idp_form(idp: LoopbackIdp, client: Client, next_url: str = "") -> dict[str, str]:
    """Start a login at Helhed, follow the redirect to the IdP, and read its POST form."""
    start = client.get(LOGIN + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302, start.content
    location = start["Location"]
    assert location.startswith(idp.sso_url)
    page = requests.get(location, timeout=10)
    assert page.status_code == 200, page.text
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
    action = re.search(r'action="([^"]+)"', page.text)
    assert action is not None
    return {"action": unescape(action.group(1)), **{k: unescape(v) for k, v in fields.items()}}


def _post(client: Client, form: dict[str, str]):
    path = urlsplit(form["action"]).path
    return client.post(
        path, {"SAMLResponse": form["SAMLResponse"], "RelayState": form["RelayState"]}
    )


@pytest.mark.django_db
def test_a_caseworker_logs_in_through_the_municipalitys_idp(saml_idp: LoopbackIdp) -> None:
    client = Client()

    response = _post(client, _idp_form(saml_idp, client))

    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(sso_identities__subject=saml_idp.user.uuid)
    assert user.municipality is not None
    assert user.municipality.slug == "horsens"
    assert user.role_set == {"caseworker"}
    assert [d.name for d in user.departments.all()] == ["Jobcenter"]
    assert (user.first_name, user.last_name) == ("Karin", "Sagsbehandler")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["helhed_second_factor"]["method"] == "saml"


def _assert_refused(response, text: str) -> None:
    assert response.status_code == 403, response.content.decode()
    body = response.content.decode()
    assert "Login afvist" in body
    assert text in body
    assert "Traceback" not in body


def _no_one_logged_in(client: Client) -> bool:
    return "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_returning_user_is_the_same_user_with_roles_brought_up_to_date(
    saml_idp: LoopbackIdp,
) -> None:
    # given a caseworker who has logged in once
    first = Client()
    _post(first, _idp_form(saml_idp, first))
    user = User.objects.get()
    # when the IdP now says they are a manager instead
    saml_idp.user.privileges = [LEDER]
    again = Client()
    response = _post(again, _idp_form(saml_idp, again))
    # then the same user holds exactly the new role, and left the department
    assert response.status_code == 302
    assert User.objects.get() == user
    user.refresh_from_db()
    assert User.objects.get().role_set == {"manager"}
    assert list(user.departments.all()) == []


@pytest.mark.django_db
def test_login_returns_to_the_page_asked_for(saml_idp: LoopbackIdp) -> None:
    client = Client()

    response = _post(client, _idp_form(saml_idp, client, next_url="/app/organisation/"))

    assert response.status_code == 302
    assert response["Location"] == "/app/organisation/"


@pytest.mark.django_db
def test_a_user_with_no_mapped_role_is_refused_in_danish_and_nothing_is_created(
    saml_idp: LoopbackIdp,
) -> None:
    saml_idp.user.privileges = [UKENDT]
    client = Client()

    response = _post(client, _idp_form(saml_idp, client))

    _assert_refused(response, "Du har ingen rolle i Helhed")
    assert not User.objects.exists()
    assert _no_one_logged_in(client)


@pytest.mark.django_db
def test_privileges_scoped_to_another_municipalitys_cvr_are_refused(
    saml_idp: LoopbackIdp,
) -> None:
    saml_idp.user.cvr = CVR_FURESOE
    client = Client()

    response = _post(client, _idp_form(saml_idp, client))

    _assert_refused(response, "Dit login hører til en anden kommune")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_an_unsigned_assertion_is_refused(saml_idp: LoopbackIdp) -> None:
    saml_idp.misbehaviour = "unsigned"
    client = Client()

    response = _post(client, _idp_form(saml_idp, client))

    _assert_refused(response, "er ikke underskrevet af kommunens identitetsudbyder")
    assert not User.objects.exists()
    assert _no_one_logged_in(client)


@pytest.mark.django_db
def test_an_assertion_signed_with_another_key_is_refused(saml_idp: LoopbackIdp) -> None:
    saml_idp.misbehaviour = "foreign-key"
    client = Client()

    response = _post(client, _idp_form(saml_idp, client))

    _assert_refused(response, "er ikke underskrevet af kommunens identitetsudbyder")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_an_assertion_altered_after_signing_is_refused(saml_idp: LoopbackIdp) -> None:
    # given a correctly signed answer for a user without a mapped role
    saml_idp.user.privileges = [UKENDT]
    client = Client()
    form = _idp_form(saml_idp, client)
    # when someone swaps in a privilege that would give a role
    xml = base64.b64decode(form["SAMLResponse"]).decode()
    forged = bpp([SAGSBEHANDLER], CVR_HORSENS)
    original = bpp([UKENDT], CVR_HORSENS)
    assert original in xml
    form["SAMLResponse"] = base64.b64encode(xml.replace(original, forged).encode()).decode()
    response = _post(client, form)
    # then the signature no longer holds
    _assert_refused(response, "er ikke underskrevet af kommunens identitetsudbyder")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_an_expired_assertion_is_refused(saml_idp: LoopbackIdp) -> None:
    client = Client()
    form = _idp_form(saml_idp, client)

    # the IdP's assertions live 5 minutes; the SP allows a minute's clock skew
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10)):
        response = _post(client, form)

    _assert_refused(response, "er udløbet")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_an_assertion_for_another_audience_is_refused(saml_idp: LoopbackIdp) -> None:
    saml_idp.misbehaviour = "audience"
    client = Client()

    response = _post(client, _idp_form(saml_idp, client))

    _assert_refused(response, "er beregnet til en anden tjeneste")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_replayed_assertion_is_refused_in_the_same_session(saml_idp: LoopbackIdp) -> None:
    # given a login that succeeded
    client = Client()
    form = _idp_form(saml_idp, client)
    assert _post(client, form).status_code == 302
    client.logout()
    # when the same answer is posted again
    response = _post(client, form)
    # then it is refused
    _assert_refused(response, "allerede været brugt")
    assert _no_one_logged_in(client)


@pytest.mark.django_db
def test_a_replayed_assertion_is_refused_in_another_session(saml_idp: LoopbackIdp) -> None:
    # given a login that succeeded, and an attacker who copied the answer
    victim = Client()
    form = _idp_form(saml_idp, victim)
    assert _post(victim, form).status_code == 302
    attacker = Client()
    attacker.get(LOGIN)  # the attacker's own pending login
    # when the attacker posts the victim's answer
    response = _post(attacker, form)
    # then it is refused
    _assert_refused(response, "hører ikke til et login, der er startet her")
    assert _no_one_logged_in(attacker)


@pytest.mark.django_db
def test_an_assertion_id_is_accepted_once_even_if_the_pending_request_were_reused(
    saml_idp: LoopbackIdp,
) -> None:
    # given a login that succeeded, with the SAML session cookie kept
    client = Client()
    start = client.get(LOGIN)
    saml_session = client.cookies[settings.SAML_SESSION_COOKIE_NAME].value
    page = requests.get(start["Location"], timeout=10)
    form = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
    action = urlsplit(saml_idp.last_form["action"]).path
    data = {
        "SAMLResponse": unescape(form["SAMLResponse"]),
        "RelayState": unescape(form["RelayState"]),
    }
    # a copy of the SAML session as it was before the answer consumed the pending request
    snapshot = SessionStore(session_key=saml_session).load()
    assert client.post(action, data).status_code == 302
    # when the pending request is put back (a stolen or restored session) and replayed
    store = SessionStore(session_key=saml_session)
    store.update(snapshot)
    store.save()
    other = Client()
    other.cookies[settings.SAML_SESSION_COOKIE_NAME] = saml_session
    response = other.post(action, data)
    # then the assertion's id has been used: refused
    _assert_refused(response, "allerede været brugt")
    assert ConsumedAssertion.objects.count() == 1


@pytest.mark.django_db
def test_an_assertion_from_another_municipalitys_idp_is_refused(
    saml_idp: LoopbackIdp, other_municipality: Municipality, tmp_path: Path
) -> None:
    # given Furesø's identity provider, configured for Furesø, trusting Helhed too
    with LoopbackIdp(tmp_path / "furesoe-idp", name="furesoe") as furesoe_idp:
        saml_provider_configure(
            municipality=other_municipality,
            metadata_xml=furesoe_idp.metadata_xml(),
            sp_entity_id="https://helhed.example/saml/furesoe",
        )
        furesoe_idp.trust_sp(saml_idp.sp_metadata)
        furesoe_idp.also_answers_for = [saml_idp.sso_url]
        furesoe_idp.user.cvr = CVR_HORSENS
        # when a login started at Horsens is answered by Furesø's IdP
        client = Client()
        start = client.get(LOGIN)
        location = start["Location"].replace(saml_idp.sso_url, furesoe_idp.sso_url)
        page = requests.get(location, timeout=10)
        assert page.status_code == 200, page.text
        form = furesoe_idp.last_form
        response = _post(client, form)
    # then Horsens does not trust it
    _assert_refused(response, "er ikke underskrevet af kommunens identitetsudbyder")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_idp_refuses_an_unsigned_authn_request(saml_idp: LoopbackIdp, settings: Any) -> None:
    # OIOSAML 3: the service provider signs its AuthnRequests; without its key it cannot
    settings.HELHED_SAML_SP_KEY_FILE = ""
    settings.HELHED_SAML_SP_CERT_FILE = ""
    client = Client()

    start = client.get(LOGIN)
    page = requests.get(start["Location"], timeout=10)

    assert page.status_code == 400
    assert "IdP refused the request" in page.text


@pytest.mark.django_db
def test_a_post_without_an_answer_is_refused_in_danish(saml_idp: LoopbackIdp) -> None:
    response = Client().post(reverse("sso:saml_acs", kwargs={"slug": "horsens"}), {})

    assert response.status_code == 400
    assert "Svaret fra identitetsudbyderen mangler" in response.content.decode()


@pytest.mark.django_db
def test_a_municipality_without_saml_has_no_saml_pages(own_municipality: Municipality) -> None:
    for name in ("sso:saml_login", "sso:saml_metadata"):
        response = Client().get(reverse(name, kwargs={"slug": "horsens"}))
        assert response.status_code == 404


@pytest.mark.django_db
def test_the_metadata_names_the_acs_and_the_signing_certificate(saml_idp: LoopbackIdp) -> None:
    metadata = saml_idp.sp_metadata

    assert 'entityID="https://helhed.example/saml/horsens"' in metadata
    assert "/sso/horsens/saml/acs/" in metadata
    assert 'AuthnRequestsSigned="true"' in metadata
    assert 'WantAssertionsSigned="true"' in metadata
    assert "X509Certificate" in metadata
