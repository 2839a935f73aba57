# SPDX-License-Identifier: MPL-2.0
"""Linking an initiative to what realises it (docs/adr/0028). A policy officer of the
municipality does it; every write is validated in full, atomic and audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhed.audit.models import Action
from helhed.audit.services import audit_record
from helhed.core.tenancy import municipality_id_of
from helhed.indicators.models import InitiativeMeasure
from helhed.organisations.models import Role, User
from helhed.policies.models import Initiative, Status, Target


def _ensure_policy_officer(*, actor: User, initiative: Initiative) -> None:
    if actor.municipality_id is None or municipality_id_of(initiative) != actor.municipality_id:
        raise PermissionDenied
    if not actor.has_role(Role.POLICY_OFFICER):
        raise PermissionDenied


@transaction.atomic
def initiative_measure_add(
    *,
    actor: User,
    initiative: Initiative,
    target: Target | None = None,
    intervention_kind: str = "",
    planned: int | None = None,
) -> InitiativeMeasure:
    """Link `initiative` to one of its version's targets, or to a kind of intervention
    with the number of them it plans to start."""
    _ensure_policy_officer(actor=actor, initiative=initiative)
    if initiative.version.status == Status.ARCHIVED:
        raise ValidationError(
            _("The policy version is archived: its initiatives are no longer followed up."),
            code="archived",
        )
    measure = InitiativeMeasure(
        initiative=initiative,
        target=target,
        intervention_kind=intervention_kind,
        planned=planned,
        created_by=actor,
    )
    measure.full_clean()
    measure.save()
    audit_record(
        actor=actor,
        action=Action.CREATE,
        purpose=f"Initiative {initiative.pk}: measure {measure.pk} linked",
    )
    return measure


@transaction.atomic
def initiative_measure_remove(*, actor: User, measure: InitiativeMeasure) -> None:
    initiative = measure.initiative
    _ensure_policy_officer(actor=actor, initiative=initiative)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        purpose=f"Initiative {initiative.pk}: measure {measure.pk} removed",
    )
    measure.delete()
