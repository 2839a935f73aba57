# SPDX-License-Identifier: MPL-2.0
"""Reading the registry's facts of many persons at once, as plain tuples, and sharing the
reads between the parts derived from it (rule flags, indicators).

The derived parts read the facts of thousands of persons after an import: their rows, the
arrivals, Danish referrals, periods (status spells, programme enrolments) and the plan's
interventions. The ORM's per-row conversions were most of that time (plain_reads.py).

Inside `reads_shared()` each read (a model, its columns, the column it is read by) of a
key is done once and kept for the block: the rule flags and the indicators both read the
same facts of the persons an import wrote, and the second reader gets the same rows from
memory. The readers share a read by naming the same columns (the *_COLUMNS below). Only
for a block that writes none of the facts it reads (the import's end-of-file pass: the
listeners write flags and indicators only).

Internal reads for computations over the registry, not a user's view of it: callers are
the registry's change listeners, which run inside the transaction of an audited write.
"""

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any

from django.db import models

from helhed.core.plain_reads import rows_by

PeriodRow = tuple[uuid.UUID, str, date, date | None]
PERIOD_COLUMNS = ("person", "kind", "starts_on", "ends_on")
# A person's own row, read by "id", as the rule flags and the indicators read it.
PERSON_COLUMNS = (
    "id",
    "municipality",
    "birth_date",
    "household",
    "education_level",
    "unaccompanied_minor",
)
ARRIVAL_COLUMNS = ("person", "arrived_on", "source", "in_target_group")
DANISH_COLUMNS = ("person", "referred_on", "test", "test_passed_on")

Read = tuple[type[models.Model], tuple[str, ...], str]
# (model, columns, by) -> key -> the rows with that key, while a `reads_shared()` block runs
_shared: ContextVar[dict[Read, dict[Any, list[tuple[Any, ...]]]] | None] = ContextVar(
    "reads_shared", default=None
)


@contextmanager
def reads_shared() -> Iterator[None]:
    """Keep the reads done in this block for the rest of it (see the module's note)."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def shared_rows(
    model: type[models.Model], columns: Sequence[str], *, by: str, values: Iterable[Any]
) -> Iterator[tuple[Any, ...]]:
    """`rows_by(model, columns, by=by, values=values)` (`by` one of the columns): the same
    rows, each key read from the database once in a `reads_shared()` block."""
    columns = tuple(columns)
    if by not in columns:
        raise ValueError(f"A shared read is filed by one of its columns, not {by!r}")
    shared = _shared.get()
    if shared is None:
        yield from rows_by(model, columns, by=by, values=values)
        return
    known = shared.setdefault((model, columns, by), {})
    # rows_by gives a UUID key back as a UUID however it was asked (its hex digits too)
    if _is_uuid(model, by):
        values = (v if v is None or isinstance(v, uuid.UUID) else uuid.UUID(str(v)) for v in values)
    keys = [key for key in dict.fromkeys(values) if key is not None]
    missing = [key for key in keys if key not in known]
    if missing:
        for key in missing:
            known[key] = []
        at = columns.index(by)
        for row in rows_by(model, columns, by=by, values=missing):
            known[row[at]].append(row)
    for key in keys:
        yield from known[key]


def _is_uuid(model: type[models.Model], name: str) -> bool:
    field = model._meta.get_field(name)
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    return isinstance(target, models.UUIDField)


def period_rows(model: type[models.Model], person_ids: Sequence[uuid.UUID]) -> Iterator[PeriodRow]:
    """(person id, kind, starts_on, ends_on) of every period of these persons, the same
    rows as `model.objects.filter(person_id__in=...).values_list(...)`."""
    return shared_rows(model, PERIOD_COLUMNS, by="person", values=person_ids)
