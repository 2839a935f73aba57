# SPDX-License-Identifier: MPL-2.0
"""Housing placements: a refugee placed in a home in one of the municipality's localities."""

import uuid
from typing import Any

from django.utils.translation import gettext_lazy

from helhed.citizens.models import HousingPlacement, Locality
from helhed.citizens.validation import placement_errors, unknown_locality_message
from helhed.core.tenancy import scope_to_municipality
from helhed.imports.columns import BOOLEAN, DATE, Column, text
from helhed.imports.sheets.base import (
    EXTERNAL_ID,
    PERSON_EXTERNAL_ID,
    FactSheet,
    ImportContext,
    PersonInfo,
    Row,
)


class PlacementSheet(FactSheet):
    kind = "placements"
    changes = frozenset({"placements"})
    title = gettext_lazy("Housing placements")
    description = gettext_lazy(
        "The municipality's placements of refugees in homes, in one of its localities."
    )
    model = HousingPlacement
    fields = ("locality_id", "permanent", "placed_on")
    export_lookups = {"locality": "locality__name"}
    columns = (
        EXTERNAL_ID,
        PERSON_EXTERNAL_ID,
        Column(
            "locality",
            text(100),
            required=True,
            help=gettext_lazy("The name of one of the municipality's localities."),
            example="Gedved",
        ),
        Column(
            "permanent",
            BOOLEAN,
            required=True,
            help=gettext_lazy("ja for a permanent home, nej for a temporary one."),
            example="ja",
        ),
        Column(
            "placed_on",
            DATE,
            required=True,
            help=gettext_lazy("The day of the placement."),
            example="2024-04-01",
        ),
    )

    def _localities(self, ctx: ImportContext) -> dict[str, uuid.UUID]:
        known: dict[str, uuid.UUID] = ctx.keys["localities"]
        if not known:
            localities = scope_to_municipality(Locality.objects.all(), ctx.municipality_id)
            known.update(localities.values_list("name", "pk"))
        return known

    def values(self, row: Row, person: PersonInfo, ctx: ImportContext) -> dict[str, Any] | None:
        v = row.values
        locality = self._localities(ctx).get(v["locality"])
        errors = placement_errors(placed_on=v["placed_on"], birth_date=person.birth_date)
        if locality is None:
            errors["locality"] = unknown_locality_message(v["locality"])
        if errors:
            ctx.problems(row.number, errors)
            return None
        return {"locality_id": locality, "permanent": v["permanent"], "placed_on": v["placed_on"]}

    def export_value(self, column: str, value: Any) -> Any:
        if column == "permanent":
            return "ja" if value else "nej"
        return value
