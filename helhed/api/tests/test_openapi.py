# SPDX-License-Identifier: MPL-2.0
"""The OpenAPI description: valid, public, and complete about security and errors, so that
schemathesis and the access matrix can be driven from it."""

import re
from typing import Any

import pytest
from django.test import Client
from openapi_spec_validator import validate

from helhed.api.models import Scope
from helhed.api.tests.operations import OPERATIONS, Op, op_id, openapi
from helhed.citizens.household_services import RELATIONS

pytestmark = pytest.mark.django_db

ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorOut"}


def test_the_description_is_served_and_is_valid_openapi(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert document == openapi()


def test_the_description_validator_would_catch_a_broken_document() -> None:
    """Control: the check above can fail."""
    document = openapi()
    document["paths"]["/api/v1/persons"]["get"]["responses"] = "nothing"

    with pytest.raises(Exception, match="nothing"):
        validate(document)


def test_the_bearer_scheme_is_declared() -> None:
    schemes = openapi()["components"]["securitySchemes"]

    assert schemes == {"TokenAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "opaque"}}


@pytest.mark.parametrize("op", OPERATIONS, ids=op_id)
def test_every_operation_requires_the_token_with_exactly_its_scope(op: Op) -> None:
    assert op.scope in Scope.values
    assert op.spec["security"] == [{"TokenAuth": [op.scope]}]
    expected = "write" if op.method == "post" and op.operation_id != "person_search" else "read"
    assert op.scope.endswith(expected)


@pytest.mark.parametrize("op", OPERATIONS, ids=op_id)
def test_every_operation_documents_its_refusals_in_the_one_error_shape(op: Op) -> None:
    responses = op.spec["responses"]
    expected = {"401", "403", "422"}
    if "{" in op.template:
        expected.add("404")
    if op.method == "post":
        expected.add("400")
    assert expected <= set(responses)
    for status in expected:
        assert responses[status]["content"]["application/json"]["schema"] == ERROR_SCHEMA
    assert {s for s in responses if s.startswith("2")}, "no success response"


def test_the_error_shape_has_detail_and_field_errors() -> None:
    schemas = openapi()["components"]["schemas"]

    assert schemas["ErrorOut"]["required"] == ["detail"]
    assert set(schemas["ErrorOut"]["properties"]) == {"detail", "errors"}
    assert set(schemas["FieldError"]["properties"]) == {"field", "message"}


def test_no_path_carries_a_cpr_number() -> None:
    for path, methods in openapi()["paths"].items():
        assert "cpr" not in path.lower()
        for spec in methods.values():
            assert all("cpr" not in p["name"] for p in spec.get("parameters", []))


def test_the_docs_page_loads_nothing_from_another_site(client: Client) -> None:
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, "the docs page loads its scripts and styles"
    assert all(s.startswith("/static/") for s in sources), sources


def _schema(ref: dict[str, str]) -> dict[str, Any]:
    return openapi()["components"]["schemas"][ref["$ref"].rsplit("/", 1)[-1]]


def test_the_household_writes_are_described_with_their_scope_and_schemas() -> None:
    paths = openapi()["paths"]
    add = paths["/api/v1/persons/{person_id}/household-members"]["post"]
    remove = paths["/api/v1/persons/{person_id}/household-members/{member_id}/remove"]["post"]

    assert add["operationId"] == "household_member_add"
    assert remove["operationId"] == "household_member_remove"
    for spec in (add, remove):
        assert spec["tags"] == ["registry"]
        assert spec["security"] == [{"TokenAuth": [Scope.REGISTRY_WRITE]}]
        assert {"400", "401", "403", "404", "422"} <= set(spec["responses"])
    body = _schema(add["requestBody"]["content"]["application/json"]["schema"])
    assert body["required"] == ["cpr", "relation"]
    assert body["additionalProperties"] is False
    assert body["properties"]["relation"]["enum"] == list(RELATIONS)
    assert "pattern" in body["properties"]["cpr"]
    added = _schema(add["responses"]["201"]["content"]["application/json"]["schema"])
    assert set(added["properties"]) == {"household_id", "person_id", "relation", "member"}
    removed = _schema(remove["responses"]["200"]["content"]["application/json"]["schema"])
    assert set(removed["properties"]) == {"household_id", "person_id", "member"}
    assert [p["name"] for p in remove["parameters"]] == ["person_id", "member_id"]


def test_relating_two_members_is_described_with_its_scope_and_schemas() -> None:
    spec = openapi()["paths"]["/api/v1/households/{household_id}/relations"]["post"]

    assert spec["operationId"] == "household_relation_create"
    assert spec["security"] == [{"TokenAuth": [Scope.REGISTRY_WRITE]}]
    assert {"400", "401", "403", "404", "422"} <= set(spec["responses"])
    body = _schema(spec["requestBody"]["content"]["application/json"]["schema"])
    assert body["required"] == ["person_id", "kind", "relative_id"]
    assert body["additionalProperties"] is False
    kind = body["properties"]["kind"]
    kinds = _schema(kind)["enum"] if "$ref" in kind else kind["enum"]
    assert kinds == ["spouse", "parent"]
    created = _schema(spec["responses"]["201"]["content"]["application/json"]["schema"])
    assert set(created["properties"]) == {"person_id", "relative_id", "kind"}


def test_the_household_is_described_with_its_relations() -> None:
    household = openapi()["components"]["schemas"]["HouseholdOut"]

    assert set(household["properties"]) == {"id", "name", "members", "relations"}
    relation = openapi()["components"]["schemas"]["HouseholdRelationOut"]
    assert set(relation["properties"]) == {"person_id", "relative_id", "kind"}
