# SPDX-License-Identifier: MPL-2.0
"""The plan's selectors: the worklist's rows, its page limit and what counts as the user's
own case; a person's flags and their history."""

from datetime import date, timedelta

import pytest

from helhed.caseplans import selectors
from helhed.caseplans.catalogue import InterventionKind
from helhed.caseplans.models import Rule
from helhed.caseplans.selectors import flags_of_person, worklist_for_user
from helhed.caseplans.tests.conftest import TODAY, travel
from helhed.caseplans.tests.factories import make_intervention, make_partner
from helhed.citizens.access import persons_visible_to
from helhed.citizens.models import CaseAssignment, Person
from helhed.citizens.tests.factories import register
from helhed.organisations.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def persons_on(user: User, *, mine_only: bool) -> list[Person]:
    rows, _more = worklist_for_user(user=user, mine_only=mine_only)
    return [row.person for row in rows]


def test_each_row_holds_the_persons_open_flags_earliest_first(caseworker: User) -> None:
    person = register(caseworker)

    [row] = worklist_for_user(user=caseworker, mine_only=True)[0]

    assert row.person == person
    assert [f.rule for f in row.flags] == [Rule.COMPANY_OFFER, Rule.DANISH_REFERRAL]
    assert row.next_due == date(2024, 3, 31)


def test_a_person_whose_flags_are_all_resolved_leaves_the_worklist(caseworker: User) -> None:
    person = register(caseworker)
    make_intervention(
        caseworker,
        person=person,
        kind=InterventionKind.COMPANY_INTERNSHIP,
        partner=make_partner(caseworker),
    )
    make_intervention(caseworker, person=person, kind=InterventionKind.DANISH_COURSE)

    assert persons_on(caseworker, mine_only=True) == []


@pytest.mark.parametrize(("persons", "more"), [(2, False), (3, True)])
def test_the_worklist_stops_at_its_page_and_says_so(
    caseworker: User, monkeypatch: pytest.MonkeyPatch, persons: int, more: bool
) -> None:
    registered = [
        register(caseworker, arrived_on=date(2024, 3, 1) + timedelta(days=i))
        for i in range(persons)
    ]
    monkeypatch.setattr(selectors, "WORKLIST_PAGE", 2)

    rows, said_more = worklist_for_user(user=caseworker, mine_only=True)

    assert [row.person for row in rows] == registered[:2]
    assert said_more is more
    assert all(len(row.flags) == 2 for row in rows)


def test_a_case_whose_end_has_passed_leaves_both_worklists(caseworker: User) -> None:
    person = register(caseworker)
    CaseAssignment.objects.filter(person=person).update(ended_on=TODAY - timedelta(days=1))

    assert persons_on(caseworker, mine_only=True) == []
    assert persons_on(caseworker, mine_only=False) == []


def test_a_case_ending_today_is_still_in_the_departments_worklist(caseworker: User) -> None:
    person = register(caseworker)
    CaseAssignment.objects.filter(person=person).update(ended_on=TODAY)

    assert persons_visible_to(caseworker).filter(pk=person.pk).exists()
    assert persons_on(caseworker, mine_only=False) == [person]


def test_an_own_case_with_a_future_end_is_in_the_own_worklist(caseworker: User) -> None:
    # given the caseworker's own case, open until next week
    person = register(caseworker)
    CaseAssignment.objects.filter(person=person).update(ended_on=TODAY + timedelta(days=7))

    assert persons_visible_to(caseworker).filter(pk=person.pk).exists()
    assert persons_on(caseworker, mine_only=True) == [person]


def test_the_own_worklist_leaves_out_the_colleagues_cases(
    caseworker: User, colleague: User
) -> None:
    mine = register(caseworker)
    theirs = register(colleague)

    assert persons_on(caseworker, mine_only=True) == [mine]
    assert set(persons_on(caseworker, mine_only=False)) == {mine, theirs}


def test_the_worklist_is_empty_for_other_departments_and_roles(
    caseworker: User, school_caseworker: User, other_caseworker: User, manager: User
) -> None:
    register(caseworker)

    for user in (school_caseworker, other_caseworker, manager):
        assert persons_on(user, mine_only=False) == []


def test_a_persons_flag_history_is_newest_first(caseworker: User) -> None:
    person = register(caseworker)
    with travel(date(2024, 5, 2)):
        make_intervention(caseworker, person=person, kind=InterventionKind.DANISH_COURSE)
    with travel(date(2024, 5, 3)):
        make_intervention(
            caseworker,
            person=person,
            kind=InterventionKind.COMPANY_INTERNSHIP,
            partner=make_partner(caseworker),
        )

    open_flags, resolved = flags_of_person(person=person)

    assert open_flags == []
    assert [f.rule for f in resolved] == [Rule.COMPANY_OFFER, Rule.DANISH_REFERRAL]
