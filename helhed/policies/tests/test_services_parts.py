# SPDX-License-Identifier: MPL-2.0
"""Adding, changing, deleting and reordering the parts of a version, and every refusal."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhed.organisations.models import Department, Municipality, User
from helhed.policies import services
from helhed.policies.models import (
    FocusArea,
    Initiative,
    Objective,
    PolicyValue,
    PolicyVersion,
    Status,
    Target,
    TargetGroupEntry,
)
from helhed.policies.services import VersionPart
from helhed.policies.tests.factories import (
    adopt,
    bring_to,
    build_part,
    make_policy,
    save_part,
)

PART_MODELS: list[type[VersionPart]] = [
    PolicyValue,
    TargetGroupEntry,
    FocusArea,
    Objective,
    Target,
    Initiative,
]
# The text field of each kind of part, for changing one.
TEXT_FIELD = {
    PolicyValue: "name",
    TargetGroupEntry: "text",
    FocusArea: "title",
    Objective: "text",
    Target: "description",
    Initiative: "title",
}


@pytest.fixture
def version(policy_officer: User) -> PolicyVersion:
    """A draft with one part of every kind."""
    return make_policy(actor=policy_officer)


def _existing(model: type[VersionPart], version: PolicyVersion) -> VersionPart:
    return model.objects.get(version=version)


def _orders(model: type[VersionPart], parts: list[VersionPart]) -> list[int]:
    return [model.objects.get(pk=p.pk).order for p in parts]


def _snapshot(version: PolicyVersion) -> dict[str, list[tuple[object, ...]]]:
    """Everything in a version that a refused write must leave as it was."""
    return {
        model.__name__: sorted(
            (str(p.pk), p.order, getattr(p, TEXT_FIELD[model]), p.updated_at)
            for p in model.objects.filter(version=version)
        )
        for model in PART_MODELS
    }


# --- adding and changing ---------------------------------------------------------------


@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
def test_a_policy_officer_adds_a_part_to_a_draft(
    policy_officer: User, version: PolicyVersion, model: type[VersionPart]
) -> None:
    part = build_part(model, version=version)

    saved = services.version_part_save(actor=policy_officer, part=part)

    stored = model.objects.get(pk=saved.pk)
    assert stored.version_id == version.id
    assert getattr(stored, TEXT_FIELD[model]) == getattr(part, TEXT_FIELD[model])


@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
def test_a_new_part_is_placed_after_its_siblings(
    policy_officer: User, version: PolicyVersion, model: type[VersionPart]
) -> None:
    # given: make_policy gave the version one part of this kind, at order 0
    assert _existing(model, version).order == 0

    # when
    second = services.version_part_save(
        actor=policy_officer, part=build_part(model, version=version)
    )
    third = services.version_part_save(
        actor=policy_officer, part=build_part(model, version=version)
    )

    # then
    assert _orders(model, [second, third]) == [1, 2]


def test_an_excluded_group_is_numbered_apart_from_the_included(
    policy_officer: User, version: PolicyVersion
) -> None:
    entry = services.version_part_save(
        actor=policy_officer,
        part=TargetGroupEntry(version=version, kind="excluded", text="Turister"),
    )

    assert TargetGroupEntry.objects.get(pk=entry.pk).order == 0


def test_objectives_are_numbered_within_their_focus_area(
    policy_officer: User, version: PolicyVersion
) -> None:
    # given
    other_area = save_part(actor=policy_officer, part=FocusArea(version=version, title="Sprog"))

    # when
    in_other_area = services.version_part_save(
        actor=policy_officer, part=Objective(version=version, focus_area=other_area, text="Dansk.")
    )
    strategic = services.version_part_save(
        actor=policy_officer, part=Objective(version=version, focus_area=None, text="Overordnet.")
    )

    # then
    assert _orders(Objective, [in_other_area, strategic]) == [0, 0]


def test_a_version_s_first_part_of_a_kind_gets_order_zero(policy_officer: User) -> None:
    version = make_policy(actor=policy_officer, complete=False)

    value = services.version_part_save(
        actor=policy_officer, part=PolicyValue(version=version, name="Tillid")
    )

    assert PolicyValue.objects.get(pk=value.pk).order == 0


@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
def test_a_policy_officer_changes_a_part_of_a_draft_without_moving_it(
    policy_officer: User, version: PolicyVersion, model: type[VersionPart]
) -> None:
    services.version_part_save(actor=policy_officer, part=build_part(model, version=version))
    part = model.objects.get(version=version, order=1)
    setattr(part, TEXT_FIELD[model], "Ændret")

    services.version_part_save(actor=policy_officer, part=part)

    stored = model.objects.get(pk=part.pk)
    assert (getattr(stored, TEXT_FIELD[model]), stored.order) == ("Ændret", 1)


def test_a_strategic_objective_has_no_focus_area(
    policy_officer: User, version: PolicyVersion
) -> None:
    objective = services.version_part_save(
        actor=policy_officer, part=Objective(version=version, text="Alle skal med.")
    )

    assert Objective.objects.get(pk=objective.pk).focus_area is None


def test_a_target_of_one_hundred_per_cent_is_allowed(
    policy_officer: User, version: PolicyVersion
) -> None:
    target = build_part(Target, version=version, value=Decimal(100), unit="percent")

    services.version_part_save(actor=policy_officer, part=target)

    assert Target.objects.get(pk=target.pk).value == Decimal(100)


def test_a_target_of_more_than_one_hundred_is_allowed_for_a_unit_that_is_not_a_share(
    policy_officer: User, version: PolicyVersion
) -> None:
    target = build_part(
        Target,
        version=version,
        value=Decimal(145),
        unit="persons",
        indicator_key="arrivals_by_source",
    )

    services.version_part_save(actor=policy_officer, part=target)

    assert Target.objects.get(pk=target.pk).value == Decimal(145)


# --- refused content -------------------------------------------------------------------


def _refused(actor: User, part: VersionPart, version: PolicyVersion) -> ValidationError:
    """Save `part`, expect a ValidationError and that nothing in `version` changed."""
    before = _snapshot(version)
    with pytest.raises(ValidationError) as caught:
        services.version_part_save(actor=actor, part=part)
    assert _snapshot(version) == before
    return caught.value


def test_a_target_of_more_than_one_hundred_per_cent_is_refused(
    policy_officer: User, version: PolicyVersion
) -> None:
    part = build_part(Target, version=version, value=Decimal(145), unit="percent")

    error = _refused(policy_officer, part, version)

    assert list(error.message_dict) == ["value"]


def test_a_target_of_just_over_one_hundred_per_cent_is_refused(
    policy_officer: User, version: PolicyVersion
) -> None:
    part = build_part(Target, version=version, value=Decimal("100.01"), unit="percent")

    error = _refused(policy_officer, part, version)

    assert list(error.message_dict) == ["value"]


def test_a_negative_target_is_refused(policy_officer: User, version: PolicyVersion) -> None:
    part = build_part(
        Target,
        version=version,
        value=Decimal(-1),
        unit="persons",
        indicator_key="arrivals_by_source",
    )

    error = _refused(policy_officer, part, version)

    assert list(error.message_dict) == ["value"]


def test_changing_a_target_to_more_than_one_hundred_per_cent_is_refused(
    policy_officer: User, version: PolicyVersion
) -> None:
    target = Target.objects.get(version=version)
    target.value = Decimal(145)

    error = _refused(policy_officer, target, version)

    assert list(error.message_dict) == ["value"]
    assert Target.objects.get(pk=target.pk).value == Decimal(45)


def test_an_objective_in_a_focus_area_of_another_municipality_s_policy_is_refused(
    policy_officer: User, version: PolicyVersion, other_policy_officer: User
) -> None:
    foreign_area = FocusArea.objects.get(version=make_policy(actor=other_policy_officer))

    error = _refused(
        policy_officer, Objective(version=version, focus_area=foreign_area, text="X."), version
    )

    assert list(error.message_dict) == ["focus_area"]
    assert foreign_area.objectives.count() == 1


def test_an_objective_in_a_focus_area_of_another_version_is_refused(
    policy_officer: User, version: PolicyVersion
) -> None:
    older = make_policy(actor=policy_officer, title="Anden politik")
    area = FocusArea.objects.get(version=older)

    error = _refused(
        policy_officer, Objective(version=version, focus_area=area, text="X."), version
    )

    assert list(error.message_dict) == ["focus_area"]


def test_a_target_of_an_objective_in_another_version_is_refused(
    policy_officer: User, version: PolicyVersion
) -> None:
    other_version = make_policy(actor=policy_officer, title="Anden politik")
    foreign_objective = Objective.objects.get(version=other_version)

    error = _refused(
        policy_officer, build_part(Target, version=version, objective=foreign_objective), version
    )

    assert list(error.message_dict) == ["objective"]
    assert foreign_objective.targets.count() == 1


def test_an_initiative_in_a_focus_area_of_another_version_is_refused(
    policy_officer: User, version: PolicyVersion
) -> None:
    area = FocusArea.objects.get(version=make_policy(actor=policy_officer, title="Anden"))

    error = _refused(
        policy_officer, build_part(Initiative, version=version, focus_area=area), version
    )

    assert list(error.message_dict) == ["focus_area"]


def test_an_initiative_owned_by_another_municipality_s_department_is_refused(
    policy_officer: User, version: PolicyVersion, other_municipality: Municipality
) -> None:
    foreign = Department.objects.get(municipality=other_municipality, name="Jobcenter")

    error = _refused(
        policy_officer, build_part(Initiative, version=version, owner_department=foreign), version
    )

    assert list(error.message_dict) == ["owner_department"]


def test_an_initiative_owned_by_the_municipality_s_own_department_is_allowed(
    policy_officer: User, version: PolicyVersion, own_municipality: Municipality
) -> None:
    own = Department.objects.get(municipality=own_municipality, name="Forvaltningen")

    initiative = services.version_part_save(
        actor=policy_officer, part=build_part(Initiative, version=version, owner_department=own)
    )

    assert Initiative.objects.get(pk=initiative.pk).owner_department == own


def test_an_initiative_that_ends_before_it_starts_is_refused(
    policy_officer: User, version: PolicyVersion
) -> None:
    part = build_part(
        Initiative, version=version, start_date=date(2020, 1, 1), end_date=date(2019, 12, 31)
    )

    error = _refused(policy_officer, part, version)

    assert list(error.message_dict) == ["end_date"]


def test_an_initiative_that_starts_and_ends_on_the_same_day_is_allowed(
    policy_officer: User, version: PolicyVersion
) -> None:
    part = build_part(
        Initiative, version=version, start_date=date(2020, 1, 1), end_date=date(2020, 1, 1)
    )

    services.version_part_save(actor=policy_officer, part=part)

    assert Initiative.objects.filter(pk=part.pk).exists()


def test_an_initiative_with_progress_above_one_hundred_is_refused(
    policy_officer: User, version: PolicyVersion
) -> None:
    error = _refused(policy_officer, build_part(Initiative, version=version, progress=101), version)

    assert list(error.message_dict) == ["progress"]


def test_a_target_with_an_unknown_indicator_is_refused(
    policy_officer: User, version: PolicyVersion
) -> None:
    part = build_part(Target, version=version, indicator_key="happiness")

    error = _refused(policy_officer, part, version)

    assert list(error.message_dict) == ["indicator_key"]


# --- frozen versions -------------------------------------------------------------------


def _frozen_version(actor: User, status: str) -> PolicyVersion:
    return bring_to(actor=actor, version=make_policy(actor=actor), status=status)


FROZEN = [Status.HEARING, Status.ADOPTED, Status.ARCHIVED]


@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("status", FROZEN)
def test_a_part_of_a_version_that_is_not_a_draft_cannot_be_changed(
    policy_officer: User, status: str, model: type[VersionPart]
) -> None:
    # given
    version = _frozen_version(policy_officer, status)
    part = _existing(model, version)
    setattr(part, TEXT_FIELD[model], "Ændret")
    before = _snapshot(version)

    # when
    with pytest.raises(ValidationError) as caught:
        services.version_part_save(actor=policy_officer, part=part)

    # then
    assert caught.value.code == "frozen"
    assert _snapshot(version) == before


@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("status", FROZEN)
def test_a_part_cannot_be_added_to_a_version_that_is_not_a_draft(
    policy_officer: User, status: str, model: type[VersionPart]
) -> None:
    version = _frozen_version(policy_officer, status)
    before = _snapshot(version)

    with pytest.raises(ValidationError) as caught:
        services.version_part_save(actor=policy_officer, part=build_part(model, version=version))

    assert caught.value.code == "frozen"
    assert _snapshot(version) == before


@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("status", FROZEN)
def test_a_part_of_a_version_that_is_not_a_draft_cannot_be_deleted(
    policy_officer: User, status: str, model: type[VersionPart]
) -> None:
    version = _frozen_version(policy_officer, status)
    before = _snapshot(version)

    with pytest.raises(ValidationError) as caught:
        services.version_part_delete(actor=policy_officer, part=_existing(model, version))

    assert caught.value.code == "frozen"
    assert _snapshot(version) == before


@pytest.mark.parametrize("status", FROZEN)
def test_a_part_of_a_version_that_is_not_a_draft_cannot_be_moved(
    policy_officer: User, status: str
) -> None:
    # given: two values, so that a move would change something
    version = make_policy(actor=policy_officer)
    services.version_part_save(actor=policy_officer, part=build_part(PolicyValue, version=version))
    bring_to(actor=policy_officer, version=version, status=status)
    second = PolicyValue.objects.get(version=version, order=1)
    before = _snapshot(version)

    # when
    with pytest.raises(ValidationError) as caught:
        services.version_part_move(actor=policy_officer, part=second, offset=-1)

    # then
    assert caught.value.code == "frozen"
    assert _snapshot(version) == before


def test_a_part_of_an_adopted_version_cannot_be_moved_into_a_draft(policy_officer: User) -> None:
    """Saving a part whose stored version is frozen must be refused, whatever version the
    part has been given in memory: otherwise the adopted version loses the part."""
    # given
    adopted = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    draft = services.policy_version_revise(actor=policy_officer, version=adopted)
    value = PolicyValue.objects.get(version=adopted)
    value.version = draft
    before = _snapshot(adopted)

    # when
    with pytest.raises(ValidationError) as caught:
        services.version_part_save(actor=policy_officer, part=value)

    # then
    assert caught.value.code == "frozen"
    assert _snapshot(adopted) == before


def test_a_part_of_an_adopted_version_cannot_be_deleted_by_pointing_it_at_a_draft(
    policy_officer: User,
) -> None:
    # given
    adopted = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    draft = services.policy_version_revise(actor=policy_officer, version=adopted)
    value = PolicyValue.objects.get(version=adopted)
    value.version = draft
    before = _snapshot(adopted)

    # when
    with pytest.raises(ValidationError) as caught:
        services.version_part_delete(actor=policy_officer, part=value)

    # then
    assert caught.value.code == "frozen"
    assert _snapshot(adopted) == before


def test_a_part_of_another_municipality_s_version_cannot_be_moved_into_one_s_own_draft(
    policy_officer: User, other_policy_officer: User
) -> None:
    # given
    own = make_policy(actor=policy_officer)
    foreign = make_policy(actor=other_policy_officer, title="Furesøs politik")
    value = PolicyValue.objects.get(version=foreign)
    value.version = own
    before = _snapshot(foreign)

    # when
    with pytest.raises(PermissionDenied):
        services.version_part_save(actor=policy_officer, part=value)

    # then
    assert _snapshot(foreign) == before


# --- who may write ---------------------------------------------------------------------


NOT_POLICY_OFFICERS = ["caseworker", "manager", "politician", "administrator"]


@pytest.mark.parametrize("persona", [*NOT_POLICY_OFFICERS, "other_policy_officer"])
@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
def test_only_the_municipality_s_policy_officer_may_add_a_part(
    version: PolicyVersion, model: type[VersionPart], persona: str, request: pytest.FixtureRequest
) -> None:
    actor: User = request.getfixturevalue(persona)
    before = _snapshot(version)

    with pytest.raises(PermissionDenied):
        services.version_part_save(actor=actor, part=build_part(model, version=version))

    assert _snapshot(version) == before


@pytest.mark.parametrize("persona", [*NOT_POLICY_OFFICERS, "other_policy_officer"])
@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
def test_only_the_municipality_s_policy_officer_may_change_a_part(
    version: PolicyVersion, model: type[VersionPart], persona: str, request: pytest.FixtureRequest
) -> None:
    actor: User = request.getfixturevalue(persona)
    part = _existing(model, version)
    setattr(part, TEXT_FIELD[model], "Kapret")
    before = _snapshot(version)

    with pytest.raises(PermissionDenied):
        services.version_part_save(actor=actor, part=part)

    assert _snapshot(version) == before


@pytest.mark.parametrize("persona", [*NOT_POLICY_OFFICERS, "other_policy_officer"])
@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
def test_only_the_municipality_s_policy_officer_may_delete_a_part(
    version: PolicyVersion, model: type[VersionPart], persona: str, request: pytest.FixtureRequest
) -> None:
    actor: User = request.getfixturevalue(persona)
    before = _snapshot(version)

    with pytest.raises(PermissionDenied):
        services.version_part_delete(actor=actor, part=_existing(model, version))

    assert _snapshot(version) == before


@pytest.mark.parametrize("persona", [*NOT_POLICY_OFFICERS, "other_policy_officer"])
def test_only_the_municipality_s_policy_officer_may_move_a_part(
    policy_officer: User, version: PolicyVersion, persona: str, request: pytest.FixtureRequest
) -> None:
    actor: User = request.getfixturevalue(persona)
    services.version_part_save(actor=policy_officer, part=build_part(PolicyValue, version=version))
    second = PolicyValue.objects.get(version=version, order=1)
    before = _snapshot(version)

    with pytest.raises(PermissionDenied):
        services.version_part_move(actor=actor, part=second, offset=-1)

    assert _snapshot(version) == before


# --- deleting --------------------------------------------------------------------------


@pytest.mark.parametrize("model", [PolicyValue, TargetGroupEntry, Objective, Target, Initiative])
def test_a_policy_officer_deletes_a_part_of_a_draft(
    policy_officer: User, version: PolicyVersion, model: type[VersionPart]
) -> None:
    part = _existing(model, version)

    services.version_part_delete(actor=policy_officer, part=part)

    assert not model.objects.filter(pk=part.pk).exists()


def test_deleting_an_objective_deletes_its_targets(
    policy_officer: User, version: PolicyVersion
) -> None:
    objective = Objective.objects.get(version=version)

    services.version_part_delete(actor=policy_officer, part=objective)

    assert not Target.objects.filter(version=version).exists()


def test_a_focus_area_with_initiatives_cannot_be_deleted(
    policy_officer: User, version: PolicyVersion
) -> None:
    area = FocusArea.objects.get(version=version)
    before = _snapshot(version)

    with pytest.raises(ValidationError):
        services.version_part_delete(actor=policy_officer, part=area)

    assert _snapshot(version) == before


def test_a_focus_area_without_initiatives_is_deleted_with_its_objectives_and_targets(
    policy_officer: User, version: PolicyVersion
) -> None:
    area = FocusArea.objects.get(version=version)
    services.version_part_delete(actor=policy_officer, part=Initiative.objects.get(version=version))

    services.version_part_delete(actor=policy_officer, part=area)

    assert not FocusArea.objects.filter(version=version).exists()
    assert not Objective.objects.filter(version=version).exists()
    assert not Target.objects.filter(version=version).exists()


# --- moving ----------------------------------------------------------------------------


def _three(actor: User, model: type[VersionPart], version: PolicyVersion) -> list[VersionPart]:
    """Three siblings of `model` at orders 0, 1, 2."""
    first = _existing(model, version)
    second = services.version_part_save(actor=actor, part=build_part(model, version=version))
    third = services.version_part_save(actor=actor, part=build_part(model, version=version))
    assert _orders(model, [first, second, third]) == [0, 1, 2]
    return [first, second, third]


@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
def test_moving_a_part_up_swaps_it_with_the_one_before(
    policy_officer: User, version: PolicyVersion, model: type[VersionPart]
) -> None:
    first, second, third = _three(policy_officer, model, version)

    services.version_part_move(actor=policy_officer, part=third, offset=-1)

    assert _orders(model, [first, second, third]) == [0, 2, 1]


@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
def test_moving_a_part_down_swaps_it_with_the_one_after(
    policy_officer: User, version: PolicyVersion, model: type[VersionPart]
) -> None:
    first, second, third = _three(policy_officer, model, version)

    services.version_part_move(actor=policy_officer, part=first, offset=1)

    assert _orders(model, [first, second, third]) == [1, 0, 2]


@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
def test_moving_the_first_part_up_changes_nothing(
    policy_officer: User, version: PolicyVersion, model: type[VersionPart]
) -> None:
    first, _, _ = _three(policy_officer, model, version)
    before = _snapshot(version)

    services.version_part_move(actor=policy_officer, part=first, offset=-1)

    assert _snapshot(version) == before


@pytest.mark.parametrize("model", PART_MODELS, ids=lambda m: m.__name__)
def test_moving_the_last_part_down_changes_nothing(
    policy_officer: User, version: PolicyVersion, model: type[VersionPart]
) -> None:
    *_, last = _three(policy_officer, model, version)
    before = _snapshot(version)

    services.version_part_move(actor=policy_officer, part=last, offset=1)

    assert _snapshot(version) == before


def test_moving_an_objective_stays_within_its_focus_area(
    policy_officer: User, version: PolicyVersion
) -> None:
    # given: an objective in the area, and a strategic objective that is no sibling of it
    in_area = Objective.objects.get(version=version)
    strategic = services.version_part_save(
        actor=policy_officer, part=Objective(version=version, text="Overordnet.")
    )
    before = _snapshot(version)

    # when
    services.version_part_move(actor=policy_officer, part=strategic, offset=-1)

    # then
    assert _snapshot(version) == before
    assert _orders(Objective, [in_area, strategic]) == [0, 0]


def test_moving_closes_gaps_left_by_a_deleted_sibling(
    policy_officer: User, version: PolicyVersion
) -> None:
    first, second, third = _three(policy_officer, PolicyValue, version)
    services.version_part_delete(actor=policy_officer, part=second)

    services.version_part_move(actor=policy_officer, part=third, offset=-1)

    assert _orders(PolicyValue, [first, third]) == [1, 0]
