# SPDX-License-Identifier: MPL-2.0
"""Programme enrolments: a person follows one programme at a time."""

from typing import Any

from django.utils.translation import gettext_lazy

from helhed.citizens.models import ProgrammeEnrolment, ProgrammeKind
from helhed.citizens.validation import programme_errors, programme_overlap_message
from helhed.imports.columns import DATE, Column, choice
from helhed.imports.sheets.base import (
    EXTERNAL_ID,
    PERSON_EXTERNAL_ID,
    FactSheet,
    ImportContext,
    PeriodInfo,
    PersonInfo,
    Row,
)


class EnrolmentSheet(FactSheet):
    kind = "enrolments"
    changes = frozenset({"programmes"})
    title = gettext_lazy("Programme enrolments")
    description = gettext_lazy(
        "Enrolments in the self-support and repatriation programme, the introduction "
        "programme or the introduction course. A person follows one programme at a time."
    )
    model = ProgrammeEnrolment
    fields = ("kind", "starts_on", "ends_on")
    periods = True
    columns = (
        EXTERNAL_ID,
        PERSON_EXTERNAL_ID,
        Column(
            "kind",
            choice(ProgrammeKind.values),
            required=True,
            help=gettext_lazy("The programme."),
            example="self_support",
        ),
        Column(
            "starts_on",
            DATE,
            required=True,
            help=gettext_lazy("The first day in the programme."),
            example="2024-03-01",
        ),
        Column(
            "ends_on",
            DATE,
            required=False,
            help=gettext_lazy("The last day in the programme; empty while it lasts."),
            example="",
        ),
    )

    def values(self, row: Row, person: PersonInfo, ctx: ImportContext) -> dict[str, Any] | None:
        v = row.values
        errors = programme_errors(
            starts_on=v["starts_on"], ends_on=v["ends_on"], birth_date=person.birth_date
        )
        if errors:
            ctx.problems(row.number, errors)
            return None
        return {name: v[name] for name in self.fields}

    def period_label(self, values: dict[str, Any]) -> str:
        return str(values["kind"])  # the code; the message shows its label

    def overlap_message(self, other: PeriodInfo) -> str:
        return programme_overlap_message(
            kind_label=str(ProgrammeKind(other.label).label), starts_on=other.starts_on
        )
