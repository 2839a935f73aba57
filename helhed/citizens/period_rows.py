# SPDX-License-Identifier: MPL-2.0
"""Reading the periods (status spells, programme enrolments) of many persons at once, as
plain tuples: the derived parts (rule flags, indicators) read every period of thousands
of persons after an import, and the ORM's per-row conversions were most of that time.

Internal reads for computations over the registry, not a user's view of it: callers are
the registry's change listeners, which run inside the transaction of an audited write.

Inside `periods_shared()` each person's periods are read once and kept for the block: the
rule flags and the indicators both read every period of the persons an import wrote, and
the second reader then gets the same rows from memory. Only for a block that writes no
periods (the import's end-of-file pass: the listeners write flags and indicators only).
"""

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db import connection

from helhed.citizens.models import ProgrammeEnrolment, StatusSpell

# Values per statement: under SQLite's and PostgreSQL's limits on parameters.
BATCH = 900

PeriodRow = tuple[uuid.UUID, str, date, date | None]


def _date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


Model = type[StatusSpell] | type[ProgrammeEnrolment]
# model -> person -> that person's periods, while a `periods_shared()` block runs
_shared: ContextVar[dict[Model, dict[uuid.UUID, list[PeriodRow]]] | None] = ContextVar(
    "periods_shared", default=None
)


@contextmanager
def periods_shared() -> Iterator[None]:
    """Keep the periods read in this block for the rest of it (see the module's note)."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def period_rows(model: Model, person_ids: Sequence[uuid.UUID]) -> Iterator[PeriodRow]:
    """(person id, kind, starts_on, ends_on) of every period of these persons, the same
    rows as `model.objects.filter(person_id__in=...).values_list(...)`."""
    shared = _shared.get()
    if shared is None:
        yield from _read(model, person_ids)
        return
    known = shared.setdefault(model, {})
    ids = list(dict.fromkeys(person_ids))
    missing = [p for p in ids if p not in known]
    if missing:
        for p in missing:
            known[p] = []
        for row in _read(model, missing):
            known[row[0]].append(row)
    for p in ids:
        yield from known[p]


def _read(model: Model, person_ids: Sequence[uuid.UUID]) -> Iterator[PeriodRow]:
    native = connection.features.has_native_uuid_field
    # the database's form of each id -> the id (SQLite stores UUIDs as 32 hex digits)
    by_stored = {(p if native else p.hex): p for p in dict.fromkeys(person_ids)}
    keys = list(by_stored)
    meta = model._meta
    quote = connection.ops.quote_name
    names = [
        quote(str(meta.get_field(name).column))  # type: ignore[union-attr]
        for name in ("person", "kind", "starts_on", "ends_on")
    ]
    if connection.vendor == "sqlite":
        # the stored ISO text as it is, read by `_date` (fromisoformat), not by the
        # driver's converter for the column's declared type (a regular expression a value)
        names[2:] = [f"CAST({name} AS TEXT)" for name in names[2:]]
    columns = ", ".join(names)
    person = quote(str(meta.get_field("person").column))
    iso = date.fromisoformat
    with connection.cursor() as cursor:
        for start in range(0, len(keys), BATCH):
            part = keys[start : start + BATCH]
            # Names come from the model; the ids are bound.
            cursor.execute(
                f"SELECT {columns} FROM {quote(meta.db_table)} "  # noqa: S608
                f"WHERE {person} IN ({', '.join(['%s'] * len(part))})",
                part,
            )
            rows = cursor.fetchall()
            if native:  # the driver gives the dates
                for stored, kind, starts_on, ends_on in rows:
                    yield by_stored[stored], kind, _date(starts_on), _date(ends_on)  # type: ignore[misc]
            else:  # the dates as their ISO text (CAST above): parsed here
                for stored, kind, starts_on, ends_on in rows:
                    yield (
                        by_stored[stored],
                        kind,
                        iso(starts_on),
                        None if ends_on is None else iso(ends_on),
                    )
