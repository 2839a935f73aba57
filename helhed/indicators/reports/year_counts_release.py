# SPDX-License-Identifier: MPL-2.0
"""The counts of events a report outside the staff shows for a target, released as a
version of the monthly overview's series (docs/adr/0052).

A target on arrivals, on the education of arrivals or on permanent placements is measured
by a count of events in the twelve months up to a month. For a reader outside the staff
(the follow-up report, the published target status) it is shown for whole calendar years
only (`measurement.measure_targets(whole_years=True)`), and a calendar year's count is the
overview's cell of the year, ``("arrivals", year)`` and ``("education", year)``, or for the
placements the overview's grand total plus the placements of earlier arrivals (ADR 0051).
The overview may hide any of them as a complement, so they are shown as a version of the
overview's series: protected against every publication, revision and live release before
them, and kept, as the national comparison's are (`comparison_release.year_cells`). A
window that ended in another month would overlap two of the overview's years and give
their halves away together with the live overview, so none is shown.
"""

import logging
from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from helhed.indicators.definitions.base import Month, month_of
from helhed.indicators.disclosure import (
    DisclosureError,
    Key,
    ProtectedCell,
    Reason,
    Relation,
    Table,
    UnprotectableError,
)
from helhed.indicators.measurement import Measurement, TargetMeasure
from helhed.indicators.reports.comparison_release import (
    OF_ARRIVALS,
    PLACEMENTS,
    SHOWN,
    placed_arrivals,
    shown_key,
    year_cells,
)
from helhed.indicators.reports.live_release import release
from helhed.organisations.models import Municipality
from helhed.reports.document import Hidden

logger = logging.getLogger(__name__)

# the indicators whose counts of a calendar year are cells of the overview's series
YEAR_COUNT_KEYS = frozenset(SHOWN)
YearCounts = Mapping[tuple[str, int], int]  # (indicator key, year) -> the year's count


def shown_count(
    years: Mapping[tuple[str, int], int | None], key: str, month: Month | None, value: float | None
) -> float | Hidden | None:
    """A count of events at ``month`` as it leaves the staff: the whole year's count as
    released (``years``), hidden where the release hid it or the month ends no year."""
    if value is None or month is None:
        return None
    shown = years.get((key, month // 12)) if month % 12 == 11 else None
    return Hidden(ProtectedCell(None, Reason.PRIMARY).label) if shown is None else float(shown)


def whole_years_note() -> str:
    """The footnote of a table that shows counts of events for whole years."""
    return _(
        "A number of arrivals or placements is shown for whole calendar years: the baseline "
        "is the year before the period, the current value the last year of the period that "
        "has ended."
    )


def baseline_month(measure: TargetMeasure) -> Month | None:
    return None if measure.start is None else month_of(measure.start) - 1


def year_points(measure: TargetMeasure) -> list[int]:
    """The trend's Decembers (indices into ``measure.months``): whole calendar years."""
    return [i for i, month in enumerate(measure.months) if month % 12 == 11]


def measured_year_counts(
    measures: Iterable[TargetMeasure], *, trend: bool
) -> dict[tuple[str, int], int]:
    """The counts of whole years a report outside the staff shows of targets measured in
    whole years: each count of events' baseline and current value, and with ``trend`` its
    trend's Decembers too."""
    counts: dict[tuple[str, int], int] = {}
    for m in measures:
        if not m.measurable or m.target.indicator_key not in YEAR_COUNT_KEYS:
            # (a count of events of no overview is never released: the report hides it)
            continue
        shown: list[tuple[Month | None, Measurement | None]] = [
            (baseline_month(m), m.baseline),
            (m.current_month, m.current),
        ]
        if trend:
            shown += [(m.months[i], m.trend[i]) for i in year_points(m)]
        for month, measurement in shown:
            if month is not None and measurement is not None and measurement.value is not None:
                counts[(m.target.indicator_key, month // 12)] = measurement.numerator
    return counts


def year_counts_tables(
    counts: YearCounts, placed: Mapping[int, int]
) -> tuple[list[Table], list[Relation]]:
    """One table of every year's counts with the overview's keys and their relations;
    ``placed``: each year's placements of the year's own arrivals (for the placements)."""
    cells: dict[Key, int] = {}
    relations: list[Relation] = []
    for year in sorted({year for _key, year in counts}):
        shown: dict[str, int] = {key: n for (key, y), n in counts.items() if y == year}
        if PLACEMENTS in shown:
            shown[OF_ARRIVALS] = placed.get(year, 0)
        year_cell, year_relations = year_cells(year, shown)
        cells.update(year_cell)
        relations.extend(year_relations)
    return [Table("year-counts", cells, tuple(relations))], []


def released_year_counts(
    municipality: Municipality, counts: YearCounts
) -> dict[tuple[str, int], int | None]:
    """The counts as they may leave the municipality's staff (None: hidden). Counts shown
    before read the kept decision; new ones are protected against the series and kept.
    Counts that are all zero are shown as they are and not kept: every cell tied to them
    is zero too. Counts that cannot be protected are hidden, never an error page."""
    unknown = sorted({key for key, _year in counts} - YEAR_COUNT_KEYS)
    if unknown:
        raise ValueError(f"not a count of the overview's series: {unknown[0]}")
    if not any(counts.values()):
        return dict(counts)
    years = {year for key, year in counts if key == PLACEMENTS}
    # a whole year: its placements of the year's arrivals up to its last day
    placed = {
        year: placed_arrivals(year, date(year, 12, 31), municipality.id).get(municipality.id, 0)
        for year in years
    }
    try:
        tables, relations = year_counts_tables(counts, placed)
        protected = release(municipality, tables, relations)
    except (UnprotectableError, ValidationError, DisclosureError) as error:
        # hidden; the log names the kind of failure, no count
        logger.warning("counts of whole years hidden for a municipality (%s)", type(error).__name__)
        return dict.fromkeys(counts)
    cells = protected[0].cells
    return {(key, year): cells[shown_key(key, year)].value for key, year in counts}
