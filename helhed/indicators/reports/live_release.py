# SPDX-License-Identifier: MPL-2.0
"""The monthly overview a politician reads live, protected against every version shown
before it (docs/adr/0050).

A live page that leaves the staff is a version like a published one: a reader who holds a
published overview and the live one (or two live ones a correction apart) can work out a
hidden count from the pair, as ADR 0048 showed for revisions. So the live overview is
taken at the end of the last month that has ended, as a publication is, and each distinct
set of counts shown is kept as a ``LiveRelease`` in the overview's series: protected
against every publication, revision and live release before it, and every later one
protected against it. Showing the same counts again reads the kept decision (no solver).
The counts change only with a month's end or a late registration, so the series grows by
about a version a month, not a version a request.
"""

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from helhed.indicators.definitions.base import month_end, month_of
from helhed.indicators.disclosure import (
    DisclosureError,
    Key,
    ProtectedTable,
    Relation,
    Table,
    UnprotectableError,
    fingerprint,
    protect_after,
    protected_as,
)
from helhed.indicators.reports.disclosure_states import kept_state, series_states
from helhed.indicators.reports.models import LiveRelease
from helhed.indicators.reports.monthly_overview import (
    disclosure_tables,
    nothing_to_show,
    overview_counts,
    shown_overview_document,
)
from helhed.indicators.reports.overview_publication import KEY, SERIES
from helhed.organisations.models import Municipality
from helhed.reports.document import Document


@dataclass(frozen=True)
class LiveOverview:
    """The politician's overview, or (``document`` None) why there is none to show."""

    document: Document | None
    message: str = ""


def last_ended_day(year: int, today: date) -> date | None:
    """The last day of the last month of ``year`` that has ended by ``today``; None when
    none has (January of this year)."""
    if year < today.year:
        return date(year, 12, 31)
    if today.month == 1:
        return None
    return month_end(month_of(today) - 1)


def _kept(municipality_id: uuid.UUID, mark: str) -> dict[str, Any] | None:
    return (
        LiveRelease.objects.filter(
            municipality_id=municipality_id, kind=KEY, series=SERIES, fingerprint=mark
        )
        .values_list("disclosure", flat=True)
        .first()
    )


# False within `not_kept`: what release() would show, without keeping it
_KEEP: contextvars.ContextVar[bool] = contextvars.ContextVar("keep_releases", default=True)


@contextmanager
def not_kept() -> Iterator[None]:
    """Within it, release() protects counts not shown before as it would, and keeps
    nothing: for the staff's comparison of a published report with the registry now,
    which shows no one outside the staff anything (services.report_differences)."""
    token = _KEEP.set(False)
    try:
        yield
    finally:
        _KEEP.reset(token)


def release(
    municipality: Municipality, tables: list[Table], relations: list[Relation]
) -> list[ProtectedTable]:
    """The tables as they may be shown outside the staff now: as kept, if these counts have
    been shown before; else protected against every version of the series, and kept
    (not within `not_kept`). UnprotectableError when no choice of hidden cells protects
    them; ValidationError when a kept state cannot be read."""
    mark = fingerprint(tables, relations)
    found = _kept(municipality.id, mark)
    if found is None and not _KEEP.get():
        return protect_after(tables, relations, series_states(municipality.id, KEY, SERIES))[0]
    if found is None:
        with transaction.atomic():
            # one new version of the series at a time, as publishing does
            Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
            found = _kept(municipality.id, mark)
            if found is None:
                states = series_states(municipality.id, KEY, SERIES)
                protected, released = protect_after(tables, relations, states)
                LiveRelease(
                    municipality=municipality,
                    kind=KEY,
                    series=SERIES,
                    fingerprint=mark,
                    disclosure=released.to_data(),
                ).save()
                return protected
    kept = kept_state(found)
    assert kept is not None  # noqa: S101 (a live release always keeps its state)
    return protected_as(tables, relations, kept)


def politician_overview(*, municipality: Municipality, year: int, today: date) -> LiveOverview:
    """The overview of ``year`` for a reader outside the staff, up to the end of the last
    month that has ended, disclosure-controlled against every version shown before."""
    day = last_ended_day(year, today)
    if day is None:
        return LiveOverview(
            None,
            _(
                "No month of %(year)s has ended yet. The overview shows the figures up to "
                "the end of a month; the first is ready when January has ended."
            )
            % {"year": year},
        )
    counts = overview_counts(municipality_id=municipality.id, year=year, today=day)
    if counts.empty:
        return LiveOverview(None, nothing_to_show(municipality.name, year))
    tables, relations = disclosure_tables(counts)
    try:
        protected = release(municipality, tables, relations)
    except UnprotectableError:
        return LiveOverview(
            None,
            _(
                "The overview cannot be shown now: together with the numbers already shown "
                "from the same tables, a count of fewer than 5 persons could be worked out. "
                "Ask the municipality's staff for the published overview."
            ),
        )
    except (ValidationError, DisclosureError):
        # a kept state that cannot be read, or that does not match its counts: never shown
        # without it, and never an error page
        return LiveOverview(
            None,
            _(
                "The overview cannot be shown now: the disclosure control kept with the "
                "overviews shown before cannot be read. The system's administrator has to "
                "look at it; ask the municipality's staff for the published overview."
            ),
        )
    values: dict[Key, int | None] = {
        key: cell.value for table in protected for key, cell in table.cells.items()
    }
    document = shown_overview_document(
        counts, values=values, municipality_name=municipality.name, as_of=timezone.now()
    )
    note = _("Figures up to and including %(month)s.") % {
        "month": date_format(date(day.year, day.month, 1), "F Y")
    }
    return LiveOverview(replace(document, notes=[note, *document.notes]))
