# SPDX-License-Identifier: MPL-2.0
"""Two versions of a policy side by side.

Each version is flattened into an outline of (section, text) lines in reading order;
the outlines are aligned with difflib so that a row shows what the older version said
beside what the newer says, marked unchanged, changed, added or removed.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.translation import gettext as _

from helhed.policies.models import Target
from helhed.policies.selectors import VersionContent


@dataclass(frozen=True)
class OutlineLine:
    section: str
    text: str


@dataclass(frozen=True)
class ComparisonRow:
    section: str
    left: str
    right: str
    change: str  # "same", "changed", "added", "removed"


def version_outline(content: VersionContent) -> list[OutlineLine]:
    v = content.version
    lines = [
        OutlineLine(_("Title"), v.title),
        OutlineLine(_("Subtitle"), v.subtitle),
        OutlineLine(_("Period"), v.period_label),
        OutlineLine(_("Introduction and frame"), v.introduction),
        OutlineLine(_("Vision"), v.vision),
        OutlineLine(_("Values"), v.values_introduction),
    ]
    lines += [
        OutlineLine(_("Value"), f"{x.name}: {x.description}".strip(": ")) for x in content.values
    ]
    lines.append(OutlineLine(_("Target group"), v.target_group_description))
    lines += [OutlineLine(_("Included"), g.text) for g in content.included]
    lines += [OutlineLine(_("Excluded"), g.text) for g in content.excluded]
    for objective in content.strategic_objectives:
        lines.append(OutlineLine(_("Strategic objective"), objective.text))
        lines += [OutlineLine(_("Target"), _target_line(t)) for t in objective.targets.all()]
    for number, area in enumerate(content.focus_areas, start=1):
        # Sections are named by position, not title, so renaming a focus area shows as one
        # changed line instead of changing every line under it.
        section = _("Focus area %(number)s") % {"number": number}
        lines.append(OutlineLine(section, area.area.title))
        lines.append(OutlineLine(section, area.area.description))
        for objective in area.objectives:
            lines.append(OutlineLine(f"{section} · {_('objective')}", objective.text))
            lines += [
                OutlineLine(f"{section} · {_('target')}", _target_line(t))
                for t in objective.targets.all()
            ]
        for initiative in area.initiatives:
            lines.append(
                OutlineLine(
                    f"{section} · {_('initiative')}",
                    f"{initiative.title}: {initiative.description}".strip(": "),
                )
            )
    return [line for line in lines if line.text.strip()]


def _target_line(target: Target) -> str:
    return (
        f"{target.description} [{target.get_indicator_key_display()} "
        f"{target.get_comparator_display()} {target.value_label}, {target.deadline.isoformat()}]"
    )


def compare_outlines(older: list[OutlineLine], newer: list[OutlineLine]) -> list[ComparisonRow]:
    matcher = SequenceMatcher(a=older, b=newer, autojunk=False)
    rows: list[ComparisonRow] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            rows += [ComparisonRow(x.section, x.text, x.text, "same") for x in older[a1:a2]]
        elif op == "delete":
            rows += [ComparisonRow(x.section, x.text, "", "removed") for x in older[a1:a2]]
        elif op == "insert":
            rows += [ComparisonRow(x.section, "", x.text, "added") for x in newer[b1:b2]]
        else:
            left, right = older[a1:a2], newer[b1:b2]
            for i in range(max(len(left), len(right))):
                old = left[i] if i < len(left) else None
                new = right[i] if i < len(right) else None
                if old and new:
                    rows.append(ComparisonRow(new.section, old.text, new.text, "changed"))
                elif old:
                    rows.append(ComparisonRow(old.section, old.text, "", "removed"))
                elif new:
                    rows.append(ComparisonRow(new.section, "", new.text, "added"))
    return rows
