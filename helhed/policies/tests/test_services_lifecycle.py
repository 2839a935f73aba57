# SPDX-License-Identifier: MPL-2.0
"""A version's lifecycle (draft -> hearing -> adopted -> archived) and revising a version."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model

from helhed.organisations.models import User
from helhed.policies import services
from helhed.policies.models import (
    FocusArea,
    Initiative,
    Objective,
    PolicyTransition,
    PolicyValue,
    PolicyVersion,
    Status,
    Target,
    TargetGroupEntry,
)
from helhed.policies.services import VersionPart
from helhed.policies.tests.factories import (
    SKIPPED_HEARING_NOTE,
    adopt,
    bring_to,
    make_policy,
    save_part,
)


def _to(actor: User, version: PolicyVersion, *statuses: str) -> PolicyVersion:
    for status in statuses:
        note = SKIPPED_HEARING_NOTE if (version.status, status) == ("draft", "adopted") else ""
        version = services.policy_version_transition(
            actor=actor, version=version, to_status=status, note=note
        )
    return version


def _status(version: PolicyVersion) -> str:
    return PolicyVersion.objects.get(pk=version.pk).status


def _steps(version: PolicyVersion) -> list[tuple[str, str]]:
    return [
        (t.from_status, t.to_status)
        for t in PolicyTransition.objects.filter(version=version).order_by("recorded_at", "id")
    ]


# --- transitions -----------------------------------------------------------------------


def test_a_draft_goes_to_hearing_and_then_is_adopted(policy_officer: User) -> None:
    # given
    version = make_policy(actor=policy_officer)

    # when
    _to(policy_officer, version, Status.HEARING)
    hearing = _status(version)
    _to(policy_officer, version, Status.ADOPTED)

    # then
    assert (hearing, _status(version)) == (Status.HEARING, Status.ADOPTED)
    assert _steps(version) == [
        ("", Status.DRAFT),
        (Status.DRAFT, Status.HEARING),
        (Status.HEARING, Status.ADOPTED),
    ]


def test_a_draft_can_be_adopted_without_a_hearing(policy_officer: User) -> None:
    version = make_policy(actor=policy_officer)

    _to(policy_officer, version, Status.ADOPTED)

    assert _status(version) == Status.ADOPTED
    assert _steps(version)[-1] == (Status.DRAFT, Status.ADOPTED)


def test_an_adopted_version_can_be_archived(policy_officer: User) -> None:
    version = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))

    _to(policy_officer, version, Status.ARCHIVED)

    assert _status(version) == Status.ARCHIVED
    assert _steps(version)[-1] == (Status.ADOPTED, Status.ARCHIVED)


def test_a_transition_records_actor_statuses_effective_date_and_note(
    policy_officer: User,
) -> None:
    # given
    version = make_policy(actor=policy_officer)

    # when
    services.policy_version_transition(
        actor=policy_officer,
        version=version,
        to_status=Status.HEARING,
        effective_on=date(2018, 9, 1),
        note="Udvalget sendte forslaget i høring.",
    )

    # then
    step = PolicyTransition.objects.get(version=version, to_status=Status.HEARING)
    assert step.actor == policy_officer
    assert (step.from_status, step.to_status) == (Status.DRAFT, Status.HEARING)
    assert step.effective_on == date(2018, 9, 1)
    assert step.note == "Udvalget sendte forslaget i høring."


def test_adoption_records_the_effective_date_as_the_adoption_date(policy_officer: User) -> None:
    version = make_policy(actor=policy_officer)

    services.policy_version_transition(
        actor=policy_officer,
        version=version,
        to_status=Status.ADOPTED,
        effective_on=date(2018, 10, 30),
        note=SKIPPED_HEARING_NOTE,
    )

    assert PolicyVersion.objects.get(pk=version.pk).adopted_on == date(2018, 10, 30)


@pytest.mark.parametrize("note", ["", "   "])
def test_adopting_a_draft_without_a_hearing_needs_a_reason(policy_officer: User, note: str) -> None:
    version = make_policy(actor=policy_officer)

    with pytest.raises(ValidationError) as caught:
        services.policy_version_transition(
            actor=policy_officer, version=version, to_status=Status.ADOPTED, note=note
        )

    assert "note" in caught.value.message_dict
    assert _status(version) == Status.DRAFT
    assert _steps(version) == [("", Status.DRAFT)]


def test_adopting_after_a_hearing_needs_no_reason(policy_officer: User) -> None:
    version = _to(policy_officer, make_policy(actor=policy_officer), Status.HEARING)

    services.policy_version_transition(
        actor=policy_officer, version=version, to_status=Status.ADOPTED
    )

    assert _status(version) == Status.ADOPTED


INVALID_TRANSITIONS = [
    (Status.DRAFT, Status.DRAFT),
    (Status.DRAFT, Status.ARCHIVED),
    (Status.HEARING, Status.DRAFT),
    (Status.HEARING, Status.HEARING),
    (Status.HEARING, Status.ARCHIVED),
    (Status.ADOPTED, Status.DRAFT),
    (Status.ADOPTED, Status.HEARING),
    (Status.ADOPTED, Status.ADOPTED),
    (Status.ARCHIVED, Status.DRAFT),
    (Status.ARCHIVED, Status.HEARING),
    (Status.ARCHIVED, Status.ADOPTED),
    (Status.ARCHIVED, Status.ARCHIVED),
    (Status.DRAFT, "published"),
]


@pytest.mark.parametrize(("current", "target"), INVALID_TRANSITIONS)
def test_a_transition_the_lifecycle_does_not_allow_is_refused_and_writes_nothing(
    policy_officer: User, current: str, target: str
) -> None:
    # given
    version = bring_to(
        actor=policy_officer, version=make_policy(actor=policy_officer), status=current
    )
    steps = _steps(version)

    # when
    with pytest.raises(ValidationError) as caught:
        services.policy_version_transition(actor=policy_officer, version=version, to_status=target)

    # then
    assert caught.value.code == "invalid_transition"
    assert _status(version) == current
    assert _steps(version) == steps


def test_adopting_a_new_version_archives_the_one_adopted_before(policy_officer: User) -> None:
    # given
    first = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    second = services.policy_version_revise(actor=policy_officer, version=first)

    # when
    adopt(actor=policy_officer, version=second)

    # then
    assert (_status(first), _status(second)) == (Status.ARCHIVED, Status.ADOPTED)
    archived = PolicyTransition.objects.get(version=first, to_status=Status.ARCHIVED)
    assert (archived.from_status, archived.actor) == (Status.ADOPTED, policy_officer)


def test_adopting_a_version_does_not_touch_another_policy(policy_officer: User) -> None:
    other_policy = adopt(actor=policy_officer, version=make_policy(actor=policy_officer, title="B"))
    first = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    second = services.policy_version_revise(actor=policy_officer, version=first)

    adopt(actor=policy_officer, version=second)

    assert _status(other_policy) == Status.ADOPTED


@pytest.mark.parametrize("persona", ["caseworker", "manager", "politician", "other_policy_officer"])
def test_only_the_municipality_s_policy_officer_may_record_a_transition(
    policy_officer: User, persona: str, request: pytest.FixtureRequest
) -> None:
    version = make_policy(actor=policy_officer)
    actor: User = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.policy_version_transition(actor=actor, version=version, to_status=Status.ADOPTED)

    assert _status(version) == Status.DRAFT
    assert _steps(version) == [("", Status.DRAFT)]


# --- revising --------------------------------------------------------------------------


def _fields(obj: Model, *exclude: str) -> dict[str, object]:
    skip = {"id", "created_at", "updated_at", "version", *exclude}
    return {
        f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in skip
    }


@pytest.fixture
def adopted(policy_officer: User) -> PolicyVersion:
    """An adopted version 1 with two parts of every kind, a strategic objective with a target
    and an excluded group."""
    version = make_policy(actor=policy_officer)
    services.policy_version_update(
        actor=policy_officer,
        version=version,
        subtitle="Sammen",
        values_introduction="Værdierne.",
        target_group_description="Målgruppen.",
    )
    save = save_part
    save(actor=policy_officer, part=PolicyValue(version=version, name="Tillid"))
    save(
        actor=policy_officer,
        part=TargetGroupEntry(version=version, kind="excluded", text="Turister"),
    )
    area = save(actor=policy_officer, part=FocusArea(version=version, title="Sprog"))
    strategic = save(actor=policy_officer, part=Objective(version=version, text="Alle med."))
    save(actor=policy_officer, part=Objective(version=version, focus_area=area, text="Dansk."))
    save(
        actor=policy_officer,
        part=Target(
            version=version,
            objective=strategic,
            description="Højst 30 dage.",
            indicator_key="median_days_to_first_job",
            comparator="lte",
            value=Decimal("30.50"),
            unit="days",
            deadline=date(2021, 6, 30),
        ),
    )
    save(
        actor=policy_officer,
        part=Initiative(
            version=version,
            focus_area=area,
            title="Sprogcafé",
            start_date=date(2019, 1, 1),
            end_date=date(2020, 12, 31),
            progress=40,
        ),
    )
    return adopt(actor=policy_officer, version=version)


def test_revising_an_adopted_version_makes_the_next_number_a_draft_based_on_it(
    policy_officer: User, adopted: PolicyVersion
) -> None:
    new = services.policy_version_revise(actor=policy_officer, version=adopted)

    new = PolicyVersion.objects.get(pk=new.pk)
    assert (new.policy_id, new.number, new.status) == (adopted.policy_id, 2, Status.DRAFT)
    assert new.based_on == adopted
    assert new.adopted_on is None
    assert _fields(new, "number", "status", "based_on", "adopted_on") == _fields(
        PolicyVersion.objects.get(pk=adopted.pk), "number", "status", "based_on", "adopted_on"
    )


def test_revising_records_the_new_draft_as_a_lifecycle_step(
    policy_officer: User, adopted: PolicyVersion
) -> None:
    new = services.policy_version_revise(actor=policy_officer, version=adopted)

    step = PolicyTransition.objects.get(version=new)
    assert (step.from_status, step.to_status, step.actor) == ("", Status.DRAFT, policy_officer)


def test_revising_copies_every_part_with_its_values(
    policy_officer: User, adopted: PolicyVersion
) -> None:
    new = services.policy_version_revise(actor=policy_officer, version=adopted)

    copies: list[tuple[type[VersionPart], tuple[str, ...]]] = [
        (PolicyValue, ()),
        (TargetGroupEntry, ()),
        (FocusArea, ()),
        (Objective, ("focus_area",)),
        (Target, ("objective",)),
        (Initiative, ("focus_area",)),
    ]
    for model, relations in copies:
        old_parts = [_fields(p, *relations) for p in model.objects.filter(version=adopted)]
        new_parts = [_fields(p, *relations) for p in model.objects.filter(version=new)]
        assert old_parts, model
        assert new_parts == old_parts, model


def test_revising_copies_the_structure_of_focus_areas_objectives_and_targets(
    policy_officer: User, adopted: PolicyVersion
) -> None:
    def outline(version: PolicyVersion) -> list[tuple[str | None, str, list[str]]]:
        return [
            (
                o.focus_area.title if o.focus_area else None,
                o.text,
                [t.description for t in o.targets.all()],
            )
            for o in Objective.objects.filter(version=version)
        ]

    new = services.policy_version_revise(actor=policy_officer, version=adopted)

    assert outline(new) == outline(adopted)
    assert (None, "Alle med.", ["Højst 30 dage."]) in outline(new)
    assert [(i.title, i.focus_area.title) for i in Initiative.objects.filter(version=new)] == [
        (i.title, i.focus_area.title) for i in Initiative.objects.filter(version=adopted)
    ]


def test_a_revision_s_parts_point_into_the_new_version_only(
    policy_officer: User, adopted: PolicyVersion
) -> None:
    new = services.policy_version_revise(actor=policy_officer, version=adopted)

    old_ids = {
        p.pk
        for model in (PolicyValue, TargetGroupEntry, FocusArea, Objective, Target, Initiative)
        for p in model.objects.filter(version=adopted)
    }
    objectives = list(Objective.objects.filter(version=new))
    targets = list(Target.objects.filter(version=new))
    initiatives = list(Initiative.objects.filter(version=new))
    assert {o.focus_area.version_id for o in objectives if o.focus_area} == {new.id}
    assert {t.objective.version_id for t in targets} == {new.id}
    assert {i.focus_area.version_id for i in initiatives} == {new.id}
    assert not old_ids & {p.pk for p in [*objectives, *targets, *initiatives]}
    assert [o for o in objectives if o.focus_area is None]


def test_revising_leaves_the_adopted_version_untouched_and_in_force(
    policy_officer: User, adopted: PolicyVersion
) -> None:
    # given
    def everything(version: PolicyVersion) -> dict[str, list[tuple[object, ...]]]:
        return {
            model.__name__: sorted(
                (str(p.pk), p.updated_at) for p in model.objects.filter(version=version)
            )
            for model in (PolicyValue, TargetGroupEntry, FocusArea, Objective, Target, Initiative)
        }

    before = everything(adopted)
    row = _fields(PolicyVersion.objects.get(pk=adopted.pk))

    # when
    services.policy_version_revise(actor=policy_officer, version=adopted)

    # then
    assert everything(adopted) == before
    assert _fields(PolicyVersion.objects.get(pk=adopted.pk)) == row
    assert _status(adopted) == Status.ADOPTED


def test_revising_a_version_in_hearing_archives_it(policy_officer: User) -> None:
    # given
    hearing = _to(policy_officer, make_policy(actor=policy_officer), Status.HEARING)

    # when
    new = services.policy_version_revise(actor=policy_officer, version=hearing)

    # then
    assert _status(hearing) == Status.ARCHIVED
    assert _steps(hearing)[-1] == (Status.HEARING, Status.ARCHIVED)
    assert PolicyTransition.objects.get(version=hearing, to_status=Status.ARCHIVED).actor == (
        policy_officer
    )
    new.refresh_from_db()
    assert (new.number, new.status, new.based_on_id) == (2, Status.DRAFT, hearing.id)
    assert PolicyValue.objects.filter(version=new).count() == 1


def test_revising_a_hearing_version_keeps_the_adopted_version_in_force(
    policy_officer: User, adopted: PolicyVersion
) -> None:
    second = _to(
        policy_officer,
        services.policy_version_revise(actor=policy_officer, version=adopted),
        Status.HEARING,
    )

    third = services.policy_version_revise(actor=policy_officer, version=second)

    assert [_status(adopted), _status(second), _status(third)] == [
        Status.ADOPTED,
        Status.ARCHIVED,
        Status.DRAFT,
    ]
    assert third.number == 3


def _version_count(version: PolicyVersion) -> int:
    return PolicyVersion.objects.filter(policy_id=version.policy_id).count()


def test_revising_while_a_draft_exists_is_refused_and_writes_nothing(
    policy_officer: User, adopted: PolicyVersion
) -> None:
    # given
    services.policy_version_revise(actor=policy_officer, version=adopted)
    parts = PolicyValue.objects.count()

    # when
    with pytest.raises(ValidationError) as caught:
        services.policy_version_revise(actor=policy_officer, version=adopted)

    # then
    assert caught.value.code == "draft_exists"
    assert _version_count(adopted) == 2
    assert PolicyValue.objects.count() == parts


def test_revising_while_a_version_is_in_hearing_is_refused_and_writes_nothing(
    policy_officer: User, adopted: PolicyVersion
) -> None:
    hearing = _to(
        policy_officer,
        services.policy_version_revise(actor=policy_officer, version=adopted),
        Status.HEARING,
    )

    with pytest.raises(ValidationError):
        services.policy_version_revise(actor=policy_officer, version=adopted)

    assert _version_count(adopted) == 2
    assert (_status(adopted), _status(hearing)) == (Status.ADOPTED, Status.HEARING)


def test_revising_a_draft_is_refused(policy_officer: User) -> None:
    draft = make_policy(actor=policy_officer)

    with pytest.raises(ValidationError) as caught:
        services.policy_version_revise(actor=policy_officer, version=draft)

    assert caught.value.code == "not_revisable"
    assert _version_count(draft) == 1
    assert _status(draft) == Status.DRAFT


def test_revising_an_archived_version_is_refused(policy_officer: User) -> None:
    archived = _to(
        policy_officer, make_policy(actor=policy_officer), Status.ADOPTED, Status.ARCHIVED
    )

    with pytest.raises(ValidationError) as caught:
        services.policy_version_revise(actor=policy_officer, version=archived)

    assert caught.value.code == "not_revisable"
    assert _version_count(archived) == 1


@pytest.mark.parametrize("persona", ["caseworker", "manager", "politician", "other_policy_officer"])
def test_only_the_municipality_s_policy_officer_may_revise(
    adopted: PolicyVersion, persona: str, request: pytest.FixtureRequest
) -> None:
    actor: User = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.policy_version_revise(actor=actor, version=adopted)

    assert _version_count(adopted) == 1
