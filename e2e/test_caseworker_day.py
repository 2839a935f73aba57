# SPDX-License-Identifier: MPL-2.0
"""A caseworker's day in the browser: find a citizen, see the flag, start an intervention,
see the flag clear; refer the family's child to daycare, which accepts. Every page is
checked with axe on the way."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageFactory, assert_accessible, login
from helhed.caseplans import services as plans
from helhed.caseplans.models import Intervention, RuleFlag
from helhed.citizens import services as registry
from helhed.citizens.models import Household, Person
from helhed.demo.content import DEMO_PASSWORD
from helhed.organisations.models import User

pytestmark = pytest.mark.browser

CASEWORKER = "horsens-sagsbehandler"
DAYCARE_CASEWORKER = "horsens-dagtilbud"
COMPANY_FLAG = "Ingen virksomhedsrettet indsats en måned efter overtagelsen"


@pytest.fixture
def family(demo: None) -> Person:
    """Yasmin, who arrived 40 days ago as family reunified to a refugee, with her son, and
    a company that offers internships."""
    caseworker = User.objects.get(username=CASEWORKER)
    jobcenter = caseworker.departments.get()
    arrived = timezone.localdate() - timedelta(days=40)
    household = Household.objects.create(municipality=jobcenter.municipality, name="Al-Khatib")
    mother = registry.person_register(
        actor=caseworker,
        department=jobcenter,
        household=household,
        cpr="120590-4386",
        first_name="Yasmin",
        last_name="Al-Khatib",
        country_of_origin="SY",
        education_level="vocational",
        unaccompanied_minor=False,
        arrived_on=arrived,
        source="family_refugee",
    )
    registry.person_register(
        actor=caseworker,
        department=jobcenter,
        household=household,
        cpr="030623-4387",
        first_name="Adam",
        last_name="Al-Khatib",
        country_of_origin="SY",
        education_level="unknown",
        unaccompanied_minor=False,
        arrived_on=arrived,
        source="family_refugee",
    )
    plans.partner_register(
        actor=caseworker, kind="company", name="Gedved Bageri ApS", cvr="24256790"
    )
    return mother


def _open_flags(person: Person) -> set[str]:
    return set(
        RuleFlag.objects.filter(person=person, resolved_at__isnull=True).values_list(
            "rule", flat=True
        )
    )


def test_caseworker_finds_a_citizen_sees_the_flag_starts_an_intervention_and_the_flag_clears(
    family: Person, page: Page, live_server: LiveServer
) -> None:
    login(page, live_server, CASEWORKER, DEMO_PASSWORD)

    # the worklist shows Yasmin with the overdue one-month rule
    page.goto(f"{live_server.url}{reverse('caseplans:worklist')}")
    row = page.get_by_role("row").filter(has_text="Yasmin Al-Khatib")
    expect(row).to_contain_text(COMPANY_FLAG)
    assert_accessible(page)

    # find her by name in the caseload, open her page and then her plan
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Borgere").click()
    page.get_by_label("Navn eller CPR-nummer").fill("Yasmin")
    page.get_by_role("button", name="Søgning").click()
    page.get_by_role("link", name="Yasmin Al-Khatib").click()
    assert_accessible(page)
    page.get_by_role("link", name="Helhedsplan og flag").click()
    flags = page.locator(".helhed-flags")
    expect(flags).to_contain_text(COMPANY_FLAG)
    expect(flags).to_contain_text("Overskredet med 10 dage")
    assert_accessible(page)

    # start a company internship today
    page.get_by_role("link", name="Start en indsats").click()
    page.get_by_label("Indsats", exact=True).select_option("company_internship")
    page.get_by_label("Ejer (afdeling)").select_option(label="Jobcenter")
    page.get_by_label("Politikkens fokusområde").select_option(label="Beskæftigelse")
    page.get_by_label("Samarbejdspartner").select_option(label="Gedved Bageri ApS (CVR 24256790)")
    page.get_by_label("Fra", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Gem indsatsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Virksomhedspraktik")
    expect(page.locator(".helhed-facts")).to_contain_text("I gang")
    assert_accessible(page)

    # the flag has cleared, and stays in the history with its reason
    page.get_by_role("navigation", name="Brødkrumme").get_by_role(
        "link", name="Yasmin Al-Khatib"
    ).click()
    expect(page.locator(".helhed-flags")).not_to_contain_text(COMPANY_FLAG)
    history = page.get_by_role("table", name="Flaghistorik")
    expect(history).to_contain_text(COMPANY_FLAG)
    expect(history).to_contain_text("En virksomhedsrettet indsats gik i gang")
    assert "company_offer" not in _open_flags(family)
    assert Intervention.objects.filter(person=family, status="active").count() == 1

    # and the worklist no longer shows that flag for her
    page.goto(f"{live_server.url}{reverse('caseplans:worklist')}")
    expect(page.get_by_role("row").filter(has_text="Yasmin Al-Khatib")).not_to_contain_text(
        COMPANY_FLAG
    )


def test_a_bad_intervention_is_refused_on_its_field_and_nothing_is_saved(
    family: Person, page: Page, live_server: LiveServer
) -> None:
    login(page, live_server, CASEWORKER, DEMO_PASSWORD)
    path = reverse("caseplans:intervention_create", kwargs={"person_id": family.id})
    page.goto(f"{live_server.url}{path}")
    # an internship without the company that carries it
    page.get_by_label("Indsats", exact=True).select_option("company_internship")
    page.get_by_label("Ejer (afdeling)").select_option(label="Jobcenter")
    page.get_by_label("Politikkens fokusområde").select_option(label="Beskæftigelse")
    page.get_by_label("Fra", exact=True).fill(timezone.localdate().isoformat())

    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Gem indsatsen").click()

    assert posted.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Samarbejdspartner")
    expect(page.locator(".form-group.form-error #id_partner")).to_be_visible()
    assert not Intervention.objects.filter(person=family).exists()
    assert_accessible(page)


def test_jobcenter_refers_the_child_to_daycare_which_accepts_and_then_sees_him(
    family: Person, new_page: PageFactory, live_server: LiveServer
) -> None:
    child = Person.objects.get(first_name="Adam")
    jobcenter = new_page()
    login(jobcenter, live_server, CASEWORKER, DEMO_PASSWORD)
    jobcenter.goto(
        f"{live_server.url}{reverse('caseplans:referral_create', kwargs={'person_id': child.id})}"
    )
    jobcenter.get_by_label("Til afdeling").select_option(label="Dagtilbud")
    jobcenter.get_by_label("Begrundelse for henvisningen").fill("Adam skal have en vuggestueplads.")
    jobcenter.get_by_role("button", name="Send henvisningen").click()
    expect(
        jobcenter.get_by_role("status").or_(jobcenter.locator(".alert-success"))
    ).to_contain_text("Dagtilbud")

    daycare = new_page()
    login(daycare, live_server, DAYCARE_CASEWORKER, DEMO_PASSWORD)
    daycare.goto(f"{live_server.url}{reverse('caseplans:worklist')}")
    daycare.get_by_role("link", name="Adam Al-Khatib").click()
    expect(daycare.locator(".helhed-facts")).to_contain_text("Adam skal have en vuggestueplads.")
    assert_accessible(daycare)
    daycare.get_by_role("button", name="Acceptér").click()

    # the child is now in daycare's caseload: its plan opens for daycare
    expect(daycare.get_by_role("heading", level=1)).to_have_text("Helhedsplan for Adam Al-Khatib")
    assert_accessible(daycare)
