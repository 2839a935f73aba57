# SPDX-License-Identifier: MPL-2.0
"""The data protection officer answers a citizen: finds Yasmin's audit trail by her CPR
number (posted, never in the address), sees the caseworker's look-up, and downloads the
look-up report as a PDF. Each page passes axe-core, the filled ones included."""

import io
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import assert_accessible, login
from helhed.audit.models import Action, AuditEvent
from helhed.citizens import services as registry
from helhed.citizens.access import access_person_by_id
from helhed.citizens.models import Person
from helhed.demo.content import DEMO_PASSWORD
from helhed.organisations.models import User

pytestmark = pytest.mark.browser

CASEWORKER = "horsens-sagsbehandler"
OFFICER = "horsens-dpo"
CPR = "120590-4386"


@pytest.fixture
def yasmin(demo: None) -> Person:
    caseworker = User.objects.get(username=CASEWORKER)
    person = registry.person_register(
        actor=caseworker,
        department=caseworker.departments.get(),
        cpr=CPR,
        first_name="Yasmin",
        last_name="Al-Khatib",
        country_of_origin="SY",
        education_level="vocational",
        unaccompanied_minor=False,
        arrived_on=timezone.localdate() - timedelta(days=40),
        source="family_refugee",
    )
    with transaction.atomic():
        access_person_by_id(user=caseworker, person_id=person.id, purpose="Sagsbehandling")
    return person


def test_the_officer_finds_a_citizens_trail_and_downloads_the_look_up_report(
    yasmin: Person, page: Page, live_server: LiveServer
) -> None:
    login(page, live_server, OFFICER, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Logning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logning")
    assert_accessible(page)

    page.get_by_label("CPR-nummer").fill(CPR)
    page.get_by_label("Formål").fill("Borgerens anmodning, j.nr. 2026-17")
    page.get_by_role("button", name="Vis hændelser").click()

    expect(page.get_by_role("heading", name="Hændelser om Yasmin Al-Khatib")).to_be_visible()
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows.filter(has_text="Sagsbehandling")).to_have_count(1)
    assert CPR not in page.url
    assert CPR.replace("-", "") not in page.url
    assert CPR not in page.content()
    assert_accessible(page)
    review = AuditEvent.objects.order_by("-sequence").first()
    assert review is not None
    assert (review.action, review.person_id) == (Action.READ, yasmin.id)
    assert review.purpose.endswith("j.nr. 2026-17")

    page.get_by_role("link", name="Indsigt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("En borgers anmodning om indsigt")
    page.get_by_label("CPR-nummer").fill(CPR)
    page.get_by_label("Formål").fill("Borgerens anmodning, j.nr. 2026-17")
    # rendering the PDF may take a while on a busy machine; the click does not wait for
    # a navigation, since a download is none
    with page.expect_download(timeout=120_000) as download_info:
        page.get_by_role("button", name="Hent opslagsrapporten (PDF)").click(no_wait_after=True)
    download = download_info.value

    assert download.suggested_filename.startswith("opslagsrapport-")
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(download.path().read_bytes())).pages
    )
    assert "Opslagsrapport" in text
    assert "Sagsbehandling" in text
    assert "Jobcenter" in text
    assert "Rasmus" not in text  # the caseworker's name is left out by default
    assert AuditEvent.objects.order_by("-sequence").first().action == Action.EXPORT  # type: ignore[union-attr]

    page.get_by_label("CPR-nummer").fill(CPR)
    page.get_by_label("Formål").fill("Borgerens anmodning, j.nr. 2026-17")
    page.get_by_role("button", name="Vis opslagsrapporten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opslagsrapport")
    assert_accessible(page)


def test_an_unknown_cpr_is_refused_on_its_field(
    yasmin: Person, page: Page, live_server: LiveServer
) -> None:
    login(page, live_server, OFFICER, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('privacy:subject_access')}")

    page.get_by_label("CPR-nummer").fill("120590-0000")
    page.get_by_label("Formål").fill("j.nr. 1")
    page.get_by_role("button", name="Hent alt om personen (JSON)").click()

    expect(page.get_by_role("alert")).to_contain_text("Ingen person med dette CPR-nummer")
    expect(page.locator(".form-group.form-error #id_cpr")).to_be_visible()
    assert_accessible(page)
