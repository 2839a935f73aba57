# SPDX-License-Identifier: MPL-2.0
"""Interventions of a person's holistic plan, from the catalogue, owned by one of the
importing caseworker's departments. The rules are the plan's own
(helhed/caseplans/validation.py); household interventions are made in Helhed, not imported.
"""

import uuid
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhed.caseplans.access import department_ids_of, shown_in_full_q
from helhed.caseplans.catalogue import INDUSTRY_SECTORS, InterventionKind, InterventionStatus
from helhed.caseplans.catalogue import Outcome as OutcomeKind
from helhed.caseplans.models import Intervention, Partner
from helhed.caseplans.validation import intervention_errors
from helhed.core.tenancy import scope_to_municipality
from helhed.imports.columns import DATE, Column, choice, text
from helhed.imports.sheets.base import (
    EXTERNAL_ID,
    PERSON_EXTERNAL_ID,
    FactSheet,
    ImportContext,
    PersonInfo,
    Row,
)
from helhed.organisations.models import Department, User
from helhed.policies.models import FocusArea, Status


class InterventionSheet(FactSheet):
    kind = "interventions"
    changes = frozenset({"interventions"})
    title = gettext_lazy("Interventions")
    description = gettext_lazy(
        "Interventions of a person's holistic plan: company internships, wage subsidy jobs, "
        "IGU, industry packages, Danish courses, daycare, school and others, each owned by "
        "one of your departments and serving a focus area of the adopted policy."
    )
    model = Intervention
    fields = (
        "kind",
        "owner_department_id",
        "focus_area_id",
        "partner_id",
        "sector",
        "starts_on",
        "ends_on",
        "status",
        "outcome",
        "note",
        "municipality_id",
        "created_by_id",
        "closing_note",
    )
    # who imported it first stays its creator; the municipality never changes; a closing
    # remark is written in Helhed
    derived = frozenset({"municipality_id", "created_by_id", "closing_note"})
    export_lookups = {
        "owner_department": "owner_department__name",
        "focus_area": "focus_area__title",
        "partner": "partner__name",
    }
    columns = (
        EXTERNAL_ID,
        PERSON_EXTERNAL_ID,
        Column(
            "kind",
            choice(InterventionKind.values),
            required=True,
            help=gettext_lazy("The intervention, a code of the catalogue."),
            example="company_internship",
        ),
        Column(
            "owner_department",
            text(150),
            required=True,
            help=gettext_lazy("The name of one of your departments, which owns it."),
            example="Jobcenter",
        ),
        Column(
            "focus_area",
            text(200),
            required=False,
            help=gettext_lazy(
                "The title of the focus area of the adopted policy it serves (required when "
                "the municipality has an adopted policy)."
            ),
            example="Beskæftigelse",
        ),
        Column(
            "partner",
            text(200),
            required=False,
            help=gettext_lazy(
                "The partner that carries it: a company's CVR number, or the registered name "
                "of an association, volunteer or friendship family."
            ),
            example="24256790",
        ),
        Column(
            "sector",
            choice(["", *INDUSTRY_SECTORS]),
            required=False,
            help=gettext_lazy("For an industry package: its sector."),
            example="",
        ),
        Column(
            "starts_on",
            DATE,
            required=True,
            help=gettext_lazy("The first day of the intervention."),
            example="2024-03-15",
        ),
        Column(
            "ends_on",
            DATE,
            required=False,
            help=gettext_lazy("The last day; empty while it lasts."),
            example="2024-06-15",
        ),
        Column(
            "status",
            choice(["", *InterventionStatus.values]),
            required=False,
            help=gettext_lazy(
                "planned, active, completed or cancelled; empty: active from its start day, "
                "planned before it."
            ),
            example="",
        ),
        Column(
            "outcome",
            choice(["", *OutcomeKind.values]),
            required=False,
            help=gettext_lazy("For a completed intervention: its outcome."),
            example="",
        ),
        Column(
            "note",
            text(2000),
            required=False,
            help=gettext_lazy("A note seen by the owner department only."),
            example="",
        ),
    )

    def _lookups(self, ctx: ImportContext) -> dict[Any, Any]:
        """The municipality's departments of the user, focus areas and partners, read
        once per import."""
        known: dict[Any, Any] = ctx.keys["intervention_lookups"]
        if not known:
            mine = department_ids_of(ctx.actor)
            departments = scope_to_municipality(Department.objects.all(), ctx.municipality_id)
            known["departments"] = {
                name: pk for pk, name in departments.values_list("pk", "name") if pk in mine
            }
            areas = scope_to_municipality(FocusArea.objects.all(), ctx.municipality_id).filter(
                version__status=Status.ADOPTED
            )
            known["areas"] = dict(areas.values_list("title", "pk"))
            partners = scope_to_municipality(Partner.objects.all(), ctx.municipality_id)
            known["partners"] = {}
            for pk, kind, name, cvr in partners.values_list("pk", "kind", "name", "cvr"):
                known["partners"][name] = (pk, kind)
                if cvr:
                    known["partners"][cvr] = (pk, kind)
        return known

    def export_filter(self, actor: User) -> Q:
        """Only the interventions the exporting user's departments own: the export is the
        import's round trip (which takes only those), and another department's notes,
        outcomes and confidential kinds are not the exporter's to see (ADR 0023)."""
        return shown_in_full_q(actor)

    def export_value(self, column: str, value: Any) -> Any:
        return "" if value is None else value

    def _stored(self, rows: list[Row], ctx: ImportContext) -> dict[str, Any]:
        """The municipality's interventions under the chunk's external ids (by the unique
        index on municipality and external id)."""
        found = Intervention.objects.filter(
            municipality_id=ctx.municipality_id,
            external_id__in_values=[r.values["external_id"] for r in rows],
        ).exclude(external_id="")
        return {i.external_id: i for i in found.order_by()}

    def values(self, row: Row, person: PersonInfo, ctx: ImportContext) -> dict[str, Any] | None:
        v = row.values
        known = self._lookups(ctx)
        errors: dict[str, str] = {}
        department = known["departments"].get(v["owner_department"])
        if department is None:
            errors["owner_department"] = _("%(name)s is not one of your departments.") % {
                "name": v["owner_department"]
            }
        area = known["areas"].get(v["focus_area"]) if v["focus_area"] else None
        partner: tuple[uuid.UUID, str] | None = None
        if v["partner"]:
            partner = known["partners"].get(v["partner"].replace(" ", ""))
            if partner is None:
                partner = known["partners"].get(v["partner"])
            if partner is None:
                errors["partner"] = _(
                    "No partner with the CVR number or name %(partner)s is registered."
                ) % {"partner": v["partner"]}
        status = v["status"] or (
            InterventionStatus.ACTIVE if v["starts_on"] <= ctx.today else InterventionStatus.PLANNED
        )
        found = intervention_errors(
            kind=v["kind"],
            for_household=False,
            earliest_birth_date=person.birth_date,
            starts_on=v["starts_on"],
            ends_on=v["ends_on"],
            partner_kind=partner[1] if partner else None,
            sector=v["sector"],
            focus_area_required=bool(known["areas"]),
            focus_area_given=bool(v["focus_area"]),
            focus_area_adopted=area is not None,
        )
        for name, message in found.items():
            if name == "partner" and "partner" in errors:
                continue
            errors.setdefault(name, message)
        if status == InterventionStatus.COMPLETED:
            if not v["outcome"]:
                errors["outcome"] = _("Choose the outcome of the intervention.")
            if v["ends_on"] is None or v["ends_on"] > ctx.today:
                errors.setdefault(
                    "ends_on", _("An intervention is completed on today's date or earlier.")
                )
        elif v["outcome"]:
            errors["outcome"] = _("Only a completed intervention has an outcome.")
        if errors:
            ctx.problems(row.number, errors)
            return None
        return {
            "kind": v["kind"],
            "owner_department_id": department,
            "focus_area_id": area,
            "partner_id": partner[0] if partner else None,
            "sector": v["sector"],
            "starts_on": v["starts_on"],
            "ends_on": v["ends_on"],
            "status": status,
            "outcome": v["outcome"],
            "note": v["note"],
            "municipality_id": ctx.municipality_id,
            "created_by_id": ctx.actor.pk,
            "closing_note": "",
        }
