# SPDX-License-Identifier: MPL-2.0
"""The rules an intervention must meet, as a pure function over plain values, shared by
the plan's services and the import of interventions (helhed/imports/sheets/)."""

from datetime import date

from django.utils.translation import gettext as _

from helhed.caseplans.catalogue import CATALOGUE, INDUSTRY_SECTORS, InterventionKind, PartnerKind
from helhed.core.dates import age_on

Errors = dict[str, str]


def intervention_errors(
    *,
    kind: str,
    for_household: bool,
    earliest_birth_date: date,
    starts_on: date,
    ends_on: date | None,
    partner_kind: str | None,
    sector: str,
    focus_area_required: bool,
    focus_area_given: bool,
    focus_area_adopted: bool,
) -> Errors:
    """{field: message} for everything wrong with an intervention of `kind` (empty: none).

    `earliest_birth_date`: of the person, or of the oldest member of the household it is
    for; `partner_kind`: the kind of the partner given, or None."""
    errors: Errors = {}
    rules = CATALOGUE.get(kind)
    if rules is not None:
        label = InterventionKind(kind).label
        if for_household and not rules.household_allowed:
            errors["kind"] = _("%(kind)s is given to one person, not to a household.") % {
                "kind": label
            }
        if (
            rules.children_only
            and not for_household
            and age_on(earliest_birth_date, starts_on) >= 18
        ):
            errors["kind"] = _("%(kind)s is for a child under 18.") % {"kind": label}
        if rules.partner is not None and partner_kind is None:
            errors["partner"] = _("Choose the %(partner)s that carries the intervention.") % {
                "partner": PartnerKind(rules.partner).label.lower()
            }
        elif partner_kind is not None and rules.partner != partner_kind:
            errors["partner"] = (
                _("%(kind)s is carried by a %(partner)s.")
                % {"kind": label, "partner": PartnerKind(rules.partner).label.lower()}
                if rules.partner
                else _("%(kind)s has no outside partner.") % {"kind": label}
            )
        if rules.sector and sector not in INDUSTRY_SECTORS:
            errors["sector"] = _("Choose the sector of the industry package.")
        elif not rules.sector and sector:
            errors["sector"] = _("Only an industry package has a sector.")
    if focus_area_required and not focus_area_given:
        errors["focus_area"] = _("Choose the focus area of the policy the intervention serves.")
    elif focus_area_given and not focus_area_adopted:
        errors["focus_area"] = _("Choose a focus area of the municipality's adopted policy.")
    if starts_on < earliest_birth_date:
        errors["starts_on"] = _("The intervention cannot start before the person was born.")
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The intervention cannot end before it starts.")
    return errors
