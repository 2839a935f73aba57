# SPDX-License-Identifier: MPL-2.0
"""Creating and revoking integrations."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhed.api.models import Integration, Scope
from helhed.api.services import integration_create, integration_revoke
from helhed.api.tokens import token_hash
from helhed.organisations.models import Department, Municipality, Role, User

pytestmark = pytest.mark.django_db


def _create(actor: User | None, municipality: Municipality, **overrides):
    arguments: dict[str, Any] = {
        "actor": actor,
        "municipality": municipality,
        "name": "Jobcenter-system",
        "departments": list(municipality.departments.filter(name="Jobcenter")),
        "scopes": [Scope.REGISTRY_READ],
    }
    arguments.update(overrides)
    return integration_create(**arguments)


def test_an_administrator_creates_an_integration_with_a_caseworker_service_account(
    administrator: User, own_municipality: Municipality, jobcenter: Department
) -> None:
    new = _create(administrator, own_municipality, scopes=["registry:write", "registry:read"])

    integration = new.integration
    assert integration.scopes == "registry:read registry:write"
    assert integration.created_by == administrator
    assert integration.token_hash == token_hash(new.token)
    user = integration.service_user
    assert user.municipality == own_municipality
    assert user.role_set == {Role.CASEWORKER}
    assert list(user.departments.all()) == [jobcenter]
    assert not user.has_usable_password()


def test_two_tokens_are_never_alike(own_municipality: Municipality) -> None:
    first = _create(None, own_municipality, name="A")
    second = _create(None, own_municipality, name="B")

    assert first.token != second.token
    assert first.integration.token_hash != second.integration.token_hash


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMINISTRATOR])
def test_only_an_administrator_creates_integrations(
    own_municipality: Municipality, role: str
) -> None:
    from helhed.organisations.tests.factories import make_user

    user = make_user(municipality=own_municipality, roles=[role], username=f"u-{role}")

    with pytest.raises(PermissionDenied):
        _create(user, own_municipality)
    assert Integration.objects.count() == 0


def test_an_administrator_of_another_municipality_is_refused(
    own_municipality: Municipality, other_municipality: Municipality
) -> None:
    from helhed.organisations.tests.factories import make_user

    outsider = make_user(municipality=other_municipality, roles=[Role.ADMINISTRATOR], username="x")

    with pytest.raises(PermissionDenied):
        _create(outsider, own_municipality)
    assert Integration.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"departments": []}, "departments"),
        ({"scopes": []}, "scopes"),
        ({"scopes": ["registry:delete"]}, "scopes"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_creates_nothing(
    own_municipality: Municipality, overrides: dict, field: str
) -> None:
    users = User.objects.count()

    with pytest.raises(ValidationError) as error:
        _create(None, own_municipality, **overrides)

    assert field in error.value.message_dict
    assert Integration.objects.count() == 0
    assert User.objects.count() == users


def test_a_department_of_another_municipality_is_refused(
    own_municipality: Municipality, other_municipality: Municipality
) -> None:
    with pytest.raises(ValidationError) as error:
        _create(None, own_municipality, departments=list(other_municipality.departments.all()))

    assert "departments" in error.value.message_dict


def test_a_second_integration_by_the_same_name_is_refused(own_municipality: Municipality) -> None:
    _create(None, own_municipality)

    with pytest.raises(ValidationError) as error:
        _create(None, own_municipality)

    assert "name" in error.value.message_dict
    assert Integration.objects.count() == 1


def test_revoking_stops_the_integration_and_its_account(
    administrator: User, own_municipality: Municipality
) -> None:
    integration = _create(None, own_municipality).integration

    integration_revoke(actor=administrator, integration=integration)

    integration.refresh_from_db()
    assert not integration.active
    assert integration.revoked_by == administrator
    assert integration.revoked_at is not None
    assert not integration.service_user.is_active


def test_an_administrator_of_another_municipality_cannot_revoke(
    own_municipality: Municipality, other_municipality: Municipality
) -> None:
    from helhed.organisations.tests.factories import make_user

    integration = _create(None, own_municipality).integration
    outsider = make_user(municipality=other_municipality, roles=[Role.ADMINISTRATOR], username="x")

    with pytest.raises(PermissionDenied):
        integration_revoke(actor=outsider, integration=integration)
    integration.refresh_from_db()
    assert integration.active
