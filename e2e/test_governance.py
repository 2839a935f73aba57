# SPDX-License-Identifier: MPL-2.0
"""A policy moves from draft through hearing and committee treatment to adopted: the
policy officer sends the draft to hearing, writes the committee case about it, records
the committee's decision, puts the case on the city council's agenda and records its
adoption, which adopts the version. In English, so the locators use the msgids."""

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import ENGLISH, PageFactory, login
from helhed.governance.tests.factories import make_committee, make_meeting
from helhed.organisations.models import User
from helhed.organisations.tests.factories import PASSWORD
from helhed.policies.models import PolicyVersion, Status
from helhed.policies.tests.factories import make_policy

pytestmark = pytest.mark.browser


def _save(page: Page) -> int:
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("main").locator("form button[type=submit]").click()
    page.wait_for_load_state()
    return posted.value.status


def _decide(page: Page, meeting: str, outcome: str, text: str) -> int:
    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("Committee and meeting").select_option(label=meeting)
    page.get_by_label("Outcome").select_option(label=outcome)
    page.get_by_label("Decision", exact=True).fill(text)
    return _save(page)


def test_a_policy_moves_from_draft_through_hearing_and_committee_to_adopted(
    policy_officer: User, new_page: PageFactory, live_server: LiveServer
) -> None:
    # given a draft policy, a committee and the city council, each with a meeting
    version = make_policy(actor=policy_officer)
    committee = make_committee(actor=policy_officer, name="Beskæftigelsesudvalget")
    council = make_committee(actor=policy_officer, name="Byrådet", council=True)
    make_meeting(actor=policy_officer, committee=committee, on=date(2018, 9, 11))
    make_meeting(actor=policy_officer, committee=council, on=date(2018, 10, 30))
    page = new_page(ENGLISH)
    login(page, live_server, policy_officer.username, PASSWORD)

    # when the officer sends the draft to public hearing
    page.goto(f"{live_server.url}{reverse('policies:version_detail', args=[version.id])}")
    page.get_by_role("link", name="Send to public hearing").click()
    assert _save(page) == 302
    expect(page.locator(".helhed-meta").first).to_contain_text("In public hearing")

    # and writes the committee case about it, on the committee's agenda
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Committees and cases"
    ).click()
    page.get_by_role("link", name="New agenda item").click()
    page.get_by_label("Title", exact=True).fill("Behandling: Integrationspolitik 2018-2021")
    page.get_by_label(re.compile(r"^Case no\.")).fill("18/12386")
    page.get_by_label(re.compile(r"^Decision authority")).select_option(label="Byrådet")
    page.get_by_label(re.compile(r"^Policy version")).select_option(
        label="Integrationspolitik 2018-2021, version 1 (In public hearing)"
    )
    page.get_by_label(re.compile(r"^Decision theme")).fill("Forvaltningen indstiller politikken.")
    page.get_by_label(re.compile(r"^Recommendation")).fill("At politikken godkendes.")
    page.get_by_label(re.compile(r"^Meeting")).select_option(
        label="Beskæftigelsesudvalget 11-09-2018"
    )
    assert _save(page) == 302
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Behandling: Integrationspolitik 2018-2021"
    )

    # and records the committee's recommendation
    assert (
        _decide(
            page,
            "Beskæftigelsesudvalget 11-09-2018",
            "Recommended to the city council",
            "Anbefales godkendt.",
        )
        == 302
    )
    expect(
        page.get_by_role("heading", name="Decision in Beskæftigelsesudvalget on 11-09-2018")
    ).to_be_visible()

    # and puts the case on the city council's agenda, where it is adopted
    page.get_by_role("link", name="Put on a meeting's agenda").click()
    page.get_by_label("Meeting").select_option(label="Byrådet 30-10-2018")
    assert _save(page) == 302
    status = _decide(
        page, "Byrådet 30-10-2018", "Adopted (the policy version is adopted)", "Godkendt."
    )

    # then the decision stands on the case and the version is adopted
    assert status == 302
    expect(page.get_by_role("status").first).to_have_text(
        "The decision was recorded, and the policy version is adopted."
    )
    expect(page.get_by_role("heading", name="Decision in Byrådet on 30-10-2018")).to_be_visible()
    version = PolicyVersion.objects.get(pk=version.pk)
    assert version.status == Status.ADOPTED
    assert version.adopted_on == date(2018, 10, 30)
    page.get_by_role("link", name=re.compile(r"^Integrationspolitik 2018-2021, version 1")).click()
    expect(page.locator(".helhed-meta").first).to_contain_text("Adopted")


def test_adopting_an_adopted_version_is_refused_in_the_browser_and_nothing_is_recorded(
    policy_officer: User, new_page: PageFactory, live_server: LiveServer
) -> None:
    from helhed.governance.tests.factories import make_item
    from helhed.policies.tests.factories import adopt

    version = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    council = make_committee(actor=policy_officer, name="Byrådet", council=True)
    meeting = make_meeting(actor=policy_officer, committee=council, on=date(2018, 10, 30))
    item = make_item(
        actor=policy_officer, committee=council, meeting=meeting, policy_version=version
    )
    page = new_page(ENGLISH)
    login(page, live_server, policy_officer.username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('governance:item_detail', args=[item.id])}")

    status = _decide(
        page, "Byrådet 30-10-2018", "Adopted (the policy version is adopted)", "Godkendt."
    )

    assert status == 400
    expect(page.get_by_role("alert")).to_contain_text("The decision was not recorded")
    assert not item.entries.filter(decision__isnull=False).exists()
