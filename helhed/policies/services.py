# SPDX-License-Identifier: MPL-2.0
"""Writes to policies. Every write checks the actor, validates in full and is atomic."""

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils.translation import gettext as _

from helhed.core.tenancy import municipality_id_of
from helhed.organisations.models import Role, User
from helhed.policies.models import (
    FocusArea,
    Initiative,
    InitiativeProgressUpdate,
    Objective,
    Policy,
    PolicyTransition,
    PolicyValue,
    PolicyVersion,
    Status,
    Target,
    TargetGroupEntry,
)

VersionPart = PolicyValue | TargetGroupEntry | FocusArea | Objective | Target | Initiative

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.HEARING, Status.ADOPTED}),
    Status.HEARING: frozenset({Status.ADOPTED}),
    Status.ADOPTED: frozenset({Status.ARCHIVED}),
    Status.ARCHIVED: frozenset(),
}

VERSION_FIELDS = (
    "title",
    "subtitle",
    "period_start",
    "period_end",
    "introduction",
    "vision",
    "values_introduction",
    "target_group_description",
)


def ensure_policy_officer(*, actor: User, obj: Model) -> None:
    """Only a policy officer of the owning municipality may change a policy."""
    ensure_role(actor=actor, obj=obj, roles=(Role.POLICY_OFFICER,))


def ensure_role(*, actor: User, obj: Model, roles: tuple[str, ...]) -> None:
    if actor.municipality_id is None or municipality_id_of(obj) != actor.municipality_id:
        raise PermissionDenied
    if not actor.has_role(*roles):
        raise PermissionDenied


def frozen_message(version: PolicyVersion) -> str:
    """Why `version` cannot be edited (empty for a draft)."""
    if version.status == Status.ADOPTED:
        return _(
            "An adopted version is frozen and cannot be changed. "
            "Create a new version to change the policy."
        )
    if version.status == Status.HEARING:
        return _(
            "A version in public hearing cannot be changed. "
            "Create a new version to incorporate changes."
        )
    if version.status == Status.ARCHIVED:
        return _("An archived version cannot be changed.")
    return ""


def ensure_editable(version: PolicyVersion) -> None:
    message = frozen_message(version)
    if message:
        raise ValidationError(message, code="frozen")


@transaction.atomic
def policy_create(
    *,
    actor: User,
    title: str,
    period_start: int,
    period_end: int,
    subtitle: str = "",
) -> PolicyVersion:
    """A new policy of the actor's municipality, with a first draft version."""
    if actor.municipality is None or not actor.has_role(Role.POLICY_OFFICER):
        raise PermissionDenied
    policy = Policy(municipality=actor.municipality)
    version = PolicyVersion(
        policy=policy,
        number=1,
        title=title,
        subtitle=subtitle,
        period_start=period_start,
        period_end=period_end,
        updated_by=actor,
    )
    version.full_clean(exclude=["policy"])
    policy.full_clean()
    policy.save()
    version.policy = policy
    version.save()
    PolicyTransition.objects.create(version=version, to_status=Status.DRAFT, actor=actor)
    return version


@transaction.atomic
def policy_version_update(*, actor: User, version: PolicyVersion, **fields: Any) -> PolicyVersion:
    ensure_policy_officer(actor=actor, obj=version)
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    ensure_editable(version)
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise TypeError(f"policy_version_update() got fields it cannot change: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(version, name, value)
    version.updated_by = actor
    version.full_clean()
    version.save()
    return version


def _siblings(part: VersionPart) -> Any:
    """The parts that `part` is ordered among."""
    lookup: dict[str, Any]
    if isinstance(part, TargetGroupEntry):
        lookup = {"version_id": part.version_id, "kind": part.kind}
    elif isinstance(part, Objective):
        lookup = {"version_id": part.version_id, "focus_area_id": part.focus_area_id}
    elif isinstance(part, Target):
        lookup = {"objective_id": part.objective_id}
    elif isinstance(part, Initiative):
        lookup = {"focus_area_id": part.focus_area_id}
    else:
        lookup = {"version_id": part.version_id}
    return type(part)._default_manager.filter(**lookup)


def _writable_version(*, actor: User, part: VersionPart) -> PolicyVersion:
    """Lock and check the version a part belongs to: for a stored part, the version it is
    stored in (never the one it claims in memory), so a part cannot leave a frozen version
    or another municipality's policy."""
    claimed = part.version_id
    stored: uuid.UUID = claimed
    if not part._state.adding:
        found = (
            type(part)._default_manager.filter(pk=part.pk).values_list("version_id", flat=True)
        ).first()
        if found is None:
            raise ValidationError(
                _("This item no longer exists; someone may have deleted it."), code="gone"
            )
        stored = found
    version = PolicyVersion.objects.select_for_update().get(pk=stored)
    ensure_policy_officer(actor=actor, obj=version)
    ensure_editable(version)
    if stored != claimed:
        raise ValidationError(
            _("An item cannot be moved to another version."), code="other_version"
        )
    return version


@transaction.atomic
def version_part_save(*, actor: User, part: VersionPart) -> VersionPart:
    """Create or change one part (value, target group, focus area, objective, target,
    initiative) of a draft version."""
    version = _writable_version(actor=actor, part=part)
    part.version = version
    part.updated_by = actor
    if part._state.adding:
        highest = _siblings(part).aggregate(m=Max("order"))["m"]
        part.order = 0 if highest is None else highest + 1
    part.full_clean()
    part.save()
    return part


@transaction.atomic
def version_part_delete(*, actor: User, part: VersionPart) -> None:
    _writable_version(actor=actor, part=part)
    if isinstance(part, FocusArea) and part.initiatives.exists():
        raise ValidationError(
            _("Move or delete the focus area's initiatives before deleting the focus area.")
        )
    part.delete()


@transaction.atomic
def version_part_move(*, actor: User, part: VersionPart, offset: int) -> None:
    """Move a part one place up (offset -1) or down (offset +1) among its siblings."""
    _writable_version(actor=actor, part=part)
    siblings = list(_siblings(part).order_by("order", "created_at"))
    index = next(i for i, s in enumerate(siblings) if s.pk == part.pk)
    target = index + offset
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            sibling.order = position
            sibling.save(update_fields=["order", "updated_at"])


@transaction.atomic
def policy_version_transition(
    *,
    actor: User,
    version: PolicyVersion,
    to_status: str,
    effective_on: date | None = None,
    note: str = "",
) -> PolicyVersion:
    """Move a version along its lifecycle: draft -> hearing -> adopted -> archived."""
    ensure_policy_officer(actor=actor, obj=version)
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if to_status not in ALLOWED_TRANSITIONS[version.status]:
        raise ValidationError(
            _('A version with status "%(current)s" cannot move to "%(target)s".')
            % {
                "current": Status(version.status).label,
                "target": Status(to_status).label if to_status in Status.values else to_status,
            },
            code="invalid_transition",
        )
    if version.status == Status.DRAFT and to_status == Status.ADOPTED and not note.strip():
        raise ValidationError(
            {"note": _("Give the reason the policy is adopted without a public hearing.")},
            code="note_required",
        )
    if to_status == Status.ADOPTED:
        for previous in PolicyVersion.objects.select_for_update().filter(
            policy_id=version.policy_id, status=Status.ADOPTED
        ):
            _record(actor=actor, version=previous, to_status=Status.ARCHIVED, note="")
        version.adopted_on = effective_on
    _record(actor=actor, version=version, to_status=to_status, effective_on=effective_on, note=note)
    return version


def _record(
    *,
    actor: User,
    version: PolicyVersion,
    to_status: str,
    note: str,
    effective_on: date | None = None,
) -> None:
    from_status = version.status
    version.status = to_status
    version.full_clean()
    version.save()
    PolicyTransition.objects.create(
        version=version,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        effective_on=effective_on,
        note=note,
    )


@transaction.atomic
def policy_version_revise(*, actor: User, version: PolicyVersion) -> PolicyVersion:
    """A new draft version copied from an adopted version or one in hearing.

    The version in hearing is archived (its hearing is over); an adopted version stays
    in force until the new one is adopted.
    """
    ensure_policy_officer(actor=actor, obj=version)
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status not in (Status.ADOPTED, Status.HEARING):
        raise ValidationError(
            _("Only an adopted version or one in hearing can be revised; edit the draft instead."),
            code="not_revisable",
        )
    working = PolicyVersion.objects.filter(policy_id=version.policy_id, status=Status.DRAFT).first()
    if working is not None:
        raise ValidationError(
            _("Version %(number)s is already a draft of this policy; edit it instead.")
            % {"number": working.number},
            code="draft_exists",
        )
    if version.status == Status.HEARING:
        _record(actor=actor, version=version, to_status=Status.ARCHIVED, note="")
    highest = PolicyVersion.objects.filter(policy_id=version.policy_id).aggregate(m=Max("number"))
    new = PolicyVersion(
        policy_id=version.policy_id,
        number=(highest["m"] or 0) + 1,
        based_on=version,
        status=Status.DRAFT,
        updated_by=actor,
        **{name: getattr(version, name) for name in VERSION_FIELDS},
    )
    new.full_clean()
    new.save()
    _copy_parts(source=version, target=new, actor=actor)
    PolicyTransition.objects.create(
        version=new,
        to_status=Status.DRAFT,
        actor=actor,
        note=_("Created from version %(number)s") % {"number": version.number},
    )
    return new


def _copy_parts(*, source: PolicyVersion, target: PolicyVersion, actor: User) -> None:
    def clone(obj: Any, **changes: Any) -> Any:
        data = {
            f.attname: getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if f.name not in ("id", "created_at", "updated_at")
        }
        data.update(changes, updated_by_id=actor.id)
        return type(obj).objects.create(**data)

    for value in source.values.all():
        clone(value, version_id=target.id)
    for entry in source.target_groups.all():
        clone(entry, version_id=target.id)
    areas = {a.id: clone(a, version_id=target.id) for a in source.focus_areas.all()}
    objectives = {}
    for objective in source.objectives.all():
        area = areas[objective.focus_area_id].id if objective.focus_area_id else None
        objectives[objective.id] = clone(objective, version_id=target.id, focus_area_id=area)
    for t in source.targets.all():
        clone(t, version_id=target.id, objective_id=objectives[t.objective_id].id)
    for initiative in source.initiatives.all():
        clone(initiative, version_id=target.id, focus_area_id=areas[initiative.focus_area_id].id)


@transaction.atomic
def initiative_progress_update(
    *, actor: User, initiative: Initiative, status: str, progress: int, note: str
) -> InitiativeProgressUpdate:
    """Follow up an initiative of the adopted action plan: its status and progress change,
    the policy text stays frozen, and the reason is kept in the initiative's history."""
    ensure_role(actor=actor, obj=initiative, roles=(Role.POLICY_OFFICER, Role.MANAGER))
    initiative = (
        Initiative.objects.select_for_update().select_related("version").get(pk=initiative.pk)
    )
    if initiative.version.status != Status.ADOPTED:
        raise ValidationError(
            _("Progress is followed up on the adopted action plan; edit a draft directly."),
            code="not_adopted",
        )
    update = InitiativeProgressUpdate(
        initiative=initiative, actor=actor, status=status, progress=progress, note=note.strip()
    )
    update.full_clean()
    initiative.status = status
    initiative.progress = progress
    initiative.updated_by = actor
    initiative.full_clean()
    initiative.save(update_fields=["status", "progress", "updated_by", "updated_at"])
    update.save()
    return update
