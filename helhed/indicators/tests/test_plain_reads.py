# SPDX-License-Identifier: MPL-2.0
"""The upkeep's plain reads give the rows the ORM gives: the same values of the same
types (UUIDs, dates, booleans, None), batched over any number of ids."""

import uuid
from datetime import date
from typing import Any

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from helhed.caseplans.catalogue import InterventionKind, PartnerKind
from helhed.caseplans.flags import facts_of
from helhed.caseplans.models import Intervention
from helhed.caseplans.tests.factories import make_intervention, make_partner
from helhed.citizens import services as registry
from helhed.citizens.household_services import household_member_add
from helhed.citizens.models import (
    Arrival,
    HouseholdRelation,
    Person,
    SpellKind,
    StatusSpell,
)
from helhed.citizens.shared_reads import reads_shared, shared_rows
from helhed.citizens.tests.factories import next_child_cpr, register
from helhed.core.lookups import batch_size
from helhed.core.plain_reads import rows_by
from helhed.indicators.maintenance import indicators_recompute
from helhed.indicators.models import IndicatorFact
from helhed.indicators.registry_facts import person_facts, with_household_members
from helhed.indicators.tests.test_maintenance import _cpr_of
from helhed.organisations.models import Municipality, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def orm(model: type[models.Model], columns: tuple[str, ...], by: str, values: Any) -> list[Any]:
    lookup = {f"{by}__in": list(values)}
    return sorted(model._default_manager.filter(**lookup).values_list(*columns), key=repr)


def plain(model: type[models.Model], columns: tuple[str, ...], by: str, values: Any) -> list[Any]:
    return sorted(rows_by(model, columns, by=by, values=values), key=repr)


@pytest.fixture
def family(caseworker: User, own_municipality: Municipality) -> tuple[Person, Person]:
    mother = register(caseworker, arrived_on=date(2024, 3, 1))
    child = register(caseworker, cpr=next_child_cpr(), arrived_on=date(2024, 3, 1))
    household_member_add(actor=caseworker, person=mother, cpr=_cpr_of(child), relation="child")
    registry.status_spell_add(
        actor=caseworker,
        person=mother,
        kind=SpellKind.BENEFIT,
        starts_on=date(2024, 3, 1),
        ends_on=date(2025, 5, 31),
        benefit_name="Selvforsørgelsesydelse",
    )
    registry.status_spell_add(
        actor=caseworker, person=mother, kind=SpellKind.JOB, starts_on=date(2025, 6, 1)
    )
    mother.refresh_from_db()
    make_intervention(caseworker, person=mother, starts_on=date(2024, 4, 1))
    make_intervention(
        caseworker,
        household=mother.household,
        kind=InterventionKind.VOLUNTEER_MENTOR,
        partner=make_partner(caseworker, kind=PartnerKind.VOLUNTEER, name="Ida"),
        starts_on=date(2024, 5, 1),
    )
    indicators_recompute(municipality=own_municipality)
    return mother, child


def test_the_rows_and_their_types_are_the_orms(family: tuple[Person, Person]) -> None:
    mother, child = family
    ids = [mother.id, child.id]
    reads: list[tuple[type[models.Model], tuple[str, ...], str, Any]] = [
        (Person, ("id", "municipality", "birth_date", "household", "education_level"), "id", ids),
        (Arrival, ("person", "arrived_on", "source", "in_target_group"), "person", ids),
        (StatusSpell, ("person", "kind", "starts_on", "ends_on"), "person", ids),
        (HouseholdRelation, ("person", "relative", "kind"), "person", ids),
        (Intervention, ("id", "person", "household", "starts_on", "ends_on"), "person", ids),
        (Intervention, ("id", "person", "household", "kind"), "household", [mother.household_id]),
        (
            IndicatorFact,
            ("id", "municipality", "person_id", "first_month", "last_month", "in_numerator"),
            "person_id",
            ids,
        ),
    ]
    for model, columns, by, values in reads:
        expected = orm(model, columns, by, values)
        assert expected, f"the family has {model.__name__} rows"
        found = plain(model, columns, by, values)
        assert found == expected, model.__name__
        assert [tuple(map(type, row)) for row in found] == [
            tuple(map(type, row)) for row in expected
        ], model.__name__
    # a value of each kind that needs converting is there to be converted
    facts = plain(IndicatorFact, ("in_numerator", "last_month"), "person_id", ids)
    assert {type(v) for v, _last in facts} == {bool}
    assert None in {last for _n, last in facts}
    assert any(isinstance(last, date) for _n, last in facts)


def test_any_number_of_ids_is_read_in_batches(family: tuple[Person, Person]) -> None:
    mother, child = family
    batch = batch_size()
    unknown = [uuid.uuid4() for _ in range(2 * batch + 7)]
    values = [*unknown[:batch], mother.id, *unknown[batch:], child.id, mother.id]
    with CaptureQueriesContext(connection) as queries:
        found = plain(StatusSpell, ("person", "starts_on"), "person", values)
    assert len(queries) == 3  # the ids in three batches, the two persons in two of them
    assert found == orm(StatusSpell, ("person", "starts_on"), "person", [mother.id, child.id])
    assert len(found) == 2


def test_no_ids_read_nothing() -> None:
    assert list(rows_by(Person, ("id",), by="id", values=[])) == []


def test_the_key_comes_back_as_a_uuid_however_it_was_asked(family: tuple[Person, Person]) -> None:
    mother, child = family
    asked = [mother.id, child.id.hex, None]  # a UUID, its hex digits, nothing
    found = plain(Person, ("id", "household", "municipality"), "id", asked)
    assert found == orm(Person, ("id", "household", "municipality"), "id", [mother.id, child.id])
    assert {type(v) for row in found for v in row} == {uuid.UUID}
    # the household and the municipality both rows share
    assert found[0][1] == found[1][1]
    assert found[0][2] == found[1][2]


def _sorted_fields(value: Any) -> dict[str, Any]:
    """A dataclass's fields, each tuple sorted: the facts do not depend on row order."""
    return {
        name: tuple(sorted(field, key=repr)) if isinstance(field, tuple) else field
        for name, field in vars(value).items()
    }


# the reads the rule flags and the indicators share (helhed/citizens/shared_reads.py)
SHARED_TABLES = (
    '"citizens_person"',
    '"citizens_arrival"',
    '"citizens_danisheducation"',
    '"citizens_statusspell"',
    '"citizens_programmeenrolment"',
    '"caseplans_intervention"',
)


def _tables_read(queries: CaptureQueriesContext) -> set[str]:
    return {t for q in queries.captured_queries for t in SHARED_TABLES if t in q["sql"]}


def test_the_flags_and_the_indicators_read_the_facts_once_in_a_shared_block(
    family: tuple[Person, Person],
) -> None:
    mother, child = family
    ids = [mother.id, child.id]
    flags_alone = {p: _sorted_fields(f) for p, f in facts_of(ids).items()}
    indicators_alone = {p: _sorted_fields(f) for p, f in person_facts(ids).items()}
    assert any(f["interventions"] for f in flags_alone.values())
    assert len(indicators_alone[child.id]["interventions"]) == 1  # the household's

    with reads_shared():
        with CaptureQueriesContext(connection) as first:
            flags = {p: _sorted_fields(f) for p, f in facts_of(ids).items()}
        with CaptureQueriesContext(connection) as second:
            indicators = {p: _sorted_fields(f) for p, f in person_facts(ids).items()}
            members = with_household_members([mother.id])

    assert flags == flags_alone
    assert indicators == indicators_alone
    assert set(members) == {mother.id, child.id}
    assert _tables_read(first) == set(SHARED_TABLES)
    # the indicators' reads of the persons' rows and facts came from the flags' reads;
    # only the household's members (by household) are read again
    assert _tables_read(second) == {'"citizens_person"'}
    person_reads = [q["sql"] for q in second.captured_queries if '"citizens_person"' in q["sql"]]
    assert len(person_reads) == 1
    # by household: "household_id" IN (...) on SQLite, = ANY(%s) on PostgreSQL
    assert person_reads[0].split(" WHERE ", 1)[1].startswith('"household_id"')


def test_a_shared_read_skips_no_key_and_ends_with_its_block(
    family: tuple[Person, Person],
) -> None:
    mother, _child = family
    columns = ("id", "person", "household", "kind")
    keys = [mother.household_id, None, mother.household_id]
    expected = orm(Intervention, columns, "household", [mother.household_id])
    assert len(expected) == 1
    with reads_shared():
        found = sorted(shared_rows(Intervention, columns, by="household", values=keys), key=repr)
        Intervention.objects.filter(household=mother.household).delete()
        kept = sorted(shared_rows(Intervention, columns, by="household", values=keys), key=repr)
    assert found == kept == expected  # the same rows once, kept for the block
    assert list(shared_rows(Intervention, columns, by="household", values=keys)) == []


def test_a_shared_read_takes_a_uuid_key_as_its_hex_digits_too(
    family: tuple[Person, Person],
) -> None:
    mother, child = family
    columns = ("id", "household", "birth_date")
    asked = [mother.id, child.id.hex, str(child.id)]
    expected = plain(Person, columns, "id", [mother.id, child.id])
    with reads_shared():
        found = sorted(shared_rows(Person, columns, by="id", values=asked), key=repr)
        with CaptureQueriesContext(connection) as again:
            kept = sorted(shared_rows(Person, columns, by="id", values=[child.id]), key=repr)
    assert found == expected
    assert kept == [row for row in expected if row[0] == child.id]
    assert len(again) == 0


def test_a_shared_read_is_filed_by_one_of_its_columns(family: tuple[Person, Person]) -> None:
    mother, _child = family
    with pytest.raises(ValueError, match="one of its columns"):
        list(shared_rows(Person, ("birth_date",), by="id", values=[mother.id]))
