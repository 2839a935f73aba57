# SPDX-License-Identifier: MPL-2.0
"""Single sign-on in a real browser: from Helhed's login page through the municipality's
SAML identity provider (a pysaml2 IdP on loopback) and back, logged in; and the refusal a
user without a Helhed role sees. Each page Helhed shows passes axe-core."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import assert_accessible
from helhed.organisations.models import User
from helhed.organisations.services import department_create, municipality_create
from helhed.sso.configuration import saml_provider_configure, sso_role_map
from helhed.sso.tests.keys import make_key_pair
from helhed.sso.tests.saml_idp import CVR_HORSENS, SAGSBEHANDLER, UKENDT, LoopbackIdp

pytestmark = pytest.mark.browser


@pytest.fixture
def idp(
    transactional_db: None, live_server: LiveServer, tmp_path: Path, settings: Any
) -> Iterator[LoopbackIdp]:
    """Horsens with its identity provider on loopback. The IdP is another site than Helhed
    (127.0.0.1 against localhost), as in production: its POST back is cross-site, so the
    SAML session cookie must be SameSite=None; Secure (Chromium allows Secure on localhost)."""
    settings.SESSION_COOKIE_SECURE = True
    keys = make_key_pair(tmp_path / "sp", "helhed-sp")
    settings.HELHED_SAML_SP_KEY_FILE = str(keys.key_file)
    settings.HELHED_SAML_SP_CERT_FILE = str(keys.cert_file)
    horsens = municipality_create(kommunekode="615", name="Horsens Kommune", slug="horsens")
    department_create(municipality=horsens, name="Jobcenter", kind="jobcenter")
    sso_role_map(
        municipality=horsens, value=SAGSBEHANDLER, role="caseworker", department_name="Jobcenter"
    )
    with LoopbackIdp(tmp_path / "idp") as loopback_idp:
        saml_provider_configure(
            municipality=horsens,
            metadata_xml=loopback_idp.metadata_xml(),
            sp_entity_id="https://helhed.example/saml/horsens",
            cvr=CVR_HORSENS,
        )
        metadata = reverse("sso:saml_metadata", kwargs={"slug": "horsens"})
        loopback_idp.trust_sp(requests.get(f"{live_server.url}{metadata}", timeout=10).text)
        yield loopback_idp


def _log_in_through_the_idp(page: Page, live_server: LiveServer) -> None:
    caseload = reverse("citizens:caseload")
    page.goto(f"{live_server.url}{reverse('login')}?next={caseload}")
    assert_accessible(page)
    page.get_by_role("link", name="Log ind med kommunens login (Horsens Kommune)").click()
    expect(page.get_by_role("heading", name="Kommunens login")).to_be_visible()
    page.get_by_role("button", name="Fortsæt til Helhed").click()
    page.wait_for_load_state()


def test_a_caseworker_logs_in_through_the_municipalitys_idp(
    idp: LoopbackIdp, page: Page, live_server: LiveServer
) -> None:
    _log_in_through_the_idp(page, live_server)

    expect(page).to_have_url(f"{live_server.url}{reverse('citizens:caseload')}")
    assert idp.requests_seen == 1
    user = User.objects.get(sso_identities__subject=idp.user.uuid)
    assert user.role_set == {"caseworker"}
    assert_accessible(page)


def test_a_user_without_a_helhed_role_is_refused_in_danish(
    idp: LoopbackIdp, page: Page, live_server: LiveServer
) -> None:
    idp.user.privileges = [UKENDT]

    _log_in_through_the_idp(page, live_server)

    expect(page.get_by_role("heading", name="Login afvist")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Du har ingen rolle i Helhed")
    assert not User.objects.exists()
    assert_accessible(page)
