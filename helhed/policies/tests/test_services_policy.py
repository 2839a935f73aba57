# SPDX-License-Identifier: MPL-2.0
"""Creating a policy and changing a draft version's own fields."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhed.organisations.models import Municipality, User
from helhed.policies import services
from helhed.policies.models import Policy, PolicyTransition, PolicyVersion, Status
from helhed.policies.tests.factories import adopt, bring_to, make_policy


def _counts() -> tuple[int, int, int]:
    return Policy.objects.count(), PolicyVersion.objects.count(), PolicyTransition.objects.count()


def test_policy_create_makes_a_draft_version_one_of_a_new_policy(
    policy_officer: User, own_municipality: Municipality
) -> None:
    # when
    version = services.policy_create(
        actor=policy_officer,
        title="Integrationspolitik",
        subtitle="Sammen om integration",
        period_start=2018,
        period_end=2021,
    )

    # then
    version = PolicyVersion.objects.get(pk=version.pk)
    assert version.policy.municipality == own_municipality
    assert (version.number, version.status, version.based_on) == (1, Status.DRAFT, None)
    assert (version.title, version.subtitle) == ("Integrationspolitik", "Sammen om integration")
    assert (version.period_start, version.period_end) == (2018, 2021)
    assert version.adopted_on is None


def test_policy_create_records_the_draft_as_the_first_lifecycle_step(
    policy_officer: User,
) -> None:
    version = services.policy_create(
        actor=policy_officer, title="Integrationspolitik", period_start=2018, period_end=2021
    )

    step = PolicyTransition.objects.get(version=version)
    assert (step.from_status, step.to_status, step.actor) == ("", Status.DRAFT, policy_officer)


def test_policy_create_accepts_a_period_of_one_year(policy_officer: User) -> None:
    version = services.policy_create(
        actor=policy_officer, title="Integrationspolitik", period_start=2020, period_end=2020
    )

    assert version.period_label == "2020-2020"


@pytest.mark.parametrize("persona", ["caseworker", "manager", "politician", "administrator"])
def test_policy_create_refuses_anyone_but_a_policy_officer(
    persona: str, request: pytest.FixtureRequest
) -> None:
    actor: User = request.getfixturevalue(persona)
    before = _counts()

    with pytest.raises(PermissionDenied):
        services.policy_create(
            actor=actor, title="Integrationspolitik", period_start=2018, period_end=2021
        )

    assert _counts() == before


def test_policy_create_refuses_a_user_without_a_municipality(superuser: User) -> None:
    with pytest.raises(PermissionDenied):
        services.policy_create(
            actor=superuser, title="Integrationspolitik", period_start=2018, period_end=2021
        )

    assert _counts() == (0, 0, 0)


def test_policy_create_refuses_a_period_that_ends_before_it_starts_and_writes_nothing(
    policy_officer: User,
) -> None:
    # given
    before = _counts()

    # when
    with pytest.raises(ValidationError) as caught:
        services.policy_create(
            actor=policy_officer, title="Integrationspolitik", period_start=2021, period_end=2018
        )

    # then
    assert list(caught.value.message_dict) == ["period_end"]
    assert _counts() == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "", "period_start": 2018, "period_end": 2021}, "title"),
        ({"title": "Politik", "period_start": 1999, "period_end": 2021}, "period_start"),
        ({"title": "Politik", "period_start": 2018, "period_end": 2101}, "period_end"),
    ],
)
def test_policy_create_refuses_invalid_fields_and_writes_nothing(
    policy_officer: User, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.policy_create(actor=policy_officer, **fields)

    assert field in caught.value.message_dict
    assert _counts() == (0, 0, 0)


def test_policy_version_update_changes_the_texts_of_a_draft(policy_officer: User) -> None:
    version = make_policy(actor=policy_officer, complete=False)

    services.policy_version_update(
        actor=policy_officer,
        version=version,
        title="Ny titel",
        vision="Alle er med.",
        period_end=2022,
        values_introduction="Vores værdier.",
        target_group_description="Flygtninge og familiesammenførte.",
    )

    version.refresh_from_db()
    assert (version.title, version.vision, version.period_end) == (
        "Ny titel",
        "Alle er med.",
        2022,
    )
    assert version.values_introduction == "Vores værdier."
    assert version.target_group_description == "Flygtninge og familiesammenførte."


def test_policy_version_update_refuses_a_period_that_ends_before_it_starts(
    policy_officer: User,
) -> None:
    version = make_policy(actor=policy_officer, complete=False)

    with pytest.raises(ValidationError) as caught:
        services.policy_version_update(actor=policy_officer, version=version, period_end=2017)

    assert "period_end" in caught.value.message_dict
    version.refresh_from_db()
    assert version.period_end == 2021


def test_policy_version_update_refuses_fields_that_are_not_texts(policy_officer: User) -> None:
    version = make_policy(actor=policy_officer, complete=False)

    with pytest.raises(TypeError, match="status"):
        services.policy_version_update(actor=policy_officer, version=version, status="adopted")

    version.refresh_from_db()
    assert version.status == Status.DRAFT


@pytest.mark.parametrize("status", [Status.HEARING, Status.ADOPTED, Status.ARCHIVED])
def test_policy_version_update_refuses_a_version_that_is_not_a_draft(
    policy_officer: User, status: str
) -> None:
    # given
    version = bring_to(
        actor=policy_officer,
        version=make_policy(actor=policy_officer, complete=False),
        status=status,
    )

    # when
    with pytest.raises(ValidationError) as caught:
        services.policy_version_update(actor=policy_officer, version=version, title="Ændret")

    # then
    assert caught.value.code == "frozen"
    version.refresh_from_db()
    assert (version.title, version.status) == ("Integrationspolitik", status)


@pytest.mark.parametrize("persona", ["caseworker", "manager", "politician", "other_policy_officer"])
def test_policy_version_update_refuses_anyone_but_the_municipality_s_policy_officer(
    policy_officer: User, persona: str, request: pytest.FixtureRequest
) -> None:
    version = make_policy(actor=policy_officer, complete=False)
    actor: User = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.policy_version_update(actor=actor, version=version, title="Kapret")

    version.refresh_from_db()
    assert version.title == "Integrationspolitik"


def test_an_adopted_version_records_its_adoption_date(policy_officer: User) -> None:
    version = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))

    version.refresh_from_db()
    assert version.adopted_on is not None
    assert version.adopted_on.isoformat() == "2018-10-30"
