# SPDX-License-Identifier: MPL-2.0
"""The hearing memo as a reports Document: one page, a PDF and a DOCX from one model."""

from datetime import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from helhed.hearings.danish_time import in_danish_time
from helhed.hearings.memo import Memo, MemoEntry
from helhed.reports.document import Column, Document, Paragraph, Section, Table, Terms

CHANGE_LABELS = {"changed": _lazy("changed"), "added": _lazy("added"), "removed": _lazy("removed")}


def _moment(value: datetime) -> str:
    return date_format(value, "j. F Y H:i")


def _disposition_text(entry: MemoEntry) -> str:
    disposition = entry.disposition
    if disposition is None:
        return entry.outcome_label
    text = entry.outcome_label
    if disposition.changed_section_label and disposition.changed_version is not None:
        text += ": " + _("%(section)s in version %(number)s") % {
            "section": disposition.changed_section_label,
            "number": disposition.changed_version.number,
        }
    return f"{text}\n{disposition.reason}"


def memo_document(memo: Memo) -> Document:
    hearing, version = memo.hearing, memo.version
    opens, closes = in_danish_time(hearing.opens_at), in_danish_time(hearing.closes_at)
    facts = [
        (
            _("Policy"),
            f"{version.title} {version.period_label}, "
            + _("version %(number)s") % {"number": version.number},
        ),
        (
            _("Hearing period"),
            _("%(opens)s to %(closes)s (Danish time)")
            % {"opens": _moment(opens), "closes": _moment(closes)},
        ),
        (_("Responses"), str(memo.response_count)),
    ]
    facts += [(label, str(count)) for label, count in memo.outcomes]
    if memo.undecided:
        facts.append((_("Not yet dispositioned"), str(memo.undecided)))
    facts.append(
        (
            _("Next version"),
            _("Version %(number)s") % {"number": memo.next_version.number}
            if memo.next_version
            else _("Not yet created"),
        )
    )
    columns = [Column(_("Response")), Column(_("Summary")), Column(_("Disposition"))]
    groups = [
        Section(
            heading=group.label,
            blocks=[
                Table(
                    caption=_("Responses concerning %(section)s") % {"section": group.label},
                    columns=columns,
                    rows=[
                        [f"{e.reference}: {e.respondent}", e.summary, _disposition_text(e)]
                        for e in group.entries
                    ],
                )
            ],
        )
        for group in memo.groups
    ]
    if not groups:
        groups = [Section(_("No responses"), [Paragraph(_("The hearing received no responses."))])]
    if memo.next_version is None:
        change_blocks: list[Paragraph | Table] = [
            Paragraph(
                _(
                    "The policy has not yet been revised after the hearing: the comparison "
                    "appears here when the next version is created."
                )
            )
        ]
    elif not memo.changes:
        change_blocks = [Paragraph(_("The next version is unchanged from the version heard."))]
    else:
        change_blocks = [
            Table(
                caption=_("Version %(old)s compared with version %(new)s")
                % {"old": version.number, "new": memo.next_version.number},
                columns=[
                    Column(_("Section")),
                    Column(_("Change")),
                    Column(_("Version heard")),
                    Column(_("Next version")),
                ],
                rows=[
                    [row.section, str(CHANGE_LABELS[row.change]), row.left, row.right]
                    for row in memo.changes
                ],
            )
        ]
    return Document(
        title=_("Hearing memo"),
        subtitle=hearing.title,
        issuer=version.policy.municipality.name,
        sections=[
            Section(_("About the hearing"), [Terms(facts)]),
            Section(_("Responses and their disposition"), sections=groups),
            Section(_("What the hearing changed in the policy"), list(change_blocks)),
        ],
    )
