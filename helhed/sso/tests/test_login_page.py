# SPDX-License-Identifier: MPL-2.0
"""The login page offers the municipality's login where one is configured, and only there."""

import pytest
from django.test import Client
from django.urls import reverse

from helhed.organisations.models import Municipality
from helhed.sso.models import SamlIdentityProvider
from helhed.sso.tests.oidc_op import LoopbackOp
from helhed.sso.tests.saml_idp import LoopbackIdp


def test_without_sso_the_login_page_has_no_sso_buttons(own_municipality: Municipality) -> None:
    body = Client().get(reverse("login")).content.decode()

    assert "Log ind med kommunens login" not in body


def test_with_saml_the_login_page_links_to_the_municipalitys_login(
    saml_idp: LoopbackIdp, other_municipality: Municipality
) -> None:
    body = Client().get(reverse("login") + "?next=/app/organisation/").content.decode()

    assert "Log ind med kommunens login (Horsens Kommune)" in body
    assert 'href="/sso/horsens/saml/log-ind/?next=/app/organisation/"' in body
    assert "Furesø" not in body


def test_with_oidc_the_login_page_links_to_the_providers_login(oidc_op: LoopbackOp) -> None:
    body = Client().get(reverse("login")).content.decode()

    assert 'href="/sso/horsens/oidc/log-ind/"' in body


@pytest.mark.django_db
def test_a_disabled_provider_gets_no_button_and_no_login(saml_idp: LoopbackIdp) -> None:
    SamlIdentityProvider.objects.update(enabled=False)

    assert "kommunens login" not in Client().get(reverse("login")).content.decode()
    assert Client().get(reverse("sso:saml_login", kwargs={"slug": "horsens"})).status_code == 404
