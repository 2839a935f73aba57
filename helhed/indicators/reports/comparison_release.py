# SPDX-License-Identifier: MPL-2.0
"""The monthly overview's cells that the national comparison shows, released as a version
of each municipality's overview series (docs/adr/0051).

The comparison's arrivals and education of arrivals of a municipality, summed over their
breakdowns, are the overview's cells ``("arrivals", year)`` and ``("education", year)``;
their difference is the overview's cell of the arrivals outside the education table. The
overview may hide any of the three as a complement, so the comparison cannot show them by
the count rule alone. Outside the municipality's staff it shows them as a version of the
overview series: counted to the end of the last month that has ended (as the live
overview is), protected against every publication, revision and live release before it,
and kept as a ``LiveRelease`` that every later version is protected against. Counts shown
before are read back by their fingerprint, for every municipality in one query; only
counts not shown before run the solver, once.

The comparison's permanent placements (every placement of the year) are not a cell of the
overview, whose placements are those of the year's own arrivals; but they are its grand
total plus the placements of persons who arrived before, and equal to it when everyone
placed arrived in the year. So the release holds the overview's grand total and that
difference too, tied to the comparison's figure by their relation.
"""

import logging
import uuid
from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Count

from helhed.indicators.definitions import arrivals, placements
from helhed.indicators.definitions.base import month_of, month_start
from helhed.indicators.disclosure import (
    DisclosureError,
    Key,
    Relation,
    Table,
    UnprotectableError,
    fingerprint,
    protected_as,
)
from helhed.indicators.models import IndicatorFact
from helhed.indicators.reports.disclosure_states import kept_state
from helhed.indicators.reports.live_release import release
from helhed.indicators.reports.models import LiveRelease
from helhed.indicators.reports.monthly_overview import LEVELS, SOURCES, own_table
from helhed.indicators.reports.overview_publication import KEY, SERIES
from helhed.organisations.models import Municipality

logger = logging.getLogger(__name__)

# the indicators whose totals are the overview's cells, and the breakdowns the overview sums
OVERVIEW_TOTALS: Mapping[str, tuple[str, tuple[str, ...]]] = {
    arrivals.SOURCE_KEY: ("arrivals", SOURCES),
    arrivals.EDUCATION_KEY: ("education", LEVELS),
}
# every permanent placement of the year: tied to the overview's placements of its arrivals
PLACEMENTS = placements.KEY
SHOWN = (*OVERVIEW_TOTALS, PLACEMENTS)  # the comparison's measures released here
REST = "not-adult-target"
OF_ARRIVALS = "of-arrivals"  # the overview's placements of the year's arrivals, in the counts

Counts = Mapping[str, int]  # indicator key (and OF_ARRIVALS) -> the count


def overview_totals(
    values: Mapping[tuple[uuid.UUID, str, str], tuple[int, int]],
) -> dict[uuid.UUID, dict[str, int]]:
    """Each municipality's totals from the comparison's year values, summed over the
    breakdowns the overview sums (and only those); the placements over all of theirs."""
    totals: dict[uuid.UUID, dict[str, int]] = {}
    for (municipality, key, breakdown), (numerator, _denominator) in values.items():
        if key not in SHOWN:
            continue
        found = totals.setdefault(municipality, empty())
        if key == PLACEMENTS or breakdown in OVERVIEW_TOTALS[key][1]:
            found[key] += numerator
    return totals


def empty() -> dict[str, int]:
    return {**dict.fromkeys(SHOWN, 0), OF_ARRIVALS: 0}


def placed_arrivals(
    year: int, day: date, municipality_id: uuid.UUID | None = None
) -> dict[uuid.UUID, int]:
    """Each municipality's permanent placements in ``year`` up to ``day`` of persons who
    arrived in the year: the overview's grand total of placements (monthly_overview.
    _placements_of_arrivals), for every municipality (or the one given) in one query."""
    first = date(year, 1, 1)
    last = month_start(min(month_of(date(year, 12, 1)), month_of(day)))
    facts = IndicatorFact.objects.filter(first_month__gte=first, first_month__lte=last)
    if municipality_id is not None:
        facts = facts.filter(municipality_id=municipality_id)
    arrived = facts.filter(key=arrivals.SOURCE_KEY).values("person_id")
    rows = (
        facts.filter(key=PLACEMENTS, person_id__in=arrived)
        .values("municipality_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["municipality_id"]: row["n"] for row in rows}


def year_cells(year: int, counts: Counts) -> tuple[dict[Key, int], list[Relation]]:
    """The cells of ``year`` that figures outside the overview show, with the overview's
    keys, and the relations that tie them to the overview's cell of the rest of the
    year's arrivals and to its grand total of placements. ``counts`` holds the indicators
    shown (any of SHOWN; with the placements, OF_ARRIVALS too)."""
    y = str(year)
    cells: dict[Key, int] = {
        (name, y): counts[key] for key, (name, _parts) in OVERVIEW_TOTALS.items() if key in counts
    }
    relations: list[Relation] = []
    if all(key in counts for key in OVERVIEW_TOTALS):
        total, education = cells[("arrivals", y)], cells[("education", y)]
        if total >= education:
            # as the overview: the rest is a cell of its own only when it is not negative
            rest: Key = (own_table("rest", year), REST)
            cells[rest] = total - education
            relations.append(Relation(("arrivals", y), (("education", y), rest)))
    if PLACEMENTS in counts:
        every: Key = ("all-placements", y)
        grand: Key = (own_table("placements", year), "total")
        cells[every], cells[grand] = counts[PLACEMENTS], counts[OF_ARRIVALS]
        if cells[every] >= cells[grand]:
            earlier: Key = (own_table("placements-of-earlier-arrivals", year), "total")
            cells[earlier] = cells[every] - cells[grand]
            relations.append(Relation(every, (grand, earlier)))
    return cells, relations


def comparison_tables(year: int, counts: Counts) -> tuple[list[Table], list[Relation]]:
    """The cells the comparison shows (every one of SHOWN), as one table of ``year``."""
    cells, relations = year_cells(year, counts)
    return [Table(f"comparison-{year}", cells, tuple(relations))], []


def shown_key(key: str, year: int) -> Key:
    """The cell that holds the comparison's figure of the indicator."""
    if key == PLACEMENTS:
        return ("all-placements", str(year))
    return (OVERVIEW_TOTALS[key][0], str(year))


def released_totals(
    year: int, totals: Mapping[uuid.UUID, Counts], municipalities: Mapping[uuid.UUID, Municipality]
) -> dict[uuid.UUID, dict[str, int | None]]:
    """Each municipality's totals as they may leave its staff (None: hidden). Counts kept
    before are re-applied without the solver; new ones are protected and kept. Counts that
    are all zero are shown as they are: every cell tied to them is zero too, so they give
    nothing away, and nothing is kept for them."""
    marks: dict[uuid.UUID, str | None] = {}
    for municipality, counts in totals.items():
        try:
            marks[municipality] = (
                None if not any(counts.values()) else fingerprint(*comparison_tables(year, counts))
            )
        except DisclosureError:
            marks[municipality] = ""  # counts that do not add up: hidden below
    kept = {
        (municipality, mark): data
        for municipality, mark, data in LiveRelease.objects.filter(
            kind=KEY,
            series=SERIES,
            municipality_id__in=[m for m, mark in marks.items() if mark],
            fingerprint__in={mark for mark in marks.values() if mark},
        ).values_list("municipality_id", "fingerprint", "disclosure")
    }
    shown: dict[uuid.UUID, dict[str, int | None]] = {}
    # one municipality at a time, in a fixed order (each release locks its municipality)
    for municipality in sorted(totals, key=str):
        mark = marks[municipality]
        if mark is None:
            shown[municipality] = dict.fromkeys(SHOWN, 0)
            continue
        try:
            if not mark:
                raise DisclosureError("the counts do not add up")
            tables, relations = comparison_tables(year, totals[municipality])
            data = kept.get((municipality, mark))
            if data is None:
                protected = release(municipalities[municipality], tables, relations)
            else:
                state = kept_state(data)
                assert state is not None  # noqa: S101 (a live release always keeps its state)
                protected = protected_as(tables, relations, state)
        except (UnprotectableError, ValidationError, DisclosureError) as error:
            # hidden, never an error page; the log names the kind of failure, no count
            logger.warning(
                "national comparison: overview totals hidden for a municipality (%s)",
                type(error).__name__,
            )
            shown[municipality] = dict.fromkeys(SHOWN)
            continue
        cells = protected[0].cells
        shown[municipality] = {key: cells[shown_key(key, year)].value for key in SHOWN}
    return shown
