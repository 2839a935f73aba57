# SPDX-License-Identifier: MPL-2.0
"""The Danish layout of an agenda item: its text sections in the order the case and
meeting systems print them (after Sagsnr. and Beslutningskompetence; the decisions and
Bilag follow). The page and the exports both read this."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from helhed.governance.models import AgendaItem
from helhed.governance.text_blocks import Block, text_blocks

SECTIONS: tuple[tuple[str, Promise], ...] = (
    ("decision_theme", _("Decision theme")),
    ("case_description", _("Case description")),
    ("financial_consequences", _("Financial consequences")),
    ("citizen_involvement", _("Citizen involvement")),
    ("legal_basis", _("Legal basis")),
    ("next_steps", _("Next steps")),
    ("recommendation", _("Recommendation")),
)


@dataclass
class Section:
    field: str
    label: str
    blocks: list[Block]


def item_sections(item: AgendaItem) -> list[Section]:
    """The sections with text, in order; the recommendation is always there."""
    found = []
    for name, label in SECTIONS:
        blocks = text_blocks(getattr(item, name))
        if blocks or name == "recommendation":
            found.append(Section(field=name, label=str(label), blocks=blocks))
    return found
