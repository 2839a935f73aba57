# SPDX-License-Identifier: MPL-2.0
"""Schemathesis against the live OpenAPI description, in process (no network): generated
requests, valid and invalid, for every operation. No server error, every response
conforms to the description (status code, content type, headers, body), and a request
the schema forbids is refused."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from helhed.api.models import Integration
from helhed.api.tokens import token_hash

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
# The integration's token is fixed here (its hash is set below), so that schemathesis
# applies it as the auth of every case, and leaves it out where it tests a missing one.
TOKEN = "hlh_schemathesis-" + "x" * 32


@schema.auth()
class BearerToken:
    def get(self, case: Any, ctx: Any) -> str:
        return TOKEN

    def set(self, case: Any, data: str, ctx: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def _keep_the_test_connection() -> Iterator[None]:
    """Schemathesis calls Django's own WSGI handler, whose request signals close database
    connections older than CONN_MAX_AGE (60 s on PostgreSQL): the test's connection, with
    its transaction, would be closed under it. Django's test client disconnects the same
    handler for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_the_test_connection")
@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_description(
    case,
    integration_and_token: tuple[Integration, str],
    path_values: dict[str, object],
    locality,
) -> None:
    integration, _ = integration_and_token
    Integration.objects.filter(pk=integration.pk).update(token_hash=token_hash(TOKEN))
    # half the generated ids are replaced by real ones, so that the operations get past 404
    if case.path_parameters and hash(str(case.path_parameters)) % 2:
        for name in (
            "person_id",
            "household_id",
            "member_id",
            "intervention_id",
            "referral_id",
        ):
            if name in case.path_parameters:
                case.path_parameters[name] = str(path_values[name])

    # Every check but one: a request the schema allows may still be refused by the
    # registry's and the plans' rules (a CPR number's date, an unknown locality,
    # overlapping spells, a transition from the wrong status), which no JSON schema can
    # express; that answer is a documented 422, checked above.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
