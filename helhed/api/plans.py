# SPDX-License-Identifier: MPL-2.0
"""The holistic plan's operations: interventions, rule flags, referrals and partners.

As the caseplans pages do, every operation gets its objects through
helhed/caseplans/access.py as the integration's service account and writes through
helhed/caseplans/services.py, in one transaction with the audit events:
- a read of a person's plan (interventions, flags, referrals) reads the person through
  `access_person_by_id` first: one `read` event;
- an intervention or a referral is got through `access_intervention_by_id` /
  `access_referral_by_id`, which audit it as a read of each person it concerns, and a
  transition adds the service's `update` event;
- a new intervention or referral for a person gets the person as the registry's writes do
  (`person_for_change`, no read event) and the service writes its `update` event.
A refused write writes nothing, its read event included: the transaction rolls back.
"""

import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from helhed.api.auth import actor_of
from helhed.api.errors import fields_named
from helhed.api.models import Scope
from helhed.api.operations import operation
from helhed.api.registry import PageIn, department_of_integration, person_for_change
from helhed.api.schemas import (
    InterventionCancelIn,
    InterventionCompleteIn,
    InterventionIn,
    InterventionOut,
    InterventionPageOut,
    PartnerIn,
    PartnerOut,
    PartnerPageOut,
    ReferralDecisionIn,
    ReferralIn,
    ReferralOut,
    RuleFlagsOut,
)
from helhed.caseplans import services
from helhed.caseplans.access import (
    InterventionPart,
    access_intervention_by_id,
    access_partner_by_id,
    access_referral_by_id,
    partners_visible_to,
    plan_interventions,
)
from helhed.caseplans.models import Intervention, Partner, Referral, RuleFlag
from helhed.caseplans.rules import RULE_SOURCES
from helhed.caseplans.selectors import flags_of_person, referrals_of_person
from helhed.citizens.access import access_person_by_id
from helhed.core.tenancy import scope_to_municipality
from helhed.organisations.models import Department, User
from helhed.policies.models import FocusArea

router = Router(tags=["plans"])

READ = Scope.PLANS_READ
WRITE = Scope.PLANS_WRITE
PARTNER_ORDER = ("kind", "name", "id")  # unique, so pages never overlap


def _department(value: Department) -> dict[str, Any]:
    return {"id": value.id, "name": value.name}


# Interventions


def _part(part: InterventionPart) -> dict[str, Any]:
    intervention = part.intervention
    return {
        "id": intervention.id if part.own else None,
        "kind": part.kind,
        "label": part.label,
        "subject": part.subject,
        "own": part.own,
        "department": _department(intervention.owner_department),
        "starts_on": intervention.starts_on,
        "ends_on": intervention.ends_on,
        "status": intervention.status,
        "note": part.note if part.own else None,
        "outcome": part.outcome if part.own else None,
        "partner": part.partner if part.own else None,
    }


def _intervention(intervention: Intervention) -> dict[str, Any]:
    return {
        "id": intervention.id,
        "kind": intervention.kind,
        "label": intervention.get_kind_display(),
        "person_id": intervention.person_id,
        "household_id": intervention.household_id,
        "department": _department(intervention.owner_department),
        "focus_area_id": intervention.focus_area_id,
        "partner_id": intervention.partner_id,
        "sector": intervention.sector,
        "starts_on": intervention.starts_on,
        "ends_on": intervention.ends_on,
        "status": intervention.status,
        "outcome": intervention.outcome,
        "note": intervention.note,
        "closing_note": intervention.closing_note,
    }


@router.get(
    "/persons/{uuid:person_id}/interventions",
    **operation(READ, {200: InterventionPageOut}, object_=True),
)
def intervention_list(
    request: HttpRequest, person_id: uuid.UUID, page: Query[PageIn]
) -> dict[str, Any]:
    """The person's and their household's interventions, by start: the integration's own
    departments' in full, the other departments' only what, whose, when and the status."""
    user = actor_of(request)
    with transaction.atomic():
        person = access_person_by_id(user=user, person_id=person_id, purpose=_("Holistic plan"))
        parts = plan_interventions(user=user, person=person)
    return {
        "count": len(parts),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_part(p) for p in parts[page.offset : page.offset + page.limit]],
    }


def _focus_area(user: User, focus_area_id: uuid.UUID | None) -> FocusArea | None:
    if focus_area_id is None:
        return None
    found = (
        scope_to_municipality(FocusArea.objects.all(), user.municipality_id)
        .filter(pk=focus_area_id)
        .first()
    )
    if found is None:
        raise ValidationError({"focus_area_id": _("Not found among what the integration may use.")})
    return found


def _partner(user: User, partner_id: uuid.UUID | None) -> Partner | None:
    if partner_id is None:
        return None
    try:
        return access_partner_by_id(user=user, partner_id=partner_id)
    except Http404:
        raise ValidationError(
            {"partner_id": _("Not found among what the integration may use.")}
        ) from None


@router.post(
    "/persons/{uuid:person_id}/interventions",
    **operation(WRITE, {201: InterventionOut}, object_=True, body=True),
)
def intervention_create(
    request: HttpRequest, person_id: uuid.UUID, payload: InterventionIn
) -> Status[Any]:
    """Add an intervention of one of the integration's departments to the person's plan."""
    user = actor_of(request)
    with transaction.atomic():
        person = person_for_change(user, person_id)  # first: another's person is not found
        owner = department_of_integration(
            request,
            payload.owner_department_id,
            field="owner_department_id",
            missing=_("Give the department that owns the intervention."),
        )
        focus_area = _focus_area(user, payload.focus_area_id)
        partner = _partner(user, payload.partner_id)
        with fields_named({"focus_area": "focus_area_id", "partner": "partner_id"}):
            intervention = services.intervention_create(
                actor=user,
                person=person,
                kind=payload.kind,
                owner_department=owner,
                focus_area=focus_area,
                partner=partner,
                sector=payload.sector,
                starts_on=payload.starts_on,
                ends_on=payload.ends_on,
                note=payload.note,
            )
        return Status(201, _intervention(intervention))


@router.get(
    "/interventions/{uuid:intervention_id}",
    **operation(READ, {200: InterventionOut}, object_=True),
)
def intervention_detail(request: HttpRequest, intervention_id: uuid.UUID) -> dict[str, Any]:
    """An intervention of one of the integration's departments; another department's is
    not found."""
    user = actor_of(request)
    with transaction.atomic():
        intervention = access_intervention_by_id(
            user=user, intervention_id=intervention_id, purpose=_("Intervention")
        )
        return _intervention(intervention)


def _transition(
    request: HttpRequest,
    intervention_id: uuid.UUID,
    change: Callable[[User, Intervention], Intervention],
) -> dict[str, Any]:
    user = actor_of(request)
    with transaction.atomic():
        intervention = access_intervention_by_id(
            user=user, intervention_id=intervention_id, purpose=_("Intervention")
        )
        changed = change(user, intervention)
        # the owner department as read above: the transition does not change it
        changed.owner_department = intervention.owner_department
        return _intervention(changed)


@router.post(
    "/interventions/{uuid:intervention_id}/start",
    **operation(WRITE, {200: InterventionOut}, object_=True, body=True),
)
def intervention_start(request: HttpRequest, intervention_id: uuid.UUID) -> dict[str, Any]:
    """A planned intervention starts (today, if it was planned for later). No body."""
    return _transition(
        request,
        intervention_id,
        lambda user, i: services.intervention_start(actor=user, intervention=i),
    )


@router.post(
    "/interventions/{uuid:intervention_id}/complete",
    **operation(WRITE, {200: InterventionOut}, object_=True, body=True),
)
def intervention_complete(
    request: HttpRequest, intervention_id: uuid.UUID, payload: InterventionCompleteIn
) -> dict[str, Any]:
    """An intervention under way is completed with its outcome."""
    return _transition(
        request,
        intervention_id,
        lambda user, i: services.intervention_complete(
            actor=user,
            intervention=i,
            outcome=payload.outcome,
            ends_on=payload.ends_on,
            closing_note=payload.closing_note,
        ),
    )


@router.post(
    "/interventions/{uuid:intervention_id}/cancel",
    **operation(WRITE, {200: InterventionOut}, object_=True, body=True),
)
def intervention_cancel(
    request: HttpRequest, intervention_id: uuid.UUID, payload: InterventionCancelIn
) -> dict[str, Any]:
    """A planned intervention or one under way is cancelled, with the reason."""
    return _transition(
        request,
        intervention_id,
        lambda user, i: services.intervention_cancel(
            actor=user, intervention=i, closing_note=payload.closing_note
        ),
    )


# Rule flags


def _flag(flag: RuleFlag) -> dict[str, Any]:
    return {
        "rule": flag.rule,
        "label": flag.rule_label,
        "opened_on": flag.opened_on,
        "due_on": flag.due_on,
        "resolved_at": flag.resolved_at,
        "resolution": flag.resolution,
        "source": str(RULE_SOURCES.get(flag.rule, "")),
    }


@router.get("/persons/{uuid:person_id}/flags", **operation(READ, {200: RuleFlagsOut}, object_=True))
def flag_list(request: HttpRequest, person_id: uuid.UUID) -> dict[str, Any]:
    """The rules the person's facts break or are about to break, and the resolved ones."""
    user = actor_of(request)
    with transaction.atomic():
        person = access_person_by_id(user=user, person_id=person_id, purpose=_("Holistic plan"))
        open_flags, resolved = flags_of_person(person=person)
    return {"open": [_flag(f) for f in open_flags], "resolved": [_flag(f) for f in resolved]}


# Referrals


def _referral(referral: Referral) -> dict[str, Any]:
    return {
        "id": referral.id,
        "person_id": referral.person_id,
        "from_department": _department(referral.from_department),
        "to_department": _department(referral.to_department),
        "reason": referral.reason,
        "status": referral.status,
        "created_at": referral.created_at,
        "decided_at": referral.decided_at,
        "decision_note": referral.decision_note,
    }


@router.get(
    "/persons/{uuid:person_id}/referrals",
    **operation(READ, {200: list[ReferralOut]}, object_=True),
)
def referral_list(request: HttpRequest, person_id: uuid.UUID) -> list[dict[str, Any]]:
    """The person's referrals sent from or to one of the integration's departments."""
    user = actor_of(request)
    with transaction.atomic():
        person = access_person_by_id(user=user, person_id=person_id, purpose=_("Holistic plan"))
        return [_referral(r) for r in referrals_of_person(user=user, person=person)]


@router.post(
    "/persons/{uuid:person_id}/referrals",
    **operation(WRITE, {201: ReferralOut}, object_=True, body=True),
)
def referral_create(request: HttpRequest, person_id: uuid.UUID, payload: ReferralIn) -> Status[Any]:
    """Ask another department of the municipality to take part in the person's plan."""
    user = actor_of(request)
    with transaction.atomic():
        person = person_for_change(user, person_id)  # first: another's person is not found
        from_department = department_of_integration(
            request,
            payload.from_department_id,
            field="from_department_id",
            missing=_("Give the department that refers the person."),
        )
        to_department = (
            scope_to_municipality(Department.objects.all(), user.municipality_id)
            .filter(pk=payload.to_department_id)
            .first()
        )
        if to_department is None:
            raise ValidationError(
                {"to_department_id": _("Not found among what the integration may use.")}
            )
        with fields_named({"to_department": "to_department_id"}):
            referral = services.referral_create(
                actor=user,
                person=person,
                from_department=from_department,
                to_department=to_department,
                reason=payload.reason,
            )
        return Status(201, _referral(referral))


def _decide(
    request: HttpRequest,
    referral_id: uuid.UUID,
    decide: Callable[[User, Referral], Referral],
) -> dict[str, Any]:
    user = actor_of(request)
    with transaction.atomic():
        referral = access_referral_by_id(user=user, referral_id=referral_id, purpose=_("Referral"))
        decided = decide(user, referral)
        decided.from_department = referral.from_department
        decided.to_department = referral.to_department
        return _referral(decided)


@router.post(
    "/referrals/{uuid:referral_id}/accept",
    **operation(WRITE, {200: ReferralOut}, object_=True, body=True),
)
def referral_accept(
    request: HttpRequest, referral_id: uuid.UUID, payload: ReferralDecisionIn
) -> dict[str, Any]:
    """The receiving department takes part: the person enters its caseload."""
    return _decide(
        request,
        referral_id,
        lambda user, r: services.referral_accept(
            actor=user, referral=r, decision_note=payload.decision_note
        ),
    )


@router.post(
    "/referrals/{uuid:referral_id}/decline",
    **operation(WRITE, {200: ReferralOut}, object_=True, body=True),
)
def referral_decline(
    request: HttpRequest, referral_id: uuid.UUID, payload: ReferralDecisionIn
) -> dict[str, Any]:
    """The receiving department declines, with the reason."""
    return _decide(
        request,
        referral_id,
        lambda user, r: services.referral_decline(
            actor=user, referral=r, decision_note=payload.decision_note
        ),
    )


# Partners


def _partner_out(partner: Partner) -> dict[str, Any]:
    return {
        "id": partner.id,
        "kind": partner.kind,
        "name": partner.name,
        "cvr": partner.cvr,
        "contact": partner.contact,
    }


@router.get("/partners", **operation(READ, {200: PartnerPageOut}))
def partner_list(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The municipality's partners, by kind and name."""
    partners = partners_visible_to(actor_of(request)).order_by(*PARTNER_ORDER)
    return {
        "count": partners.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_partner_out(p) for p in partners[page.offset : page.offset + page.limit]],
    }


@router.post("/partners", **operation(WRITE, {201: PartnerOut}, body=True))
def partner_register(request: HttpRequest, payload: PartnerIn) -> Status[Any]:
    """Register a company (by its CVR number), association, volunteer or friendship family."""
    partner = services.partner_register(
        actor=actor_of(request),
        kind=payload.kind,
        name=payload.name,
        cvr=payload.cvr,
        contact=payload.contact,
    )
    return Status(201, _partner_out(partner))
