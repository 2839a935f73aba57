# SPDX-License-Identifier: MPL-2.0
"""The deletion job: what is past retention goes, what is inside it or held stays, and a
dry run deletes nothing."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helhed.audit.models import AuditEvent, SecurityEvent, SecurityEventKind
from helhed.caseplans.models import RuleFlag
from helhed.citizens.models import Arrival, CaseAssignment, Household, Person
from helhed.citizens.services import household_relation_add
from helhed.citizens.tests.factories import registry_counts
from helhed.organisations.models import Municipality, User
from helhed.retention.models import RetentionPeriods, RetentionRun
from helhed.retention.services import archival_hold_place, archival_hold_release, retention_run
from helhed.retention.tests.conftest import TODAY, events_at, person_with_case_ended

LONG_AGO = date(2021, 12, 1)  # five years and a day before TODAY
RECENTLY = date(2021, 12, 3)  # a day less than five years before TODAY


def _run(**options: object) -> None:
    retention_run(today=TODAY, **options)  # type: ignore[arg-type]


def test_a_person_whose_case_ended_more_than_five_years_ago_is_deleted_with_their_facts(
    caseworker: User,
) -> None:
    person = person_with_case_ended(caseworker, LONG_AGO)

    _run()

    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Arrival.objects.filter(person_id=person.pk).exists()
    assert not CaseAssignment.objects.filter(person_id=person.pk).exists()
    assert not RuleFlag.objects.filter(person_id=person.pk).exists()


@pytest.mark.parametrize("ended_on", [RECENTLY, None], ids=["ended-recently", "still-open"])
def test_a_person_whose_case_ended_recently_or_is_open_is_kept(
    caseworker: User, ended_on: date | None
) -> None:
    person = person_with_case_ended(caseworker, ended_on)

    _run()

    assert Person.objects.filter(pk=person.pk).exists()


def test_a_person_with_one_ended_and_one_open_assignment_is_kept(caseworker: User) -> None:
    person = person_with_case_ended(caseworker, LONG_AGO)
    CaseAssignment.objects.create(
        person=person, department=caseworker.departments.get(), started_on=date(2022, 1, 1)
    )

    _run()

    assert Person.objects.filter(pk=person.pk).exists()


def test_a_person_without_any_case_assignment_is_kept(caseworker: User) -> None:
    person = person_with_case_ended(caseworker, LONG_AGO)
    CaseAssignment.objects.filter(person=person).delete()

    _run()

    assert Person.objects.filter(pk=person.pk).exists()


def test_audit_events_older_than_six_months_are_deleted_and_newer_ones_kept(
    caseworker: User,
) -> None:
    old = person_with_case_ended(caseworker, None)
    new = person_with_case_ended(caseworker, None)
    events_at(old, date(2026, 6, 1))  # before 2 June 2026
    events_at(new, date(2026, 6, 2))

    _run()

    assert not AuditEvent.objects.filter(person_id=old.pk).exists()
    assert AuditEvent.objects.filter(person_id=new.pk).exists()


def test_a_dry_run_deletes_nothing_and_counts_what_it_would(caseworker: User) -> None:
    due = person_with_case_ended(caseworker, LONG_AGO)
    person_with_case_ended(caseworker, RECENTLY)
    events_at(due, date(2026, 1, 1))
    before = registry_counts()

    (outcome,) = retention_run(today=TODAY, dry_run=True)

    assert registry_counts() == before
    assert (outcome.persons, outcome.audit_events, outcome.dry_run) == (1, 1, True)
    run = RetentionRun.objects.get()
    assert (run.dry_run, run.persons, run.audit_events) == (True, 1, 1)


def test_a_held_person_is_kept_and_deleted_once_the_hold_is_released(
    caseworker: User, administrator: User, own_municipality: Municipality
) -> None:
    held = person_with_case_ended(caseworker, LONG_AGO)
    hold = archival_hold_place(
        actor=administrator, municipality=own_municipality, person=held, reason="Bevares (B)"
    )

    (outcome,) = retention_run(today=TODAY)

    assert Person.objects.filter(pk=held.pk).exists()
    assert (outcome.persons, outcome.persons_held) == (0, 1)

    archival_hold_release(actor=administrator, hold=hold)
    retention_run(today=TODAY)

    assert not Person.objects.filter(pk=held.pk).exists()


def test_a_hold_on_the_whole_municipality_keeps_every_person(
    caseworker: User, administrator: User, own_municipality: Municipality
) -> None:
    people = [person_with_case_ended(caseworker, LONG_AGO) for _ in range(3)]
    archival_hold_place(
        actor=administrator, municipality=own_municipality, reason="Kassation ikke godkendt"
    )

    (outcome,) = retention_run(today=TODAY)

    assert Person.objects.filter(pk__in=[p.pk for p in people]).count() == 3
    assert (outcome.persons, outcome.persons_held) == (0, 3)


def test_a_held_person_keeps_the_relatives_their_records_point_to(
    caseworker: User, administrator: User, own_municipality: Municipality
) -> None:
    # born 1960 and 2005: the parent is older whatever order the tests run in
    parent = person_with_case_ended(caseworker, None, cpr="010160-1234")
    child = person_with_case_ended(caseworker, None, cpr="010105-4321")
    household_relation_add(actor=caseworker, person=parent, relative=child, kind="parent")
    CaseAssignment.objects.filter(person__in=[parent, child]).update(ended_on=LONG_AGO)
    archival_hold_place(
        actor=administrator, municipality=own_municipality, person=child, reason="Bevares"
    )

    retention_run(today=TODAY)

    assert Person.objects.filter(pk__in=[parent.pk, child.pk]).count() == 2


def test_a_household_left_without_members_is_deleted(
    caseworker: User, own_municipality: Municipality
) -> None:
    household = Household.objects.create(municipality=own_municipality, name="Haddad")
    person_with_case_ended(caseworker, LONG_AGO, household=household)
    kept = Household.objects.create(municipality=own_municipality, name="Ali")
    person_with_case_ended(caseworker, RECENTLY, household=kept)

    (outcome,) = retention_run(today=TODAY)

    assert not Household.objects.filter(pk=household.pk).exists()
    assert Household.objects.filter(pk=kept.pk).exists()
    assert outcome.households == 1


def test_a_municipality_s_own_periods_replace_the_defaults(
    caseworker: User, own_municipality: Municipality
) -> None:
    RetentionPeriods.objects.create(
        municipality=own_municipality, audit_event_months=12, ended_record_months=120
    )
    person = person_with_case_ended(caseworker, LONG_AGO)
    events_at(person, date(2026, 1, 1))

    _run()

    assert Person.objects.filter(pk=person.pk).exists()
    assert AuditEvent.objects.filter(person_id=person.pk).exists()


@override_settings(HELHED_RETENTION_AUDIT_EVENT_MONTHS=1, HELHED_RETENTION_ENDED_RECORD_MONTHS=6)
def test_the_settings_set_the_default_periods(caseworker: User) -> None:
    person = person_with_case_ended(caseworker, date(2026, 6, 1))
    events_at(person, date(2026, 10, 31))

    _run()

    assert not Person.objects.filter(pk=person.pk).exists()
    assert not AuditEvent.objects.filter(person_id=person.pk).exists()


def test_each_municipality_is_judged_by_its_own_records(
    caseworker: User, other_caseworker: User, other_municipality: Municipality
) -> None:
    RetentionPeriods.objects.create(municipality=other_municipality, ended_record_months=120)
    own = person_with_case_ended(caseworker, LONG_AGO)
    other = person_with_case_ended(other_caseworker, LONG_AGO)

    retention_run(today=TODAY, kommunekoder=["615"])

    assert not Person.objects.filter(pk=own.pk).exists()
    assert Person.objects.filter(pk=other.pk).exists()
    assert RetentionRun.objects.count() == 1


def _security_event(user: User | None, day: date) -> SecurityEvent:
    event = SecurityEvent.objects.create(
        kind=SecurityEventKind.LOGIN_FAILED,
        user=user,
        municipality_id=user.municipality_id if user else None,
        username=user.username if user else "ukendt",
    )
    moment = timezone.make_aware(datetime.combine(day, time(12)))
    SecurityEvent.objects.filter(pk=event.pk).update(occurred_at=moment)
    return event


@pytest.mark.parametrize("attributed", [True, False], ids=["municipal", "unknown-username"])
def test_security_events_keep_the_audit_events_period(caseworker: User, attributed: bool) -> None:
    user = caseworker if attributed else None
    old = _security_event(user, date(2026, 5, 1))  # more than six months before TODAY
    new = _security_event(user, TODAY - timedelta(days=30))

    _run()

    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [new.pk]
    assert old.pk != new.pk


def test_a_dry_run_keeps_security_events(caseworker: User) -> None:
    _security_event(caseworker, date(2020, 1, 1))

    _run(dry_run=True)

    assert SecurityEvent.objects.count() == 1


def test_the_audit_chains_head_is_taken_before_any_person_is_deleted(caseworker: User) -> None:
    # the order of every audited write (the head, the persons, the registry stamp), so
    # that a caseworker's write during the run cannot deadlock with it (ADR 0053)
    person_with_case_ended(caseworker, LONG_AGO)

    with CaptureQueriesContext(connection) as captured:
        _run()

    statements = [q["sql"] for q in captured]
    head = next(i for i, sql in enumerate(statements) if "audit_auditchainhead" in sql)
    deleted = next(
        i
        for i, sql in enumerate(statements)
        if sql.startswith("DELETE FROM") and "citizens_person" in sql
    )
    stamp = next(i for i, sql in enumerate(statements) if "indicators_registrystamp" in sql)
    assert head < deleted < stamp
