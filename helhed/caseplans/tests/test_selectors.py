# SPDX-License-Identifier: MPL-2.0
"""The plan's selectors: the worklist's rows, its page limit and what counts as the user's
own case; a person's flags and their history."""

import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from helhed.caseplans import selectors
from helhed.caseplans.catalogue import InterventionKind
from helhed.caseplans.models import Rule, RuleFlag
from helhed.caseplans.selectors import WorklistRow, flags_of_person, worklist_for_user
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


# --- paging by keyset over (earliest open deadline, person id) --------------------------------


def expected_order(persons: list[Person]) -> list[Person]:
    """The worklist's order: earliest open deadline, then person id (ties)."""

    def key(person: Person) -> tuple[date, str]:
        due = min(f.due_on for f in RuleFlag.objects.filter(person=person, resolved_at=None))
        return due, str(person.pk)

    return sorted(persons, key=key)


def walk(user: User, *, mine_only: bool = True) -> list[list[WorklistRow]]:
    """Every page, following the last person of each page as the next cursor."""
    pages = []
    after = None
    while True:
        rows, more = worklist_for_user(user=user, mine_only=mine_only, after=after)
        pages.append(rows)
        if not more:
            return pages
        after = rows[-1].person.pk
        assert len(pages) < 10


def test_more_than_a_hundred_persons_page_by_50_without_gaps_or_repeats(caseworker: User) -> None:
    # given 120 persons with two open flags each, arrived on four days: 30 share each deadline
    registered = [
        register(caseworker, arrived_on=date(2024, 3, 1) + timedelta(days=i % 4))
        for i in range(120)
    ]

    pages = walk(caseworker)

    assert [len(page) for page in pages] == [50, 50, 20]
    shown = [row.person for page in pages for row in page]
    assert shown == expected_order(registered)
    assert all(len(row.flags) == 2 for page in pages for row in page)
    # ties on a deadline cross the page boundaries (30 per day), in person id order
    assert pages[0][-1].next_due == pages[1][0].next_due


def test_exactly_fifty_persons_are_one_page(caseworker: User) -> None:
    for _ in range(50):
        register(caseworker)

    rows, more = worklist_for_user(user=caseworker, mine_only=True)

    assert (len(rows), more) == (50, False)


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "WORKLIST_PAGE", 2)


@pytest.mark.usefixtures("small_pages")
def test_a_person_with_a_later_flag_is_not_shown_again_on_a_later_page(caseworker: User) -> None:
    # given a person whose company-offer deadline is early and whose other flag is late
    early = register(caseworker, arrived_on=date(2024, 2, 1))
    others = [register(caseworker, arrived_on=date(2024, 3, 1)) for _ in range(3)]
    late_flag = RuleFlag.objects.filter(person=early, resolved_at=None).order_by("due_on").last()
    assert late_flag is not None
    RuleFlag.objects.filter(pk=late_flag.pk).update(due_on=date(2024, 12, 1))

    pages = walk(caseworker)

    shown = [row.person for page in pages for row in page]
    assert shown == [early, *expected_order(others)]
    assert len(shown) == len(set(shown))
    assert [f.due_on for f in pages[0][0].flags][-1] == date(2024, 12, 1)


@pytest.mark.usefixtures("small_pages")
def test_a_person_leaving_the_caseload_between_pages_is_skipped_and_nobody_else(
    caseworker: User,
) -> None:
    registered = expected_order([register(caseworker) for _ in range(5)])
    first, _more = worklist_for_user(user=caseworker, mine_only=True)
    # when the first person of the next page leaves the caseload
    CaseAssignment.objects.filter(person=registered[2]).update(ended_on=TODAY - timedelta(days=1))

    second, more = worklist_for_user(user=caseworker, mine_only=True, after=first[-1].person.pk)

    assert [row.person for row in second] == registered[3:5]
    assert more is False


@pytest.mark.usefixtures("small_pages")
def test_a_cursor_that_left_the_caseload_gives_the_first_page(caseworker: User) -> None:
    registered = expected_order([register(caseworker) for _ in range(5)])
    CaseAssignment.objects.filter(person=registered[1]).update(ended_on=TODAY - timedelta(days=1))

    rows, more = worklist_for_user(user=caseworker, mine_only=True, after=registered[1].pk)

    assert [row.person for row in rows] == [registered[0], registered[2]]
    assert more is True


@pytest.mark.usefixtures("small_pages")
def test_a_cursor_without_open_flags_gives_the_first_page(caseworker: User) -> None:
    registered = expected_order([register(caseworker) for _ in range(4)])
    RuleFlag.objects.filter(person=registered[1]).update(resolved_at=timezone.now())
    rest = [registered[0], *registered[2:]]

    rows, _more = worklist_for_user(user=caseworker, mine_only=True, after=registered[1].pk)

    assert [row.person for row in rows] == rest[:2]


@pytest.mark.usefixtures("small_pages")
def test_a_hidden_or_unknown_cursor_gives_the_first_page_and_reveals_nothing(
    caseworker: User, colleague: User, other_department_caseworker: User, other_caseworker: User
) -> None:
    # given hidden persons whose deadlines fall in the middle of the caseworker's
    mine = expected_order(
        [register(caseworker, arrived_on=date(2024, 3, 1) + timedelta(days=i)) for i in range(4)]
    )
    other_department = register(other_department_caseworker, arrived_on=date(2024, 3, 2))
    other_municipality = register(other_caseworker, arrived_on=date(2024, 3, 2))
    colleagues = register(colleague, arrived_on=date(2024, 3, 2))
    first_page = [row.person for row in worklist_for_user(user=caseworker, mine_only=True)[0]]
    assert first_page == mine[:2]

    for cursor in (other_department.pk, other_municipality.pk, colleagues.pk, uuid.uuid4()):
        rows, more = worklist_for_user(user=caseworker, mine_only=True, after=cursor)
        assert ([row.person for row in rows], more) == (first_page, True)

    # the colleague's person is a cursor of the departments' worklist, not of the own one
    departments, _more = worklist_for_user(user=caseworker, mine_only=False, after=colleagues.pk)
    assert colleagues not in [row.person for row in departments]
    order = expected_order([*mine, colleagues])
    start = order.index(colleagues) + 1
    assert [row.person for row in departments] == order[start : start + 2]
