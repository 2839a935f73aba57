# SPDX-License-Identifier: MPL-2.0
"""Every operation of the API as the OpenAPI description lists it, with a URL and a valid
body for given objects (a person, household, intervention, referral, ...): the tests of
scopes and tokens run over all of them, so a new operation is covered the moment it is
routed. A body's "{name}" is filled from the same values as the URL; a value of None
leaves the field out."""

import json
import re
from dataclasses import dataclass
from typing import Any

from helhed.api.api import api as ninja_api

VALID_BODIES: dict[str, dict[str, Any]] = {
    "person_register": {
        "cpr": "020290-1234",
        "first_name": "Dalia",
        "last_name": "Nasser",
        "country_of_origin": "SY",
        "arrived_on": "2024-05-01",
        "source": "quota_refugee",
    },
    "person_search": {"name": "Haddad"},
    "housing_placement_create": {
        "locality": "Gedved",
        "permanent": True,
        "placed_on": "2024-04-01",
    },
    "danish_education_create": {"track": "du2", "module": 2, "referred_on": "2024-04-01"},
    "programme_enrolment_create": {"kind": "self_support", "starts_on": "2024-03-01"},
    "status_spell_create": {
        "kind": "benefit",
        "benefit_name": "Selvforsørgelsesydelse",
        "starts_on": "2024-03-01",
    },
    "household_member_add": {"cpr": "{relative_cpr}", "relation": "child"},
    "household_member_remove": {},
    "household_relation_create": {
        "person_id": "{person_id}",
        "kind": "spouse",
        "relative_id": "{member_id}",
    },
    "intervention_create": {
        "kind": "job_search",
        "owner_department_id": "{owner_department_id}",
        "focus_area_id": "{focus_area_id}",
        "starts_on": "2024-03-01",
    },
    "intervention_complete": {"outcome": "completed", "ends_on": "{today}"},
    "intervention_cancel": {"closing_note": "Borgeren flyttede."},
    "referral_create": {
        "from_department_id": "{owner_department_id}",
        "to_department_id": "{to_department_id}",
        "reason": "Skolestart for barnet.",
    },
    "referral_accept": {},
    "referral_decline": {"decision_note": "Ingen plads i år."},
    "partner_register": {"kind": "association", "name": "Gedved Idrætsforening"},
}
# Operations that need an intervention under way rather than a planned one.
NEEDS_ACTIVE_INTERVENTION = frozenset({"intervention_complete"})
PLACEHOLDER = re.compile(r"^\{(\w+)\}$")


@dataclass(frozen=True)
class Op:
    method: str
    template: str  # "/persons/{person_id}"
    operation_id: str
    scope: str
    spec: dict[str, Any]

    def url(self, **values: object) -> str:
        """The URL for the objects in `values` (person_id, household_id, member_id,
        intervention_id, referral_id; active_intervention_id for an operation that needs
        one under way)."""
        if self.operation_id in NEEDS_ACTIVE_INTERVENTION:
            values = {**values, "intervention_id": values.get("active_intervention_id")}
        return self.template.format_map(values)

    def body(self, **values: object) -> dict[str, Any] | None:
        """The valid body of a POST, its placeholders filled from `values`."""
        if self.method != "post":
            return None
        return valid_body(self.operation_id, values)


def valid_body(operation_id: str, values: dict[str, object]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name, value in VALID_BODIES.get(operation_id, {}).items():
        match = PLACEHOLDER.match(value) if isinstance(value, str) else None
        if match is None:
            body[name] = value
        elif values.get(match.group(1)) is not None:
            body[name] = str(values[match.group(1)])
    return body


def openapi() -> dict[str, Any]:
    """The description as a client reads it (JSON: status codes are strings)."""
    return json.loads(json.dumps(ninja_api.get_openapi_schema(path_prefix="/api/v1/"), default=str))


def operations() -> list[Op]:
    found = []
    for path, methods in openapi()["paths"].items():
        for method, spec in methods.items():
            found.append(
                Op(
                    method,
                    path.removeprefix("/api/v1"),
                    spec["operationId"],
                    spec["x-required-scope"],
                    spec,
                )
            )
    return found


OPERATIONS = operations()


def op_id(op: Op) -> str:
    return op.operation_id
