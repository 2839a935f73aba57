# SPDX-License-Identifier: MPL-2.0
"""The process plan's grid and schedule, from plain milestones (no database)."""

from datetime import date

from helhed.governance.models import Committee, Milestone, MilestoneKind
from helhed.governance.timeline import build_timeline


def _milestone(kind: str, on: date, committee: str | None = None) -> Milestone:
    return Milestone(kind=kind, date=on, committee=Committee(name=committee) if committee else None)


def test_the_grid_has_a_column_per_month_with_a_step_and_a_row_per_kind_in_plan_order() -> None:
    plan = [
        _milestone(MilestoneKind.ADOPTION, date(2016, 4, 26), "Byrådet"),
        _milestone(MilestoneKind.HEARING, date(2016, 1, 13), "Internationaliseringsudvalg"),
        _milestone(MilestoneKind.HEARING, date(2016, 2, 1), "Børne- og Skoleudvalget"),
        _milestone(MilestoneKind.HEARING, date(2016, 2, 4), "Kulturudvalget"),
        _milestone(MilestoneKind.POLITICAL_GOALS, date(2015, 11, 17), "Beskæftigelsesudvalget"),
    ]

    timeline = build_timeline(plan)

    assert timeline.months == [
        date(2015, 11, 1),
        date(2016, 1, 1),
        date(2016, 2, 1),
        date(2016, 4, 1),
    ]
    assert [row.kind for row in timeline.rows] == [
        MilestoneKind.POLITICAL_GOALS,
        MilestoneKind.HEARING,
        MilestoneKind.ADOPTION,
    ]
    hearing = timeline.rows[1]
    assert [[m.committee.name for m in cell if m.committee] for cell in hearing.cells] == [
        [],
        ["Internationaliseringsudvalg"],
        ["Børne- og Skoleudvalget", "Kulturudvalget"],
        [],
    ]


def test_the_schedule_is_in_date_order() -> None:
    plan = [
        _milestone(MilestoneKind.FOLLOW_UP, date(2017, 1, 1)),
        _milestone(MilestoneKind.HEARING, date(2016, 1, 13)),
    ]

    timeline = build_timeline(plan)

    assert [m.date for m in timeline.milestones] == [date(2016, 1, 13), date(2017, 1, 1)]


def test_an_empty_plan_is_empty() -> None:
    timeline = build_timeline([])

    assert timeline.is_empty
    assert timeline.months == []
    assert timeline.rows == []
