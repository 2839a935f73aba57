# SPDX-License-Identifier: MPL-2.0
"""Writes to the holistic plan: each validated in full, atomic, audited with its actor,
and followed by the rule flags of the persons it concerns (flags.py)."""

import uuid
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.audit.models import Action
from helhed.audit.services import audit_record
from helhed.caseplans.access import is_caseworker_of
from helhed.caseplans.catalogue import (
    InterventionStatus,
    Outcome,
    PartnerKind,
    is_valid_cvr,
)
from helhed.caseplans.flags import household_members
from helhed.caseplans.models import Intervention, Partner, Referral, ReferralStatus
from helhed.caseplans.validation import intervention_errors
from helhed.citizens.access import can_see_person, persons_visible_to
from helhed.citizens.changes import persons_changed
from helhed.citizens.models import CaseAssignment, Household, Person
from helhed.organisations.models import Department, Role, User
from helhed.policies.models import FocusArea, Status

TRANSITIONS: dict[str, frozenset[str]] = {
    InterventionStatus.PLANNED: frozenset(
        {InterventionStatus.ACTIVE, InterventionStatus.CANCELLED}
    ),
    InterventionStatus.ACTIVE: frozenset(
        {InterventionStatus.COMPLETED, InterventionStatus.CANCELLED}
    ),
}


def _full_clean(
    obj: Intervention | Partner | Referral,
    errors: dict[str, str],
    *,
    validate_constraints: bool = True,
) -> None:
    """Validate `obj` together with the caller's own errors; raise them all at once."""
    try:
        obj.full_clean(validate_constraints=validate_constraints)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, " ".join(messages))
    if errors:
        raise ValidationError(errors)


# --- Partners ------------------------------------------------------------------------------


@transaction.atomic
def partner_register(
    *, actor: User, kind: str, name: str, cvr: str = "", contact: str = ""
) -> Partner:
    """A company (by its CVR number), association, volunteer or friendship family."""
    if actor.municipality_id is None or not actor.has_role(Role.CASEWORKER):
        raise PermissionDenied
    cvr = cvr.strip().replace(" ", "")
    errors: dict[str, str] = {}
    if kind == PartnerKind.COMPANY and not cvr:
        errors["cvr"] = _("Give the company's CVR number.")
    elif cvr and kind != PartnerKind.COMPANY:
        errors["cvr"] = _("Only a company has a CVR number.")
    elif cvr and not is_valid_cvr(cvr):
        errors["cvr"] = _("A CVR number is eight digits that pass the modulus-11 check.")
    existing = Partner.objects.filter(municipality_id=actor.municipality_id)
    if cvr and "cvr" not in errors and existing.filter(cvr=cvr).exists():
        errors["cvr"] = _("A company with this CVR number is already registered.")
    if existing.filter(kind=kind, name=name.strip()).exists():
        errors["name"] = _("A partner of this kind and name is already registered.")
    partner = Partner(
        municipality_id=actor.municipality_id,
        kind=kind,
        name=name.strip(),
        cvr=cvr,
        contact=contact.strip(),
    )
    # the uniqueness is checked above, on its field; the constraints still hold at save
    _full_clean(partner, errors, validate_constraints=False)
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError:  # registered by someone else a moment ago
        raise ValidationError(
            {"name": _("A partner of this kind and name is already registered.")}
        ) from None
    return partner


# --- Interventions --------------------------------------------------------------------------


def _adopted_focus_areas(municipality_id: uuid.UUID) -> "list[FocusArea]":
    return list(
        FocusArea.objects.filter(
            version__policy__municipality_id=municipality_id, version__status=Status.ADOPTED
        )
    )


def focus_areas_for(user: User) -> "list[FocusArea]":
    """The focus areas an intervention may serve: those of the adopted policies."""
    if user.municipality_id is None:
        return []
    return _adopted_focus_areas(user.municipality_id)


@transaction.atomic
def intervention_create(
    *,
    actor: User,
    kind: str,
    owner_department: Department,
    starts_on: date,
    person: Person | None = None,
    household: Household | None = None,
    focus_area: FocusArea | None = None,
    partner: Partner | None = None,
    sector: str = "",
    ends_on: date | None = None,
    note: str = "",
) -> Intervention:
    """An intervention of the actor's department for a person or a whole household."""
    if (person is None) == (household is None):
        raise ValueError("An intervention is for a person or for a household")
    if not is_caseworker_of(actor, owner_department):
        raise PermissionDenied
    concerned = _concerned_persons(actor=actor, person=person, household=household)
    today = timezone.localdate()
    if partner is not None and partner.municipality_id != actor.municipality_id:
        raise PermissionDenied
    areas = _adopted_focus_areas(owner_department.municipality_id)
    errors = intervention_errors(
        kind=kind,
        for_household=household is not None,
        earliest_birth_date=min(p.birth_date for p in concerned),
        starts_on=starts_on,
        ends_on=ends_on,
        partner_kind=partner.kind if partner is not None else None,
        sector=sector,
        focus_area_required=bool(areas),
        focus_area_given=focus_area is not None,
        focus_area_adopted=focus_area in areas,
    )
    intervention = Intervention(
        municipality=owner_department.municipality,
        person=person,
        household=household,
        kind=kind,
        owner_department=owner_department,
        focus_area=focus_area,
        partner=partner,
        sector=sector,
        starts_on=starts_on,
        ends_on=ends_on,
        status=InterventionStatus.ACTIVE if starts_on <= today else InterventionStatus.PLANNED,
        note=note.strip(),
        created_by=actor,
    )
    _full_clean(intervention, errors)
    intervention.save()
    _audit_and_sync(actor=actor, persons=concerned, purpose=_("Intervention"))
    return intervention


def _concerned_persons(
    *, actor: User, person: Person | None, household: Household | None
) -> list[Person]:
    """The persons an intervention concerns, all of whom the actor must see (a household:
    the members the actor sees; at least one)."""
    if person is not None:
        if not can_see_person(actor, person):
            raise PermissionDenied
        return [person]
    assert household is not None  # noqa: S101 (the caller checked)
    members = list(persons_visible_to(actor).filter(household=household))
    if not members:
        raise PermissionDenied
    return members


def _audit_and_sync(*, actor: User, persons: list[Person], purpose: str) -> None:
    for person in persons:
        audit_record(actor=actor, action=Action.UPDATE, person_id=person.id, purpose=purpose)
    # every listener of the registry (the rule flags, the indicators) follows a plan
    # change; a household's intervention concerns every member
    persons_changed(household_members([p.id for p in persons]))


def _transition(
    *, actor: User, intervention: Intervention, to_status: str, update: dict[str, object]
) -> Intervention:
    if not is_caseworker_of(actor, intervention.owner_department):
        raise PermissionDenied
    locked = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if to_status not in TRANSITIONS.get(locked.status, frozenset()):
        raise ValidationError(
            _("An intervention with the status %(status)s cannot change to %(to)s.")
            % {
                "status": locked.get_status_display().lower(),
                "to": InterventionStatus(to_status).label.lower(),
            }
        )
    for name, value in update.items():
        setattr(locked, name, value)
    locked.status = to_status
    locked.full_clean()
    locked.save()
    persons = _concerned_persons(actor=actor, person=locked.person, household=locked.household)
    _audit_and_sync(actor=actor, persons=persons, purpose=_("Intervention"))
    return locked


@transaction.atomic
def intervention_start(*, actor: User, intervention: Intervention) -> Intervention:
    """A planned intervention starts; a start planned for later moves to today."""
    today = timezone.localdate()
    return _transition(
        actor=actor,
        intervention=intervention,
        to_status=InterventionStatus.ACTIVE,
        update={"starts_on": min(intervention.starts_on, today)},
    )


@transaction.atomic
def intervention_complete(
    *, actor: User, intervention: Intervention, outcome: str, ends_on: date, closing_note: str = ""
) -> Intervention:
    if not is_caseworker_of(actor, intervention.owner_department):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose the outcome of the intervention.")
    if ends_on < intervention.starts_on:
        errors["ends_on"] = _("The intervention cannot end before it starts.")
    elif ends_on > timezone.localdate():
        errors["ends_on"] = _("An intervention is completed on today's date or earlier.")
    if errors:
        raise ValidationError(errors)
    return _transition(
        actor=actor,
        intervention=intervention,
        to_status=InterventionStatus.COMPLETED,
        update={"outcome": outcome, "ends_on": ends_on, "closing_note": closing_note.strip()},
    )


@transaction.atomic
def intervention_cancel(
    *, actor: User, intervention: Intervention, closing_note: str
) -> Intervention:
    if not is_caseworker_of(actor, intervention.owner_department):
        raise PermissionDenied
    if not closing_note.strip():
        raise ValidationError({"closing_note": _("Give the reason for cancelling.")})
    return _transition(
        actor=actor,
        intervention=intervention,
        to_status=InterventionStatus.CANCELLED,
        update={"closing_note": closing_note.strip()},
    )


# --- Referrals -------------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    actor: User,
    person: Person,
    from_department: Department,
    to_department: Department,
    reason: str,
) -> Referral:
    """The actor's department asks another department to take part in the person's plan."""
    if not is_caseworker_of(actor, from_department) or not can_see_person(actor, person):
        raise PermissionDenied
    today = timezone.localdate()
    in_caseload = CaseAssignment.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        person=person,
        department=from_department,
    )
    if not in_caseload.exists():
        # the person is in another of the actor's departments: refer from that one
        raise PermissionDenied
    errors: dict[str, str] = {}
    if to_department.municipality_id != actor.municipality_id:
        errors["to_department"] = _("Choose a department of the municipality.")
    elif to_department.pk == from_department.pk:
        errors["to_department"] = _("A department cannot refer a person to itself.")
    elif Referral.objects.filter(
        person=person, to_department=to_department, status=ReferralStatus.PENDING
    ).exists():
        errors["to_department"] = _("The person is already referred to %(department)s.") % {
            "department": to_department.name
        }
    referral = Referral(
        person=person,
        from_department=from_department,
        to_department=to_department,
        reason=reason.strip(),
        status=ReferralStatus.PENDING,
        created_by=actor,
    )
    _full_clean(referral, errors)
    referral.save()
    audit_record(actor=actor, action=Action.UPDATE, person_id=person.id, purpose=_("Referral"))
    return referral


def _decide(*, actor: User, referral: Referral, status: str, decision_note: str) -> Referral:
    if not is_caseworker_of(actor, referral.to_department):
        raise PermissionDenied
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status != ReferralStatus.PENDING:
        raise ValidationError(
            _("The referral was already %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    locked.status = status
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_note = decision_note.strip()
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor, action=Action.UPDATE, person_id=locked.person_id, purpose=_("Referral")
    )
    return locked


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral, decision_note: str = "") -> Referral:
    """The receiving department takes part: the person enters its caseload."""
    accepted = _decide(
        actor=actor, referral=referral, status=ReferralStatus.ACCEPTED, decision_note=decision_note
    )
    today = timezone.localdate()
    already = CaseAssignment.objects.filter(
        person_id=accepted.person_id, department=accepted.to_department, ended_on__isnull=True
    ).exists()
    if not already:
        CaseAssignment.objects.create(
            person_id=accepted.person_id,
            department=accepted.to_department,
            caseworker=actor,
            started_on=today,
        )
    return accepted


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, decision_note: str) -> Referral:
    if not is_caseworker_of(actor, referral.to_department):
        raise PermissionDenied
    if not decision_note.strip():
        raise ValidationError({"decision_note": _("Give the reason for declining.")})
    return _decide(
        actor=actor, referral=referral, status=ReferralStatus.DECLINED, decision_note=decision_note
    )
