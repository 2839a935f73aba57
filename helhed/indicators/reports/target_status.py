# SPDX-License-Identifier: MPL-2.0
"""The report kind "target status": the policy's targets with their baseline, expected
and current value and status (the table of the indicator page, selectors.target_statuses)
as a Document, disclosure-controlled for a committee or the public (ADR 0022, ADR 0030).

Disclosure control, cell by cell (the rows are different indicators, not additive):
- a share: ``protect_rate`` on its numerator and denominator (no share under 20 persons,
  none whose numerator or remainder is 1-4);
- a count of persons: 1-4 is hidden;
- a median number of days: hidden when fewer than 20 persons are behind it;
- a count of events (arrivals, education of arrivals, placements) for whole calendar
  years only, the last that has ended, as the monthly overview's cells they are, protected
  with its series (ADR 0052, year_counts_release.py);
- the expected value is hidden with the baseline (it is worked out from it), and the
  status with either the current value or the baseline (it compares the two).
"""

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhed.core.indicator_keys import BY_KEY
from helhed.indicators.definitions import DEFINITIONS
from helhed.indicators.definitions.base import Month, month_of, month_start
from helhed.indicators.disclosure import (
    SMALLEST_DENOMINATOR,
    ProtectedCell,
    Reason,
    protect_rate,
    protect_table,
)
from helhed.indicators.disclosure import (
    Table as CountTable,
)
from helhed.indicators.measurement import TargetMeasure, counts_events, measure_targets
from helhed.indicators.models import IndicatorFact
from helhed.indicators.reports.kinds import ReportKind
from helhed.indicators.reports.month_params import MonthParamsForm, default_params
from helhed.indicators.reports.year_counts_release import (
    baseline_month,
    measured_year_counts,
    released_year_counts,
    shown_count,
    whole_years_note,
)
from helhed.indicators.selectors import (
    TargetRow,
    current_version,
    running_series,
    target_statuses,
    value_in,
)
from helhed.organisations.models import Municipality
from helhed.reports.document import Column, Document, Hidden, Paragraph, Section, Table, Value

KEY = "target_status"


class TargetStatusForm(MonthParamsForm):
    """The month whose end the figures are taken at (it must have ended)."""


def _counts(municipality_id: uuid.UUID, key: str, at: Month) -> tuple[int, int]:
    """The numerator and denominator behind the indicator's value at month `at` (as
    selectors.current_value takes it: a stock at the month, an event over 12 months)."""
    definition = DEFINITIONS[key]
    span = list(range(at - 11, at + 1)) if definition.kind == "event" else [at]
    if BY_KEY[key].unit == "days":
        persons = IndicatorFact.objects.filter(
            municipality_id=municipality_id,
            key=key,
            first_month__gte=month_start(span[0]),
            first_month__lte=month_start(span[-1]),
            measure__isnull=False,
        ).count()
        return persons, persons
    cells = [
        value_in(definition.kind, changes, span)
        for (k, _b), changes in running_series(municipality_id, at).items()
        if k == key
    ]
    return sum(c[0] for c in cells), sum(c[1] for c in cells)


def _protected(
    municipality_id: uuid.UUID, key: str, at: Month, value: float | None
) -> float | Hidden | None:
    """The value as it may leave the staff."""
    if value is None:
        return None
    numerator, denominator = _counts(municipality_id, key, at)
    unit = BY_KEY[key].unit
    if unit == "percent":
        rate = protect_rate(numerator, denominator)
        if rate.rate is None:
            return Hidden(ProtectedCell(None, rate.reason).label)
        return float(rate.rate * 100)
    if unit == "days":
        if numerator < SMALLEST_DENOMINATOR:
            return Hidden(ProtectedCell(None, Reason.SMALL_DENOMINATOR).label)
        return value
    cell = protect_table(CountTable.one_way(key, {"value": numerator}, with_total=False)).cell(
        "value"
    )
    return Hidden(cell.label) if cell.suppressed else float(numerator)


def _row(
    municipality_id: uuid.UUID,
    row: TargetRow,
    start: date,
    last: Month,
    whole: dict[uuid.UUID, TargetMeasure],
    years: dict[tuple[str, int], int | None],
) -> list[Value]:
    """The target's row; `whole`: the counts of events measured in whole years, `years`:
    their counts as released."""
    target = row.target
    label = f"{target.description} ({target.get_comparator_display()} {target.value_label})"
    deadline = date_format(target.deadline, "j. F Y")
    unit = str(target.get_unit_display())
    if target.indicator_key not in DEFINITIONS:
        return [label, deadline, unit, None, None, None, str(row.status_label)]
    at = min(last, month_of(target.deadline))
    key = target.indicator_key
    measure = whole.get(target.id)
    if measure is not None:
        value = measure.current.value if measure.current else None
        current = shown_count(years, key, measure.current_month, value)
        base = measure.baseline.value if measure.baseline else None
        baseline = shown_count(years, key, baseline_month(measure), base)
        row = TargetRow(target, value, base, measure.expected, measure.status)
    else:
        current = _protected(municipality_id, key, at, row.current)
        baseline = _protected(municipality_id, key, month_of(start) - 1, row.baseline)
    expected: float | Hidden | None = row.expected
    if isinstance(baseline, Hidden):
        expected = baseline
    status: str | Hidden = str(row.status_label)
    for shown in (current, baseline):
        if isinstance(shown, Hidden):
            status = shown
    return [label, deadline, unit, baseline, expected, current, status]


def build(municipality: Municipality, params: dict[str, Any], audience: str) -> Document:
    """The targets' status at the end of the month `params` names, for `audience` (every
    audience a report is published to is outside the staff: always protected)."""
    as_of = timezone.now()
    year, month = int(params["aar"]), int(params["maaned"])
    last = year * 12 + month - 1
    # target_statuses takes the month before `today` as the current one
    today = month_start(last + 1)
    version = current_version(municipality_id=municipality.id)
    if version is None:
        raise ValidationError(_("The municipality has no adopted policy with targets."))
    rows = target_statuses(municipality_id=municipality.id, today=today)
    if not rows:
        raise ValidationError(_("The municipality's policy in force has no targets."))
    events = [r.target for r in rows if counts_events(r.target.indicator_key)]
    whole = (
        measure_targets(events, version=version, today=today, whole_years=True) if events else {}
    )
    counts = measured_year_counts(whole.values(), trend=False)
    years = released_year_counts(municipality, counts) if counts else {}
    start = date(version.period_start, 1, 1)
    month_name = date_format(month_start(last), "F Y")
    table = Table(
        caption=_("Targets of the policy in force with their status"),
        columns=[
            Column(_("Target")),
            Column(_("Deadline")),
            Column(_("Unit")),
            Column(_("Baseline"), "number", 1),
            Column(_("Expected now"), "number", 1),
            Column(_("Current value"), "number", 1),
            Column(_("Status")),
        ],
        rows=[_row(municipality.id, row, start, last, whole, years) for row in rows],
        footnotes=[
            _(
                "Baseline: the value in the year before the policy's period starts. "
                "Expected now: on the straight line from the baseline to the target."
            ),
            *([whole_years_note()] if events else []),
        ],
    )
    return Document(
        title=_("Status of the policy's targets"),
        subtitle=_("%(policy)s, at the end of %(month)s")
        % {"policy": version.title, "month": month_name},
        issuer=str(municipality),
        data_as_of=as_of,
        notes=[
            _(
                "Disclosure control: counts of 1-4 persons are hidden, and so is a share "
                "of fewer than 20 persons or one whose count or remainder is 1-4."
            )
        ],
        sections=[
            Section(
                _("The policy's targets"),
                blocks=[
                    Paragraph(
                        _(
                            "Each target of %(policy)s with its value at the end of %(month)s, "
                            "computed from the registry."
                        )
                        % {"policy": version.title, "month": month_name}
                    ),
                    table,
                ],
            )
        ],
    )


KIND = ReportKind(
    key=KEY,
    label=gettext_lazy("Status of the policy's targets"),
    build=build,
    form=TargetStatusForm,
    initial=lambda _municipality, today: default_params(today),
    description=gettext_lazy(
        "The targets of the policy in force with baseline, expected and current value "
        "and status at the end of a month."
    ),
)
