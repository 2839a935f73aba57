# SPDX-License-Identifier: MPL-2.0
"""An agenda item as a document for the municipality's case and meeting systems (DOCX,
PDF), in the Danish layout: Sagsnr., Beslutningskompetence, the text sections, a decision
per committee and date, and the Bilag; after the item, each generated bilag (a hearing
memo, a follow-up report) in full under "Bilag N: ..." as it was frozen when attached
(ADR 0034). PDF and DOCX are rendered from this one combined Document."""

from typing import Any

from django.utils.translation import gettext as _

from helhed.governance.layout import item_sections
from helhed.governance.selectors import ItemContent
from helhed.governance.text_blocks import Block
from helhed.reports.document import Block as DocumentBlock
from helhed.reports.document import Document, Paragraph, Section, Terms, from_data


def _paragraphs(blocks: list[Block]) -> list[DocumentBlock]:
    found: list[DocumentBlock] = []
    for block in blocks:
        if block.kind == "list":
            found.extend(Paragraph(f"- {entry}") for entry in block.items)
        else:
            found.append(Paragraph(block.text))
    return found


def agenda_item_document(content: ItemContent) -> Document:
    item = content.item
    facts = [
        (_("Case no."), item.case_number),
        (_("Decision authority"), item.decision_authority.name),
    ]
    sections = [Section(_("Case"), [Terms(facts)])]
    for section in item_sections(item):
        sections.append(Section(section.label, list(_paragraphs(section.blocks))))
    for entry in content.decided:
        heading = _("Decision in %(committee)s on %(date)s") % {
            "committee": entry.meeting.committee.name,
            "date": f"{entry.meeting.date:%d-%m-%Y}",
        }
        sections.append(Section(heading, [Paragraph(entry.decision.text)]))
    attachments: list[DocumentBlock] = [
        Paragraph(f"{a.number} - {a.title}") for a in content.attachments
    ] or [Paragraph(_("No attachments."))]
    sections.append(Section(_("Attachments"), attachments))
    for attachment in content.attachments:
        if attachment.document:
            sections.append(
                attachment_section(attachment.number, attachment.title, attachment.document)
            )
    return Document(title=item.title, sections=sections, issuer=item.municipality.name)


def attachment_section(number: int, title: str, data: dict[str, Any]) -> Section:
    """A frozen generated bilag as one section: its heading names the bilag; its own
    title, subtitle and issuer open it; its sections follow one level down."""
    frozen = from_data(data)
    opening = [frozen.title, frozen.subtitle, frozen.issuer]
    blocks: list[DocumentBlock] = [Paragraph(" · ".join(t for t in opening if t))]
    blocks.extend(Paragraph(note) for note in frozen.notes)
    return Section(
        _("Attachment %(number)s: %(title)s") % {"number": number, "title": title},
        blocks,
        sections=list(frozen.sections),
    )
