# SPDX-License-Identifier: MPL-2.0
"""The plans' operations in the OpenAPI description, each with its scope, and each
refusing a token without it. (test_tokens.py and test_openapi.py run the same checks over
every operation; this file pins down which scope each plans operation needs.)"""

import pytest
from openapi_spec_validator import validate

from helhed.api.models import Scope
from helhed.api.tests.conftest import counts
from helhed.api.tests.operations import OPERATIONS, openapi

pytestmark = pytest.mark.django_db

ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorOut"}
PLANS_OPERATIONS = {
    ("get", "/persons/{person_id}/interventions"): ("intervention_list", Scope.PLANS_READ),
    ("post", "/persons/{person_id}/interventions"): ("intervention_create", Scope.PLANS_WRITE),
    ("get", "/interventions/{intervention_id}"): ("intervention_detail", Scope.PLANS_READ),
    ("post", "/interventions/{intervention_id}/start"): ("intervention_start", Scope.PLANS_WRITE),
    ("post", "/interventions/{intervention_id}/complete"): (
        "intervention_complete",
        Scope.PLANS_WRITE,
    ),
    ("post", "/interventions/{intervention_id}/cancel"): (
        "intervention_cancel",
        Scope.PLANS_WRITE,
    ),
    ("get", "/persons/{person_id}/flags"): ("flag_list", Scope.PLANS_READ),
    ("get", "/persons/{person_id}/referrals"): ("referral_list", Scope.PLANS_READ),
    ("post", "/persons/{person_id}/referrals"): ("referral_create", Scope.PLANS_WRITE),
    ("post", "/referrals/{referral_id}/accept"): ("referral_accept", Scope.PLANS_WRITE),
    ("post", "/referrals/{referral_id}/decline"): ("referral_decline", Scope.PLANS_WRITE),
    ("get", "/partners"): ("partner_list", Scope.PLANS_READ),
    ("post", "/partners"): ("partner_register", Scope.PLANS_WRITE),
}
KEYS = list(PLANS_OPERATIONS)


def _key_id(key: tuple[str, str]) -> str:
    return PLANS_OPERATIONS[key][0]


def test_the_description_with_the_plans_is_valid_openapi() -> None:
    validate(openapi())


@pytest.mark.parametrize("key", KEYS, ids=_key_id)
def test_every_plans_operation_is_described_with_its_scope_and_refusals(
    key: tuple[str, str],
) -> None:
    method, path = key
    operation_id, scope = PLANS_OPERATIONS[key]

    spec = openapi()["paths"][f"/api/v1{path}"][method]

    assert spec["operationId"] == operation_id
    assert spec["x-required-scope"] == scope
    assert spec["security"] == [{"TokenAuth": [scope]}]
    assert spec["tags"] == ["plans"]
    expected = {"401", "403", "422"}
    if "{" in path:
        expected.add("404")
    if method == "post":
        expected.add("400")
    assert expected <= set(spec["responses"])
    for status in expected:
        assert spec["responses"][status]["content"]["application/json"]["schema"] == ERROR_SCHEMA


def test_the_plans_router_has_no_operation_left_undescribed_here() -> None:
    described = {(op.method, op.template) for op in OPERATIONS if op.spec["tags"] == ["plans"]}

    assert described == set(PLANS_OPERATIONS)


@pytest.mark.parametrize("key", KEYS, ids=_key_id)
def test_every_plans_operation_refuses_a_token_without_its_scope_naming_it(
    api_for, path_values: dict[str, object], key: tuple[str, str]
) -> None:
    # given a token with every scope but the operation's
    method, _path = key
    operation_id, scope = PLANS_OPERATIONS[key]
    op = next(o for o in OPERATIONS if o.operation_id == operation_id)
    api = api_for(*(s for s in Scope.values if s != scope))
    before = counts()
    # when
    url = op.url(**path_values)
    response = api.get(url) if method == "get" else api.post(url, op.body(**path_values))
    # then
    assert response.status_code == 403, response.content
    assert response.json()["detail"] == f"Integrationens token har ikke adgangsområdet {scope}."
    assert counts() == before
