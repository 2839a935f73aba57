# SPDX-License-Identifier: MPL-2.0
"""The committee follow-up report of a policy version (issue 4; docs/adr/0028).

Cover data, then per focus area: its objectives, each target with its indicator, baseline,
value expected now, current value, deadline and status against the trajectory, a trend
chart since the period began with the trajectory dashed, and the focus area's initiatives
with owner, dates, status and progress (computed where it can be, progress.py).

Two audiences: the municipality's staff read exact figures; a politician reads the report
disclosure-controlled (ADR 0022): a share only where its denominator is at least 20 and
neither it nor its remainder is 1-4 persons, a median only of at least 20 measures, and a
count of events (arrivals, education of arrivals, placements) for whole calendar years
only, as the monthly overview's cells they are, protected with its series (ADR 0052:
year_counts_release.py; two overlapping windows would give a single month away, and a
window across two years the halves of the overview's years).
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from helhed.core.indicator_keys import BY_KEY
from helhed.indicators.definitions import DEFINITIONS
from helhed.indicators.definitions.base import Month, month_of, month_start
from helhed.indicators.disclosure import (
    SMALLEST_DENOMINATOR,
    SMALLEST_PUBLISHED,
    ProtectedCell,
    Reason,
    protect_rate,
)
from helhed.indicators.measurement import (
    Measurement,
    TargetMeasure,
    counts_events,
    measure_targets,
)
from helhed.indicators.progress import Progress, initiatives_progress
from helhed.indicators.reports.year_counts_release import (
    baseline_month,
    measured_year_counts,
    released_year_counts,
    shown_count,
    whole_years_note,
    year_points,
)
from helhed.indicators.selectors import STATUS_LABELS, TargetStatus
from helhed.policies.models import Initiative, Objective, PolicyVersion, Target
from helhed.policies.selectors import VersionPlan, version_plan
from helhed.reports.document import (
    Chart,
    Column,
    Document,
    Hidden,
    Paragraph,
    Section,
    Series,
    Table,
    Terms,
    Value,
)

# more months than this and the trend is shown by quarter
MONTHLY_UP_TO = 36
CANNOT_MEASURE = "cannot_measure"
HIDDEN_STATUS = "hidden"


@dataclass(frozen=True)
class Audience:
    """Who the report is for: `exact` for the municipality's staff; otherwise every figure
    is disclosure-controlled. `years`: the counts of events of whole years as released with
    the overview's series, by (indicator key, year); None where hidden."""

    exact: bool
    years: Mapping[tuple[str, int], int | None] = field(default_factory=dict)

    def shown(self, target: Target, month: Month | None, measurement: Measurement | None) -> Value:
        """The target's value at `month` as this audience reads it."""
        if self.exact or not _is_event_count(target):
            return self.value(measurement)
        value = None if measurement is None else measurement.value
        return shown_count(self.years, target.indicator_key, month, value)

    def value(self, measurement: Measurement | None) -> Value:
        if measurement is None or measurement.value is None:
            return None
        if self.exact:
            return measurement.value
        if measurement.unit == "percent":
            rate = protect_rate(measurement.numerator, measurement.denominator)
            if rate.rate is None:
                return Hidden(_short(rate.reason))
            return float(rate.rate * 100)
        if measurement.unit == "days":
            if measurement.denominator < SMALLEST_DENOMINATOR:
                return Hidden(_short(Reason.SMALL_DENOMINATOR))
            return measurement.value
        if 0 < measurement.numerator < SMALLEST_PUBLISHED:
            return Hidden(_short(Reason.PRIMARY))
        return measurement.value

    def publishable(self, measurement: Measurement | None) -> bool:
        return not isinstance(self.value(measurement), Hidden)


def _short(reason: Reason | None) -> str:
    return ProtectedCell(None, reason or Reason.PRIMARY).label


def _unit_symbol(unit: str) -> str:
    return {"percent": "%", "persons": _("persons"), "days": _("days")}.get(unit, unit)


# 'jan. 2026' per language and month: every chart and its table label the same months, and
# date_format is slow beside the rest of building the report
_MONTH_LABELS: dict[tuple[str | None, Month], str] = {}


def _month_label(month: Month) -> str:
    key = (get_language(), month)
    label = _MONTH_LABELS.get(key)
    if label is None:
        label = _MONTH_LABELS[key] = date_format(month_start(month), "b Y")
    return label


def _status_label(measure: TargetMeasure) -> str:
    if not measure.measurable:
        return pgettext("follow-up report", "Cannot be measured")
    return str(STATUS_LABELS[measure.status])


def _status_hidden(measure: TargetMeasure, audience: Audience) -> bool:
    """A status compares the current value with the value expected from the baseline, so
    beside either hidden it would narrow the hidden one down to a band of a few persons:
    it is hidden with them (as the published target status does)."""
    if audience.exact or not measure.measurable:
        return False
    current = audience.shown(measure.target, measure.current_month, measure.current)
    return isinstance(current, Hidden) or not _baseline_shown(measure, audience)


def _shown_status(measure: TargetMeasure, audience: Audience) -> Value:
    if _status_hidden(measure, audience):
        return Hidden(_short(Reason.PRIMARY))
    return _status_label(measure)


def _target_text(target: Target) -> str:
    return f"{target.description} ({target.get_comparator_display()} {target.value_label})"


def _indicator_text(target: Target) -> str:
    indicator = BY_KEY.get(target.indicator_key)
    if indicator is None:
        return target.indicator_key
    return f"{indicator.label} ({_unit_symbol(indicator.unit)})"


def _is_event_count(target: Target) -> bool:
    return counts_events(target.indicator_key)


def _trend_points(measure: TargetMeasure, audience: Audience) -> list[int]:
    """Which of the trend's months the chart shows (indices into `measure.months`)."""
    count = len(measure.months)
    if not count:
        return []
    if not audience.exact and _is_event_count(measure.target):
        # whole calendar years: they overlap neither each other nor the baseline's year
        return year_points(measure)
    if count <= MONTHLY_UP_TO:
        return list(range(count))
    # by quarter: the last month of each quarter, and the latest month
    points = [i for i, m in enumerate(measure.months) if m % 3 == 2]
    if points[-1:] != [count - 1]:
        points.append(count - 1)
    return points


def _baseline_shown(measure: TargetMeasure, audience: Audience) -> bool:
    """Whether the baseline is shown: the trajectory and the value expected now are worked
    out from it, so they are shown only with it."""
    value = audience.shown(measure.target, baseline_month(measure), measure.baseline)
    return not isinstance(value, Hidden)


def _chart(measure: TargetMeasure, audience: Audience) -> Chart | None:
    if not measure.measurable or not measure.months:
        return None
    target = measure.target
    indicator = BY_KEY[target.indicator_key]
    points = _trend_points(measure, audience)
    if not points:
        return None

    def plotted(value: Value) -> float | None:
        return None if value is None or isinstance(value, Hidden | str) else float(value)

    values = [plotted(audience.shown(target, measure.months[i], measure.trend[i])) for i in points]
    trajectory = [measure.trajectory[i] for i in points]
    if not _baseline_shown(measure, audience):
        trajectory = [None for _i in points]
    series = [Series(str(indicator.label), values)]
    if any(v is not None for v in trajectory):
        series.append(Series(_("Trajectory to the target"), trajectory, reference=True))
    window = DEFINITIONS[target.indicator_key].kind == "event"
    x_label = _("Month (the twelve months up to it)") if window else _("Month")
    return Chart(
        title=_("%(indicator)s since %(start)s")
        % {
            "indicator": indicator.label,
            "start": _month_label(measure.months[0]),
        },
        x_label=x_label,
        y_label=str(indicator.label),
        unit=_unit_symbol(indicator.unit),
        categories=[_month_label(measure.months[i]) for i in points],
        series=series,
        decimals=1 if indicator.unit != "persons" else 0,
    )


def _targets_table(
    objective: Objective, measures: list[TargetMeasure], audience: Audience
) -> Table:
    rows: list[list[Value]] = []
    for m in measures:
        deadline = m.target.deadline
        rows.append(
            [
                _target_text(m.target),
                _indicator_text(m.target),
                audience.shown(m.target, baseline_month(m), m.baseline),
                (
                    m.expected
                    if _baseline_shown(m, audience)
                    else (Hidden(_short(Reason.PRIMARY)) if m.expected is not None else None)
                ),
                audience.shown(m.target, m.current_month, m.current),
                date_format(deadline, "SHORT_DATE_FORMAT")
                if deadline
                else pgettext("follow-up report", "none"),
                _shown_status(m, audience),
            ]
        )
    return Table(
        caption=_("Targets of the objective “%(objective)s”") % {"objective": objective.text},
        columns=[
            Column(_("Target")),
            Column(_("Indicator")),
            Column(_("Baseline"), "number", 1),
            Column(_("Expected now"), "number", 1),
            Column(_("Current value"), "number", 1),
            Column(_("Deadline")),
            Column(_("Status")),
        ],
        rows=rows,
        footnotes=[
            _(
                "Baseline: the month before the policy's period starts. Expected now: the "
                "value on the straight line from the baseline to the target at its deadline."
            ),
            *(
                [whole_years_note()]
                if not audience.exact and any(_is_event_count(m.target) for m in measures)
                else []
            ),
        ],
    )


def _progress_cell(progress: Progress, audience: Audience) -> tuple[Value, str]:
    if not audience.exact and progress.source == "computed":
        hidden = progress.has_small_count or any(
            p.target_measure is not None
            and p.share is not None
            and (
                isinstance(
                    audience.shown(
                        p.target_measure.target,
                        p.target_measure.current_month,
                        p.target_measure.current,
                    ),
                    Hidden,
                )
                or not _baseline_shown(p.target_measure, audience)
            )
            for p in progress.parts
        )
        if hidden:
            return Hidden(_short(Reason.PRIMARY)), _(
                "Computed from linked targets and interventions; not shown, since it would "
                "give a number of fewer than 5 persons away."
            )
    return progress.percent, progress.explanation


def _initiatives_table(
    initiatives: list[Initiative], progress: dict[uuid.UUID, Progress], audience: Audience
) -> Table:
    rows: list[list[Value]] = []
    for i in initiatives:
        value, source = _progress_cell(progress[i.id], audience)
        rows.append(
            [
                i.title,
                i.owner_department.name if i.owner_department else "",
                date_format(i.start_date, "SHORT_DATE_FORMAT") if i.start_date else "",
                date_format(i.end_date, "SHORT_DATE_FORMAT") if i.end_date else "",
                i.budget,
                i.get_status_display(),
                value,
                source,
            ]
        )
    return Table(
        caption=_("Initiatives"),
        columns=[
            Column(_("Initiative")),
            Column(_("Owner department")),
            Column(_("Start")),
            Column(pgettext("follow-up report", "End")),
            Column(_("Budget (DKK)"), "number"),
            Column(_("Status")),
            Column(_("Progress"), "percent"),
            Column(_("Where the progress comes from")),
        ],
        rows=rows,
    )


def _objective_section(
    objective: Objective, measures: dict[uuid.UUID, TargetMeasure], audience: Audience
) -> Section:
    mine = [measures[t.id] for t in objective.targets.all()]
    blocks: list[Paragraph | Table | Chart | Terms] = []
    if not mine:
        blocks.append(Paragraph(_("The objective has no measurable target.")))
        return Section(objective.text, blocks)
    blocks.append(_targets_table(objective, mine, audience))
    for m in mine:
        if not m.measurable:
            blocks.append(
                Paragraph(
                    _("“%(target)s” cannot be measured: %(reason)s")
                    % {"target": m.target.description, "reason": m.problem}
                )
            )
            continue
        chart = _chart(m, audience)
        if chart is None and not audience.exact and m.current is None and _is_event_count(m.target):
            blocks.append(
                Paragraph(
                    _(
                        "“%(target)s”: shown for whole calendar years, and no year of the "
                        "policy's period has ended yet, or by the target's deadline."
                    )
                    % {"target": m.target.description}
                )
            )
        elif chart is None:
            blocks.append(
                Paragraph(
                    _("“%(target)s”: the policy's period has not started, so there is no trend.")
                    % {"target": m.target.description}
                )
            )
        else:
            blocks.append(chart)
    return Section(objective.text, blocks)


def _summary(measures: list[TargetMeasure], audience: Audience) -> Table:
    counts = {
        TargetStatus.ON_TRACK: 0,
        TargetStatus.AT_RISK: 0,
        TargetStatus.OFF_TRACK: 0,
        TargetStatus.NO_DATA: 0,
        CANNOT_MEASURE: 0,
    }
    if not audience.exact:
        counts[HIDDEN_STATUS] = 0
    for m in measures:
        if _status_hidden(m, audience):
            counts[HIDDEN_STATUS] += 1
        else:
            counts[m.status if m.measurable else CANNOT_MEASURE] += 1
    labels = {
        **{k: str(v) for k, v in STATUS_LABELS.items()},
        CANNOT_MEASURE: pgettext("follow-up report", "Cannot be measured"),
        HIDDEN_STATUS: _("Hidden with a hidden figure"),
    }
    return Table(
        caption=_("The targets by status"),
        columns=[Column(_("Status")), Column(pgettext("follow-up report", "Targets"), "count")],
        rows=[[labels[k], v] for k, v in counts.items()],
    )


def follow_up_document(
    *,
    version: PolicyVersion,
    exact: bool,
    today: date | None = None,
    now: datetime | None = None,
    plan: VersionPlan | None = None,
) -> Document:
    """The follow-up report of `version` for the municipality's staff (`exact`) or for
    its politicians (disclosure-controlled). `plan`: the version's parts, if already read
    (follow_up_cache.py keeps them while the policy does not change)."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    content = plan or version_plan(version=version)
    targets = content.targets
    measures = measure_targets(targets, version=version, today=today, whole_years=not exact)
    initiatives = [i for area in content.focus_areas for i in area.initiatives]
    progress = initiatives_progress(
        initiatives, version=version, today=today, whole_years=not exact
    )
    municipality = version.policy.municipality
    years = {} if exact else measured_year_counts(measures.values(), trend=True)
    audience = Audience(
        exact=exact, years=released_year_counts(municipality, years) if years else {}
    )
    last = month_of(today) - 1

    cover = Terms(
        [
            (_("Municipality"), municipality.name),
            (pgettext("follow-up report", "Policy"), f"{version.title} {version.period_label}"),
            (_("Period"), version.period_label),
            (
                _("Version"),
                _("version %(number)s, %(status)s")
                % {"number": version.number, "status": version.get_status_display()},
            ),
            (
                pgettext("follow-up report", "Adopted on"),
                date_format(version.adopted_on, "j. F Y")
                if version.adopted_on
                else pgettext("follow-up report", "not stated"),
            ),
            (_("Figures up to and including"), date_format(month_start(last), "F Y")),
            (
                pgettext("follow-up report", "Figures"),
                _("exact, for the municipality's staff")
                if exact
                else _(
                    "disclosure-controlled: shares only of at least 20 persons, numbers of "
                    "1-4 persons hidden"
                ),
            ),
        ]
    )
    sections = [
        Section(
            pgettext("follow-up report", "About the report"),
            [
                cover,
                Paragraph(
                    _(
                        "Each target is measured from the registry and compared with the "
                        "straight line from its baseline to its value at the deadline: on track "
                        "on or past the line, at risk within a tenth of the distance short of "
                        "it, off track further short. An initiative's progress is computed from "
                        "the targets and interventions linked to it wherever it can be; "
                        "otherwise it is the latest figure set by hand, with its reason."
                    )
                ),
                _summary(list(measures.values()), audience),
            ],
        )
    ]
    if content.strategic_objectives:
        sections.append(
            Section(
                pgettext("follow-up report", "Overall objectives"),
                sections=[
                    _objective_section(o, measures, audience) for o in content.strategic_objectives
                ],
            )
        )
    for area in content.focus_areas:
        blocks: list[Paragraph | Table | Chart | Terms] = []
        if area.area.description:
            blocks.append(Paragraph(area.area.description))
        children = [_objective_section(o, measures, audience) for o in area.objectives]
        if not area.objectives:
            blocks.append(Paragraph(_("The focus area has no objectives.")))
        if area.initiatives:
            initiatives_section = Section(
                _("Initiatives"), [_initiatives_table(area.initiatives, progress, audience)]
            )
        else:
            initiatives_section = Section(
                _("Initiatives"), [Paragraph(_("The focus area has no initiatives."))]
            )
        sections.append(Section(area.area.title, blocks, [*children, initiatives_section]))
    notes = [
        _("Indicators are computed by Helhed from the municipality's registry and plans."),
    ]
    if not exact:
        notes.append(
            _(
                "“hidden”: fewer than 5 persons, or hidden so that a number under 5 cannot be "
                "worked out. “too few”: too few persons to calculate a share."
            )
        )
    return Document(
        title=_("Follow-up report: %(title)s") % {"title": version.title},
        subtitle=f"{version.title} {version.period_label}",
        issuer=municipality.name,
        data_as_of=now,
        sections=sections,
        notes=notes,
    )
