# SPDX-License-Identifier: MPL-2.0
"""Keeping the indicators' store equal to what the definitions say of the registry.

`indicators_sync` runs inside the transaction of every registry and plan write (through
`persons_changed`): it recomputes the contributions of the changed persons and of their
households' members, compares them with the stored facts, writes only the differences and
adds their changes to the aggregates with one additive upsert per row, so two writers
never lose each other's counts. `indicators_recompute` rebuilds a municipality from
scratch (`manage.py indicators_recompute`); both give the same rows (a property test
proves it).
"""

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import connection, models, transaction

from helhed.citizens.changes import Changed, listen, listen_to_deletions
from helhed.citizens.models import Person
from helhed.citizens.shared_reads import PERSON_COLUMNS, shared_rows
from helhed.core.lookups import batch_size, in_sql
from helhed.core.plain_reads import rows_by
from helhed.core.plain_writes import insert_plain
from helhed.core.sqlite_cache import larger_sqlite_cache
from helhed.indicators.definitions import DEFINITIONS
from helhed.indicators.definitions.base import (
    Contribution,
    Definition,
    Household,
    PersonFacts,
    month_start,
)
from helhed.indicators.models import (
    OPEN_RUN,
    VALUE_ONE_PER_MONTH,
    IndicatorFact,
    IndicatorRun,
    IndicatorValue,
    RegistryStamp,
)
from helhed.indicators.registry_facts import person_facts, with_household_members
from helhed.organisations.models import Municipality

CHUNK = 2000
REAGGREGATE_CACHE_KIB = 256 * 1024
UPSERT_BATCH = 500

# A stored or computed fact: (municipality, person, key, breakdown, first month, last
# month, in numerator, measure)
FactRow = tuple[uuid.UUID, uuid.UUID, str, str, date, date | None, bool, int | None]
# An aggregate's cell: (municipality, key, breakdown, month) -> [numerator, denominator]
Cell = tuple[uuid.UUID, str, str, date]
Deltas = dict[Cell, list[int]]
# A span of the facts counted by span: (municipality, key, breakdown, first month, last
# month or OPEN_RUN) -> [persons, of them in the numerator]
Span = tuple[uuid.UUID, str, str, date, date]
SpanDeltas = dict[Span, list[int]]


def reading(changed: Changed) -> list[Definition]:
    """The definitions that read any of the facts that changed (all for None)."""
    return [d for d in DEFINITIONS.values() if changed is None or d.reads & changed]


def compute(
    person_ids: Sequence[uuid.UUID], definitions: Sequence[Definition] | None = None
) -> list[FactRow]:
    """The facts of these persons as the definitions (all, or these) say today (read
    only); only the registry's facts the definitions read are read."""
    chosen = list(DEFINITIONS.values()) if definitions is None else list(definitions)
    reads = frozenset().union(*(d.reads for d in chosen))
    facts = person_facts(with_household_members(person_ids), reads)
    members: dict[uuid.UUID, list[PersonFacts]] = defaultdict(list)
    for member in facts.values():
        if member.household_id is not None:
            members[member.household_id].append(member)
    rows: list[FactRow] = []
    for person_id in person_ids:
        person = facts.get(person_id)
        if person is None:
            continue  # deleted: no contributions
        household = Household(
            tuple(members[person.household_id]) if person.household_id else (person,)
        )
        for definition in chosen:
            for c in definition.contributions(person, household):
                rows.append(_row(person.municipality_id, person_id, c))
    return rows


def _row(municipality_id: uuid.UUID, person_id: uuid.UUID, c: Contribution) -> FactRow:
    last = month_start(c.last) if c.last is not None else None
    return (
        municipality_id,
        person_id,
        c.key,
        c.breakdown,
        month_start(c.first),
        last,
        c.in_numerator,
        c.measure,
    )


def _add(deltas: Deltas, row: FactRow, sign: int, spans: SpanDeltas | None = None) -> None:
    municipality_id, _person, key, breakdown, first, last, in_numerator, _measure = row
    numerator = sign if in_numerator else 0
    if spans is not None:
        span = spans.setdefault((municipality_id, key, breakdown, first, last or OPEN_RUN), [0, 0])
        span[0] += sign
        span[1] += numerator
    for month, change in ((first, 1), (_next_month(last) if last else None, -1)):
        if month is None:
            continue
        cell = deltas.setdefault((municipality_id, key, breakdown, month), [0, 0])
        cell[0] += numerator * change
        cell[1] += sign * change


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


FACT_COLUMNS = (
    "municipality_id",
    "person_id",
    "key",
    "breakdown",
    "first_month",
    "last_month",
    "in_numerator",
    "measure",
)
# the same as fields, for reading them back
FACT_FIELDS = ("municipality", *FACT_COLUMNS[1:])
VALUE_COLUMNS = ("municipality_id", "key", "breakdown", "month", "numerator", "denominator")
RUN_COLUMNS = (
    "municipality_id",
    "key",
    "breakdown",
    "first_month",
    "last_month",
    "persons",
    "in_numerator",
)


Store = type[IndicatorFact] | type[IndicatorValue] | type[IndicatorRun]


def _index(model: Store, column: str) -> int:
    return [f.attname for f in model._meta.concrete_fields].index(column)


def _insert(
    model: Store,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> None:
    """Insert plain rows (helhed/core/plain_writes.py): the store's rows are many and
    simple, and the ORM's bulk_create spent more time compiling them than the database
    writing."""
    ops = connection.ops
    uuid_value = (lambda v: v.hex) if connection.vendor == "sqlite" else (lambda v: v)
    kinds = [model._meta.concrete_fields[_index(model, c)].get_internal_type() for c in columns]
    prepare = [
        uuid_value
        if kind in ("UUIDField", "ForeignKey")  # every key here is a UUID
        else (lambda v: v if v is None else ops.adapt_datefield_value(v))
        if kind == "DateField"
        else None
        for kind in kinds
    ]
    insert_plain(
        model._meta.db_table,
        columns,
        ([p(v) if p else v for p, v in zip(prepare, row, strict=True)] for row in rows),
    )


def _add_up(
    model: type[IndicatorValue] | type[IndicatorRun],
    cells: Sequence[tuple[tuple[Any, ...], Sequence[int]]],
    counts: tuple[str, str],
) -> None:
    """Add the changes to their rows (made when missing) with one additive upsert per
    batch, then drop the rows that came to nothing (the upsert returns them)."""
    if not cells:
        return
    table = model._meta.db_table
    keys = VALUE_COLUMNS[:4] if model is IndicatorValue else RUN_COLUMNS[:5]
    fields = [model._meta.concrete_fields[_index(model, c)] for c in keys]
    columns = ", ".join((*keys, *counts))
    emptied: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(cells), UPSERT_BATCH):
            batch = cells[start : start + UPSERT_BATCH]
            row = f"({', '.join(['%s'] * (len(keys) + 2))})"
            params: list[Any] = []
            for cell, change in batch:
                params += [
                    f.get_db_prep_value(v, connection) for f, v in zip(fields, cell, strict=True)
                ]
                params += list(change)
            updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counts)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) "  # noqa: S608 (names from the model; values are parameters)
                f"VALUES {', '.join([row] * len(batch))} "
                f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates} "
                f"RETURNING id, {' + '.join(f'ABS({c})' for c in counts)}",
                params,
            )
            emptied += [pk for pk, left in cursor.fetchall() if left == 0]
    _delete(model, emptied)


def _apply(deltas: Deltas, spans: SpanDeltas) -> None:
    """Add the changes to the aggregates and to the facts counted by span."""
    _add_up(
        IndicatorValue,
        [(cell, change) for cell, change in deltas.items() if change != [0, 0]],
        ("numerator", "denominator"),
    )
    _add_up(
        IndicatorRun,
        [(span, change) for span, change in spans.items() if change != [0, 0]],
        ("persons", "in_numerator"),
    )


def _stored(
    person_ids: Sequence[uuid.UUID], keys: set[str] | None = None
) -> dict[FactRow, list[int]]:
    """The persons' stored facts (of these keys only, if given), with their ids."""
    found: dict[FactRow, list[int]] = defaultdict(list)
    for pk, *row in rows_by(IndicatorFact, ("id", *FACT_FIELDS), by="person_id", values=person_ids):
        if keys is None or row[2] in keys:
            found[tuple(row)].append(pk)
    return found


def _delete(model: Store, pks: Sequence[int]) -> int:
    """Delete rows of the store by id with plain statements (nothing refers to them, so
    the ORM's collector has nothing to do but cost); the rows deleted."""
    table = connection.ops.quote_name(model._meta.db_table)
    deleted = 0
    batch = batch_size()
    with connection.cursor() as cursor:
        for start in range(0, len(pks), batch):
            condition, params = in_sql("id", list(pks[start : start + batch]))
            cursor.execute(f"DELETE FROM {table} WHERE {condition}", params)  # noqa: S608 - the model's table
            deleted += cursor.rowcount
    return deleted


def _lock(person_ids: Sequence[uuid.UUID]) -> None:
    """Lock the persons' rows, in id order, until the write's transaction ends: two
    writers must not both subtract the same old fact (SQLite has one writer anyway)."""
    if not connection.features.has_select_for_update:
        return
    table = connection.ops.quote_name(Person._meta.db_table)
    batch = batch_size()
    with connection.cursor() as cursor:
        ids = sorted(person_ids)
        for start in range(0, len(ids), batch):
            condition, params = in_sql("id", ids[start : start + batch])
            cursor.execute(
                f"SELECT id FROM {table} WHERE {condition} ORDER BY id FOR UPDATE",  # noqa: S608 - the model's table
                params,
            )


def registry_stamps_raise(municipality_ids: Iterable[uuid.UUID]) -> None:
    """Raise these municipalities' registry stamps by one, in the caller's transaction
    (made at one where missing): the cached report pages read them (ADR 0053). In key
    order, so two writers that raise the same two wait for each other rather than
    deadlock; on PostgreSQL the rows stay locked until the write commits, so the stamp a
    reader sees moves with the data it reads."""
    ids = sorted(set(municipality_ids))
    if not ids:
        return
    table = RegistryStamp._meta.db_table
    field = RegistryStamp._meta.get_field("municipality")
    with connection.cursor() as cursor:
        for start in range(0, len(ids), UPSERT_BATCH):
            batch = ids[start : start + UPSERT_BATCH]
            cursor.execute(
                f"INSERT INTO {table} (municipality_id, changes) "  # noqa: S608 (the model's table)
                f"VALUES {', '.join(['(%s, 1)'] * len(batch))} "
                f"ON CONFLICT (municipality_id) DO UPDATE SET changes = {table}.changes + 1",
                [field.get_db_prep_value(i, connection) for i in batch],
            )


def _municipalities_of(person_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """The municipalities of these persons (those not deleted); the persons' row as the
    facts read it, shared with them in a `reads_shared()` block."""
    return {row[1] for row in shared_rows(Person, PERSON_COLUMNS, by="id", values=person_ids)}


@transaction.atomic
def indicators_sync(*, person_ids: Iterable[uuid.UUID], changed: Changed = None) -> tuple[int, int]:
    """Bring these persons' (and their households') facts and the aggregates up to date;
    (facts removed, facts added). `changed`: the registry's facts that are all that
    changed (helhed/citizens/changes.py): only the definitions that read them are
    computed and compared with their stored facts; the others' facts stand (ADR 0044)."""
    definitions = reading(changed)
    given = list(dict.fromkeys(person_ids))
    # the report pages count the interventions themselves (an initiative's progress)
    stamped = _municipalities_of(given) if changed is None or "interventions" in changed else set()
    if not definitions:
        registry_stamps_raise(stamped)
        return 0, 0
    keys = None if changed is None else {d.key for d in definitions}
    ids = with_household_members(given)
    # one writer at a time per person: two must not both subtract the same old fact
    _lock(ids)
    removed_total = added_total = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        new = Counter(compute(chunk, definitions))
        old = _stored(chunk, keys)
        deltas: Deltas = {}
        spans: SpanDeltas = {}
        gone: list[int] = []
        for row, pks in old.items():
            surplus = len(pks) - new.get(row, 0)
            for pk in pks[: max(surplus, 0)]:
                gone.append(pk)
                _add(deltas, row, -1, spans)
                stamped.add(row[0])
        added: list[FactRow] = []
        for row, count in new.items():
            for _ in range(count - len(old.get(row, []))):
                added.append(row)
                _add(deltas, row, 1, spans)
        if gone and _delete(IndicatorFact, gone) != len(gone):
            raise RuntimeError("Indicator facts changed under a sync; retry the write.")
        _insert(IndicatorFact, FACT_COLUMNS, added)
        _apply(deltas, spans)
        removed_total += len(gone)
        added_total += len(added)
        # the municipalities whose facts changed (a person who moved: both)
        stamped.update(row[0] for row in added)
    registry_stamps_raise(stamped)
    return removed_total, added_total


@transaction.atomic
def indicators_recompute(*, municipality: Municipality) -> int:
    """Rebuild the municipality's facts and aggregates from the registry; the facts made."""
    IndicatorFact.objects.filter(municipality=municipality).delete()
    IndicatorValue.objects.filter(municipality=municipality).delete()
    IndicatorRun.objects.filter(municipality=municipality).delete()
    ids = list(
        Person.objects.filter(municipality=municipality)
        .order_by("household_id", "id")
        .values_list("id", flat=True)
    )
    deltas: Deltas = {}
    spans: SpanDeltas = {}
    made = 0
    for start in range(0, len(ids), CHUNK):
        rows = compute(ids[start : start + CHUNK])
        for row in rows:
            _add(deltas, row, 1, spans)
        _insert(IndicatorFact, FACT_COLUMNS, rows)
        made += len(rows)
    _insert(
        IndicatorValue,
        VALUE_COLUMNS,
        (
            (municipality_id, key, breakdown, month, numerator, denominator)
            for (municipality_id, key, breakdown, month), (numerator, denominator) in deltas.items()
            if (numerator, denominator) != (0, 0)
        ),
    )
    _insert(IndicatorRun, RUN_COLUMNS, (span + tuple(counts) for span, counts in spans.items()))
    registry_stamps_raise([municipality.id])
    return made


def _on_registry_change(person_ids: list[uuid.UUID], changed: Changed) -> None:
    indicators_sync(person_ids=person_ids, changed=changed)


def listen_to_registry() -> None:
    listen(_on_registry_change)
    # rows deleted with their persons, whose municipality can no longer be read
    listen_to_deletions(registry_stamps_raise)


def _one_per_month() -> models.BaseConstraint:
    return next(c for c in IndicatorValue._meta.constraints if c.name == VALUE_ONE_PER_MONTH)


@transaction.atomic
def indicators_reaggregate() -> int:
    """Rebuild every municipality's aggregates from the facts counted by span, in the
    database: each span adds its persons from its first month and takes them away after
    its last, grouped by cell. The aggregates the incremental upkeep made and these are
    the same rows (a test proves it); the rows made.

    On PostgreSQL the table is emptied and its unique constraint dropped first and made
    again after the insert, in the same transaction: rows appended to a table without an
    index and one index built from them cost less than half a million ordered inserts into
    a b-tree (ADR 0044). The rebuild then holds the table's exclusive lock until it
    commits: the pages that read the aggregates wait for it (seconds), and so does a
    registry write's upkeep, which then adds its change to the new rows; the database user
    must own the table (as the one that migrates it does). On SQLite the constraint is
    part of the table (it cannot be dropped without making the table again) and the insert
    is a small part of the rebuild's time, so the rows go into the emptied table with its
    index."""
    run, value = IndicatorRun._meta.db_table, IndicatorValue._meta.db_table
    sqlite = connection.vendor == "sqlite"
    after_last = (
        "date(last_month, '+1 month')"
        if sqlite
        else "CAST(last_month + INTERVAL '1 month' AS date)"
    )
    unique = _one_per_month()
    editor = connection.schema_editor()
    # the groupings' and the insert's pages in memory (256 MiB), the previous size after
    with larger_sqlite_cache(kib=REAGGREGATE_CACHE_KIB), connection.cursor() as cursor:
        if sqlite:
            cursor.execute(f"DELETE FROM {value}")  # noqa: S608 (names from the models)
        else:
            cursor.execute(f"TRUNCATE {value}")
            cursor.execute(str(unique.remove_sql(IndicatorValue, editor)))
        cursor.execute(
            f"INSERT INTO {value} "  # noqa: S608 (names from the models; the one value a parameter)
            "(municipality_id, key, breakdown, month, numerator, denominator) "
            "SELECT municipality_id, key, breakdown, month, SUM(n), SUM(d) FROM ("
            "  SELECT municipality_id, key, breakdown, first_month AS month,"
            f"    SUM(in_numerator) AS n, SUM(persons) AS d FROM {run}"
            "   GROUP BY municipality_id, key, breakdown, first_month"
            "  UNION ALL"
            f"  SELECT municipality_id, key, breakdown, {after_last} AS month,"
            f"    -SUM(in_numerator) AS n, -SUM(persons) AS d FROM {run}"
            "   WHERE last_month < %s"
            "   GROUP BY municipality_id, key, breakdown, last_month"
            ") AS changes "
            "GROUP BY municipality_id, key, breakdown, month "
            "HAVING SUM(n) <> 0 OR SUM(d) <> 0",
            [connection.ops.adapt_datefield_value(OPEN_RUN)],
        )
        made: int = cursor.rowcount
        if not sqlite:
            cursor.execute(str(unique.create_sql(IndicatorValue, editor)))
    registry_stamps_raise(Municipality.objects.values_list("id", flat=True))
    return made
