# SPDX-License-Identifier: MPL-2.0
"""A process plan as the Horsens plan draws it: one row per kind of step, one column per
month in which something happens, and a mark where a step falls; then the dated steps
in order. Plain Python over milestones, testable without the web layer."""

import datetime as dt
from dataclasses import dataclass, field

from helhed.governance.models import MILESTONE_ORDER, Milestone, MilestoneKind


@dataclass
class TimelineRow:
    kind: str
    label: str
    cells: list[list[Milestone]] = field(default_factory=list)


@dataclass
class Timeline:
    months: list[dt.date]
    rows: list[TimelineRow]
    milestones: list[Milestone]

    @property
    def is_empty(self) -> bool:
        return not self.milestones


def build_timeline(milestones: list[Milestone]) -> Timeline:
    ordered = sorted(milestones, key=lambda m: (m.date, MILESTONE_ORDER[m.kind]))
    months = sorted({m.date.replace(day=1) for m in ordered})
    column = {month: i for i, month in enumerate(months)}
    rows: list[TimelineRow] = []
    for kind in sorted({m.kind for m in ordered}, key=MILESTONE_ORDER.__getitem__):
        row = TimelineRow(kind=kind, label=str(MilestoneKind(kind).label))
        row.cells = [[] for _ in months]
        for milestone in ordered:
            if milestone.kind == kind:
                row.cells[column[milestone.date.replace(day=1)]].append(milestone)
        rows.append(row)
    return Timeline(months=months, rows=rows, milestones=ordered)
