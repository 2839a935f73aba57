# SPDX-License-Identifier: MPL-2.0
"""The access helpers: a version or part is found inside the user's municipality only."""

import uuid

import pytest
from django.http import Http404

from helhed.organisations.models import User
from helhed.policies.access import (
    access_object_by_id,
    access_version_by_id,
    can_edit_policies,
    can_follow_up_initiatives,
)
from helhed.policies.models import (
    FocusArea,
    Initiative,
    Objective,
    PolicyTransition,
    PolicyValue,
    PolicyVersion,
    Target,
    TargetGroupEntry,
)
from helhed.policies.services import VersionPart
from helhed.policies.tests.factories import make_policy

PART_MODELS: list[type[VersionPart]] = [
    PolicyValue,
    TargetGroupEntry,
    FocusArea,
    Objective,
    Target,
    Initiative,
]


@pytest.fixture
def own_version(policy_officer: User) -> PolicyVersion:
    return make_policy(actor=policy_officer)


@pytest.fixture
def other_version(other_policy_officer: User) -> PolicyVersion:
    return make_policy(actor=other_policy_officer, title="Furesøs politik")


@pytest.mark.parametrize("persona", ["policy_officer", "caseworker", "manager", "politician"])
def test_access_version_by_id_returns_a_version_of_the_user_s_municipality(
    own_version: PolicyVersion, persona: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(persona)

    found = access_version_by_id(user=user, version_id=own_version.id)

    assert found == own_version
    assert found.policy.municipality.slug == "horsens"


def test_access_version_by_id_answers_404_for_another_municipality_s_version(
    policy_officer: User, other_version: PolicyVersion
) -> None:
    with pytest.raises(Http404):
        access_version_by_id(user=policy_officer, version_id=other_version.id)


def test_access_version_by_id_answers_404_for_a_user_without_a_municipality(
    superuser: User, own_version: PolicyVersion
) -> None:
    with pytest.raises(Http404):
        access_version_by_id(user=superuser, version_id=own_version.id)


def test_access_version_by_id_answers_404_for_a_version_that_does_not_exist(
    policy_officer: User, own_version: PolicyVersion
) -> None:
    with pytest.raises(Http404):
        access_version_by_id(user=policy_officer, version_id=uuid.uuid4())


@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
def test_access_object_by_id_returns_a_part_of_the_user_s_municipality(
    caseworker: User, own_version: PolicyVersion, model: type[VersionPart]
) -> None:
    part = model.objects.get(version=own_version)

    assert access_object_by_id(user=caseworker, model=model, object_id=part.pk) == part


@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
def test_access_object_by_id_answers_404_for_another_municipality_s_part(
    policy_officer: User, other_version: PolicyVersion, model: type[VersionPart]
) -> None:
    part = model.objects.get(version=other_version)

    with pytest.raises(Http404):
        access_object_by_id(user=policy_officer, model=model, object_id=part.pk)


@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
def test_access_object_by_id_answers_404_for_a_user_without_a_municipality(
    superuser: User, own_version: PolicyVersion, model: type[VersionPart]
) -> None:
    part = model.objects.get(version=own_version)

    with pytest.raises(Http404):
        access_object_by_id(user=superuser, model=model, object_id=part.pk)


def test_access_object_by_id_answers_404_for_an_id_of_another_kind_of_part(
    policy_officer: User, own_version: PolicyVersion
) -> None:
    area = FocusArea.objects.get(version=own_version)

    with pytest.raises(Http404):
        access_object_by_id(user=policy_officer, model=Target, object_id=area.pk)


def test_access_object_by_id_scopes_lifecycle_steps_too(
    policy_officer: User, own_version: PolicyVersion, other_version: PolicyVersion
) -> None:
    own_step = PolicyTransition.objects.get(version=own_version)
    other_step = PolicyTransition.objects.get(version=other_version)

    found = access_object_by_id(user=policy_officer, model=PolicyTransition, object_id=own_step.pk)

    assert found == own_step
    with pytest.raises(Http404):
        access_object_by_id(user=policy_officer, model=PolicyTransition, object_id=other_step.pk)


def test_only_a_policy_officer_can_edit_policies(
    policy_officer: User, caseworker: User, manager: User, politician: User, administrator: User
) -> None:
    assert can_edit_policies(policy_officer)
    assert not any(can_edit_policies(u) for u in (caseworker, manager, politician, administrator))
    assert can_follow_up_initiatives(policy_officer)
    assert can_follow_up_initiatives(manager)
    assert not any(can_follow_up_initiatives(u) for u in (caseworker, politician, administrator))
