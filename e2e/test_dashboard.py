# SPDX-License-Identifier: MPL-2.0
"""A manager opens the dashboard, clicks the number of the month's arrivals, sees the
persons of the Jobcenter's caseload behind it (and how many others are not shown), and
the data protection officer finds the look-up in the audit log. Each page passes axe-core."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import assert_accessible, login
from helhed.audit.models import Action, AuditEvent
from helhed.citizens import services as registry
from helhed.demo.content import DEMO_PASSWORD
from helhed.organisations.models import User

pytestmark = pytest.mark.browser

MANAGER = "horsens-leder"
CASEWORKER = "horsens-sagsbehandler"
DAYCARE_CASEWORKER = "horsens-dagtilbud"
OFFICER = "horsens-dpo"


@pytest.fixture
def arrivals(demo: None) -> None:
    """Two quota refugees of October 2025 in the Jobcenter's caseload, one in another
    department's."""
    caseworker = User.objects.get(username=CASEWORKER)
    daycare = User.objects.get(username=DAYCARE_CASEWORKER)
    people = [
        ("Yasmin", "Al-Khatib", "120590-4386", caseworker),
        ("Omar", "Barakat", "030488-4391", caseworker),
        ("Hidden", "Udenfor", "050577-4396", daycare),
    ]
    for first, last, cpr, actor in people:
        registry.person_register(
            actor=actor,
            department=actor.departments.get(),
            cpr=cpr,
            first_name=first,
            last_name=last,
            country_of_origin="SY",
            education_level="vocational",
            unaccompanied_minor=False,
            arrived_on=date(2025, 10, 6),
            source="quota_refugee",
        )


def test_a_manager_drills_down_and_the_audit_log_shows_it(
    arrivals: None, page: Page, live_server: LiveServer
) -> None:
    login(page, live_server, MANAGER, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('indicators:dashboard')}?aar=2025&maaned=10")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ledelsesoverblik")
    expect(page.get_by_role("heading", name="Nøgletal, oktober 2025")).to_be_visible()
    assert_accessible(page)

    before = AuditEvent.objects.count()
    # the arrivals' tile: its numerator is the month's three arrivals
    tile = page.locator(".card").filter(has_text="Nyankomne fordelt på type pr. år")
    tile.get_by_role("link", name="3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personerne bag et tal")
    expect(page.get_by_role("status")).to_contain_text("3 personer står bag tallet.")
    expect(page.get_by_role("status")).to_contain_text("1 er uden for din sagsstamme")
    table = page.get_by_role("table")
    expect(table.get_by_role("row").filter(has_text="Yasmin Al-Khatib")).to_have_count(1)
    expect(table.get_by_role("row").filter(has_text="Omar Barakat")).to_have_count(1)
    expect(table.get_by_role("row").filter(has_text="Udenfor")).to_have_count(0)
    assert "120590" not in page.url
    assert_accessible(page)
    events = list(AuditEvent.objects.order_by("sequence")[before:])
    assert [e.action for e in events] == [Action.SEARCH]
    criterion = events[0].search_criterion
    assert criterion.startswith("indikator arrivals_by_source, 2025-10")

    page.context.clear_cookies()
    login(page, live_server, OFFICER, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('privacy:audit_log')}")
    row = page.get_by_role("row").filter(has_text=criterion)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("opfølgning på indikator")
