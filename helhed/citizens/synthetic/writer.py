# SPDX-License-Identifier: MPL-2.0
"""Writing a built registry: plain multi-row inserts through Django's connection.

A national registry is a million persons and about ten million rows of facts, so the rows
are not model instances: each table's rows are tuples in a declared column order, written
with `cursor.executemany` in chunks. `Table` checks the declared columns against the
model's: a field added later is written with its constant default, and one without a
default fails loudly here instead of the writer writing wrong columns. Values
are converted once per kind (keys, dates, the shared timestamp) for the database in use.
Not through services.py: no user reads or changes a person here, so no audit events
(docs/synthetic-registry.md).
"""

import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any

from django.db import connection, models
from django.utils import timezone

from helhed.citizens.cpr import Cpr, cpr_lookup_hash, encrypt_cpr
from helhed.citizens.models import (
    Arrival,
    CaseAssignment,
    DanishEducation,
    Household,
    HouseholdRelation,
    HousingPlacement,
    Locality,
    Person,
    ProgrammeEnrolment,
    RelationKind,
    StatusSpell,
)
from helhed.citizens.rules import target_group_decision
from helhed.citizens.synthetic.drafts import DraftHousehold, DraftPerson
from helhed.citizens.synthetic.errors import SyntheticRegistryError
from helhed.organisations.models import Department, Municipality, User

CHUNK = 5000
SQLITE_CACHE_KIB = 512 * 1024
_BASE = ("id", "created_at", "updated_at")


class Table:
    """One model's table, written with rows in the order of `columns`.

    A field of the model the writer does not know (a column added later, say) is written
    with its default when it has a constant one; any other unknown field, or a declared
    column the model lacks, is refused.
    """

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        extra = [f for name, f in fields.items() if name not in columns]
        no_default = [f.attname for f in extra if not f.has_default() or callable(f.default)]
        if unknown or no_default:
            raise SyntheticRegistryError(
                f"{model.__name__}: the writer's columns {sorted(columns)} do not fit the "
                f"model's {sorted(fields)}."
            )
        self.defaults = tuple(f.get_db_prep_save(f.default, connection) for f in extra)
        quote = connection.ops.quote_name
        names = ", ".join(quote(fields[c].column) for c in (*columns, *[f.attname for f in extra]))
        marks = ", ".join(["%s"] * (len(columns) + len(extra)))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
        self.count = 0

    def insert(self, rows: Iterable[tuple[Any, ...]]) -> None:
        iterator = iter(rows)
        with connection.cursor() as cursor:
            while chunk := list(islice(iterator, CHUNK)):
                if self.defaults:
                    chunk = [(*row, *self.defaults) for row in chunk]
                cursor.executemany(self.sql, chunk)
                self.count += len(chunk)


def _keys() -> Iterator[Any]:
    """Random UUID keys in the database's own form (hex text on SQLite)."""
    native = connection.features.has_native_uuid_field
    while True:
        block = os.urandom(16 * CHUNK)
        for i in range(0, len(block), 16):
            raw = block[i : i + 16]
            yield uuid.UUID(bytes=raw) if native else raw.hex()


@dataclass(frozen=True)
class Written:
    persons: int
    households: int
    arrivals: int
    relations: int
    localities: int
    placements: int
    spells: int
    assignments: int
    programmes: int
    danish: int


def write_registry(
    *,
    municipality: Municipality,
    department: Department,
    caseworker: User | None,
    localities: Sequence[str],
    households: Sequence[DraftHousehold],
    persons: Sequence[DraftPerson],
) -> Written:
    """Write the built registry of `municipality` (inside the caller's transaction)."""
    if connection.vendor == "sqlite":
        # A cache large enough for a municipality's index pages: with SQLite's default of
        # 2 MB, a transaction of a million rows with random keys spills the same pages to
        # the WAL again and again. For this connection only.
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    key = _keys().__next__
    on: Callable[[date], Any] = connection.ops.adapt_datefield_value
    maybe: Callable[[date | None], Any] = lambda d: None if d is None else on(d)  # noqa: E731
    now = models.DateTimeField().get_db_prep_value(timezone.now(), connection)
    stamp = (now, now)
    municipality_id = _db_key(municipality.pk)
    department_id = _db_key(department.pk)
    caseworker_id = None if caseworker is None else caseworker.pk

    existing = dict(Locality.objects.filter(municipality=municipality).values_list("name", "id"))
    locality_ids = {name: _db_key(pk) for name, pk in existing.items()}
    new_localities = [name for name in dict.fromkeys(localities) if name not in locality_ids]
    locality_rows = []
    for name in new_localities:
        locality_ids[name] = key()
        locality_rows.append((locality_ids[name], *stamp, municipality_id, name))
    Table(Locality, (*_BASE, "municipality_id", "name")).insert(locality_rows)

    household_ids = {id(h): key() for h in households}
    Table(Household, (*_BASE, "municipality_id", "name")).insert(
        (household_ids[id(h)], *stamp, municipality_id, h.name[:120]) for h in households
    )

    person_ids = {id(p): key() for p in persons}
    Table(
        Person,
        (
            *_BASE,
            "municipality_id",
            "household_id",
            "cpr_encrypted",
            "cpr_hash",
            "first_name",
            "last_name",
            "birth_date",
            "sex",
            "country_of_origin",
            "education_level",
            "unaccompanied_minor",
        ),
    ).insert(
        (
            person_ids[id(p)],
            *stamp,
            municipality_id,
            household_ids[id(p.household)],
            encrypt_cpr(number),
            cpr_lookup_hash(number),
            p.first_name,
            p.last_name,
            on(p.birth_date),
            p.sex,
            p.country,
            p.education,
            p.unaccompanied,
        )
        for p, number in ((p, _checked_cpr(p)) for p in persons)
    )

    decisions: dict[tuple[str, str], tuple[bool, str]] = {}
    for p in persons:
        if (p.source, p.country) not in decisions:
            decisions[p.source, p.country] = target_group_decision(
                source=p.source, country_of_origin=p.country
            )
    arrivals = Table(
        Arrival,
        (
            *_BASE,
            "person_id",
            "arrived_on",
            "source",
            "from_kommunekode",
            "quota_year",
            "in_target_group",
            "target_group_reason",
        ),
    )
    arrivals.insert(
        (
            key(),
            *stamp,
            person_ids[id(p)],
            on(p.arrived_on),
            p.source,
            p.from_kommunekode,
            p.quota_year,
            *decisions[p.source, p.country],
        )
        for p in persons
    )
    assignments = Table(
        CaseAssignment,
        (*_BASE, "person_id", "department_id", "caseworker_id", "started_on", "ended_on"),
    )
    assignments.insert(
        (key(), *stamp, person_ids[id(p)], department_id, caseworker_id, on(p.arrived_on), None)
        for p in persons
    )
    placements = Table(
        HousingPlacement, (*_BASE, "person_id", "locality_id", "permanent", "placed_on")
    )
    placements.insert(
        (key(), *stamp, person_ids[id(p)], locality_ids[name], permanent, on(day))
        for p in persons
        for name, permanent, day in p.placements
    )
    relations = Table(HouseholdRelation, (*_BASE, "person_id", "relative_id", "kind"))
    relations.insert(
        (key(), *stamp, person_ids[id(a)], person_ids[id(b)], kind)
        for h in households
        for kind, pairs in ((RelationKind.SPOUSE, h.spouses), (RelationKind.PARENT, h.parents))
        for a, b in pairs
    )
    spells = Table(
        StatusSpell, (*_BASE, "person_id", "kind", "benefit_name", "starts_on", "ends_on")
    )
    spells.insert(
        (key(), *stamp, person_ids[id(p)], kind, name, on(starts), maybe(ends))
        for p in persons
        for kind, starts, ends, name in p.spells
    )
    programmes = Table(ProgrammeEnrolment, (*_BASE, "person_id", "kind", "starts_on", "ends_on"))
    programmes.insert(
        (
            key(),
            *stamp,
            person_ids[id(p)],
            p.programme[0],
            on(p.programme[1]),
            maybe(p.programme[2]),
        )
        for p in persons
        if p.programme is not None
    )
    danish = Table(
        DanishEducation,
        (*_BASE, "person_id", "track", "module", "referred_on", "test", "test_passed_on"),
    )
    danish.insert(
        (
            key(),
            *stamp,
            person_ids[id(p)],
            p.danish.track,
            p.danish.module,
            on(p.danish.referred_on),
            p.danish.test,
            maybe(p.danish.test_passed_on),
        )
        for p in persons
        if p.danish is not None
    )
    return Written(
        persons=len(persons),
        households=len(households),
        arrivals=arrivals.count,
        relations=relations.count,
        localities=len(new_localities),
        placements=placements.count,
        spells=spells.count,
        assignments=assignments.count,
        programmes=programmes.count,
        danish=danish.count,
    )


def _db_key(pk: Any) -> Any:
    return pk if connection.features.has_native_uuid_field else uuid.UUID(str(pk)).hex


def _checked_cpr(person: DraftPerson) -> Cpr:
    number = Cpr(person.cpr)
    if number.birth_date != person.birth_date or number.sex != person.sex:
        raise SyntheticRegistryError("A synthetic CPR number does not match its person.")
    return number
