# SPDX-License-Identifier: MPL-2.0
"""Hearing moderation and withdrawal in a browser (ADR 0035): a policy officer hides a
response from the public page with a reason, and a respondent withdraws their response by
the private link."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import login
from helhed.demo.content import DEMO_PASSWORD
from helhed.hearings.models import Hearing, HearingResponse
from helhed.hearings.tests.factories import make_hearing, submit
from helhed.organisations.models import User
from helhed.policies import services as policies
from helhed.policies.models import PolicyVersion, Status

pytestmark = pytest.mark.browser

OFFICER = "horsens-politik"
ATTACK = "Sagsbehandler Jensen er inkompetent."


@pytest.fixture
def hearing(demo: None) -> Hearing:
    officer = User.objects.get(username=OFFICER)
    adopted = PolicyVersion.objects.get(policy__municipality__slug="horsens", status=Status.ADOPTED)
    draft = policies.policy_version_revise(actor=officer, version=adopted)
    return make_hearing(actor=officer, version=draft, title="Høring over integrationspolitikken")


def _public_url(live_server: LiveServer, hearing: Hearing) -> str:
    path = reverse("hearings:public_hearing", kwargs={"slug": "horsens", "hearing_id": hearing.id})
    return f"{live_server.url}{path}"


def test_a_policy_officer_hides_a_response_and_the_public_sees_a_placeholder(
    hearing: Hearing, page: Page, live_server: LiveServer
) -> None:
    submit(hearing, text=ATTACK, author_name="Vred Borger")
    login(page, live_server, OFFICER, DEMO_PASSWORD)
    page.goto(
        f"{live_server.url}{reverse('hearings:hearing_detail', kwargs={'hearing_id': hearing.id})}"
    )
    page.get_by_role("link", name="Vred Borger").click()
    page.get_by_role("link", name="Fjern fra den offentlige side").click()
    form = page.get_by_role("main").locator("form")
    form.get_by_label("Begrundelse").fill("Personangreb på en medarbejder.")
    with page.expect_navigation():
        form.get_by_role("button", name="Fjern svaret").click()
    expect(page.get_by_text("Svaret er fjernet fra den offentlige side.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Personangreb på en medarbejder.")

    page.goto(_public_url(live_server, hearing))
    published = page.get_by_role("region", name="Offentliggjorte høringssvar")
    expect(published).to_contain_text("Svaret er fjernet af kommunen.")
    expect(published).not_to_contain_text(ATTACK)
    expect(published).not_to_contain_text("Vred Borger")


def test_a_respondent_withdraws_the_response_by_the_private_link(
    hearing: Hearing, page: Page, live_server: LiveServer
) -> None:
    token = submit(hearing, text="Et svar, jeg fortryder.").token
    page.goto(f"{live_server.url}{reverse('hearings:follow', kwargs={'token': token})}")
    page.get_by_role("link", name="Træk mit høringssvar tilbage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Træk mit høringssvar tilbage")
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, træk mit høringssvar tilbage").click()
    expect(
        page.get_by_text("Dit høringssvar er trukket tilbage, og indholdet er slettet.")
    ).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Et svar, jeg fortryder.")
    response = HearingResponse.objects.get()
    assert response.is_withdrawn
    assert response.text == ""
