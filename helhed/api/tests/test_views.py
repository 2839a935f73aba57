# SPDX-License-Identifier: MPL-2.0
"""The administrators' page of integrations: the token is shown once, revoke works."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from helhed.api.models import Integration
from helhed.api.tests.conftest import Api
from helhed.organisations.models import Department, User
from helhed.organisations.tests.sessions import login_verified

pytestmark = pytest.mark.django_db

LIST = reverse("api_admin:integration_list")


def _form(jobcenter: Department, **overrides) -> dict:
    data = {
        "name": "Jobcenter-system",
        "departments": [str(jobcenter.id)],
        "scopes": ["registry:read"],
    }
    data.update(overrides)
    return data


def test_an_administrator_creates_an_integration_and_sees_its_token_once(
    client: Client, administrator: User, jobcenter: Department
) -> None:
    login_verified(client, administrator)

    response = client.post(LIST, _form(jobcenter))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    match = re.search(r'value="(hlh_[^"]+)"', response.content.decode())
    assert match, "the token is shown"
    token = match.group(1)
    assert Api(Client(), token).get("/persons").status_code == 200
    # and never again
    assert token not in client.get(LIST).content.decode()


def test_bad_input_creates_nothing_and_says_why(
    client: Client, administrator: User, jobcenter: Department
) -> None:
    login_verified(client, administrator)

    response = client.post(LIST, _form(jobcenter, scopes=[]))

    assert response.status_code == 400
    assert Integration.objects.count() == 0
    assert "hlh_" not in response.content.decode()


def test_an_administrator_revokes_an_integration(
    client: Client, administrator: User, integration_and_token
) -> None:
    integration, token = integration_and_token
    login_verified(client, administrator)

    response = client.post(reverse("api_admin:integration_revoke", args=[integration.id]))

    assert response.status_code == 302
    integration.refresh_from_db()
    assert not integration.active
    assert Api(Client(), token).get("/persons").status_code == 401


@pytest.mark.parametrize("persona", ["caseworker", "policy_officer", "manager", "politician"])
def test_other_roles_are_refused_the_page(
    client: Client, request: pytest.FixtureRequest, persona: str, integration: Integration
) -> None:
    login_verified(client, request.getfixturevalue(persona))

    assert client.get(LIST).status_code == 403
    assert (
        client.post(reverse("api_admin:integration_revoke", args=[integration.id])).status_code
        == 403
    )
    integration.refresh_from_db()
    assert integration.active


def test_an_administrator_sees_only_the_municipalitys_integrations(
    client: Client, administrator: User, make_integration, jobcenter: Department, other_municipality
) -> None:
    make_integration(departments=[jobcenter], name="Vores")
    theirs, _ = make_integration(
        departments=[other_municipality.departments.get(name="Jobcenter")], name="Deres"
    )
    login_verified(client, administrator)

    page = client.get(LIST).content.decode()

    assert "Vores" in page
    assert "Deres" not in page
    assert client.post(reverse("api_admin:integration_revoke", args=[theirs.id])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.active


@pytest.mark.parametrize("n", [1, 8])
def test_the_integrations_page_has_a_fixed_query_budget(
    client: Client,
    administrator: User,
    make_integration,
    jobcenter: Department,
    sprogcenter: Department,
    django_assert_max_num_queries,
    n: int,
) -> None:
    for i in range(n):
        make_integration(departments=[jobcenter, sprogcenter], name=f"System {i}")
    login_verified(client, administrator)

    with django_assert_max_num_queries(10):
        response = client.get(LIST)

    assert response.content.decode().count("System ") == n * 2  # the name and the button
