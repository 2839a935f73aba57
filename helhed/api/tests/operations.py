# SPDX-License-Identifier: MPL-2.0
"""Every operation of the API as the OpenAPI description lists it, with a URL and a valid
body for a given person and household: the tests of scopes and tokens run over all of
them, so a new operation is covered the moment it is routed."""

import json
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
}


@dataclass(frozen=True)
class Op:
    method: str
    template: str  # "/persons/{person_id}"
    operation_id: str
    scope: str
    spec: dict[str, Any]

    def url(self, *, person_id: object, household_id: object) -> str:
        return self.template.format(person_id=person_id, household_id=household_id)

    @property
    def body(self) -> dict[str, Any] | None:
        return VALID_BODIES.get(self.operation_id) if self.method == "post" else None


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
