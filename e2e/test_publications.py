# SPDX-License-Identifier: MPL-2.0
"""A policy officer publishes the targets' status to the public; a registry correction
comes in later; the officer sees that the numbers changed, revises the report with a
reason, and the public page shows the numbers as first published and the revision with
its reason (issue 4 item 5, ADR 0030). In Danish, as a committee and the public read it."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageFactory, login
from helhed.citizens import services as registry
from helhed.demo.content import DEMO_PASSWORD
from helhed.indicators.reports.models import PublishedReport
from helhed.organisations.models import User
from helhed.policies.models import Objective, Policy, PolicyVersion, Status, Target

pytestmark = pytest.mark.browser

OFFICER = "horsens-politik"
CASEWORKER = "horsens-sagsbehandler"
TARGET = "Kommunen tager imod flere nye borgere"
REASON = "Én ankomst var registreret for sent og er nu rettet."
_numbers = iter(range(1000, 9999))


def _arrivals(count: int) -> None:
    """Arrivals in June of last year, through the registry's service: outside the staff
    the target status shows a count of arrivals for the last whole year (ADR 0052)."""
    caseworker = User.objects.get(username=CASEWORKER)
    department = caseworker.departments.order_by("name").first()
    assert department is not None
    for _ in range(count):
        n = next(_numbers)
        registry.person_register(
            actor=caseworker,
            department=department,
            cpr=f"0101{n % 100:02d}-{n:04d}",
            first_name="Amal",
            last_name=f"Publiceret{n}",
            country_of_origin="SY",
            education_level="none",
            unaccompanied_minor=False,
            arrived_on=date(timezone.localdate().year - 1, 6, 1),
            source="asylum",
        )


@pytest.fixture
def arrivals_target(demo: None) -> None:
    """Horsens' policy in force (its period reaches furthest) with a target on arrivals."""
    today = timezone.localdate()
    horsens = User.objects.get(username=OFFICER).municipality
    assert horsens is not None
    policy = Policy.objects.create(municipality=horsens)
    version = PolicyVersion.objects.create(
        policy=policy,
        number=1,
        status=Status.ADOPTED,
        title="Modtagelsespolitik",
        period_start=today.year - 1,
        period_end=today.year + 5,
    )
    objective = Objective.objects.create(version=version, text="Modtagelse")
    Target.objects.create(
        version=version,
        objective=objective,
        description=TARGET,
        indicator_key="arrivals_by_source",
        comparator="gte",
        value=Decimal(1000),
        unit="persons",
        deadline=today.replace(year=today.year + 1),
    )
    _arrivals(6)


def _current_cell(page: Page) -> str:
    row = page.locator("#latest-heading ~ div table tr", has_text=TARGET).first
    return row.locator("td").nth(4).inner_text()


@pytest.mark.usefixtures("arrivals_target")
def test_a_published_report_keeps_its_numbers_and_a_revision_shows_what_changed(
    new_page: PageFactory, live_server: LiveServer
) -> None:
    # given the policy officer on the publish page
    page = new_page()
    login(page, live_server, OFFICER, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('indicators:report_list')}")
    page.get_by_role("link", name="Udgiv en rapport").click()
    page.get_by_label("Rapport").select_option(label="Status for politikkens mål")
    page.get_by_role("button", name="Næste").click()

    # when the officer publishes the targets' status to the public
    page.get_by_label("Udgivet til").select_option(label="Offentligheden")
    page.get_by_label("Modtager").fill("Beskæftigelses- og Integrationsudvalget, møde 12.3.2026")
    page.get_by_role("button", name="Udgiv og fastfrys tallene").click()

    # then the report's numbers are frozen and the registry agrees with them
    expect(page.get_by_text("Rapporten er udgivet. Dens tal er fastfrosset.")).to_be_visible()
    report = PublishedReport.objects.get(title="Status for politikkens mål")
    first = _current_cell(page)
    expect(page.get_by_text("Registret giver de samme tal")).to_be_visible()

    # when a late arrival is registered (a correction of the registry)
    _arrivals(1)
    page.reload()

    # then the officer sees the banner with the changed number, and the frozen one stays
    banner = page.get_by_role("region", name="1 tal er ændret siden udgivelsen")
    expect(banner).to_be_visible()
    expect(banner.locator("tbody tr")).to_contain_text(first)
    assert _current_cell(page) == first

    # when the officer revises without a reason, it is refused and nothing is written
    banner.get_by_role("button", name="Udgiv en revision").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv, hvorfor rapporten revideres")
    assert not report.revisions.exists()

    # when the officer revises with a reason
    page.get_by_label("Begrundelse for revisionen").fill(REASON)
    page.get_by_role("button", name="Udgiv en revision").click()

    # then revision 1 is the report's numbers, and the registry agrees again
    expect(page.get_by_text("Revision 1 er udgivet med den angivne begrundelse.")).to_be_visible()
    expect(page.get_by_role("heading", name="Tallene i revision 1")).to_be_visible()
    revised = _current_cell(page)
    assert revised != first
    expect(page.get_by_text("Registret giver de samme tal")).to_be_visible()

    # and an anonymous reader of the public page sees the revision with its reason and
    # the numbers as first published, with no banner
    public = new_page()
    public.goto(
        f"{live_server.url}{reverse('indicators:public_report_list', kwargs={'slug': 'horsens'})}"
    )
    public.get_by_role("link", name="Status for politikkens mål").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Status for politikkens mål")
    revisions = public.get_by_role("region", name="Revisioner")
    expect(revisions).to_contain_text(REASON)
    expect(revisions.locator("tbody tr")).to_contain_text(first)
    expect(revisions.locator("tbody tr")).to_contain_text(revised)
    original = public.get_by_role("region", name="Tallene som først udgivet")
    expect(original.locator("tr", has_text=TARGET)).to_contain_text(first)
    expect(public.get_by_text("ændret siden udgivelsen")).to_have_count(0)
    # the download of the first numbers says which revision it is
    link = original.get_by_role("link", name="Hent som PDF")
    href = link.get_attribute("href")
    assert href is not None
    assert "revision=0" in href
    response = public.request.get(f"{public.url.split('?')[0]}{href}")
    assert response.status == 200
    assert response.body().startswith(b"%PDF-")
