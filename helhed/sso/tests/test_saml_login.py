# SPDX-License-Identifier: MPL-2.0
"""SAML (OIOSAML) login end to end: Helhed as service provider through Django's test
client, a real pysaml2 identity provider over HTTP on loopback, the redirect binding out
and the POST binding back."""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from helhed.organisations.models import User
from helhed.sso.tests.saml_idp import LoopbackIdp

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


def _post(client: Client, form: dict[str, str]):  # type: ignore[no-untyped-def]
    path = urlsplit(form["action"]).path
    return client.post(path, {"SAMLResponse": form["SAMLResponse"], "RelayState": form["RelayState"]})


@pytest.mark.django_db
def test_a_caseworker_logs_in_through_the_municipalitys_idp(saml_idp: LoopbackIdp) -> None:
    client = Client()

    response = _post(client, _idp_form(saml_idp, client))

    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(sso_identities__subject=saml_idp.user.uuid)
    assert user.municipality is not None and user.municipality.slug == "horsens"
    assert user.role_set == {"caseworker"}
    assert [d.name for d in user.departments.all()] == ["Jobcenter"]
    assert (user.first_name, user.last_name) == ("Karin", "Sagsbehandler")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["helhed_second_factor"] == "sso"
