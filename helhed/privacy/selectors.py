# SPDX-License-Identifier: MPL-2.0
"""Everything Helhed holds on one person, as plain data for the access export (GDPR art.
15): the registry, the holistic plan and the look-up report. The person's own CPR number
is in it, in full: it is theirs, and this export is the only place it leaves Helhed."""

from datetime import date, datetime
from typing import Any

from django.db.models import Model, Q
from django.utils import timezone

from helhed.audit.selectors import Lookup, person_lookups
from helhed.caseplans.models import Intervention, Referral, RuleFlag
from helhed.citizens.cpr import decrypt_cpr
from helhed.citizens.models import HouseholdRelation, Person

Data = dict[str, Any]


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _display(obj: Model, name: str) -> Any:
    """A choice field's label (in the active language) beside its stored value."""
    display = getattr(obj, f"get_{name}_display", None)
    return str(display()) if display else _value(getattr(obj, name))


def _record(obj: Model, names: list[str]) -> Data:
    return {name: _display(obj, name) for name in names}


def lookup_rows(lookups: list[Lookup]) -> list[Data]:
    return [
        {
            "time": _value(row.occurred_at),
            "type_of_use": row.action_label,
            "purpose": row.purpose,
            "roles": row.roles,
            "departments": row.departments,
            **({"employee": row.employee} if row.employee else {}),
        }
        for row in lookups
    ]


def subject_data(*, person: Person, include_names: bool) -> Data:
    """The person's data: every record of the registry and the plan that concerns them."""
    household = person.household
    relations = HouseholdRelation.objects.filter(Q(person=person) | Q(relative=person))
    interventions = Intervention.objects.filter(
        Q(person=person) | Q(household_id=person.household_id, household__isnull=False)
    ).select_related("owner_department", "partner", "focus_area")
    referrals = Referral.objects.filter(person=person).select_related(
        "from_department", "to_department"
    )
    lookups = person_lookups(
        municipality_id=person.municipality_id, person_id=person.id, include_names=include_names
    )
    return {
        "produced_at": _value(timezone.now()),
        "municipality": person.municipality.name,
        "person": {
            "cpr": decrypt_cpr(person.cpr_encrypted).digits,
            **_record(
                person,
                [
                    "first_name",
                    "last_name",
                    "birth_date",
                    "sex",
                    "country_of_origin",
                    "education_level",
                    "unaccompanied_minor",
                ],
            ),
            "registered_at": _value(person.created_at),
            "last_changed_at": _value(person.updated_at),
        },
        "household": None
        if household is None
        else {
            "name": household.name,
            "members": [
                f"{m.first_name} {m.last_name}" for m in household.members.exclude(pk=person.pk)
            ],
            "relations": [
                {
                    "person": str(r.person),
                    "relation": r.get_kind_display(),
                    "relative": str(r.relative),
                }
                for r in relations.select_related("person", "relative")
            ],
        },
        "arrivals": [
            _record(a, ["arrived_on", "source", "from_kommunekode", "quota_year"])
            | {"in_target_group": a.in_target_group, "reason": a.target_group_reason}
            for a in person.arrivals.all()
        ],
        "housing_placements": [
            {
                "locality": p.locality.name,
                "permanent": p.permanent,
                "placed_on": _value(p.placed_on),
            }
            for p in person.placements.select_related("locality")
        ],
        "danish_education": [
            _record(d, ["track", "module", "referred_on", "test", "test_passed_on"])
            for d in person.danish.all()
        ],
        "programmes": [
            _record(p, ["kind", "starts_on", "ends_on"]) for p in person.programmes.all()
        ],
        "status_spells": [
            _record(s, ["kind", "benefit_name", "starts_on", "ends_on"])
            for s in person.spells.all()
        ],
        "caseloads": [
            {
                "department": a.department.name,
                "started_on": _value(a.started_on),
                "ended_on": _value(a.ended_on),
            }
            for a in person.assignments.select_related("department")
        ],
        "interventions": [
            _record(i, ["kind", "starts_on", "ends_on", "status", "outcome", "sector", "note"])
            | {
                "for": "household" if i.household_id else "person",
                "owner_department": i.owner_department.name,
                "partner": str(i.partner) if i.partner else "",
                "focus_area": str(i.focus_area) if i.focus_area else "",
                "closing_note": i.closing_note,
            }
            for i in interventions
        ],
        "referrals": [
            {
                "from_department": r.from_department.name,
                "to_department": r.to_department.name,
                "reason": r.reason,
                "status": r.get_status_display(),
                "created_at": _value(r.created_at),
                "decided_at": _value(r.decided_at),
                "decision_note": r.decision_note,
            }
            for r in referrals
        ],
        "rule_flags": [
            _record(f, ["rule", "opened_on", "due_on", "resolved_at", "resolution"])
            for f in RuleFlag.objects.filter(person=person)
        ],
        "lookups": lookup_rows(lookups),
        # every changed registry field with its earlier value (ADR 0023); the employee's
        # name only when the officer includes names, as in the look-up report
        "rectifications": [
            {
                "time": _value(r.created_at),
                "record": r.record_label,
                "field": r.field_label,
                "before": r.old_value,
                "after": r.new_value,
                "reason": r.reason,
                **({"employee": str(r.changed_by)} if include_names else {}),
            }
            for r in person.rectifications.select_related("changed_by")
        ],
    }
