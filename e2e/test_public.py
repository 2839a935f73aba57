# SPDX-License-Identifier: MPL-2.0
"""A citizen reads a municipality's adopted policy, in Danish and in English, and as PDF."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from helhed.demo.content import HORSENS

pytestmark = pytest.mark.browser


def test_citizen_reads_the_adopted_policy_and_switches_to_english(
    demo: None, page: Page, live_server: LiveServer
) -> None:
    # given an anonymous citizen on the home page, in Danish
    page.goto(f"{live_server.url}{reverse('policies:home')}")
    expect(page.locator("html")).to_have_attribute("lang", "da")

    # when the citizen follows the link to Horsens' policy
    page.get_by_role("main").get_by_role("link", name=re.compile("Horsens Kommune")).click()

    # then the policy's vision and focus areas are there
    public_path = reverse("policies:public", kwargs={"slug": HORSENS.slug})
    expect(page).to_have_url(f"{live_server.url}{public_path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{HORSENS.policy.title} {HORSENS.policy.period_start}-{HORSENS.policy.period_end}"
    )
    # (the sections are found by their anchors: their Danish names are the translators')
    vision = page.locator("section[aria-labelledby=vision]")
    expect(vision).to_contain_text(HORSENS.policy.vision.splitlines()[0])
    focus_areas = page.locator("section[aria-labelledby=focus-areas]")
    for number, area in enumerate(HORSENS.policy.focus_areas, start=1):
        heading = focus_areas.get_by_role("heading", name=f"{number}. {area.title}", exact=True)
        expect(heading).to_be_visible()

    # when the citizen switches the language
    page.get_by_role("button", name="English").click()

    # then the same page is in English
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}{public_path}")
    expect(page.get_by_role("region", name="Vision")).to_contain_text(
        HORSENS.policy.vision.splitlines()[0]
    )
    expect(page.get_by_role("region", name="Focus areas")).to_be_visible()
    expect(page.get_by_role("button", name="Dansk")).to_have_attribute("lang", "da")

    # and the PDF link answers with the policy as a PDF
    pdf_link = page.get_by_role("link", name="Download the policy as PDF")
    href = pdf_link.get_attribute("href")
    assert href == reverse("policies:public_pdf", kwargs={"slug": HORSENS.slug})
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_citizen_on_a_small_screen_can_still_log_in(
    demo: None, page: Page, live_server: LiveServer
) -> None:
    """320 CSS pixels is a phone, or a desktop at 400 % zoom (WCAG 1.4.10, reflow)."""
    page.set_viewport_size({"width": 320, "height": 800})

    page.goto(f"{live_server.url}{reverse('policies:home')}")

    banner = page.get_by_role("banner")
    menu = banner.locator("button[aria-expanded=false]").filter(visible=True)
    if menu.count():
        menu.first.click()
    login_link = banner.locator(f"a[href='{reverse('login')}']").filter(visible=True)
    expect(login_link.first, "No visible way to log in at 320 px").to_be_visible()
