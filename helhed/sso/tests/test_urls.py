# SPDX-License-Identifier: MPL-2.0
"""The SSO URLs are public (tests/test_url_auth.py leaves them to this file): without a
configured provider each answers a refusal or 404, logs no one in and writes nothing."""

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from helhed.organisations.models import Municipality, User

SSO_URL_NAMES = sorted(
    name for name in get_resolver().namespace_dict["sso"][1].reverse_dict if isinstance(name, str)
)


def _url(name: str) -> str:
    if name == "oidc_callback":
        return reverse("sso:oidc_callback") + "?code=x&state=y"
    return reverse(f"sso:{name}", kwargs={"slug": "horsens"})


def test_the_sso_namespace_is_what_this_file_expects() -> None:
    assert SSO_URL_NAMES == [
        "oidc_callback",
        "oidc_login",
        "saml_acs",
        "saml_login",
        "saml_ls",
        "saml_ls_post",
        "saml_metadata",
    ]


@pytest.mark.parametrize("name", SSO_URL_NAMES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_without_a_provider_every_sso_url_refuses_and_writes_nothing(
    own_municipality: Municipality, name: str, method: str
) -> None:
    client = Client()
    users_before = User.objects.count()

    response = getattr(client, method)(_url(name), {"SAMLResponse": "PHg+PC94Pg=="})

    assert response.status_code in (400, 403, 404, 405), (name, response.status_code)
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == users_before
