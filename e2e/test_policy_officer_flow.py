# SPDX-License-Identifier: MPL-2.0
"""A policy officer writes a policy, adopts it, and revises it in a new version.

The flow runs in English (the browser asks for en-US) so that the locators can use
the interface's own words (the msgids) whatever the state of the Danish translation;
two tests check that the same pages are Danish when the browser asks for Danish, and
one that the officer keeps the menu and the log-out on a small screen.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import ENGLISH, PageFactory, login
from helhed.organisations.models import User
from helhed.organisations.tests.factories import PASSWORD
from helhed.policies.models import PolicyVersion, Target

pytestmark = pytest.mark.browser

INDICATOR = "Share self-supporting after more than one year in the programme"
TARGET_TEXT = "Mindst 45 procent af de nyankomne er selvforsørgende efter et år."
OBJECTIVE = "Flere flygtninge bliver selvforsørgende."
SHARE_ERROR = "A share cannot be more than 100 %."


def _save(page: Page) -> int:
    """Press Save (or another submit button) and return the answer's HTTP status."""
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("main").locator("form button[type=submit]").click()
    page.wait_for_load_state()
    return posted.value.status


def _fill_target(page: Page, value: str) -> None:
    page.get_by_label("Target as written in the policy").fill(TARGET_TEXT)
    page.get_by_label("Indicator", exact=True).select_option(label=INDICATOR)
    page.get_by_label("Comparator", exact=True).select_option(label="at least")
    page.get_by_label("Value", exact=True).fill(value)
    page.get_by_label("Unit", exact=True).select_option(label="per cent")
    page.get_by_label("Deadline", exact=True).fill("2029-12-31")


def _write_policy(page: Page, live_server: LiveServer) -> None:
    # given a policy officer on the dashboard
    page.goto(f"{live_server.url}{reverse('policies:dashboard')}")

    # the policy, as a draft
    page.get_by_role("link", name="New policy").click()
    page.get_by_label("Title", exact=True).fill("Integrationspolitik")
    page.get_by_label("First year").fill("2026")
    page.get_by_label("Last year").fill("2029")
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Integrationspolitik 2026-2029")
    expect(page.get_by_role("status").first).to_have_text("The policy was created as a draft.")

    # a focus area
    page.get_by_role("link", name="Add focus area", exact=True).click()
    page.get_by_label("Title", exact=True).fill("Beskæftigelse")
    page.get_by_label(re.compile(r"^Description")).fill("Flere i job og uddannelse.")
    assert _save(page) == 302
    expect(page.get_by_role("heading", name="1. Beskæftigelse", exact=True)).to_be_visible()

    # an objective under it
    page.get_by_role("link", name="Add objective to Beskæftigelse").click()
    expect(page.get_by_label(re.compile(r"^Focus area")).locator("option:checked")).to_have_text(
        "Beskæftigelse"
    )
    page.get_by_label("Objective", exact=True).fill(OBJECTIVE)
    assert _save(page) == 302
    expect(page.get_by_role("listitem").filter(has_text=OBJECTIVE)).to_be_visible()

    # a target for the objective
    page.get_by_role("link", name=re.compile(r"^Add target to the objective")).click()
    _fill_target(page, "45")
    assert _save(page) == 302
    expect(page.get_by_text(TARGET_TEXT)).to_be_visible()

    # an initiative in the focus area
    page.get_by_role("link", name="Add initiative to Beskæftigelse").click()
    page.get_by_label("Title", exact=True).fill("Branchepakker")
    page.get_by_label(re.compile(r"^Owner department")).select_option(label="Jobcenter")
    page.get_by_label(re.compile(r"^Start")).fill("2026-02-01")
    page.get_by_label("Status", exact=True).select_option(label="In progress")
    page.get_by_label("Progress (%)").fill("10")
    assert _save(page) == 302


def test_policy_officer_writes_adopts_and_revises_a_policy(
    policy_officer: User, new_page: PageFactory, live_server: LiveServer
) -> None:
    page = new_page(ENGLISH)
    login(page, live_server, policy_officer.username, PASSWORD)

    # when the officer writes the policy
    _write_policy(page, live_server)

    # then the version page shows every part
    expect(page.get_by_role("heading", name="1. Beskæftigelse", exact=True)).to_be_visible()
    objective = page.get_by_role("listitem").filter(has_text=OBJECTIVE)
    expect(objective).to_be_visible()
    target = objective.get_by_role("listitem").filter(has_text=TARGET_TEXT)
    expect(target).to_contain_text(f"{INDICATOR}: at least 45 %, deadline 31. December 2029")
    initiatives = page.get_by_role("table", name="Initiatives in Beskæftigelse")
    row = initiatives.get_by_role("row").filter(has_text="Branchepakker")
    expect(row.get_by_role("cell")).to_have_text(
        [
            re.compile("^Branchepakker"),
            "Jobcenter",
            "Feb 2026",
            "No budget of its own",
            "In progress",
            "10 %",
        ]
    )

    # when the officer tries a share of 145 %
    page.get_by_role("link", name=re.compile(r"^Add target to the objective")).click()
    _fill_target(page, "145")
    status = _save(page)

    # then the error stands next to the field and nothing is saved
    assert status == 400
    value_group = page.locator(".form-group", has=page.get_by_label("Value", exact=True))
    expect(value_group.locator(".form-error-message")).to_have_text(SHARE_ERROR)
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved.")
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text(f"Value: {SHARE_ERROR}")
    expect(page.get_by_label("Value", exact=True)).to_have_value("145")
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_text(TARGET_TEXT)).to_have_count(1)
    assert Target.objects.count() == 1

    # when the officer records the adoption
    page.get_by_role("link", name="Record adoption").click()
    expect(page.get_by_label("Step").locator("option:checked")).to_have_text("Record adoption")
    page.get_by_label(re.compile(r"^Effective on")).fill("2026-01-27")
    # adopting without a hearing needs a reason: first without one, then with one
    page.get_by_role("button", name="Record step").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Give the reason the policy is adopted without a public hearing."
    )
    page.get_by_label(re.compile(r"^Note")).fill("The committee decided that no hearing is needed.")
    page.get_by_role("button", name="Record step").click()

    # then the version is adopted and no editing is offered
    expect(page.get_by_role("status").first).to_have_text("The lifecycle step was recorded.")
    expect(page.get_by_text("Version 1 · Adopted")).to_be_visible()
    expect(page.get_by_text("This version is adopted and frozen.")).to_be_visible()
    main = page.get_by_role("main")
    for name in (r"^Edit", r"^Add ", r"^Delete", r"^Move "):
        expect(main.get_by_role("link", name=re.compile(name))).to_have_count(0)
        expect(main.get_by_role("button", name=re.compile(name))).to_have_count(0)

    # when the officer creates a new version
    page.get_by_role("button", name="Create new version").click()

    # then version 2 is a draft based on version 1
    expect(page.get_by_role("status").first).to_have_text("Version 2 was created as a draft.")
    expect(page.get_by_text(re.compile(r"Version 2 · Draft · based on version 1"))).to_be_visible()
    assert (
        PolicyVersion.objects.filter(policy__municipality=policy_officer.municipality).count() == 2
    )

    # when the officer renames the focus area in version 2
    page.get_by_role("link", name="Edit Beskæftigelse", exact=True).click()
    expect(page.get_by_label("Title", exact=True)).to_have_value("Beskæftigelse")
    page.get_by_label("Title", exact=True).fill("Beskæftigelse og uddannelse")
    assert _save(page) == 302
    expect(
        page.get_by_role("heading", name="1. Beskæftigelse og uddannelse", exact=True)
    ).to_be_visible()

    # then the comparison with version 1 shows the change
    page.get_by_text("Compare with another version").click()
    page.get_by_role("link", name="Version 1 (Adopted)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Integrationspolitik: version 1 and version 2"
    )
    table = page.get_by_role("table", name="The two versions side by side")
    # only the renamed title is a changed row: the lines under the focus area are not
    changed = table.get_by_role("row").filter(has_text=re.compile(r"\bchanged\s*$"))
    expect(changed).to_have_count(1)
    expect(changed.get_by_role("rowheader")).to_have_text("Focus area 1")
    expect(changed.get_by_role("cell")).to_have_text(
        ["Beskæftigelse", "Beskæftigelse og uddannelse", "changed"]
    )


def test_version_page_is_danish_by_default(
    policy_officer: User, page: Page, live_server: LiveServer
) -> None:
    login(page, live_server, policy_officer.username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('policies:policy_create')}")
    page.locator("#id_title").fill("Integrationspolitik")
    page.locator("#id_period_start").fill("2026")
    page.locator("#id_period_end").fill("2029")
    page.get_by_role("main").locator("form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Integrationspolitik 2026-2029")

    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("button", name="English")).to_have_attribute("lang", "en")


def test_interface_text_is_danish_by_default(
    policy_officer: User, page: Page, live_server: LiveServer
) -> None:
    """The page says it is Danish (lang="da"); its own words must be Danish too."""
    login(page, live_server, policy_officer.username, PASSWORD)

    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("banner").get_by_role("button", name="Log ud")).to_be_visible()


def test_officer_on_a_small_screen_reaches_the_menu_and_can_log_out(
    policy_officer: User, page: Page, live_server: LiveServer
) -> None:
    """320 CSS pixels is a phone, or a desktop at 400 % zoom (WCAG 1.4.10, reflow)."""
    page.set_viewport_size({"width": 320, "height": 800})
    login(page, live_server, policy_officer.username, PASSWORD)

    banner = page.get_by_role("banner")
    menu = banner.locator("button[aria-expanded=false]").filter(visible=True)
    if menu.count():
        menu.first.click()

    dashboard = banner.locator(f"a[href='{reverse('policies:dashboard')}']").filter(visible=True)
    expect(dashboard.first, "No visible main menu at 320 px").to_be_visible()
    log_out = banner.locator(f"form[action='{reverse('logout')}'] button").filter(visible=True)
    expect(log_out.first, "No visible way to log out at 320 px").to_be_visible()
