# SPDX-License-Identifier: MPL-2.0
"""Single logout end to end (ADR 0037). SAML: Helhed's logout sends a signed LogoutRequest
to the loopback IdP, whose signed LogoutResponse comes back; the IdP's own LogoutRequest
ends the Helhed session, unless it is unsigned, forged, altered or about another user.
OpenID Connect: RP-initiated logout at the loopback provider's end_session_endpoint."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from helhed.audit.models import SecurityEvent, SecurityEventKind
from helhed.organisations.models import Municipality, User
from helhed.organisations.tests.factories import make_user
from helhed.organisations.tests.sessions import login_verified
from helhed.sso.models import OidcProvider
from helhed.sso.tests.oidc_op import CLIENT_ID, LoopbackOp
from helhed.sso.tests.saml_idp import LoopbackIdp
from helhed.sso.tests.test_oidc_login import _to_callback
from helhed.sso.tests.test_saml_login import _idp_form, _post

LS = reverse("sso:saml_ls", kwargs={"slug": "horsens"})


def _logged_in(idp: LoopbackIdp) -> tuple[Client, User]:
    client = Client()
    assert _post(client, _idp_form(idp, client)).status_code == 302
    user = User.objects.get(sso_identities__subject=idp.user.uuid)
    assert client.session["_auth_user_id"] == str(user.pk)
    return client, user


def _logouts(user: User) -> int:
    return SecurityEvent.objects.filter(kind=SecurityEventKind.LOGOUT, user=user).count()


def _local(location: str) -> str:
    split = urlsplit(location)
    return f"{split.path}?{split.query}"


@pytest.mark.django_db
def test_logging_out_sends_a_signed_logout_request_and_handles_the_answer(
    saml_idp: LoopbackIdp,
) -> None:
    client, user = _logged_in(saml_idp)

    # when the user logs out of Helhed
    response = client.post(reverse("logout"))

    # then the browser goes to the IdP with a LogoutRequest, and Helhed's session is over
    assert response.status_code == 302
    assert response["Location"].startswith(saml_idp.slo_url + "?")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert {"SAMLRequest", "SigAlg", "Signature"} <= set(query)
    assert "_auth_user_id" not in client.session
    # the IdP verifies it (signature included) and answers with a LogoutResponse
    answer = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    assert saml_idp.logout_requests == [saml_idp.user.uuid]
    assert urlsplit(answer.headers["Location"]).path == LS
    assert "SAMLResponse" in parse_qs(urlsplit(answer.headers["Location"]).query)
    back = client.get(_local(answer.headers["Location"]))
    assert back.status_code == 302
    assert back["Location"] == reverse("policies:home")
    assert "_auth_user_id" not in client.session
    assert _logouts(user) == 1


@pytest.mark.django_db
def test_an_unsigned_authn_and_logout_key_means_the_idp_refuses_the_logout_request(
    saml_idp: LoopbackIdp, settings
) -> None:
    # given a login, after which Helhed loses its signing key
    client, user = _logged_in(saml_idp)
    settings.HELHED_SAML_SP_KEY_FILE = ""
    settings.HELHED_SAML_SP_CERT_FILE = ""
    # when the user logs out, the LogoutRequest is not signed
    response = client.post(reverse("logout"))
    answer = requests.get(response["Location"], allow_redirects=False, timeout=10)
    # then the IdP refuses it; Helhed's own session is over all the same
    assert answer.status_code == 400
    assert saml_idp.logout_requests == []
    assert "_auth_user_id" not in client.session
    assert _logouts(user) == 1


@pytest.mark.django_db
def test_the_idps_logout_request_ends_the_helhed_session(saml_idp: LoopbackIdp) -> None:
    client, user = _logged_in(saml_idp)

    response = client.get(saml_idp.logout_request_url())

    # the session is over, and the IdP gets a LogoutResponse saying so
    assert response.status_code == 302, response.content.decode()
    assert response["Location"].startswith(saml_idp.slo_url + "?")
    assert "SAMLResponse" in parse_qs(urlsplit(response["Location"]).query)
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("organisation_overview")).status_code == 302  # to the login
    assert _logouts(user) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("misbehaviour", ["unsigned", "foreign-key", "tampered"])
def test_a_forged_logout_request_is_refused_and_the_session_survives(
    saml_idp: LoopbackIdp, misbehaviour: str
) -> None:
    client, user = _logged_in(saml_idp)

    response = client.get(saml_idp.logout_request_url(misbehaviour=misbehaviour))

    assert response.status_code == 403
    body = response.content.decode()
    assert "ikke underskrevet af kommunens identitetsudbyder" in body
    assert "Traceback" not in body
    assert client.session["_auth_user_id"] == str(user.pk)
    assert _logouts(user) == 0
    # the refusal is a security event, as every 403
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.REFUSED, path=LS).count() == 1


@pytest.mark.django_db
def test_the_idps_logout_request_by_the_post_binding_ends_the_session(
    saml_idp: LoopbackIdp,
) -> None:
    client, user = _logged_in(saml_idp)
    path, message = saml_idp.logout_request_post()
    assert path == reverse("sso:saml_ls_post", kwargs={"slug": "horsens"})

    response = client.post(path, {"SAMLRequest": message})

    assert response.status_code == 302, response.content.decode()
    assert response["Location"].startswith(saml_idp.slo_url + "?")
    assert "_auth_user_id" not in client.session
    assert _logouts(user) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("misbehaviour", ["unsigned", "tampered"])
def test_a_forged_logout_request_by_the_post_binding_is_refused(
    saml_idp: LoopbackIdp, misbehaviour: str
) -> None:
    client, user = _logged_in(saml_idp)
    path, message = saml_idp.logout_request_post(misbehaviour=misbehaviour)

    response = client.post(path, {"SAMLRequest": message})

    assert response.status_code == 403
    assert "ikke underskrevet af kommunens identitetsudbyder" in response.content.decode()
    assert client.session["_auth_user_id"] == str(user.pk)
    assert _logouts(user) == 0


@pytest.mark.django_db
def test_a_signed_logout_request_about_another_user_is_refused(saml_idp: LoopbackIdp) -> None:
    client, user = _logged_in(saml_idp)

    response = client.get(
        saml_idp.logout_request_url(name_id="0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6")
    )

    assert response.status_code == 403
    assert "en anden bruger" in response.content.decode()
    assert client.session["_auth_user_id"] == str(user.pk)
    assert _logouts(user) == 0


@pytest.mark.django_db
def test_a_logout_request_without_a_saml_login_changes_nothing(saml_idp: LoopbackIdp) -> None:
    response = Client().get(saml_idp.logout_request_url())

    assert response.status_code == 403
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.LOGOUT).exists()


@pytest.mark.django_db
def test_a_call_without_a_logout_message_is_refused_in_danish(saml_idp: LoopbackIdp) -> None:
    response = Client().get(LS)

    assert response.status_code == 400
    assert "Logoutanmodningen fra identitetsudbyderen mangler" in response.content.decode()


@pytest.mark.django_db
def test_the_metadata_names_the_single_logout_endpoints(saml_idp: LoopbackIdp) -> None:
    metadata = saml_idp.sp_metadata

    assert "SingleLogoutService" in metadata
    assert "/sso/horsens/saml/ls/" in metadata
    assert "/sso/horsens/saml/ls/post/" in metadata


# OpenID Connect: RP-initiated logout to the provider's end_session_endpoint


def _oidc_logged_in(op: LoopbackOp) -> tuple[Client, User]:
    client = Client()
    assert client.get(_to_callback(op, client)).status_code == 302
    user = User.objects.get(sso_identities__subject=op.user.sub)
    assert client.session["_auth_user_id"] == str(user.pk)
    return client, user


@pytest.mark.django_db
def test_the_configuration_reads_the_end_session_endpoint_from_discovery(
    oidc_op: LoopbackOp,
) -> None:
    provider = OidcProvider.objects.get()

    assert provider.end_session_endpoint == f"{oidc_op.issuer}/end-session"


@pytest.mark.django_db
def test_logging_out_of_an_oidc_session_logs_out_at_the_provider(oidc_op: LoopbackOp) -> None:
    client, user = _oidc_logged_in(oidc_op)

    response = client.post(reverse("logout"))

    # Helhed's session is over, and the browser goes to the provider's end_session_endpoint
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"].startswith(f"{oidc_op.issuer}/end-session?")
    answer = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    assert oidc_op.logouts == [
        {
            "client_id": CLIENT_ID,
            "post_logout_redirect_uri": "http://testserver" + reverse("policies:home"),
        }
    ]
    assert answer.headers["Location"] == "http://testserver" + reverse("policies:home")
    assert _logouts(user) == 1


@pytest.mark.django_db
def test_without_an_end_session_endpoint_only_helheds_session_ends(oidc_op: LoopbackOp) -> None:
    # given a provider whose discovery document offers no logout
    oidc_op.supports_logout = False
    call_command(
        "sso_configure",
        "oidc",
        "--municipality=horsens",
        f"--issuer={oidc_op.issuer}",
        f"--client-id={CLIENT_ID}",
        "--client-secret-env=HORSENS_OIDC_SECRET",
        stdout=io.StringIO(),
    )
    assert OidcProvider.objects.get().end_session_endpoint == ""
    client, user = _oidc_logged_in(oidc_op)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("policies:home")
    assert "_auth_user_id" not in client.session
    assert oidc_op.logouts == []
    assert _logouts(user) == 1


@pytest.mark.django_db
def test_a_password_login_logs_out_locally(
    saml_idp: LoopbackIdp, oidc_op: LoopbackOp, own_municipality: Municipality
) -> None:
    # a user of the same municipality who logged in with password and code, not SSO
    user = make_user(municipality=own_municipality, roles=["caseworker"], username="kodeord")
    client = Client()
    login_verified(client, user)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("policies:home")
    assert "_auth_user_id" not in client.session
    assert oidc_op.logouts == []
    assert saml_idp.logout_requests == []
    assert _logouts(user) == 1
