# SPDX-License-Identifier: MPL-2.0
"""An indicator's value month by month with the counts behind it, and a target measured
against its trajectory: what the follow-up report and initiative progress read.

The value at a month is the one `selectors.target_statuses` uses: a stock indicator's value
at the month, an event indicator's over the twelve months up to it. Each value keeps its
counts (numerator and denominator, or the number of measures behind a median), so that the
report can apply disclosure control for the audiences outside the staff. The municipality's
aggregates are read once (`IndicatorHistory`), however many targets and months are asked.
"""

import bisect
import statistics
import uuid
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from helhed.core.indicator_keys import BY_KEY
from helhed.indicators.definitions import DEFINITIONS, first_job
from helhed.indicators.definitions.base import Month, month_of, month_start
from helhed.indicators.models import IndicatorFact
from helhed.indicators.selectors import TargetStatus, running_series, trajectory_status
from helhed.policies.models import PolicyVersion, Target

WINDOW = 12  # months an event indicator is counted over


@dataclass(frozen=True)
class Measurement:
    """An indicator's value at a month and what it is made of. `numerator`/`denominator`:
    persons (a share); `numerator` alone: a count of persons; `denominator` of a median:
    the number of measures it is the median of."""

    unit: str
    value: float | None
    numerator: int
    denominator: int


class IndicatorHistory:
    """A municipality's indicator aggregates up to a month (of the indicator `keys` only,
    if given: those a caller asks `at`), read in two queries."""

    def __init__(
        self, *, municipality_id: uuid.UUID, until: Month, keys: Collection[str] | None = None
    ) -> None:
        self.until = until
        self._keys = None if keys is None else frozenset(keys)
        # per key, each breakdown's months of change and running counts, for bisection
        # (selectors.running_series: one plain read, without the ORM's per-row conversions)
        self._by_key: dict[str, list[tuple[list[Month], list[tuple[int, int]]]]] = defaultdict(list)
        for (key, _breakdown), runs in running_series(municipality_id, until, keys=keys).items():
            self._by_key[key].append((list(runs), list(runs.values())))
        self._totals: dict[tuple[str, Month], tuple[int, int, bool]] = {}
        self._windows: dict[tuple[str, Month, int], tuple[int, int, bool]] = {}
        self._first_jobs: list[tuple[Month, int]] | None = None
        self._municipality_id = municipality_id

    def _total_at(self, key: str, month: Month) -> tuple[int, int, bool]:
        """The key's running numerator and denominator at `month` over its breakdowns, and
        whether any breakdown had a change by then."""
        cached = self._totals.get((key, month))
        if cached is None:
            numerator = denominator = 0
            seen = False
            for months, counts in self._by_key.get(key, []):
                index = bisect.bisect_right(months, month)
                if index:
                    seen = True
                    numerator += counts[index - 1][0]
                    denominator += counts[index - 1][1]
            cached = self._totals[(key, month)] = (numerator, denominator, seen)
        return cached

    def _medians_input(self) -> list[tuple[Month, int]]:
        if self._first_jobs is None:
            self._first_jobs = [
                (month_of(first), measure)
                for first, measure in IndicatorFact.objects.filter(
                    municipality_id=self._municipality_id,
                    key=first_job.KEY,
                    measure__isnull=False,
                    first_month__lte=month_start(self.until),
                ).values_list("first_month", "measure")
                if measure is not None
            ]
        return self._first_jobs

    def at(self, key: str, month: Month) -> Measurement:
        """The indicator's value at `month` (over the twelve months up to it for an event)."""
        if self._keys is not None and key not in self._keys:
            raise KeyError(f"{key} was not read")  # not silently none: a caller's mistake
        definition = DEFINITIONS[key]
        unit = BY_KEY[key].unit
        span = list(range(month - WINDOW + 1, month + 1)) if definition.kind == "event" else [month]
        if unit == "days":
            measures = [m for first, m in self._medians_input() if span[0] <= first <= span[-1]]
            median = float(statistics.median(measures)) if measures else None
            return Measurement(unit, median, 0, len(measures))
        numerator, denominator, seen = self._span_total(key, span)
        if unit == "percent":
            value = 100 * numerator / denominator if denominator else None
        else:
            value = float(numerator) if seen else None
        return Measurement(unit, value, numerator, denominator)

    def _span_total(self, key: str, span: list[Month]) -> tuple[int, int, bool]:
        """The sums of the key's running counts over `span`, and whether its last month had
        a change by then. A trend asks the twelve-month windows month after month: a
        window is the one before it with its new month added and its oldest taken off
        (whole numbers, so exactly the sums of its months)."""
        month = span[-1]
        if len(span) == 1:
            return self._total_at(key, month)
        cached = self._windows.get((key, month, len(span)))
        if cached is not None:
            return cached
        before = self._windows.get((key, month - 1, len(span)))
        last = self._total_at(key, month)
        if before is None:
            totals = [self._total_at(key, m) for m in span]
            numerator = sum(t[0] for t in totals)
            denominator = sum(t[1] for t in totals)
        else:
            oldest = self._total_at(key, month - len(span))
            numerator = before[0] + last[0] - oldest[0]
            denominator = before[1] + last[1] - oldest[1]
        found = self._windows[(key, month, len(span))] = (numerator, denominator, last[2])
        return found


@dataclass(frozen=True)
class TargetMeasure:
    """A target against its trajectory; `problem` says why it cannot be measured."""

    target: Target
    problem: str = ""
    status: str = TargetStatus.NO_DATA
    baseline: Measurement | None = None
    current: Measurement | None = None
    expected: float | None = None
    start: date | None = None
    # the month the current value is of: the last month ended, or the deadline's month
    current_month: Month | None = None
    # the months of the trend since the period began, with the indicator's value and
    # the trajectory's value at each
    months: tuple[Month, ...] = ()
    trend: tuple[Measurement, ...] = ()
    trajectory: tuple[float | None, ...] = ()

    @property
    def measurable(self) -> bool:
        return not self.problem

    @property
    def share_done(self) -> float | None:
        """The share of the way from the baseline to the target value (0-1), when known."""
        if not self.measurable or self.current is None or self.current.value is None:
            return None
        if self.baseline is None or self.baseline.value is None:
            return None
        goal = float(Decimal(self.target.value))
        distance = goal - self.baseline.value
        if abs(distance) < 1e-9:
            return 1.0 if abs(self.current.value - goal) < 1e-9 else 0.0
        return min(max((self.current.value - self.baseline.value) / distance, 0.0), 1.0)


def period_start(version: PolicyVersion) -> date:
    return date(version.period_start, 1, 1)


def counts_events(key: str) -> bool:
    """Whether the indicator is a count of events (persons, not a share or a median)."""
    definition = DEFINITIONS.get(key)
    indicator = BY_KEY.get(key)
    return (
        definition is not None
        and indicator is not None
        and definition.kind == "event"
        and indicator.unit not in ("percent", "days")
    )


def year_end(month: Month) -> Month:
    """The last December at or before ``month``."""
    return month - (month % 12 + 1) % 12


def measure_target(
    target: Target,
    *,
    version: PolicyVersion,
    history: IndicatorHistory,
    today: date,
    whole_years: bool = False,
) -> TargetMeasure:
    """The target's baseline (the month before the period starts), current value (the last
    month ended, or the deadline's month once it has passed), the value expected now on the
    straight line to the deadline, its status, and its trend since the period began.
    ``whole_years``: a count of events is measured as at the end of the last calendar year
    that has ended by then (its twelve months the calendar year); before the period's
    first year has ended it has its baseline only, and no data yet."""
    key = target.indicator_key
    if key not in BY_KEY:
        return TargetMeasure(
            target,
            problem=_("the indicator key “%(key)s” is not one the indicator engine knows.")
            % {"key": key},
        )
    if key not in DEFINITIONS:
        return TargetMeasure(
            target,
            problem=_("the indicator “%(indicator)s” is not computed yet.")
            % {"indicator": BY_KEY[key].label},
        )
    if target.deadline is None:
        return TargetMeasure(
            target, problem=_("the target has no deadline, so it has no trajectory to follow.")
        )
    start = period_start(version)
    last = min(month_of(today) - 1, history.until)
    at = min(last, month_of(target.deadline))
    baseline = history.at(key, month_of(start) - 1)
    if whole_years and counts_events(key):
        at = last = year_end(at)
        if at < month_of(start):
            return TargetMeasure(target, baseline=baseline, start=start)
        today = month_start(at + 1)
    current = history.at(key, at)
    goal = float(Decimal(target.value))
    status, expected = trajectory_status(
        comparator=target.comparator,
        target=goal,
        baseline=baseline.value,
        current=current.value,
        start=start,
        deadline=target.deadline,
        today=today,
    )
    months = tuple(range(month_of(start), last + 1))
    trend = tuple(history.at(key, m) for m in months)
    trajectory = tuple(
        _on_line(baseline.value, goal, start=start, deadline=target.deadline, month=m)
        for m in months
    )
    return TargetMeasure(
        target,
        status=status,
        baseline=baseline,
        current=current,
        expected=expected,
        start=start,
        current_month=at,
        months=months,
        trend=trend,
        trajectory=trajectory,
    )


def _on_line(
    baseline: float | None, goal: float, *, start: date, deadline: date, month: Month
) -> float | None:
    """The trajectory's value at the end of `month` (the line from baseline to target)."""
    if baseline is None:
        return None
    end = month_start(month + 1)
    span = (deadline - start).days
    done = 1.0 if span <= 0 else min(max((end - start).days / span, 0.0), 1.0)
    return baseline + done * (goal - baseline)


def measure_targets(
    targets: list[Target], *, version: PolicyVersion, today: date, whole_years: bool = False
) -> dict[uuid.UUID, TargetMeasure]:
    """Every target measured, the municipality's aggregates (of the targets' indicators)
    read once (``whole_years``: as measure_target)."""
    history = IndicatorHistory(
        municipality_id=version.policy.municipality_id,
        until=month_of(today) - 1,
        keys={t.indicator_key for t in targets},
    )
    return {
        t.id: measure_target(
            t, version=version, history=history, today=today, whole_years=whole_years
        )
        for t in targets
    }
