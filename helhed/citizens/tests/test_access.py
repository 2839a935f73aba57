# SPDX-License-Identifier: MPL-2.0
"""The access chokepoint: a caseworker sees the persons with an open assignment to one of
their departments, nobody else sees anyone, and every read is audited once."""

import uuid
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from helhed.audit.models import Action, AuditEvent
from helhed.citizens.access import access_person_by_id, can_see_person, persons_visible_to
from helhed.citizens.models import CaseAssignment, Person
from helhed.citizens.tests.factories import register
from helhed.organisations.models import Department, Municipality, Role, User
from helhed.organisations.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(caseworker: User) -> Person:
    """A person in the Jobcenter's caseload."""
    return register(caseworker, cpr="150385-1234")


def visible(user: User) -> list[Person]:
    return list(persons_visible_to(user))


# --- persons_visible_to -------------------------------------------------------------------


def test_a_caseworker_sees_the_persons_with_an_open_assignment_to_their_department(
    caseworker: User, person: Person
) -> None:
    assert visible(caseworker) == [person]


def test_a_caseworker_sees_persons_registered_by_a_colleague_of_the_department(
    caseworker: User, jobcenter: Department, own_municipality: Municipality
) -> None:
    colleague = make_user(
        municipality=own_municipality,
        roles=[Role.CASEWORKER],
        username="kollega",
        departments=[jobcenter],
    )
    theirs = register(colleague)

    assert visible(caseworker) == [theirs]


def test_a_caseworker_does_not_see_another_departments_persons(
    other_department_caseworker: User, school_caseworker: User, person: Person
) -> None:
    assert visible(other_department_caseworker) == []
    assert visible(school_caseworker) == []


def test_a_caseworker_does_not_see_a_person_whose_assignment_ended_yesterday(
    caseworker: User, person: Person
) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    CaseAssignment.objects.filter(person=person).update(ended_on=yesterday)

    assert visible(caseworker) == []


def test_a_caseworker_still_sees_a_person_whose_assignment_ends_today(
    caseworker: User, person: Person
) -> None:
    CaseAssignment.objects.filter(person=person).update(ended_on=timezone.localdate())

    assert visible(caseworker) == [person]


def test_an_ended_assignment_here_and_an_open_one_elsewhere_do_not_make_a_person_visible(
    caseworker: User, other_department_caseworker: User, person: Person, forvaltningen: Department
) -> None:
    # The open assignment and the caseworker's department must be the same assignment.
    CaseAssignment.objects.filter(person=person).update(ended_on=date(2024, 6, 30))
    CaseAssignment.objects.create(
        person=person, department=forvaltningen, started_on=date(2024, 7, 1)
    )

    assert visible(caseworker) == []
    assert visible(other_department_caseworker) == [person]


def test_a_person_assigned_to_two_of_the_caseworkers_departments_is_listed_once(
    own_municipality: Municipality,
    jobcenter: Department,
    forvaltningen: Department,
    person: Person,
) -> None:
    both = make_user(
        municipality=own_municipality,
        roles=[Role.CASEWORKER],
        username="begge",
        departments=[jobcenter, forvaltningen],
    )
    CaseAssignment.objects.create(
        person=person, department=forvaltningen, started_on=date(2024, 7, 1)
    )

    assert visible(both) == [person]


def test_a_caseworker_does_not_see_another_municipalitys_persons(
    caseworker: User, other_caseworker: User, person: Person
) -> None:
    theirs = register(other_caseworker, cpr="150385-1234")

    assert visible(other_caseworker) == [theirs]
    assert visible(caseworker) == [person]


def test_a_caseworker_wrongly_put_in_another_municipalitys_department_sees_none_of_its_persons(
    caseworker: User, other_caseworker: User, other_municipality: Municipality
) -> None:
    # The services refuse such a membership; the tenant scope holds even if the data is wrong.
    theirs = register(other_caseworker, cpr="150385-1234")
    caseworker.departments.add(other_municipality.departments.get(name="Jobcenter"))

    assert visible(caseworker) == []
    assert can_see_person(caseworker, theirs) is False


@pytest.mark.parametrize(
    "persona",
    [
        "policy_officer",
        "manager",
        "politician",
        "administrator",
        "superuser",
        "jobcenter_policy_officer",
    ],
)
def test_other_roles_see_no_persons(
    request: pytest.FixtureRequest, persona: str, person: Person
) -> None:
    user = request.getfixturevalue(persona)

    assert visible(user) == []
    assert can_see_person(user, person) is False


# --- access_person_by_id ------------------------------------------------------------------


def read(user: User, person_id: uuid.UUID) -> Person:
    with transaction.atomic():
        return access_person_by_id(user=user, person_id=person_id, purpose="Sagsbehandling")


def test_reading_a_visible_person_writes_one_read_event(
    caseworker: User, person: Person, own_municipality: Municipality
) -> None:
    before = AuditEvent.objects.count()

    found = read(caseworker, person.id)

    assert found == person
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("occurred_at")
    assert event.action == Action.READ
    assert event.person_id == person.id
    assert event.user == caseworker
    assert event.municipality == own_municipality
    assert event.purpose == "Sagsbehandling"


def test_every_read_writes_its_own_event(caseworker: User, person: Person) -> None:
    before = AuditEvent.objects.filter(action=Action.READ).count()

    read(caseworker, person.id)
    read(caseworker, person.id)
    read(caseworker, person.id)

    assert AuditEvent.objects.filter(action=Action.READ).count() == before + 3


@pytest.mark.parametrize(
    "persona", ["other_department_caseworker", "other_caseworker", "policy_officer", "manager"]
)
def test_a_person_out_of_sight_is_not_found_and_no_event_is_written(
    request: pytest.FixtureRequest, persona: str, person: Person
) -> None:
    user = request.getfixturevalue(persona)
    before = AuditEvent.objects.count()

    with pytest.raises(Http404):
        read(user, person.id)

    assert AuditEvent.objects.count() == before


def test_a_person_whose_assignment_ended_yesterday_is_not_found(
    caseworker: User, person: Person
) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    CaseAssignment.objects.filter(person=person).update(ended_on=yesterday)
    before = AuditEvent.objects.count()

    with pytest.raises(Http404):
        read(caseworker, person.id)

    assert AuditEvent.objects.count() == before


def test_a_person_that_does_not_exist_is_not_found_and_no_event_is_written(
    caseworker: User,
) -> None:
    with pytest.raises(Http404):
        read(caseworker, uuid.uuid4())

    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("which", ["visible", "missing"])
def test_reading_outside_a_transaction_is_refused_and_writes_nothing(
    caseworker: User, person: Person, which: str
) -> None:
    # Refused whether or not the person would be found: the misuse is the caller's.
    person_id = person.id if which == "visible" else uuid.uuid4()
    before = AuditEvent.objects.count()
    assert not transaction.get_connection().in_atomic_block

    with pytest.raises(RuntimeError):
        access_person_by_id(user=caseworker, person_id=person_id, purpose="Sagsbehandling")

    assert AuditEvent.objects.count() == before


# --- can_see_person -----------------------------------------------------------------------


def test_can_see_person_agrees_with_the_caseload(
    caseworker: User, other_department_caseworker: User, person: Person
) -> None:
    assert can_see_person(caseworker, person) is True
    assert can_see_person(other_department_caseworker, person) is False


def test_postgresql_tests_the_caseload_row_by_row_so_a_page_stops_at_its_rows(
    caseworker: User, person: Person
) -> None:
    # The planner would otherwise turn the case test into a join over every case of the
    # departments and sort the lot before the page's LIMIT (ProbedExists).
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner only: SQLite tests an EXISTS row by row anyway")
    page = persons_visible_to(caseworker).order_by("last_name", "first_name", "id")[:51]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "SubPlan" in plan
    assert list(page) == [person]
