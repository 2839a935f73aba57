# SPDX-License-Identifier: MPL-2.0
"""The sections of a policy version a response can concern, in reading order.

A section is named by a key that is stable within the version: "introduction",
"vision", "values", "target_group", "objectives" (the overall strategic objectives) and
"focus_area:<id>" per focus area. The empty key is the whole draft.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from helhed.policies.selectors import FocusAreaContent, VersionContent

WHOLE = ""


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    text: str = ""
    area: FocusAreaContent | None = field(default=None, compare=False, hash=False)

    @property
    def anchor(self) -> str:
        return "afsnit-" + (self.key.replace(":", "-") or "hele")


def version_sections(content: VersionContent) -> list[Section]:
    version = content.version
    sections: list[Section] = []
    if version.introduction:
        sections.append(Section("introduction", _("Introduction and frame"), version.introduction))
    sections.append(Section("vision", _("Vision"), version.vision))
    sections.append(Section("values", _("Values"), version.values_introduction))
    sections.append(Section("target_group", _("Target group"), version.target_group_description))
    if content.strategic_objectives:
        sections.append(Section("objectives", _("Overall strategic objectives")))
    for number, area in enumerate(content.focus_areas, start=1):
        sections.append(
            Section(
                f"focus_area:{area.area.id}",
                _("Focus area %(number)s: %(title)s")
                % {"number": number, "title": area.area.title},
                area.area.description,
                area,
            )
        )
    return sections


def section_choices(content: VersionContent, *, whole: bool = True) -> list[tuple[str, str]]:
    choices = [(WHOLE, _("The whole draft"))] if whole else []
    return choices + [(s.key, s.label) for s in version_sections(content)]


def section_label(content: VersionContent, key: str) -> str | None:
    """The label of section `key` of the version, or None when it has no such section."""
    if key == WHOLE:
        return _("The whole draft")
    for section in version_sections(content):
        if section.key == key:
            return section.label
    return None
