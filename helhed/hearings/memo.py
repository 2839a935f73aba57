# SPDX-License-Identifier: MPL-2.0
"""The hearing memo (høringsnotat): the responses grouped by the section they concern,
each summarised with its disposition, and what the hearing changed in the policy (the
comparison of the version heard with the next version, helhed/policies/comparison.py).

A respondent is named only when they consented to publication, or when the input came
from a body (the Integration Council, a dialogue meeting, a committee): the memo goes to
the committees and is public with their papers. E-mail addresses are never in it.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from helhed.hearings.models import Disposition, Hearing, HearingResponse, Outcome
from helhed.hearings.models.response import BODIES
from helhed.hearings.sections import WHOLE, version_sections
from helhed.hearings.selectors import next_version, responses_in_memo
from helhed.policies.comparison import ComparisonRow, compare_outlines, version_outline
from helhed.policies.models import PolicyVersion
from helhed.policies.selectors import version_content

SUMMARY_LENGTH = 400


@dataclass(frozen=True)
class MemoEntry:
    response: HearingResponse
    respondent: str
    summary: str
    disposition: Disposition | None
    point_number: int | None = None

    @property
    def outcome_label(self) -> str:
        if self.disposition is None:
            return _("Not yet dispositioned")
        return str(self.disposition.get_outcome_display())

    @property
    def reference(self) -> str:
        if self.point_number is None:
            return _("Response %(number)s") % {"number": self.response.number}
        return _("Response %(number)s, point %(point)s") % {
            "number": self.response.number,
            "point": self.point_number,
        }


@dataclass
class MemoGroup:
    key: str
    label: str
    entries: list[MemoEntry] = field(default_factory=list)


@dataclass
class Memo:
    hearing: Hearing
    version: PolicyVersion
    next_version: PolicyVersion | None
    groups: list[MemoGroup]
    response_count: int
    outcomes: list[tuple[str, int]]
    changes: list[ComparisonRow]

    @property
    def undecided(self) -> int:
        return sum(1 for g in self.groups for e in g.entries if e.disposition is None)


def respondent_label(response: HearingResponse) -> str:
    if not response.author_name:  # erased by retention
        return _("Respondent %(number)s") % {"number": response.number}
    if response.is_published or response.source in BODIES:
        if response.source in BODIES:
            return f"{response.author_name} ({response.get_source_display()})"
        return response.author_name
    return _("Respondent %(number)s (not published)") % {"number": response.number}


def _quotable_text(response: HearingResponse) -> str:
    """A hidden response is not quoted in the memo: only staff's summary of it."""
    if response.is_hidden:
        return _(
            "The response is hidden from the public hearing page by the municipality; "
            "write a summary of it for the memo."
        )
    return response.text


def _summary(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(SUMMARY_LENGTH)


def hearing_memo(*, hearing: Hearing) -> Memo:
    version = hearing.version
    content = version_content(version=version)
    groups = [MemoGroup(WHOLE, _("The whole draft"))]
    groups += [MemoGroup(s.key, s.label) for s in version_sections(content)]
    by_key = {g.key: g for g in groups}
    outcomes: Counter[str] = Counter()
    responses = list(responses_in_memo(hearing=hearing))
    for response in responses:
        name = respondent_label(response)
        points = list(response.points.all())
        units: list[tuple[str, MemoEntry]] = []
        if points:
            for number, point in enumerate(points, start=1):
                disposition = next(
                    (d for d in response.dispositions.all() if d.point_id == point.pk), None
                )
                units.append(
                    (
                        point.section or response.section,
                        MemoEntry(response, name, _summary(point.text), disposition, number),
                    )
                )
        else:
            disposition = next((d for d in response.dispositions.all() if d.point_id is None), None)
            summary = _summary(response.summary or _quotable_text(response))
            units.append((response.section, MemoEntry(response, name, summary, disposition)))
        for key, entry in units:
            group = by_key.get(key)
            if group is None:  # a section since removed: shown under its stored label
                group = MemoGroup(key, entry.response.section_label or key)
                groups.append(group)
                by_key[key] = group
            group.entries.append(entry)
            if entry.disposition is not None:
                outcomes[entry.disposition.outcome] += 1
    following = next_version(version)
    changes: list[ComparisonRow] = []
    if following is not None:
        rows = compare_outlines(
            version_outline(content), version_outline(version_content(version=following))
        )
        changes = [r for r in rows if r.change != "same"]
    return Memo(
        hearing=hearing,
        version=version,
        next_version=following,
        groups=[g for g in groups if g.entries],
        response_count=len(responses),
        outcomes=[(str(o.label), outcomes[o.value]) for o in Outcome if outcomes[o.value]],
        changes=changes,
    )
