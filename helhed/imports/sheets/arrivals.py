# SPDX-License-Identifier: MPL-2.0
"""Arrivals: when and how the municipality took over responsibility for a person. The
target-group decision is made from the source and the person's country of origin."""

from typing import Any

from django.utils.translation import gettext_lazy

from helhed.citizens.models import Arrival, ArrivalSource
from helhed.citizens.rules import target_group_decision
from helhed.citizens.validation import arrival_errors
from helhed.imports.columns import DATE, Column, choice, integer, text
from helhed.imports.sheets.base import (
    EXTERNAL_ID,
    PERSON_EXTERNAL_ID,
    FactSheet,
    ImportContext,
    PersonInfo,
    Row,
)


class ArrivalSheet(FactSheet):
    kind = "arrivals"
    changes = frozenset({"arrivals"})
    title = gettext_lazy("Arrivals")
    description = gettext_lazy(
        "When and as what each person arrived in the municipality. Whether the person is in "
        "the policy's target group is decided from this and the country of origin."
    )
    model = Arrival
    fields = (
        "arrived_on",
        "source",
        "from_kommunekode",
        "quota_year",
        "in_target_group",
        "target_group_reason",
    )
    derived = frozenset({"in_target_group", "target_group_reason"})
    columns = (
        EXTERNAL_ID,
        PERSON_EXTERNAL_ID,
        Column(
            "arrived_on",
            DATE,
            required=True,
            help=gettext_lazy("The day the municipality took over; not in the future."),
            example="2024-03-01",
        ),
        Column(
            "source",
            choice(ArrivalSource.values),
            required=True,
            help=gettext_lazy("What the person arrived as."),
            example="quota_refugee",
        ),
        Column(
            "from_kommunekode",
            text(3),
            required=False,
            help=gettext_lazy("For a move (source moved): the kommunekode moved from."),
            example="",
        ),
        Column(
            "quota_year",
            integer(1980, 2100),
            required=False,
            help=gettext_lazy("For quota refugees: the year whose quota the person counts in."),
            example="2024",
        ),
    )

    def values(self, row: Row, person: PersonInfo, ctx: ImportContext) -> dict[str, Any] | None:
        v = row.values
        errors = arrival_errors(
            arrived_on=v["arrived_on"],
            birth_date=person.birth_date,
            source=v["source"],
            from_kommunekode=v["from_kommunekode"],
            today=ctx.today,
        )
        if errors:
            ctx.problems(row.number, errors)
            return None
        in_group, reason = target_group_decision(
            source=v["source"], country_of_origin=person.country_of_origin
        )
        return {
            "arrived_on": v["arrived_on"],
            "source": v["source"],
            "from_kommunekode": v["from_kommunekode"],
            "quota_year": v["quota_year"],
            "in_target_group": in_group,
            "target_group_reason": reason,
        }
