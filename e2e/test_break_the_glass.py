# SPDX-License-Identifier: MPL-2.0
"""Break-the-glass in the browser: a daycare caseworker opens a citizen of the Jobcenter's
caseload by CPR number, is refused without a reason, states one and reads the record; the
manager sees the access with the reason and the CPR number masked. Every page is checked
with axe on the way."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageFactory, assert_accessible, login
from helhed.audit.models import Action, AuditEvent
from helhed.citizens import services as registry
from helhed.citizens.models import Person
from helhed.demo.content import DEMO_PASSWORD
from helhed.organisations.models import User

pytestmark = pytest.mark.browser

CASEWORKER = "horsens-sagsbehandler"
DAYCARE_CASEWORKER = "horsens-dagtilbud"
MANAGER = "horsens-leder"
CPR = "120590-4386"
REASON = "Borgeren er mødt op i dagtilbuddet og spørger til sin plan."


@pytest.fixture
def citizen(demo: None) -> Person:
    caseworker = User.objects.get(username=CASEWORKER)
    return registry.person_register(
        actor=caseworker,
        department=caseworker.departments.get(),
        cpr=CPR,
        first_name="Yasmin",
        last_name="Al-Khatib",
        country_of_origin="SY",
        education_level="vocational",
        unaccompanied_minor=False,
        arrived_on=date(2025, 9, 1),
        source="family_refugee",
    )


def test_caseworker_opens_a_citizen_outside_the_caseload_with_a_reason_and_the_manager_sees_it(
    citizen: Person, new_page: PageFactory, live_server: LiveServer
) -> None:
    page: Page = new_page()
    login(page, live_server, DAYCARE_CASEWORKER, DEMO_PASSWORD)

    # the start page says that access outside the caseload is logged
    expect(page.get_by_role("main")).to_contain_text("adgangen logges og vises for din leder")
    assert_accessible(page)
    page.get_by_role("link", name="Åbn en borger uden for din sagsstamme").click()
    assert_accessible(page)

    # without a reason: refused, with the field named
    page.get_by_label("CPR-nummer").fill(CPR)
    page.get_by_role("button", name="Åbn oplysningerne").click()
    expect(page.get_by_role("main")).to_contain_text("Angiv en begrundelse")
    assert_accessible(page)
    assert not AuditEvent.objects.filter(action=Action.BREAK_THE_GLASS).exists()

    # with a reason: the record opens, read only, with the notice
    page.get_by_label("CPR-nummer").fill(CPR)
    page.get_by_label("Begrundelse").fill(REASON)
    page.get_by_role("button", name="Åbn oplysningerne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yasmin Al-Khatib")
    expect(page.get_by_role("main")).to_contain_text("Borgeren er uden for din sagsstamme")
    expect(page.get_by_role("link", name="Tilføj statusperiode")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Helhedsplan og flag").click()
    expect(page.get_by_role("main")).to_contain_text("Borgeren er uden for din sagsstamme")
    assert_accessible(page)

    # the manager sees it
    manager_page: Page = new_page()
    login(manager_page, live_server, MANAGER, DEMO_PASSWORD)
    manager_page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Adgang uden for sagsstammen"
    ).click()
    row = manager_page.get_by_role("row").filter(has_text=REASON)
    expect(row).to_contain_text("120590-xxxx")
    expect(manager_page.get_by_role("main")).not_to_contain_text("Yasmin")
    assert_accessible(manager_page)
    assert reverse("citizens:break_the_glass_review") in manager_page.url
