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

from helhed.citizens.models import ProgrammeEnrolment, StatusSpell
from helhed.core.plain_reads import rows_by

PeriodRow = tuple[uuid.UUID, str, date, date | None]

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
    return rows_by(
        model, ("person", "kind", "starts_on", "ends_on"), by="person", values=person_ids
    )
