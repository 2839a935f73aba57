# SPDX-License-Identifier: MPL-2.0
"""A user of one municipality never sees or changes another municipality's data.

Horsens is the own municipality, Furesø the other (see conftest.py). Every tenant-owned
model names its way to the municipality in TENANT_LOOKUP; these tests hold each lookup
to account and fail when a model without one appears.
"""

from collections.abc import Callable
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from helhed.core.tenancy import municipality_id_of, scope_to_municipality, tenant_lookup
from helhed.governance.tests.factories import make_governance_world
from helhed.organisations.models import Municipality, User
from helhed.organisations.recovery import recovery_codes_new
from helhed.organisations.tests.sessions import login_verified
from helhed.policies import services
from helhed.policies.models import FocusArea, PolicyValue, PolicyVersion, Status
from helhed.policies.selectors import policies_for_municipality
from helhed.policies.tests.factories import adopt, make_policy

TENANT_APPS = ("organisations", "policies", "governance")
# Apps in which every concrete model must be scoped to a municipality.
FULLY_SCOPED_APPS = ("policies", "governance")


def _models(*labels: str) -> list[type[Model]]:
    return [m for label in labels for m in apps.get_app_config(label).get_models()]


def _scoped_models() -> list[type[Model]]:
    return [m for m in _models(*TENANT_APPS) if hasattr(m, "TENANT_LOOKUP")]


def _model_id(model: type[Model]) -> str:
    return model._meta.label


@pytest.fixture
def both_policies(policy_officer: User, other_policy_officer: User) -> None:
    """Data in both municipalities: Horsens with an adopted and a draft version."""
    horsens = make_policy(actor=policy_officer, title="Horsens' integrationspolitik")
    adopt(actor=policy_officer, version=horsens)
    services.policy_version_revise(actor=policy_officer, version=horsens)
    furesoe = make_policy(actor=other_policy_officer, title="Furesøs integrationspolitik")
    adopt(actor=other_policy_officer, version=furesoe)
    # the action plan's follow-up, in both municipalities
    for actor, version in ((policy_officer, horsens), (other_policy_officer, furesoe)):
        services.initiative_progress_update(
            actor=actor,
            initiative=version.initiatives.get(),
            status="in_progress",
            progress=25,
            note="Første hold er i gang.",
        )
    # the democratic process (governance): committees, cases, decisions, the process plan
    for actor, version in ((policy_officer, horsens), (other_policy_officer, furesoe)):
        make_governance_world(actor=actor, version=version)
    # the second factor's recovery codes, of a user in each
    for actor in (policy_officer, other_policy_officer):
        recovery_codes_new(user=actor)


@pytest.mark.usefixtures("both_policies")
def test_dashboard_of_another_municipality_does_not_list_the_own_policies(
    client: Client, other_policy_officer: User
) -> None:
    login_verified(client, other_policy_officer)

    response = client.get(reverse("policies:dashboard"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Furesøs integrationspolitik" in page
    assert "Horsens" not in page


@pytest.mark.usefixtures("both_policies")
def test_policies_selector_returns_only_the_municipalitys_own(
    own_municipality: Municipality, other_municipality: Municipality
) -> None:
    for municipality in (own_municipality, other_municipality):
        policies = policies_for_municipality(municipality_id=municipality.id)
        assert policies.exists()
        assert {p.municipality_id for p in policies} == {municipality.id}


@pytest.mark.usefixtures("both_policies")
@pytest.mark.parametrize("model", _scoped_models(), ids=_model_id)
def test_scope_to_municipality_returns_nothing_without_a_municipality(
    model: type[Model],
) -> None:
    assert scope_to_municipality(model._default_manager.all(), None).count() == 0


@pytest.mark.usefixtures("both_policies")
def test_there_is_data_for_the_scope_test_to_hide() -> None:
    assert PolicyVersion.objects.count() == 3
    assert scope_to_municipality(PolicyVersion.objects.all(), None).count() == 0


@pytest.mark.usefixtures("both_policies")
@pytest.mark.parametrize("model", _scoped_models(), ids=_model_id)
def test_tenant_lookup_of_every_scoped_model_resolves_to_its_municipality(
    model: type[Model], own_municipality: Municipality, other_municipality: Municipality
) -> None:
    assert tenant_lookup(model)
    for municipality in (own_municipality, other_municipality):
        rows = list(scope_to_municipality(model._default_manager.all(), municipality.id))
        assert rows, f"no {model.__name__} of {municipality} was found through TENANT_LOOKUP"
        assert {municipality_id_of(row) for row in rows} == {municipality.id}
    everything = model._default_manager.count()
    own = scope_to_municipality(model._default_manager.all(), own_municipality.id).count()
    assert own < everything, f"{model.__name__}: the own scope includes the other's rows"


@pytest.mark.parametrize("model", _models(*FULLY_SCOPED_APPS), ids=_model_id)
def test_every_model_of_the_policies_app_declares_its_tenant_lookup(model: type[Model]) -> None:
    assert isinstance(getattr(model, "TENANT_LOOKUP", None), str), (
        f"{model._meta.label} has no TENANT_LOOKUP: it cannot be scoped to a municipality"
    )


def test_tenant_lookup_refuses_a_model_without_one() -> None:
    class Unscoped:
        __name__ = "Unscoped"

    with pytest.raises(TypeError, match="TENANT_LOOKUP"):
        tenant_lookup(Unscoped)  # type: ignore[arg-type]


def _change_attempts(version: PolicyVersion, actor: User) -> dict[str, Callable[[], object]]:
    value = PolicyValue.objects.filter(version=version).first()
    area = FocusArea.objects.filter(version=version).first()
    assert value is not None
    assert area is not None
    return {
        "update": lambda: services.policy_version_update(actor=actor, version=version, vision="x"),
        "add part": lambda: services.version_part_save(
            actor=actor, part=PolicyValue(version=version, name="Indtrængning")
        ),
        "change part": lambda: services.version_part_save(
            actor=actor, part=PolicyValue(pk=value.pk, version=version, name="Ændret")
        ),
        "delete part": lambda: services.version_part_delete(actor=actor, part=value),
        "move part": lambda: services.version_part_move(actor=actor, part=area, offset=1),
        "transition": lambda: services.policy_version_transition(
            actor=actor, version=version, to_status=Status.HEARING, effective_on=date(2024, 1, 1)
        ),
    }


@pytest.mark.parametrize(
    "attempt",
    ["update", "add part", "change part", "delete part", "move part", "transition", "revise"],
)
def test_policy_officer_of_another_municipality_cannot_change_the_policy_through_services(
    policy_officer: User, other_policy_officer: User, attempt: str
) -> None:
    # given a Horsens policy: an adopted version and a draft
    adopted = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    draft = services.policy_version_revise(actor=policy_officer, version=adopted)
    attempts = _change_attempts(draft, other_policy_officer)
    attempts["revise"] = lambda: services.policy_version_revise(
        actor=other_policy_officer, version=adopted
    )
    before = sorted(PolicyVersion.objects.values_list("pk", "status", "updated_at"))
    values = sorted(PolicyValue.objects.values_list("pk", "name", "order"))

    # when a Furesø policy officer tries, then it is refused and nothing changes
    with pytest.raises(PermissionDenied):
        attempts[attempt]()
    assert sorted(PolicyVersion.objects.values_list("pk", "status", "updated_at")) == before
    assert sorted(PolicyValue.objects.values_list("pk", "name", "order")) == values


def test_user_without_a_municipality_cannot_create_a_policy(superuser: User) -> None:
    with pytest.raises(PermissionDenied):
        services.policy_create(
            actor=superuser, title="Uden kommune", period_start=2024, period_end=2027
        )
