# SPDX-License-Identifier: MPL-2.0
"""Token authentication and scopes, over every operation of the API."""

import pytest
from django.test import Client
from django.utils import timezone

from helhed.api.models import Integration, Scope
from helhed.api.services import integration_revoke
from helhed.api.tests.conftest import Api, counts
from helhed.api.tests.operations import OPERATIONS, Op, op_id
from helhed.audit.models import AuditEvent
from helhed.citizens.models import Person

pytestmark = pytest.mark.django_db


def _call(api: Api, op: Op, values: dict[str, object]):
    url = op.url(**values)
    if op.method == "get":
        return api.get(url)
    return api.post(url, op.body(**values))


def _assert_refused(response, status: int) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["detail"]
    assert body["errors"] == []


def test_every_operation_is_listed() -> None:
    # a guard: the tests below run over OPERATIONS, which must hold the whole API
    assert {op.operation_id for op in OPERATIONS} >= {
        "person_list",
        "person_register",
        "person_search",
        "person_detail",
        "arrival_list",
        "housing_placement_create",
        "danish_education_create",
        "programme_enrolment_create",
        "status_spell_create",
        "household_detail",
        "household_member_add",
        "household_member_remove",
        "household_relation_create",
        "intervention_list",
        "intervention_create",
        "intervention_detail",
        "intervention_start",
        "intervention_complete",
        "intervention_cancel",
        "flag_list",
        "referral_list",
        "referral_create",
        "referral_accept",
        "referral_decline",
        "partner_list",
        "partner_register",
    }
    assert len(OPERATIONS) >= 30


BAD_HEADERS = {
    "missing": None,
    "empty bearer": "Bearer ",
    "basic scheme": "Basic dXNlcjpwYXNzd29yZA==",
    "no scheme": "hlh_abcdefghijklmnopqrstuvwxyz",
    "unknown token": "Bearer hlh_" + "A" * 43,
    "not our prefix": "Bearer ghp_" + "A" * 43,
    "overlong": "Bearer hlh_" + "A" * 5000,
    "non-ascii": "Bearer hlh_æøå",
}


@pytest.mark.parametrize("op", OPERATIONS, ids=op_id)
@pytest.mark.parametrize("header", list(BAD_HEADERS), ids=str)
def test_a_request_without_a_valid_token_gets_401_and_changes_nothing(
    client: Client,
    integration: Integration,
    path_values: dict[str, object],
    locality,
    op: Op,
    header: str,
) -> None:
    # given an integration whose token is not sent as it should be
    value = BAD_HEADERS[header]
    headers = {"authorization": value} if value is not None else {}
    api = Api(client, None)
    url = op.url(**path_values)
    before = counts()
    # when
    if op.method == "get":
        response = api.get(url, headers=headers)
    else:
        response = api.post(url, op.body(**path_values), headers=headers)
    # then
    _assert_refused(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert counts() == before


@pytest.mark.parametrize("op", OPERATIONS, ids=op_id)
def test_a_revoked_token_gets_401_and_changes_nothing(
    api: Api,
    integration: Integration,
    path_values: dict[str, object],
    locality,
    op: Op,
) -> None:
    # given a token that worked, then was revoked
    assert api.get("/persons").status_code == 200
    integration_revoke(actor=None, integration=integration)
    before = counts()
    # when / then
    _assert_refused(_call(api, op, path_values), 401)
    assert counts() == before


@pytest.mark.parametrize("op", OPERATIONS, ids=op_id)
def test_a_token_without_the_operations_scope_gets_403_naming_the_scope(
    api_for, path_values: dict[str, object], locality, op: Op
) -> None:
    # given a token holding every scope except the one the operation needs
    api = api_for(*(s for s in Scope.values if s != op.scope))
    before = counts()
    # when
    response = _call(api, op, path_values)
    # then
    _assert_refused(response, 403)
    assert op.scope in response.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize("op", OPERATIONS, ids=op_id)
def test_a_token_with_only_the_operations_scope_is_let_through(
    api_for, path_values: dict[str, object], locality, op: Op
) -> None:
    """Control for the scope refusal above: the same request with just that scope works."""
    api = api_for(op.scope)

    response = _call(api, op, path_values)

    assert response.status_code in (200, 201), response.content


def test_the_scope_is_checked_before_the_body_is_read(api_for, own_person: Person) -> None:
    api = api_for(Scope.REGISTRY_READ)

    response = api.post("/persons", raw="{not json")

    _assert_refused(response, 403)


def test_a_refused_request_writes_no_audit_event(api_for, own_person: Person) -> None:
    api = api_for(Scope.REGISTRY_WRITE)
    before = AuditEvent.objects.count()

    assert api.get(f"/persons/{own_person.id}").status_code == 403
    assert api.get("/persons").status_code == 403

    assert AuditEvent.objects.count() == before


def test_the_service_account_of_a_revoked_integration_is_deactivated(
    api: Api, integration: Integration
) -> None:
    integration_revoke(actor=None, integration=integration)

    integration.service_user.refresh_from_db()
    assert not integration.service_user.is_active
    assert api.get("/persons").status_code == 401


def test_a_used_token_records_when_it_was_last_used(api: Api, integration: Integration) -> None:
    assert integration.last_used_at is None

    api.get("/persons")

    integration.refresh_from_db()
    assert integration.last_used_at is not None
    assert integration.last_used_at <= timezone.now()


def test_another_municipalitys_token_finds_none_of_our_persons(
    client: Client, make_integration, other_municipality, own_person: Person, foreign_person: Person
) -> None:
    # given Furesø's integration with every scope
    _, token = make_integration(
        departments=[other_municipality.departments.get(name="Jobcenter")], name="Furesø-system"
    )
    api = Api(client, token)
    # when it lists and reads
    listed = api.get("/persons").json()
    # then it sees only Furesø's person, and ours is not found
    assert [p["id"] for p in listed["items"]] == [str(foreign_person.id)]
    _assert_refused(api.get(f"/persons/{own_person.id}"), 404)
    assert api.get(f"/persons/{foreign_person.id}").status_code == 200


def test_the_token_is_stored_only_as_its_hash(integration_and_token) -> None:
    integration, token = integration_and_token
    stored = Integration.objects.filter(pk=integration.pk).values().get()

    assert token not in {str(v) for v in stored.values()}
    assert token.startswith(integration.token_prefix)
    assert len(token) >= 40
