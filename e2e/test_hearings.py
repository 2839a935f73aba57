# SPDX-License-Identifier: MPL-2.0
"""The public hearing in a browser: a citizen responds, a response after closing is
refused, and a policy officer dispositions the responses and downloads the memo."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import login
from helhed.demo.content import DEMO_PASSWORD
from helhed.hearings import services
from helhed.hearings.models import Hearing, HearingResponse
from helhed.hearings.tests.factories import make_hearing, submit
from helhed.organisations.models import User
from helhed.policies import services as policies
from helhed.policies.models import PolicyVersion, Status

pytestmark = pytest.mark.browser

OFFICER = "horsens-politik"


@pytest.fixture
def hearing(demo: None) -> Hearing:
    """An open hearing on a new draft of Horsens' policy."""
    officer = User.objects.get(username=OFFICER)
    adopted = PolicyVersion.objects.get(policy__municipality__slug="horsens", status=Status.ADOPTED)
    draft = policies.policy_version_revise(actor=officer, version=adopted)
    return make_hearing(actor=officer, version=draft, title="Høring over integrationspolitikken")


def _public_url(live_server: LiveServer, hearing: Hearing) -> str:
    path = reverse("hearings:public_hearing", kwargs={"slug": "horsens", "hearing_id": hearing.id})
    return f"{live_server.url}{path}"


def test_a_citizen_responds_to_an_open_hearing(
    hearing: Hearing, page: Page, live_server: LiveServer
) -> None:
    page.goto(_public_url(live_server, hearing))
    expect(page.get_by_role("heading", level=1)).to_have_text(hearing.title)
    page.locator("a[href='?afsnit=vision#respond']").click()
    form = page.get_by_role("main").locator("form")
    expect(form.get_by_label("Dit høringssvar handler om")).to_have_value("vision")
    form.get_by_label("Navn eller organisation", exact=True).fill("Amina Haddad")
    form.get_by_label("E-mail", exact=True).fill("amina@example.org")
    form.get_by_label("Dit høringssvar", exact=True).fill("<b>Husk</b> foreningslivet.")
    form.get_by_label("Mit høringssvar, navn eller organisation og bilag må offentliggøres").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Send høringssvar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dit høringssvar")
    expect(page.get_by_text("Tak: dit høringssvar er modtaget som nummer 1.")).to_be_visible()
    expect(page.locator(".helhed-private-link")).to_have_text(page.url.split("#")[0])
    assert "amina" not in page.url
    expect(page.get_by_text("<b>Husk</b> foreningslivet.")).to_be_visible()
    response = HearingResponse.objects.get()
    assert response.section == "vision"
    # the published response is on the public page, as text
    page.goto(_public_url(live_server, hearing))
    published = page.get_by_role("region", name="Offentliggjorte høringssvar")
    expect(published).to_contain_text("<b>Husk</b> foreningslivet.")
    expect(published).not_to_contain_text("amina@example.org")


def test_a_response_after_closing_is_refused(
    hearing: Hearing, page: Page, live_server: LiveServer
) -> None:
    page.goto(_public_url(live_server, hearing))
    form = page.get_by_role("main").locator("form")
    form.get_by_label("Navn eller organisation", exact=True).fill("Sen Borger")
    form.get_by_label("E-mail", exact=True).fill("sen@example.org")
    form.get_by_label("Dit høringssvar", exact=True).fill("For sent.")
    # the hearing closes while the citizen writes
    services.hearing_update(
        actor=User.objects.get(username=OFFICER),
        hearing=hearing,
        title=hearing.title,
        opens_at=hearing.opens_at,
        closes_at=timezone.now() - timedelta(minutes=1),
    )
    with page.expect_navigation():
        form.get_by_role("button", name="Send høringssvar").click()
    expect(
        page.get_by_text("Høringen er lukket: der kan ikke længere indsendes høringssvar.")
    ).to_be_visible()
    expect(page.get_by_role("main").locator("form")).to_have_count(0)
    assert not HearingResponse.objects.exists()


def test_a_policy_officer_dispositions_the_responses_and_downloads_the_memo(
    hearing: Hearing, page: Page, live_server: LiveServer
) -> None:
    submit(hearing, text="Mere om foreningslivet.", author_name="Foreningen Fællesskab")
    submit(hearing, text="Flere mentorer.", author_name="Frivilligcenter Horsens")
    login(page, live_server, OFFICER, DEMO_PASSWORD)
    page.goto(
        f"{live_server.url}{reverse('hearings:hearing_detail', kwargs={'hearing_id': hearing.id})}"
    )
    for name, outcome, reason in (
        ("Foreningen Fællesskab", "Videregivet til forvaltningen", "Givet til Kultur og Fritid."),
        ("Frivilligcenter Horsens", "Taget til efterretning", "Indgår i handlingsplanen."),
    ):
        page.get_by_role("link", name=name).click()
        page.get_by_role("link", name="Giv hele høringssvaret en behandling").click()
        form = page.get_by_role("main").locator("form")
        form.get_by_label("Behandling", exact=True).select_option(label=outcome)
        form.get_by_label("Begrundelse").fill(reason)
        with page.expect_navigation():
            form.get_by_role("button", name="Gem behandling").click()
        expect(page.get_by_text("Behandlingen er gemt.")).to_be_visible()
        expect(page.get_by_text(reason)).to_be_visible()
        page.get_by_role("link", name=hearing.title).click()
    expect(page.get_by_role("main")).not_to_contain_text("Endnu ikke behandlet")
    page.get_by_role("link", name="Høringsnotat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Høringsnotat")
    expect(page.get_by_role("main")).to_contain_text("Givet til Kultur og Fritid.")
    memo_path = reverse("hearings:memo", kwargs={"hearing_id": hearing.id})
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK\x03\x04")):
        link = page.locator(f"a[href='?format={fmt}']")
        expect(link).to_be_visible()
        download = page.request.get(f"{live_server.url}{memo_path}?format={fmt}")
        assert download.status == 200
        assert download.body().startswith(magic), fmt
        assert "hoeringsnotat-horsens" in download.headers["content-disposition"]
