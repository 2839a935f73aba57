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
"""

import logging
import uuid
from collections.abc import Mapping

from django.core.exceptions import ValidationError

from helhed.indicators.definitions import arrivals
from helhed.indicators.disclosure import (
    DisclosureError,
    Key,
    Relation,
    Table,
    UnprotectableError,
    fingerprint,
    protected_as,
)
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
REST = "not-adult-target"

Counts = Mapping[str, int]  # indicator key -> the overview's total


def overview_totals(
    values: Mapping[tuple[uuid.UUID, str, str], tuple[int, int]],
) -> dict[uuid.UUID, dict[str, int]]:
    """Each municipality's overview totals from the comparison's year values, summed over
    the breakdowns the overview sums (and only those)."""
    totals: dict[uuid.UUID, dict[str, int]] = {}
    for (municipality, key, breakdown), (numerator, _denominator) in values.items():
        if key not in OVERVIEW_TOTALS:
            continue
        found = totals.setdefault(municipality, dict.fromkeys(OVERVIEW_TOTALS, 0))
        if breakdown in OVERVIEW_TOTALS[key][1]:
            found[key] += numerator
    return totals


def comparison_tables(year: int, counts: Counts) -> tuple[list[Table], list[Relation]]:
    """The cells the comparison shows, with the overview's keys and the one relation that
    ties them to the overview's cell of the rest of the year's arrivals."""
    y = str(year)
    cells: dict[Key, int] = {
        (name, y): counts[key] for key, (name, _parts) in OVERVIEW_TOTALS.items()
    }
    total, education = cells[("arrivals", y)], cells[("education", y)]
    relations: tuple[Relation, ...] = ()
    if total >= education:
        # as the overview: the rest is a cell of its own only when it is not negative
        rest: Key = (own_table("rest", year), REST)
        cells[rest] = total - education
        relations = (Relation(("arrivals", y), (("education", y), rest)),)
    return [Table(f"comparison-{y}", cells, relations)], []


def released_totals(
    year: int, totals: Mapping[uuid.UUID, Counts], municipalities: Mapping[uuid.UUID, Municipality]
) -> dict[uuid.UUID, dict[str, int | None]]:
    """Each municipality's totals as they may leave its staff (None: hidden). Counts kept
    before are re-applied without the solver; new ones are protected and kept."""
    marks = {m: fingerprint(*comparison_tables(year, counts)) for m, counts in totals.items()}
    kept = {
        (municipality, mark): data
        for municipality, mark, data in LiveRelease.objects.filter(
            kind=KEY,
            series=SERIES,
            municipality_id__in=list(marks),
            fingerprint__in=set(marks.values()),
        ).values_list("municipality_id", "fingerprint", "disclosure")
    }
    shown: dict[uuid.UUID, dict[str, int | None]] = {}
    # one municipality at a time, in a fixed order (each release locks its municipality)
    for municipality in sorted(totals, key=str):
        tables, relations = comparison_tables(year, totals[municipality])
        data = kept.get((municipality, marks[municipality]))
        try:
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
            shown[municipality] = dict.fromkeys(OVERVIEW_TOTALS)
            continue
        cells = protected[0].cells
        shown[municipality] = {
            key: cells[(name, str(year))].value for key, (name, _parts) in OVERVIEW_TOTALS.items()
        }
    return shown
