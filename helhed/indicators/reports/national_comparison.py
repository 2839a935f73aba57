# SPDX-License-Identifier: MPL-2.0
"""The national comparison: a municipality against every other municipality that keeps its
registry in Helhed, on each indicator, for a year; with its rank and the distribution.

One SQL query reads every indicator of every municipality for the year from the aggregate
`IndicatorValue` (change rows, models.py): a *stock* indicator's value is the sum of its
changes up to the year's last month; an *event* indicator's is the sum of its months'
values, which is each change weighted by the number of the year's months at or after it
(a CASE in the query). A second query reads the municipalities' names. No person is read.

Disclosure control (ADR 0022, 0027): every other municipality's figure is protected — a
share only where its denominator is at least 20 and neither the numerator nor the rest is
1-4 (`protect_rate`), a count of 1-4 hidden. No total over municipalities is published, so
each municipality's figure is a table of its own (no secondary suppression is needed),
except where it is tied to the municipality's monthly overview: its arrivals, the education
of its arrivals and its permanent placements are counted to the end of the last ended month
and released as a version of the overview's series (comparison_release, ADR 0051). The
viewer's own municipality is shown exactly to its staff and protected for a politician. The
rank and the distribution are computed over the values the viewer can see: those of the
other municipalities that can be shown, and the own municipality's; the municipalities that
cannot be shown are counted, not ranked.

Not compared: the median time to the first job (a median per municipality needs the
persons' measures, not the aggregate).
"""

import statistics
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Case, F, IntegerField, Sum, Value, When
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from helhed.core.indicator_keys import INDICATOR_KEYS
from helhed.indicators.definitions import DEFINITIONS, danish_test
from helhed.indicators.definitions.base import month_of, month_start
from helhed.indicators.disclosure import SMALLEST_PUBLISHED, protect_rate
from helhed.indicators.models import IndicatorValue
from helhed.indicators.reports.comparison_release import (
    OF_ARRIVALS,
    SHOWN,
    empty,
    overview_totals,
    placed_arrivals,
    released_totals,
)
from helhed.indicators.reports.live_release import last_ended_day
from helhed.indicators.selectors import Period
from helhed.organisations.models import Municipality
from helhed.reports.document import (
    Block,
    Chart,
    Column,
    ColumnKind,
    Document,
    Hidden,
    Paragraph,
    Section,
    Series,
    Table,
)
from helhed.reports.document import Value as CellValue


@dataclass(frozen=True)
class Measure:
    """One comparable figure: an indicator (summed over its breakdowns) or one breakdown."""

    choice: str  # the value of ?indikator=
    key: str
    breakdown: str | None  # None: every breakdown of the key together
    label: str
    percent: bool


def measures() -> list[Measure]:
    found = []
    for indicator in INDICATOR_KEYS:
        definition = DEFINITIONS.get(indicator.key)
        if definition is None or indicator.unit == "days":
            continue
        percent = indicator.unit == "percent"
        if indicator.key == danish_test.KEY:
            # every referred person is counted once per N: the N are not to be added up
            for years in danish_test.WITHIN_YEARS:
                found.append(
                    Measure(
                        f"{indicator.key}:{years}",
                        indicator.key,
                        str(years),
                        _("%(indicator)s, within %(years)s years")
                        % {"indicator": indicator.label, "years": years},
                        percent,
                    )
                )
            continue
        found.append(Measure(indicator.key, indicator.key, None, str(indicator.label), percent))
    return found


def comparison_choices() -> list[tuple[str, str]]:
    return [(m.choice, m.label) for m in measures()]


@dataclass(frozen=True)
class Entry:
    """One municipality's figure as the viewer may see it (None: not shown)."""

    municipality_id: uuid.UUID
    name: str
    own: bool
    value: float | None
    numerator: int | None
    denominator: int | None

    @property
    def shown(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Distribution:
    minimum: float
    lower_quartile: float
    median: float
    upper_quartile: float
    maximum: float


@dataclass
class MeasureComparison:
    measure: Measure
    # ranked entries from the highest value, then the ones not shown, by name
    entries: list[Entry] = field(default_factory=list)
    has_data: bool = False
    # the monthly overview's totals: counted to the end of this month's day (None: no
    # month of the year has ended); None for every other measure, counted to today
    counted_to: date | None = None
    overview_total: bool = False

    @property
    def ranked(self) -> list[Entry]:
        return [e for e in self.entries if e.shown]

    @property
    def unranked(self) -> int:
        return len(self.entries) - len(self.ranked)

    @property
    def own(self) -> Entry | None:
        return next((e for e in self.entries if e.own), None)

    @property
    def rank(self) -> int | None:
        """1 + the number of shown values above the own municipality's (ties share a
        rank); None when the viewer cannot see the own value."""
        own = self.own
        if own is None or own.value is None:
            return None
        return 1 + sum(1 for e in self.ranked if e.value is not None and e.value > own.value)

    @property
    def distribution(self) -> Distribution | None:
        values = sorted(e.value for e in self.ranked if e.value is not None)
        if not values:
            return None
        if len(values) == 1:
            quartiles = [values[0]] * 3
        else:
            quartiles = statistics.quantiles(values, n=4, method="inclusive")
        return Distribution(values[0], quartiles[0], quartiles[1], quartiles[2], values[-1])


@dataclass
class Comparison:
    year: int
    own_municipality_id: uuid.UUID
    own_exact: bool
    by_measure: dict[str, MeasureComparison]

    def has_data(self, choice: str | None) -> bool:
        if choice is not None:
            return self.by_measure[choice].has_data
        return any(m.has_data for m in self.by_measure.values())


def _event_weight(months: list[int]) -> Case:
    """How many of the year's months a change of the given month counts in (an event's
    year is the sum of its months' running values)."""
    whens = [When(month__lte=month_start(months[0]), then=Value(len(months)))]
    whens += [
        When(month=month_start(m), then=Value(len(months) - i)) for i, m in enumerate(months) if i
    ]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _year_values(
    year: int, today: date, keys: Iterable[str] | None = None
) -> dict[tuple[uuid.UUID, str, str], tuple[int, int]]:
    """(municipality, key, breakdown) -> the year's numerator and denominator up to
    ``today``'s month, for every municipality (and only ``keys``, if given): one query."""
    months = Period(year).months(until=month_of(today))
    if not months:
        return {}
    weight = _event_weight(months)
    events = {k for k, d in DEFINITIONS.items() if d.kind == "event"}
    chosen = (
        IndicatorValue.objects.all()
        if keys is None
        else IndicatorValue.objects.filter(key__in=list(keys))
    )
    rows = (
        chosen.filter(month__lte=month_start(months[-1]))
        .values("municipality_id", "key", "breakdown")
        .annotate(
            stock_n=Sum("numerator"),
            stock_d=Sum("denominator"),
            event_n=Sum(F("numerator") * weight),
            event_d=Sum(F("denominator") * weight),
        )
        .order_by()
    )
    found = {}
    for row in rows:
        event = row["key"] in events
        found[(row["municipality_id"], row["key"], row["breakdown"])] = (
            (row["event_n"] or 0, row["event_d"] or 0)
            if event
            else (row["stock_n"] or 0, row["stock_d"] or 0)
        )
    return found


def _shown(numerator: int, denominator: int, *, percent: bool, exact: bool) -> Entry:
    """The figure of one municipality as the viewer may see it (without name)."""
    nil = uuid.UUID(int=0)
    if percent:
        if exact:
            value = 100 * numerator / denominator if denominator else None
            return Entry(nil, "", False, value, numerator, denominator)
        rate = protect_rate(numerator, denominator)
        return Entry(
            nil,
            "",
            False,
            float(rate.rate * 100) if rate.rate is not None else None,
            rate.numerator.value,
            rate.denominator.value,
        )
    if exact or not 0 < numerator < SMALLEST_PUBLISHED:
        return Entry(nil, "", False, float(numerator), numerator, None)
    return Entry(nil, "", False, None, None, None)


def _overview_figures(
    *,
    year: int,
    today: date,
    municipality_id: uuid.UUID,
    own_exact: bool,
    municipalities: dict[uuid.UUID, Municipality],
    values: dict[tuple[uuid.UUID, str, str], tuple[int, int]],
) -> tuple[date | None, dict[uuid.UUID, dict[str, int]], dict[uuid.UUID, dict[str, int | None]]]:
    """The monthly overview's totals (comparison_release): the day they are counted to,
    every municipality's exact totals, and the totals as each may be shown to the viewer."""
    day = last_ended_day(year, today)
    if day is None:
        return None, {}, {}
    if month_of(day) < min(month_of(today), month_of(date(year, 12, 1))):
        # the year runs on: ``values`` counts this month too, the overview's totals do not
        values = _year_values(year, day, SHOWN)
    exact = overview_totals(values)
    for municipality in municipalities:
        exact.setdefault(municipality, empty())
    for municipality, count in placed_arrivals(year, day).items():
        if municipality in exact:
            exact[municipality][OF_ARRIVALS] = count
    outside = {m: t for m, t in exact.items() if not (own_exact and m == municipality_id)}
    shown: dict[uuid.UUID, dict[str, int | None]] = dict(
        released_totals(year, outside, municipalities)
    )
    if own_exact and municipality_id in exact:
        shown[municipality_id] = dict(exact[municipality_id])
    return day, exact, shown


def national_comparison(
    *,
    municipality_id: uuid.UUID,
    year: int,
    today: date,
    own_exact: bool,
    choice: str | None = None,
) -> Comparison:
    """Every measure of the year (``choice`` given: the monthly overview's totals are
    released only if it is one of them, comparison_release)."""
    values = _year_values(year, today)
    sums: dict[tuple[str, uuid.UUID], list[int]] = defaultdict(lambda: [0, 0])
    wanted = {m.key for m in measures()}
    for (municipality, key, breakdown), (n, d) in values.items():
        if key not in wanted:
            continue
        for measured in (key, f"{key}:{breakdown}"):
            sums[(measured, municipality)][0] += n
            sums[(measured, municipality)][1] += d
    users = {municipality for (municipality, _key, _breakdown) in values}
    municipalities = Municipality.objects.in_bulk(list(users))
    names = {m: found.name for m, found in municipalities.items()}
    released = choice is None or choice in SHOWN
    day, exact_totals, shown_totals = (
        _overview_figures(
            year=year,
            today=today,
            municipality_id=municipality_id,
            own_exact=own_exact,
            municipalities=municipalities,
            values=values,
        )
        if released
        else (last_ended_day(year, today), {}, {})
    )
    by_measure = {}
    for measure in measures():
        comparison = MeasureComparison(measure)
        overview = measure.key in SHOWN and measure.breakdown is None
        shown: list[Entry] = []
        hidden: list[Entry] = []
        if overview and (day is None or not released):
            # January (nothing to compare yet, the page says so) or not asked for
            comparison.has_data = day is None and any(
                sums.get((measure.choice, m), [0, 0]) != [0, 0] for m in users
            )
        for municipality in users if not overview or (day is not None and released) else ():
            own = municipality == municipality_id
            if overview:
                count = exact_totals[municipality][measure.key]
                comparison.has_data = comparison.has_data or count != 0
                kept = shown_totals[municipality][measure.key]
                figure = Entry(
                    municipality, "", own, None if kept is None else float(kept), kept, None
                )
            else:
                n, d = sums.get((measure.choice, municipality), [0, 0])
                comparison.has_data = comparison.has_data or (n, d) != (0, 0)
                figure = _shown(n, d, percent=measure.percent, exact=own and own_exact)
            entry = Entry(
                municipality,
                names.get(municipality, ""),
                own,
                figure.value,
                figure.numerator,
                figure.denominator,
            )
            (shown if entry.shown else hidden).append(entry)
        shown.sort(key=lambda e: (-(e.value or 0.0), e.name))
        hidden.sort(key=lambda e: e.name)
        comparison.entries = shown + hidden
        comparison.overview_total = overview
        comparison.counted_to = day if overview else None
        by_measure[measure.choice] = comparison
    return Comparison(year, municipality_id, own_exact, by_measure)


# --- the document --------------------------------------------------------------------------


def _rank_text(comparison: MeasureComparison, municipality_name: str) -> str:
    rank = comparison.rank
    count = len(comparison.ranked)
    if rank is None:
        text = _(
            "%(municipality)s's own value cannot be shown (too few persons), so it is not "
            "ranked; %(count)s municipalities are."
        ) % {"municipality": municipality_name, "count": count}
    else:
        text = _(
            "%(municipality)s is number %(rank)s of the %(count)s municipalities ranked, "
            "from the highest value."
        ) % {"municipality": municipality_name, "rank": rank, "count": count}
    if comparison.unranked and comparison.overview_total:
        text += " " + _(
            "%(unranked)s municipalities could not be ranked: their value cannot be shown "
            "(too few persons, or a count of fewer than 5 persons could be worked out from "
            "it)."
        ) % {"unranked": comparison.unranked}
    elif comparison.unranked:
        text += " " + _(
            "%(unranked)s municipalities could not be ranked: their value cannot be shown "
            "(too few persons)."
        ) % {"unranked": comparison.unranked}
    return text


def _hidden() -> Hidden:
    return Hidden(_("hidden"))


def _or_hidden(value: float | int | None) -> CellValue:
    return _hidden() if value is None else value


def _spread(dist: Distribution | None) -> list[CellValue]:
    if dist is None:
        return [None] * 5
    return [dist.minimum, dist.lower_quartile, dist.median, dist.upper_quartile, dist.maximum]


def _summary_table(comparisons: list[MeasureComparison], *, percent: bool, caption: str) -> Table:
    kind: ColumnKind = "percent" if percent else "number"
    decimals = 1 if percent else 0
    rows: list[list[CellValue]] = []
    for c in comparisons:
        own = c.own
        dist = c.distribution
        rank = c.rank
        rows.append(
            [
                c.measure.label,
                # an overview total in January: nothing counted yet, not hidden
                None
                if c.overview_total and c.counted_to is None
                else _or_hidden(own.value if own else None),
                (
                    _("%(rank)s of %(count)s") % {"rank": rank, "count": len(c.ranked)}
                    if rank is not None
                    else _("not ranked")
                ),
                c.unranked,
                *_spread(dist),
            ]
        )
    return Table(
        caption=caption,
        columns=[
            Column(_("Indicator")),
            Column(_("Own value"), kind, decimals),
            Column(_("Rank")),
            Column(_("Not ranked"), "count"),
            Column(_("Lowest"), kind, decimals),
            Column(_("Lower quartile"), kind, decimals),
            Column(_("Median"), kind, decimals),
            Column(_("Upper quartile"), kind, decimals),
            Column(_("Highest"), kind, decimals),
        ],
        rows=rows,
    )


def _counted_to_text(day: date | None, year: int) -> str:
    if day is None:
        return _(
            "No month of %(year)s has ended yet. Arrivals, the education of arrivals and "
            "permanent placements are compared up to the end of a month, as in the monthly "
            "overview; the first is ready when January has ended."
        ) % {"year": year}
    return _(
        "Counted up to and including %(month)s, as in the monthly overview. Other "
        "municipalities' figures are shown as their monthly overview's disclosure control "
        "decides: a total can be hidden so that a count of fewer than 5 persons cannot be "
        "worked out from it together with the overviews already shown."
    ) % {"month": date_format(date(day.year, day.month, 1), "F Y")}


def _detail_section(comparison: MeasureComparison, municipality_name: str, year: int) -> Section:
    measure = comparison.measure
    kind: ColumnKind = "percent" if measure.percent else "count"
    decimals = 1 if measure.percent else 0
    dist = comparison.distribution
    blocks: list[Block] = [Paragraph(_rank_text(comparison, municipality_name))]
    if comparison.overview_total:
        blocks.insert(0, Paragraph(_counted_to_text(comparison.counted_to, year)))
    if dist is not None:
        blocks.append(
            Table(
                caption=_("Distribution over the municipalities ranked"),
                columns=[Column(_("Statistic")), Column(_("Value"), kind, decimals)],
                rows=[
                    [_("Lowest"), dist.minimum],
                    [_("Lower quartile"), dist.lower_quartile],
                    [_("Median"), dist.median],
                    [_("Upper quartile"), dist.upper_quartile],
                    [_("Highest"), dist.maximum],
                ],
            )
        )
        ranked = comparison.ranked
        blocks.append(
            Chart(
                title=measure.label,
                x_label=_("Municipalities by rank, from the highest value"),
                y_label=_("Share") if measure.percent else _("Number"),
                unit="%" if measure.percent else _("persons"),
                categories=[str(i) for i in range(1, len(ranked) + 1)],
                series=[
                    Series(_("Other municipalities"), [None if e.own else e.value for e in ranked]),
                    Series(municipality_name, [e.value if e.own else None for e in ranked]),
                ],
                kind="bar",
                decimals=decimals,
            )
        )
    columns = [Column(_("Rank")), Column(_("Municipality")), Column(_("Value"), kind, decimals)]
    if measure.percent:
        columns += [Column(_("Numerator"), "count"), Column(_("Denominator"), "count")]
    rows: list[list[CellValue]] = []
    for position, entry in enumerate(comparison.entries, start=1):
        rank_label = str(position) if entry.shown else "\u2013"
        if entry.shown and entry.value is not None:
            # ties share the rank of the first of them
            rank_label = str(
                1
                + sum(1 for e in comparison.ranked if e.value is not None and e.value > entry.value)
            )
        row: list[CellValue] = [rank_label, entry.name, _or_hidden(entry.value)]
        if measure.percent:
            row += [_or_hidden(entry.numerator), _or_hidden(entry.denominator)]
        rows.append(row)
    own_rows = frozenset(i for i, e in enumerate(comparison.entries) if e.own)
    blocks.append(
        Table(
            caption=_("%(indicator)s by municipality") % {"indicator": measure.label},
            columns=columns,
            rows=rows,
            emphasised_rows=own_rows,
        )
    )
    return Section(measure.label, blocks)


def comparison_document(
    comparison: Comparison, *, choice: str | None, municipality_name: str, as_of: datetime
) -> Document:
    notes = [
        _(
            "Other municipalities' figures are disclosure-controlled: a share is shown only "
            "where at least 20 persons are counted and neither those in it nor those outside "
            "it are 1-4 persons; counts of 1-4 persons are hidden. The rank and the "
            "distribution are over the values that can be shown."
        ),
        _(
            "Not compared: the median time to the first ordinary job (a median per "
            "municipality needs the persons' own figures)."
        ),
    ]
    overview = [c for c in comparison.by_measure.values() if c.overview_total]
    if overview and choice is None:  # a chosen overview total says it in its section
        notes.append(_counted_to_text(overview[0].counted_to, comparison.year))
    if comparison.own_exact:
        notes.append(_("The own municipality's figures are exact (for its staff)."))
    else:
        notes.append(_("The own municipality's figures are disclosure-controlled too."))
    if choice is None:
        chosen = list(comparison.by_measure.values())
        sections = [
            Section(
                _("All indicators"),
                [
                    _summary_table(
                        [c for c in chosen if c.measure.percent],
                        percent=True,
                        caption=_("Shares, per cent"),
                    ),
                    _summary_table(
                        [c for c in chosen if not c.measure.percent],
                        percent=False,
                        caption=_("Counts of persons"),
                    ),
                ],
            )
        ]
    else:
        sections = [
            _detail_section(comparison.by_measure[choice], municipality_name, comparison.year)
        ]
    return Document(
        title=_("National comparison %(year)s") % {"year": comparison.year},
        subtitle=_("%(municipality)s against the other municipalities")
        % {"municipality": municipality_name},
        issuer=municipality_name,
        data_as_of=as_of,
        notes=notes,
        sections=sections,
    )
