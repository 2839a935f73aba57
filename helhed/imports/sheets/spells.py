# SPDX-License-Identifier: MPL-2.0
"""Status spells: a person's periods on a benefit, in a job, in education or other.
A person's spells never overlap, in the file or with those already stored."""

from typing import Any

from django.utils.translation import gettext_lazy

from helhed.citizens.models import SpellKind, StatusSpell
from helhed.citizens.validation import spell_errors, spell_overlap_message
from helhed.imports.columns import DATE, Column, choice, text
from helhed.imports.sheets.base import (
    EXTERNAL_ID,
    PERSON_EXTERNAL_ID,
    FactSheet,
    ImportContext,
    PeriodInfo,
    PersonInfo,
    Row,
)


class SpellSheet(FactSheet):
    kind = "spells"
    changes = frozenset({"spells"})
    title = gettext_lazy("Status spells")
    description = gettext_lazy(
        "A person's periods on a public benefit, in an ordinary job, in education or other. "
        "A person's spells may not overlap."
    )
    model = StatusSpell
    fields = ("kind", "benefit_name", "starts_on", "ends_on")
    periods = True
    columns = (
        EXTERNAL_ID,
        PERSON_EXTERNAL_ID,
        Column(
            "kind",
            choice(SpellKind.values),
            required=True,
            help=gettext_lazy("The status: benefit, job, education or other."),
            example="benefit",
        ),
        Column(
            "benefit_name",
            text(120),
            required=False,
            help=gettext_lazy("For a benefit: its name at the time (required for a benefit)."),
            example="Selvforsørgelses- og hjemrejseydelse",
        ),
        Column(
            "starts_on",
            DATE,
            required=True,
            help=gettext_lazy("The first day of the spell."),
            example="2024-03-01",
        ),
        Column(
            "ends_on",
            DATE,
            required=False,
            help=gettext_lazy("The last day of the spell; empty while it lasts."),
            example="2024-12-31",
        ),
    )

    def values(self, row: Row, person: PersonInfo, ctx: ImportContext) -> dict[str, Any] | None:
        v = row.values
        errors = spell_errors(
            kind=v["kind"],
            starts_on=v["starts_on"],
            ends_on=v["ends_on"],
            birth_date=person.birth_date,
            benefit_name=v["benefit_name"],
        )
        if errors:
            ctx.problems(row.number, errors)
            return None
        return {name: v[name] for name in self.fields}

    def period_label(self, values: dict[str, Any]) -> str:
        return str(values["kind"])  # the code; the message shows its label

    def overlap_message(self, other: PeriodInfo) -> str:
        return spell_overlap_message(
            kind_label=str(SpellKind(other.label).label), starts_on=other.starts_on
        )
