# SPDX-License-Identifier: MPL-2.0
"""The managers' dashboard of a municipality for one month: the key indicators with their
value, every indicator's cells (numerator, denominator, value), the last twelve months of
the five headline indicators as charts, and the policy's targets with their status.

Aggregates only: the persons behind a cell are read by drilldown.py, through the access
layer and audited. For the municipality's staff: counts are not disclosure-controlled
(docs/adr/0022), so this dashboard is not for politicians or the public.

`build_dashboard` returns the numbers (for the page's tiles and its table, whose counts
link to the drill-down) and one Document of the same numbers for the downloads
(docs/adr/0026); the page renders the Document's charts and targets itself.
"""

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from helhed.core.indicator_keys import BY_KEY
from helhed.indicators.definitions import arrivals, mm13, one_month, self_support
from helhed.indicators.definitions.base import Month, month_of, month_start
from helhed.indicators.selectors import (
    Cell,
    IndicatorRow,
    Period,
    PolicyTargets,
    RunningSeries,
    SeriesReader,
    TargetRow,
    indicator_table,
    policy_targets,
    running_series,
    target_months,
    target_statuses,
    value_at,
)
from helhed.reports.document import Chart, Column, Document, Section, Series, Table, Value

# The headline indicators: a tile and a trend chart each, in this order.
HEADLINE_KEYS = (
    self_support.KEY,
    one_month.COMPANY_KEY,
    one_month.DANISH_KEY,
    mm13.KEY,
    arrivals.SOURCE_KEY,
)
TREND_MONTHS = 12


_MONTH_LABELS: dict[tuple[str | None, Month], str] = {}


def month_label(month: Month) -> str:
    """'november 2026' in Danish, 'November 2026' in English (kept per language: each
    dashboard labels the same months, and date_format is slow)."""
    key = (get_language(), month)
    label = _MONTH_LABELS.get(key)
    if label is None:
        label = _MONTH_LABELS[key] = date_format(month_start(month), "F Y")
    return label


def month_code(month: Month) -> str:
    """The month as the drill-down's address writes it: 2026-11."""
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    unit: str
    cell: Cell | None  # None: no value for the month

    @property
    def value(self) -> float | None:
        return self.cell.value if self.cell is not None else None


@dataclass(frozen=True)
class Dashboard:
    month: Month
    tiles: list[Tile]
    rows: list[IndicatorRow]
    targets: list[TargetRow]
    charts: list[Chart]
    document: Document  # everything, for the downloads
    page_document: Document  # the charts and targets, rendered in the page below its table


def _monthly(
    series: RunningSeries, keys: tuple[str, ...], months: list[Month]
) -> dict[str, list[tuple[int, int]]]:
    """Each key's numerator and denominator at each of `months`, summed over its
    breakdowns (an event's running value at a month is that month's count)."""
    found: dict[str, list[tuple[int, int]]] = {}
    for key in keys:
        parts = [changes for (k, _b), changes in series.items() if k == key]
        values = []
        for month in months:
            at = [value_at(changes, month) for changes in parts]
            values.append((sum(v[0] for v in at), sum(v[1] for v in at)))
        found[key] = values
    return found


def _share(numerator: int, denominator: int) -> float | None:
    return 100 * numerator / denominator if denominator else None


def _trend_months(month: Month) -> list[Month]:
    return list(range(month - TREND_MONTHS + 1, month + 1))


def _charts(series: RunningSeries, month: Month) -> list[Chart]:
    months = _trend_months(month)
    values = _monthly(series, HEADLINE_KEYS, months)
    categories = [month_label(m) for m in months]
    charts = []
    for key in HEADLINE_KEYS:
        label = str(BY_KEY[key].label)
        if BY_KEY[key].unit == "percent":
            charts.append(
                Chart(
                    title=label,
                    x_label=_("Month"),
                    y_label=_("Share"),
                    unit="%",
                    categories=categories,
                    series=[Series(_("Share"), [_share(n, d) for n, d in values[key]])],
                    decimals=1,
                )
            )
        else:
            charts.append(
                Chart(
                    title=_("Arrivals per month"),
                    x_label=_("Month"),
                    y_label=_("Persons"),
                    unit=_("persons"),
                    categories=categories,
                    series=[Series(_("Arrivals"), [float(n) for n, _d in values[key]])],
                    kind="bar",
                )
            )
    return charts


def _cell_values(row: IndicatorRow, cell: Cell) -> list[Value]:
    share = cell.value if row.unit == "percent" else None
    median = cell.value if row.unit == "days" else None
    return [cell.numerator, cell.denominator if row.unit != "persons" else None, share, median]


def _cell_columns() -> list[Column]:
    return [
        Column(_("Numerator"), "count"),
        Column(_("Denominator"), "count"),
        Column(_("Share"), "percent", 1),
        Column(_("Median, days"), "number"),
    ]


def _key_figures(tiles: list[Tile], rows: list[IndicatorRow], month: Month) -> Table:
    by_key = {row.key: row for row in rows}
    return Table(
        caption=_("Key figures, %(month)s") % {"month": month_label(month)},
        columns=[Column(_("Indicator")), *_cell_columns()],
        rows=[
            [tile.label, *(_cell_values(by_key[tile.key], tile.cell) if tile.cell else [None] * 4)]
            for tile in tiles
        ],
    )


def _all_cells(rows: list[IndicatorRow], month: Month) -> Table:
    body: list[list[Value]] = []
    emphasised = set()
    for row in rows:
        if not row.computed:
            continue
        cells = [*row.cells, *([row.total] if row.total is not None else [])]
        for cell in cells:
            if cell is row.total:
                emphasised.add(len(body))
            body.append([f"{row.label}: {cell.label}", *_cell_values(row, cell)])
    return Table(
        caption=_("Every indicator, %(month)s") % {"month": month_label(month)},
        columns=[Column(_("Indicator and group")), *_cell_columns()],
        rows=body,
        emphasised_rows=frozenset(emphasised),
        footnotes=[
            _(
                "Stock indicators are counted at the end of the month, events in the month. "
                "Counts of persons for the municipality's staff, not disclosure-controlled."
            )
        ],
    )


def _targets_table(targets: list[TargetRow]) -> Table:
    return Table(
        caption=_("The policy's targets"),
        columns=[
            Column(_("Target")),
            Column(_("Deadline")),
            Column(_("Baseline"), "number", 1),
            Column(_("Expected now"), "number", 1),
            Column(_("Current value"), "number", 1),
            Column(_("Status")),
        ],
        rows=[
            [
                f"{t.target.description} ({t.target.get_comparator_display()} "
                f"{t.target.value_label})",
                date_format(t.target.deadline, "j. F Y"),
                t.baseline,
                t.expected,
                t.current,
                str(t.status_label),
            ]
            for t in targets
        ],
    )


def _read_series(municipality_id: uuid.UUID, until: Month, at: Collection[Month]) -> RunningSeries:
    return running_series(municipality_id, until, at=at)


def build_dashboard(
    *,
    municipality_id: uuid.UUID,
    issuer: str,
    month: Month,
    today: date,
    as_of: datetime | None = None,
    policy: PolicyTargets | None = None,
    read_series: SeriesReader | None = None,
) -> Dashboard:
    """The dashboard for `month` (not after `today`'s month: the registry may hold
    planned ends, as in indicator_table). `policy`: the policy in force and its targets,
    if already read (dashboard_cache.py keeps them while the policy does not change);
    `read_series`: how the running series of the months shown are read (dashboard_cache.py
    keeps them while the registry does not change), running_series by default."""
    year, number = divmod(month, 12)
    period = Period(year, number + 1)
    policy = policy or policy_targets(municipality_id=municipality_id)
    # one read of the series for the month table, the charts and every target, of the
    # months they read only (selectors.running_series)
    months = {
        *period.months(until=month_of(today)),
        *_trend_months(month),
        *target_months(policy, today),
    }
    series = (read_series or _read_series)(municipality_id, month_of(today), months)
    rows = indicator_table(
        municipality_id=municipality_id,
        period=period,
        today=today,
        series=series,
    )
    by_key = {row.key: row for row in rows}
    tiles = [
        Tile(key, str(BY_KEY[key].label), BY_KEY[key].unit, by_key[key].main)
        for key in HEADLINE_KEYS
    ]
    targets = target_statuses(
        municipality_id=municipality_id, today=today, series=series, policy=policy
    )
    charts = _charts(series, month)
    trends = Section(_("The last twelve months"), blocks=list(charts))
    targets_section = Section(
        _("The policy's targets"),
        blocks=[_targets_table(targets)] if targets else [],
    )
    title = _("Dashboard")
    subtitle = month_label(month)
    as_of = as_of or timezone.now()
    document = Document(
        title=title,
        subtitle=subtitle,
        issuer=issuer,
        data_as_of=as_of,
        sections=[
            Section(_("Key figures"), blocks=[_key_figures(tiles, rows, month)]),
            Section(_("Every indicator"), blocks=[_all_cells(rows, month)]),
            trends,
            targets_section,
        ],
        notes=[
            _(
                "The persons behind the numbers are not part of this report: they are shown "
                "only on the page, to those entitled, and every look-up is logged."
            )
        ],
    )
    page_document = Document(
        title=title, subtitle=subtitle, issuer=issuer, sections=[trends, targets_section]
    )
    return Dashboard(month, tiles, rows, targets, charts, document, page_document)


def known_month(month: Month, *, today: date) -> bool:
    """A month the dashboard and its drill-down can show: from 2000 to today's month."""
    return 2000 * 12 <= month <= month_of(today)
