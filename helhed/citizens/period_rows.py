# SPDX-License-Identifier: MPL-2.0
"""Reading the periods (status spells, programme enrolments) of many persons at once, as
plain tuples: the derived parts (rule flags, indicators) read every period of thousands
of persons after an import, and the ORM's per-row conversions were most of that time.

Internal reads for computations over the registry, not a user's view of it: callers are
the registry's change listeners, which run inside the transaction of an audited write.
"""

import uuid
from collections.abc import Iterator, Sequence
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


def period_rows(
    model: type[StatusSpell] | type[ProgrammeEnrolment], person_ids: Sequence[uuid.UUID]
) -> Iterator[PeriodRow]:
    """(person id, kind, starts_on, ends_on) of every period of these persons, the same
    rows as `model.objects.filter(person_id__in=...).values_list(...)`."""
    native = connection.features.has_native_uuid_field
    # the database's form of each id -> the id (SQLite stores UUIDs as 32 hex digits)
    by_stored = {(p if native else p.hex): p for p in dict.fromkeys(person_ids)}
    keys = list(by_stored)
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(str(meta.get_field(name).column))  # type: ignore[union-attr]
        for name in ("person", "kind", "starts_on", "ends_on")
    )
    person = quote(str(meta.get_field("person").column))
    with connection.cursor() as cursor:
        for start in range(0, len(keys), BATCH):
            part = keys[start : start + BATCH]
            # Names come from the model; the ids are bound.
            cursor.execute(
                f"SELECT {columns} FROM {quote(meta.db_table)} "  # noqa: S608
                f"WHERE {person} IN ({', '.join(['%s'] * len(part))})",
                part,
            )
            for stored, kind, starts_on, ends_on in cursor.fetchall():
                yield by_stored[stored], kind, _date(starts_on), _date(ends_on)  # type: ignore[misc]
