# SPDX-License-Identifier: MPL-2.0
"""Reads: scoped to one municipality, in order, and in a fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helhed.governance import services
from helhed.governance.access import access_committee_by_id, access_item_by_id
from helhed.governance.models import DatePrecision, Milestone, MilestoneKind, Outcome
from helhed.governance.selectors import (
    agenda_item_content,
    agenda_items_for_municipality,
    committees_for_municipality,
    meeting_agenda,
    milestones_upcoming,
)
from helhed.governance.tests.factories import (
    make_committee,
    make_item,
    make_meeting,
    make_milestone,
)
from helhed.organisations.models import User
from helhed.policies.tests.factories import make_policy

pytestmark = pytest.mark.django_db


def test_committees_are_the_municipalitys_own_with_the_city_council_first(
    policy_officer: User, other_policy_officer: User
) -> None:
    make_committee(actor=policy_officer, name="Økonomiudvalget")
    make_committee(actor=policy_officer, name="Byrådet", council=True)
    make_committee(actor=policy_officer, name="Beskæftigelsesudvalget")
    make_committee(actor=other_policy_officer, name="Kulturudvalget")

    names = [
        c.name for c in committees_for_municipality(municipality_id=policy_officer.municipality_id)
    ]

    assert names == ["Byrådet", "Beskæftigelsesudvalget", "Økonomiudvalget"]


def test_no_municipality_sees_no_committees(policy_officer: User) -> None:
    make_committee(actor=policy_officer)

    assert list(committees_for_municipality(municipality_id=None)) == []


def test_agenda_items_are_the_municipalitys_own(
    policy_officer: User, other_policy_officer: User
) -> None:
    make_item(actor=policy_officer, committee=make_committee(actor=policy_officer))
    make_item(
        actor=other_policy_officer,
        committee=make_committee(actor=other_policy_officer),
        title="Furesøs sag",
    )

    titles = [
        i.title
        for i in agenda_items_for_municipality(municipality_id=policy_officer.municipality_id)
    ]

    assert titles == ["Drøftelse: Integrationspolitik 2018-2021"]


def test_the_committee_list_takes_one_query_however_many_committees(
    policy_officer: User,
) -> None:
    for n in range(5):
        make_committee(actor=policy_officer, name=f"Udvalg {n}")

    with CaptureQueriesContext(connection) as queries:
        found = list(committees_for_municipality(municipality_id=policy_officer.municipality_id))
        counts = [c.meeting_count for c in found]  # type: ignore[attr-defined]

    assert counts == [0] * 5
    assert len(queries) == 1


def test_a_meetings_agenda_is_read_in_one_query_with_its_items_and_decisions(
    policy_officer: User,
) -> None:
    committee = make_committee(actor=policy_officer)
    meeting = make_meeting(actor=policy_officer, committee=committee)
    for n in range(4):
        entry = make_item(
            actor=policy_officer, committee=committee, meeting=meeting, case_number=f"18/{n}"
        ).entries.get()
        if n % 2:
            services.decision_record(
                actor=policy_officer, entry=entry, outcome=Outcome.DISCUSSED, text="Drøftet."
            )

    with CaptureQueriesContext(connection) as queries:
        entries = meeting_agenda(meeting=meeting)
        shown = [
            (e.number, e.item.case_number, e.item.decision_authority.name, hasattr(e, "decision"))
            for e in entries
        ]

    assert [s[0] for s in shown] == [1, 2, 3, 4]
    assert [s[3] for s in shown] == [False, True, False, True]
    assert len(queries) == 1


def test_an_items_content_lists_decisions_in_meeting_order_in_two_queries(
    policy_officer: User,
) -> None:
    first = make_committee(actor=policy_officer, name="Udvalg for beskæftigelse og erhverv")
    second = make_committee(actor=policy_officer, name="Udvalg for skole og ungdomsuddannelse")
    later = make_meeting(actor=policy_officer, committee=first, on=date(2018, 9, 1))
    item = make_item(actor=policy_officer, committee=first, meeting=later)
    earlier = make_meeting(actor=policy_officer, committee=second, on=date(2018, 8, 14))
    entry = services.agenda_entry_create(actor=policy_officer, item=item, meeting=earlier)
    services.decision_record(
        actor=policy_officer, entry=entry, outcome="discussed", text="Drøftet."
    )

    with CaptureQueriesContext(connection) as queries:
        content = agenda_item_content(item=item)
        decided = [(e.meeting.committee.name, e.decision.text) for e in content.decided]
        undecided = [e.meeting.date for e in content.undecided]

    assert decided == [("Udvalg for skole og ungdomsuddannelse", "Drøftet.")]
    assert undecided == [date(2018, 9, 1)]
    assert len(queries) == 2


def test_upcoming_milestones_start_today_and_keep_a_planned_month_until_it_ends(
    policy_officer: User, other_policy_officer: User
) -> None:
    version = make_policy(actor=policy_officer)
    make_milestone(actor=policy_officer, version=version, on=date(2026, 12, 1))  # past
    today = make_milestone(actor=policy_officer, version=version, on=date(2026, 12, 2))
    month = services.milestone_save(
        actor=policy_officer,
        milestone=Milestone(
            policy=version.policy,
            kind=MilestoneKind.ADOPTION,
            date=date(2026, 12, 1),
            precision=DatePrecision.MONTH,
        ),
    )
    later = make_milestone(
        actor=policy_officer, version=version, kind=MilestoneKind.FOLLOW_UP, on=date(2027, 6, 1)
    )
    make_milestone(
        actor=other_policy_officer,
        version=make_policy(actor=other_policy_officer),
        on=date(2027, 1, 1),
    )

    found = milestones_upcoming(
        municipality_id=policy_officer.municipality_id, today=date(2026, 12, 2)
    )

    assert [m.pk for m in found] == [month.pk, today.pk, later.pk]
    assert {m.policy_title for m in found} == {"Integrationspolitik"}  # type: ignore[attr-defined]


def test_upcoming_milestones_stop_at_the_limit(policy_officer: User) -> None:
    version = make_policy(actor=policy_officer)
    for day in range(1, 6):
        make_milestone(actor=policy_officer, version=version, on=date(2030, 1, day))

    found = milestones_upcoming(
        municipality_id=policy_officer.municipality_id, today=date(2029, 1, 1), limit=3
    )

    assert [m.date.day for m in found] == [1, 2, 3]


def test_access_helpers_answer_404_for_another_municipalitys_objects(
    policy_officer: User, other_policy_officer: User
) -> None:
    from django.http import Http404

    committee = make_committee(actor=other_policy_officer)
    item = make_item(actor=other_policy_officer, committee=committee)

    with pytest.raises(Http404):
        access_committee_by_id(user=policy_officer, committee_id=committee.id)
    with pytest.raises(Http404):
        access_item_by_id(user=policy_officer, item_id=item.id)
    assert access_item_by_id(user=other_policy_officer, item_id=item.id) == item
