# SPDX-License-Identifier: MPL-2.0
"""Reading the indicators: a municipality's values for a month or a year, and each target
of its policy with its current value and status. Aggregates only: no person is named.

The stored aggregate rows are changes (models.py): a month's numerator and denominator
are the sums of its changes and of every earlier month's. A *stock* indicator's value for
a year is its value at the year's last month (or the latest month, in the current year);
an *event* indicator's is the sum of the year's months. A median is taken over the
measures of the facts counted in the period.
"""

import bisect
import statistics
import uuid
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import F, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhed.citizens.models import ArrivalSource, EducationLevel
from helhed.core.indicator_keys import BY_KEY, INDICATOR_KEYS
from helhed.indicators.definitions import DEFINITIONS, first_job, mm13, placements
from helhed.indicators.definitions.base import Month, month_of, month_start
from helhed.indicators.models import IndicatorFact, IndicatorValue
from helhed.policies.models import Comparator, Objective, PolicyVersion, Status, Target
from helhed.policies.part_reads import attach_targets, parts_of


@dataclass(frozen=True)
class Period:
    """A month (`month` 1-12) or a whole year (`month` None)."""

    year: int
    month: int | None = None

    def months(self, *, until: Month) -> list[Month]:
        first = self.year * 12 + (self.month - 1 if self.month else 0)
        last = self.year * 12 + (self.month - 1 if self.month else 11)
        return list(range(first, min(last, until) + 1))


@dataclass(frozen=True)
class Cell:
    breakdown: str
    label: str
    numerator: int
    denominator: int
    unit: str
    median: float | None = None

    @property
    def value(self) -> float | None:
        if self.unit == "percent":
            return 100 * self.numerator / self.denominator if self.denominator else None
        if self.unit == "days":
            return self.median
        return float(self.numerator)


@dataclass
class IndicatorRow:
    key: str
    label: Promise
    unit: str
    computed: bool
    cells: list[Cell] = field(default_factory=list)
    total: Cell | None = None

    @property
    def span(self) -> int:
        """The table rows the indicator takes: its cells and its total."""
        return len(self.cells) + (1 if self.total is not None else 0)

    @property
    def main(self) -> Cell | None:
        """The one number of the indicator: the total, or the one cell without breakdown."""
        if self.total is not None:
            return self.total
        return next((c for c in self.cells if c.breakdown == ""), None)


def breakdown_label(key: str, breakdown: str) -> str:
    if breakdown == "":
        return _("All")
    if key == "arrivals_by_source" and breakdown in ArrivalSource.values:
        return str(ArrivalSource(breakdown).label)
    if key == "education_level_of_arrivals" and breakdown in EducationLevel.values:
        return str(EducationLevel(breakdown).label)
    if key == placements.KEY and "|" in breakdown:
        locality, group = breakdown.rsplit("|", 1)
        who = _("adults") if group == placements.ADULTS else _("children")
        return f"{locality}, {who}"
    if key == mm13.KEY:
        return _("%(years)s years of residence") % {"years": breakdown}
    if key == "danish_test_passed":
        return _("within %(years)s years") % {"years": breakdown}
    return breakdown


# (key, breakdown) -> month with a change -> the running (numerator, denominator) then
RunningSeries = dict[tuple[str, str], dict[Month, tuple[int, int]]]
# (municipality, until, the months read) -> their running series (running_series(at=...))
SeriesReader = Callable[[uuid.UUID, Month, Collection[Month]], RunningSeries]


class SampledChanges(dict[Month, tuple[int, int]]):
    """A cell's running values read for some months only (`running_series(at=...)`): the
    changes between those months were summed by the database into one per gap, so the
    value of any other month would be wrong; `value_at` refuses it."""

    def __init__(self, exact: frozenset[Month], until: Month) -> None:
        super().__init__()
        self.exact = exact
        # read up to `until` (a month in `exact`): any later month has its value
        self.until = until

    def reads(self, month: Month) -> bool:
        return month in self.exact or (self.until in self.exact and month >= self.until)


def _runs(months: Collection[Month]) -> list[tuple[Month, Month]]:
    """The months as runs of consecutive ones: (first, last) in order."""
    runs: list[tuple[Month, Month]] = []
    for month in sorted(set(months)):
        if runs and runs[-1][1] == month - 1:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
    return runs


def running_series(
    municipality_id: uuid.UUID,
    until: Month,
    *,
    keys: Collection[str] | None = None,
    at: Collection[Month] | None = None,
) -> RunningSeries:
    """Every (key, breakdown)'s running numerator and denominator at each month with a
    change, up to `until` (of the indicator `keys` only, if given): one plain read of the
    change rows in the unique index's order (a window function in SQL was slower on
    SQLite), summed as they come, without the ORM's per-row conversions. SQLite gives the
    month as its text, 'YYYY-MM-DD' (Django would parse the column into a date per row);
    PostgreSQL's driver gives a date.

    `at`: the only months the caller reads (a later one than `until` reads `until`'s
    value, as in the series of every month). The database then sums
    the changes between them into one change per gap, dated the month before the next
    month read, and returns a few rows per cell instead of every month's since the
    registry began (the dashboard reads a few dozen months of a decade of changes; ADR
    0054). Each cell's changes are then a SampledChanges, exact at those months only."""
    table = IndicatorValue._meta.db_table
    field = IndicatorValue._meta.get_field("municipality")
    day = IndicatorValue._meta.get_field("month")

    def as_db(month: Month) -> Any:
        return day.get_db_prep_value(month_start(month), connection)

    # a month after `until` has the value of `until`, as in the series of every month
    runs = _runs([min(m, until) for m in at]) if at is not None else []
    if at is not None and not runs:
        return defaultdict(dict)
    last_read = runs[-1][1] if runs else until
    params = [field.get_db_prep_value(municipality_id, connection), as_db(last_read)]
    only = ""
    if keys is not None:
        wanted = sorted(set(keys))
        if not wanted:
            return defaultdict(dict)
        only = f" AND key IN ({', '.join(['%s'] * len(wanted))})"
        params += wanted
    month = "+month" if connection.vendor == "sqlite" else "month"  # an expression: no converter
    if runs:
        # the month read or, between the runs read, the month before the next run
        whens, labels = [], []
        for begins, ends in runs:
            whens += ["WHEN month < %s THEN %s", f"WHEN month <= %s THEN {month}"]
            labels += [as_db(begins), as_db(begins - 1), as_db(ends)]
        select = (
            f"SELECT key, breakdown, CASE {' '.join(whens)} END AS sampled,"  # noqa: S608 (model names)
            f" SUM(numerator), SUM(denominator) FROM {table}"
            f" WHERE municipality_id = %s AND month <= %s{only}"
            " GROUP BY key, breakdown, sampled ORDER BY key, breakdown, sampled"
        )
        params = labels + params
    else:
        select = (
            f"SELECT key, breakdown, {month}, numerator, denominator"  # noqa: S608 (model names)
            f" FROM {table} WHERE municipality_id = %s AND month <= %s{only}"
            " ORDER BY key, breakdown, month"
        )
    exact = frozenset(m for begins, ends in runs for m in range(begins, ends + 1))
    series: RunningSeries = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(select, params)
        rows = cursor.fetchall()
    last: tuple[str, str] | None = None
    changes: dict[Month, tuple[int, int]] = {}
    n = d = 0
    numbers: dict[Any, Month] = {}  # a few hundred months over thousands of rows
    for key, breakdown, when, numerator, denominator in rows:
        if last is None or key != last[0] or breakdown != last[1]:
            # the rows come by key and breakdown: a new one starts its running sums
            last = (key, breakdown)
            changes = series[last] = SampledChanges(exact, until) if runs else {}
            n = d = 0
        n += numerator
        d += denominator
        number = numbers.get(when)
        if number is None:
            number = numbers[when] = (
                int(when[:4]) * 12 + int(when[5:7]) - 1
                if isinstance(when, str)
                else when.year * 12 + when.month - 1
            )
        changes[number] = (n, d)
    return series


def value_at(changes: dict[Month, tuple[int, int]], month: Month) -> tuple[int, int]:
    """The running value at `month`: that of the latest change at or before it (the
    changes are filed in month order)."""
    if isinstance(changes, SampledChanges) and not changes.reads(month):
        raise ValueError(f"The series was read for other months than {month}.")
    months = list(changes)
    if months != sorted(months):  # pragma: no cover (a caller's own series, unordered)
        months.sort()
    found = bisect.bisect_right(months, month)
    return changes[months[found - 1]] if found else (0, 0)


def value_in(
    kind: str, changes: dict[Month, tuple[int, int]], months: list[Month]
) -> tuple[int, int]:
    if not months:
        return (0, 0)
    if kind == "stock":
        return value_at(changes, months[-1])
    values = [value_at(changes, m) for m in months]
    return (sum(v[0] for v in values), sum(v[1] for v in values))


def median_days(municipality_id: uuid.UUID, months: list[Month]) -> float | None:
    if not months:
        return None
    measures = [
        m
        for m in IndicatorFact.objects.filter(
            municipality_id=municipality_id,
            key=first_job.KEY,
            first_month__gte=month_start(months[0]),
            first_month__lte=month_start(months[-1]),
            measure__isnull=False,
        ).values_list("measure", flat=True)
        if m is not None
    ]
    return float(statistics.median(measures)) if measures else None


def indicator_table(
    *,
    municipality_id: uuid.UUID,
    period: Period,
    today: date,
    series: RunningSeries | None = None,
) -> list[IndicatorRow]:
    """Every indicator key of the municipality for the period, in the registry's order
    (months after `today`'s are not counted: the registry may hold planned ends).
    `series`: the municipality's running series up to `today`'s month, if already read."""
    until = month_of(today)
    months = period.months(until=until)
    if series is None:
        series = running_series(municipality_id, until)
    by_key: dict[str, list[str]] = defaultdict(list)
    for key, breakdown in series:
        by_key[key].append(breakdown)
    rows = []
    for indicator in INDICATOR_KEYS:
        definition = DEFINITIONS.get(indicator.key)
        row = IndicatorRow(indicator.key, indicator.label, indicator.unit, definition is not None)
        if definition is not None:
            for breakdown in sorted(by_key.get(indicator.key, [])):
                numerator, denominator = value_in(
                    definition.kind, series[(indicator.key, breakdown)], months
                )
                if (numerator, denominator) == (0, 0):
                    continue
                median = (
                    median_days(municipality_id, months) if indicator.key == first_job.KEY else None
                )
                row.cells.append(
                    Cell(
                        breakdown,
                        breakdown_label(indicator.key, breakdown),
                        numerator,
                        denominator,
                        indicator.unit,
                        median,
                    )
                )
            if definition.total and row.cells:
                row.total = Cell(
                    "*",
                    _("Total"),
                    sum(c.numerator for c in row.cells),
                    sum(c.denominator for c in row.cells),
                    indicator.unit,
                )
        rows.append(row)
    return rows


# --- Targets ----------------------------------------------------------------------------


class TargetStatus:
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    UNKNOWN_INDICATOR = "unknown_indicator"


STATUS_LABELS: dict[str, Promise] = {
    TargetStatus.ON_TRACK: gettext_lazy("On track"),
    TargetStatus.AT_RISK: gettext_lazy("At risk"),
    TargetStatus.OFF_TRACK: gettext_lazy("Off track"),
    TargetStatus.NO_DATA: gettext_lazy("No data yet"),
    TargetStatus.UNKNOWN_INDICATOR: gettext_lazy("The indicator is not computed"),
}
# The band below the trajectory that is 'at risk', as a share of the distance from the
# baseline to the target (and at least this share of the target itself).
RISK_BAND = 0.10
MIN_BAND = 0.05


def trajectory_status(
    *,
    comparator: str,
    target: float,
    baseline: float | None,
    current: float | None,
    start: date,
    deadline: date,
    today: date,
) -> tuple[str, float | None]:
    """The status of a target and the value expected today on the straight line from the
    baseline (at `start`) to the target (at `deadline`); docs/adr/0021."""
    if current is None:
        return TargetStatus.NO_DATA, None
    if baseline is None:
        expected = target
    else:
        span = (deadline - start).days
        done = 1.0 if span <= 0 else min(max((today - start).days / span, 0.0), 1.0)
        expected = baseline + done * (target - baseline)
    band = max(
        RISK_BAND * abs(target - (baseline if baseline is not None else target)),
        MIN_BAND * abs(target),
    )
    if comparator == Comparator.AT_LEAST:
        shortfall = max(expected - current, 0.0) if current < target else 0.0
    elif comparator == Comparator.AT_MOST:
        shortfall = max(current - expected, 0.0) if current > target else 0.0
    else:
        # 'exactly': a band either side of the line is on track, the next band at risk
        shortfall = max(abs(current - expected) - band, 0.0)
    if shortfall <= 1e-9:
        return TargetStatus.ON_TRACK, expected
    if shortfall <= band:
        return TargetStatus.AT_RISK, expected
    return TargetStatus.OFF_TRACK, expected


@dataclass(frozen=True)
class TargetRow:
    target: Target
    current: float | None
    baseline: float | None
    expected: float | None
    status: str

    @property
    def status_label(self) -> Promise:
        return STATUS_LABELS[self.status]


def current_value(
    municipality_id: uuid.UUID, series: RunningSeries, key: str, last: Month, months: int
) -> float | None:
    """The indicator's one value: at month `last` for a stock, over the `months` months
    up to `last` for an event. `series` may reach past `last` (a month's value is that of
    its latest change at or before it); a breakdown whose first change is after `last`
    is not counted, so a count with no change by then is None, not 0."""
    definition = DEFINITIONS[key]
    span = list(range(last - months + 1, last + 1)) if definition.kind == "event" else [last]
    unit = BY_KEY[key].unit
    if unit == "days":
        return median_days(municipality_id, span)
    cells = [
        value_in(definition.kind, changes, span)
        for (k, _b), changes in series.items()
        if k == key and changes and min(changes) <= last
    ]
    numerator = sum(c[0] for c in cells)
    denominator = sum(c[1] for c in cells)
    if unit == "percent":
        return 100 * numerator / denominator if denominator else None
    return float(numerator) if cells else None


def _versions_in_force(municipality_id: uuid.UUID) -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.filter(
        policy__municipality_id=municipality_id, status=Status.ADOPTED
    ).order_by(F("period_end").desc(), F("adopted_on").desc(nulls_last=True), F("number").desc())


# the municipality's place among the compiled statement's parameters
_MARKER = uuid.UUID(int=0)


@cache
def _version_in_force_sql(vendor: str) -> tuple[str, tuple[Any, ...]]:
    """The ORM's SQL for the first of `_versions_in_force` and its parameters with a
    marker for the municipality, compiled once per database: the first view after a
    change to the policy spent more time in the ORM's compiler than in the database
    (policies/part_reads.py does the same for a version's parts)."""
    sql, params = _versions_in_force(_MARKER).query.sql_with_params()
    return f"{sql} LIMIT 1", tuple(params)


def current_version(*, municipality_id: uuid.UUID) -> PolicyVersion | None:
    """The municipality's policy in force: of its adopted versions, the one whose period
    reaches furthest (as the public page chooses)."""
    sql, template = _version_in_force_sql(connection.vendor)
    key = PolicyVersion._meta.get_field("policy").target_field  # a UUID key
    marker, value = (key.get_db_prep_value(v, connection) for v in (_MARKER, municipality_id))
    found = list(PolicyVersion.objects.raw(sql, [value if p == marker else p for p in template]))
    return found[0] if found else None


@dataclass(frozen=True)
class PolicyTargets:
    """The municipality's policy in force (None: none adopted) and its targets, each with
    its objective: what `target_statuses` reads of the policy."""

    version: PolicyVersion | None
    targets: list[Target]


def policy_targets(*, municipality_id: uuid.UUID) -> PolicyTargets:
    version = current_version(municipality_id=municipality_id)
    if version is None:
        return PolicyTargets(None, [])
    # in the version's order, each with its objective, by statements compiled once
    targets = parts_of(Target, version)
    attach_targets(parts_of(Objective, version), targets)
    return PolicyTargets(version, targets)


TARGET_MONTHS = 12  # an event indicator's value for a target: the twelve months up to it


def _judged_at(version: PolicyVersion, target: Target, today: date) -> tuple[Month, Month]:
    """The months a target's current value and its baseline are read at: the last month
    ended before `today`, or the deadline's if it has passed (the target is judged by its
    value at the deadline); the month before the policy's period starts."""
    return (
        min(month_of(today) - 1, month_of(target.deadline)),
        month_of(date(version.period_start, 1, 1)) - 1,
    )


def target_months(policy: PolicyTargets, today: date) -> set[Month]:
    """Every month `target_statuses` reads of the series for these targets."""
    months: set[Month] = set()
    if policy.version is None:
        return months
    for target in policy.targets:
        for month in _judged_at(policy.version, target, today):
            months.update(range(month - TARGET_MONTHS + 1, month + 1))
    return months


def target_statuses(
    *,
    municipality_id: uuid.UUID,
    today: date,
    series: RunningSeries | None = None,
    policy: PolicyTargets | None = None,
) -> list[TargetRow]:
    """Each target of the policy in force with its current value and status. Current: the
    last month ended before `today` (an event indicator: the twelve months up to it).
    Baseline: the same measure at the month before the policy's period starts. After the
    deadline, the value at the deadline's month. `series`: the municipality's running
    series already read up to `today`'s month or later (read here otherwise); `policy`:
    the policy in force and its targets, if already read (dashboard_cache.py keeps them)."""
    policy = policy or policy_targets(municipality_id=municipality_id)
    version = policy.version
    if version is None:
        return []
    start = date(version.period_start, 1, 1)
    if series is None:
        series = running_series(municipality_id, month_of(today) - 1)
    rows = []
    for target in policy.targets:
        if target.indicator_key not in DEFINITIONS:
            rows.append(TargetRow(target, None, None, None, TargetStatus.UNKNOWN_INDICATOR))
            continue
        at, before = _judged_at(version, target, today)
        key = target.indicator_key
        current = current_value(municipality_id, series, key, at, TARGET_MONTHS)
        baseline = current_value(municipality_id, series, key, before, TARGET_MONTHS)
        status, expected = trajectory_status(
            comparator=target.comparator,
            target=float(Decimal(target.value)),
            baseline=baseline,
            current=current,
            start=start,
            deadline=target.deadline,
            today=today,
        )
        rows.append(TargetRow(target, current, baseline, expected, status))
    return rows
