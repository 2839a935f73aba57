# SPDX-License-Identifier: MPL-2.0
"""The registry stamp (docs/adr/0053-registry-stamp.md): raised in the write's transaction
whenever a municipality's indicator facts changed or its interventions may have, by the
full recompute and rebuild and by retention's deletions, and read by the cached report
pages as one row by key, never by counting the registry."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from helhed.caseplans.models import Intervention
from helhed.caseplans.tests.factories import make_intervention
from helhed.citizens import services as citizens
from helhed.citizens.changes import municipalities_lost_rows, persons_changed
from helhed.citizens.models import Arrival, CaseAssignment, Person, SpellKind, StatusSpell
from helhed.citizens.tests.factories import register
from helhed.indicators.maintenance import (
    indicators_reaggregate,
    indicators_recompute,
    registry_stamps_raise,
)
from helhed.indicators.models import IndicatorFact, RegistryStamp
from helhed.indicators.reports.data_stamps import dashboard_stamps, follow_up_stamps
from helhed.organisations.models import Municipality, User
from helhed.retention.services import retention_run
from helhed.retention.tests.conftest import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

LONG_AGO = date(2021, 12, 1)  # five years and a day before retention's TODAY


def fact_ids(person: Person) -> set[int]:
    return set(IndicatorFact.objects.filter(person_id=person.id).values_list("id", flat=True))


def changes(municipality: Municipality) -> int:
    stamp = RegistryStamp.objects.filter(municipality=municipality).first()
    return stamp.changes if stamp else 0


def test_a_registry_write_that_changes_facts_raises_its_municipality_only(
    caseworker: User, own_municipality: Municipality, other_municipality: Municipality
) -> None:
    person = register(caseworker, arrived_on=date(2024, 6, 1))
    before, other = changes(own_municipality), changes(other_municipality)
    facts = fact_ids(person)

    citizens.status_spell_add(
        actor=caseworker, person=person, kind=SpellKind.JOB, starts_on=date(2024, 9, 1)
    )

    assert fact_ids(person) != facts
    assert changes(own_municipality) == before + 1
    assert changes(other_municipality) == other


def test_a_change_of_spells_alone_that_changes_facts_raises_it(
    caseworker: User, own_municipality: Municipality
) -> None:
    person = register(caseworker, arrived_on=date(2024, 6, 1))
    facts = fact_ids(person)
    before = changes(own_municipality)
    StatusSpell.objects.create(
        person=person,
        kind=SpellKind.JOB,
        starts_on=date(2024, 9, 1),
    )

    persons_changed([person.id], frozenset({"spells"}))

    assert fact_ids(person) != facts
    assert changes(own_municipality) == before + 1


def test_a_change_of_spells_alone_that_changes_no_fact_leaves_it(
    caseworker: User, own_municipality: Municipality
) -> None:
    person = register(caseworker)
    before = changes(own_municipality)

    persons_changed([person.id], frozenset({"spells"}))  # nothing of them changed

    assert changes(own_municipality) == before


def test_a_possible_change_of_interventions_raises_it_though_no_fact_changed(
    caseworker: User, own_municipality: Municipality
) -> None:
    # an initiative's progress counts the interventions themselves
    person = register(caseworker)
    facts = fact_ids(person)
    before = changes(own_municipality)

    persons_changed([person.id], frozenset({"interventions"}))
    assert changes(own_municipality) == before + 1
    persons_changed([person.id])  # anything may have changed
    assert changes(own_municipality) == before + 2

    # no fact was changed by either
    assert fact_ids(person) == facts


def test_an_intervention_through_the_plans_service_raises_it(
    caseworker: User, own_municipality: Municipality
) -> None:
    person = register(caseworker)
    before = changes(own_municipality)

    make_intervention(caseworker, person=person)

    assert changes(own_municipality) == before + 1


def test_a_person_who_moves_raises_both_municipalities(
    caseworker: User, own_municipality: Municipality, other_municipality: Municipality
) -> None:
    person = register(caseworker)
    assert IndicatorFact.objects.filter(person_id=person.id).exists()
    own, other = changes(own_municipality), changes(other_municipality)

    Person.objects.filter(pk=person.pk).update(municipality=other_municipality)
    persons_changed([person.id], frozenset({"arrivals"}))

    assert set(
        IndicatorFact.objects.filter(person_id=person.id).values_list("municipality", flat=True)
    ) == {other_municipality.id}
    assert (changes(own_municipality), changes(other_municipality)) == (own + 1, other + 1)


def test_the_full_recompute_and_the_rebuild_raise_it(
    caseworker: User, own_municipality: Municipality, other_municipality: Municipality
) -> None:
    register(caseworker)
    own, other = changes(own_municipality), changes(other_municipality)

    indicators_recompute(municipality=own_municipality)
    assert (changes(own_municipality), changes(other_municipality)) == (own + 1, other)

    indicators_reaggregate()  # every municipality's aggregates made again
    assert (changes(own_municipality), changes(other_municipality)) == (own + 2, other + 1)


def test_retention_raises_it_for_a_deleted_person_without_facts(
    caseworker: User, own_municipality: Municipality
) -> None:
    # no facts, so only the deletion can tell of the intervention that goes with them
    person = register(caseworker)
    make_intervention(caseworker, person=person)
    # the arrival deleted through the upkeep: the person contributes nothing any more
    Arrival.objects.filter(person=person).delete()
    persons_changed([person.id])
    CaseAssignment.objects.filter(person=person).update(ended_on=LONG_AGO)
    assert not IndicatorFact.objects.filter(person_id=person.id).exists()
    assert Intervention.objects.filter(person=person).exists()
    before = changes(own_municipality)

    retention_run(today=TODAY)

    assert not Person.objects.filter(pk=person.pk).exists()
    assert changes(own_municipality) == before + 1


def test_a_deletion_told_raises_the_municipalities_named(
    own_municipality: Municipality, other_municipality: Municipality
) -> None:
    own, other = changes(own_municipality), changes(other_municipality)

    municipalities_lost_rows([other_municipality.id])
    assert (changes(own_municipality), changes(other_municipality)) == (own, other + 1)

    registry_stamps_raise([other_municipality.id, other_municipality.id])  # once each
    assert (changes(own_municipality), changes(other_municipality)) == (own, other + 2)


def test_a_raise_rolled_back_with_its_write_is_undone(
    caseworker: User, own_municipality: Municipality
) -> None:
    person = register(caseworker)
    before = changes(own_municipality)

    seen = []

    def failing_write() -> None:
        with transaction.atomic():
            persons_changed([person.id])
            seen.append(changes(own_municipality))
            raise RuntimeError("the write failed after its upkeep")

    with pytest.raises(RuntimeError):
        failing_write()

    assert seen == [before + 1]
    assert changes(own_municipality) == before


def test_the_pages_stamps_follow_it_and_never_count_the_registry(
    caseworker: User, own_municipality: Municipality, policy_officer: User
) -> None:
    from helhed.indicators.tests.follow_up_world import build_follow_up_world

    world = build_follow_up_world(officer=policy_officer, caseworker=caseworker)
    dashboard, follow_up = (
        dashboard_stamps(municipality_id=own_municipality.id),
        follow_up_stamps(version=world.version),
    )
    with CaptureQueriesContext(connection) as captured:
        assert dashboard_stamps(municipality_id=own_municipality.id) == dashboard
        assert follow_up_stamps(version=world.version) == follow_up
    # one row by key: the cost does not grow with the registry
    read = " ".join(q["sql"] for q in captured)
    assert "indicators_registrystamp" in read
    for table in (
        "indicators_indicatorfact",
        "indicators_indicatorvalue",
        "caseplans_intervention",
    ):
        assert table not in read

    registry_stamps_raise([own_municipality.id])

    after_dashboard = dashboard_stamps(municipality_id=own_municipality.id)
    after_follow_up = follow_up_stamps(version=world.version)
    assert after_dashboard.page != dashboard.page
    assert after_follow_up.page != follow_up.page
    # the policy's parts kept apart are not the registry's (ADR 0046)
    assert (after_dashboard.policy, after_follow_up.plan) == (dashboard.policy, follow_up.plan)
