# SPDX-License-Identifier: MPL-2.0
"""The governance list pages run as many queries for 20 rows as for 2: the committee
list, a committee's meetings, a meeting's agenda, an item's attachments and meetings, and a
policy's process plan. Each page is built with 2 rows in one municipality and 20 in the
other, warmed once, then counted (added with the hearings' moderation, ADR 0035)."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from helhed.core.tests.query_count import queries_of_page
from helhed.governance import services
from helhed.governance.models import MilestoneKind, Outcome
from helhed.governance.tests.factories import (
    PDF,
    make_committee,
    make_item,
    make_meeting,
    make_milestone,
)
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies.tests.factories import make_policy

pytestmark = pytest.mark.django_db

# Generous enough for the layout and the session, small enough to catch a query per row.
BUDGET = 30

START = date(2018, 1, 9)


def _committee_list(actor: User, rows: int) -> str:
    for number in range(rows):
        make_committee(actor=actor, name=f"Udvalg {number}")
    return reverse("governance:committee_list")


def _committee_detail(actor: User, rows: int) -> str:
    committee = make_committee(actor=actor)
    for number in range(rows):
        make_meeting(actor=actor, committee=committee, on=START + timedelta(days=7 * number))
    return reverse("governance:committee_detail", kwargs={"committee_id": committee.id})


def _meeting_detail(actor: User, rows: int) -> str:
    committee = make_committee(actor=actor)
    meeting = make_meeting(actor=actor, committee=committee)
    version = make_policy(actor=actor)
    for number in range(rows):
        make_item(
            actor=actor,
            committee=committee,
            meeting=meeting,
            case_number=f"18/{10000 + number}",
            title=f"Punkt {number}",
            policy_version=version,
        )
    return reverse("governance:meeting_detail", kwargs={"meeting_id": meeting.id})


def _item_detail(actor: User, rows: int) -> str:
    committee = make_committee(actor=actor)
    version = make_policy(actor=actor)
    item = make_item(actor=actor, committee=committee, policy_version=version)
    for number in range(rows):
        meeting = make_meeting(
            actor=actor, committee=committee, on=START + timedelta(days=7 * number)
        )
        entry = services.agenda_entry_create(actor=actor, item=item, meeting=meeting)
        services.decision_record(
            actor=actor, entry=entry, outcome=Outcome.DISCUSSED, text=f"Drøftet {number}."
        )
        services.attachment_add(
            actor=actor,
            item=item,
            title=f"Bilag {number}",
            policy_version=version,
            pdf=PDF,
            pdf_name=f"b{number}.pdf",
        )
    return reverse("governance:item_detail", kwargs={"item_id": item.id})


def _process_plan(actor: User, rows: int) -> str:
    committee = make_committee(actor=actor)
    version = make_policy(actor=actor)
    kinds = [k for k in MilestoneKind.values if k != MilestoneKind.ADOPTION]  # the council's
    for number in range(rows):
        make_milestone(
            actor=actor,
            version=version,
            kind=kinds[number % len(kinds)],
            on=START + timedelta(days=7 * number),
            committee=committee,
        )
    return reverse("governance:process_plan", kwargs={"policy_id": version.policy.id})


PAGES: dict[str, Callable[[User, int], str]] = {
    "committee_list": _committee_list,
    "committee_detail": _committee_detail,
    "meeting_detail": _meeting_detail,
    "item_detail": _item_detail,
    "process_plan": _process_plan,
}


def _queries(client: Client, url: str) -> int:
    return queries_of_page(client, url, warm=True)[0]


@pytest.mark.parametrize("page", PAGES)
def test_the_page_runs_as_many_queries_for_20_rows_as_for_2(
    client: Client,
    policy_officer: User,
    other_policy_officer: User,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    page: str,
) -> None:
    small = PAGES[page](policy_officer, 2)
    large = PAGES[page](other_policy_officer, 20)

    login_verified(client, policy_officer)
    two = _queries(client, small)
    login_verified(client, other_policy_officer)
    twenty = _queries(client, large)
    with django_assert_max_num_queries(BUDGET):
        client.get(large)

    assert twenty == two
