# SPDX-License-Identifier: MPL-2.0
"""Writes to the registry: each validated in full, atomic, and audited with its actor."""

import uuid
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.audit.models import Action
from helhed.audit.services import audit_record
from helhed.citizens import validation
from helhed.citizens.access import can_see_person
from helhed.citizens.changes import persons_changed
from helhed.citizens.cpr import cpr_lookup_hash, encrypt_cpr, parse_cpr
from helhed.citizens.models import (
    Arrival,
    CaseAssignment,
    DanishEducation,
    Household,
    HouseholdRelation,
    HousingPlacement,
    Locality,
    Person,
    ProgrammeEnrolment,
    Rectification,
    RelationKind,
    StatusSpell,
)
from helhed.citizens.rules import target_group_decision
from helhed.organisations.models import Department, Role, User

FactT = TypeVar("FactT", DanishEducation, ProgrammeEnrolment)


def _ensure_caseworker_of(*, actor: User, department: Department) -> None:
    if (
        actor.municipality_id is None
        or department.municipality_id != actor.municipality_id
        or not actor.has_role(Role.CASEWORKER)
        or not actor.departments.filter(pk=department.pk).exists()
    ):
        raise PermissionDenied


@transaction.atomic
def person_register(
    *,
    actor: User,
    department: Department,
    cpr: str,
    first_name: str,
    last_name: str,
    country_of_origin: str,
    education_level: str,
    unaccompanied_minor: bool,
    arrived_on: date,
    source: str,
    from_kommunekode: str = "",
    household: Household | None = None,
) -> Person:
    """A new person in the registry with their arrival, in `department`'s caseload."""
    _ensure_caseworker_of(actor=actor, department=department)
    try:
        number = parse_cpr(cpr)
    except ValidationError as error:
        raise ValidationError({"cpr": error.messages}) from None
    if household is not None and household.municipality_id != actor.municipality_id:
        raise PermissionDenied
    person = Person(
        municipality=department.municipality,
        household=household,
        cpr_encrypted=encrypt_cpr(number),
        cpr_hash=cpr_lookup_hash(number),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=number.birth_date,
        sex=number.sex,
        country_of_origin=country_of_origin,
        education_level=education_level,
        unaccompanied_minor=unaccompanied_minor,
    )
    try:
        person.full_clean()
    except ValidationError as error:
        # The uniqueness message concerns the CPR field the user typed.
        raise ValidationError(_remap(error, {"cpr_hash": "cpr", "__all__": "cpr"})) from None
    errors = validation.arrival_errors(
        arrived_on=arrived_on,
        birth_date=number.birth_date,
        source=source,
        from_kommunekode=from_kommunekode,
        today=timezone.localdate(),
    )
    if errors:
        raise ValidationError(errors)
    arrival = Arrival(
        arrived_on=arrived_on,
        source=source,
        from_kommunekode=from_kommunekode,
        in_target_group=False,
        target_group_reason="-",
    )
    arrival.full_clean(exclude=["person"])  # the source is a known one before it is used
    arrival.in_target_group, arrival.target_group_reason = target_group_decision(
        source=source, country_of_origin=country_of_origin
    )
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        # Registered by someone else a moment ago: the unique constraint decided.
        raise ValidationError(
            {"cpr": _("A person with this CPR number is already registered.")}
        ) from None
    arrival.person = person
    arrival.save()
    CaseAssignment.objects.create(
        person=person, department=department, caseworker=actor, started_on=arrived_on
    )
    audit_record(actor=actor, action=Action.CREATE, person_id=person.id, purpose=_("Registration"))
    persons_changed([person.id])
    return person


def _remap(error: ValidationError, names: dict[str, str]) -> dict[str, list[str]]:
    remapped: dict[str, list[str]] = {}
    for field, messages in error.message_dict.items():
        remapped.setdefault(names.get(field, field), []).extend(messages)
    return remapped


@transaction.atomic
def household_relation_add(
    *, actor: User, person: Person, relative: Person, kind: str
) -> HouseholdRelation:
    """`person` is the spouse or parent of `relative`; the actor must see both."""
    if not (can_see_person(actor, person) and can_see_person(actor, relative)):
        raise PermissionDenied
    if person.pk == relative.pk:
        raise ValidationError({"relative": _("A person cannot be related to themselves.")})
    if kind == RelationKind.PARENT and (
        errors := validation.parent_errors(
            parent_birth_date=person.birth_date, child_birth_date=relative.birth_date
        )
    ):
        raise ValidationError(errors)
    relation = HouseholdRelation(person=person, relative=relative, kind=kind)
    relation.full_clean()
    relation.save()
    audit_record(
        actor=actor, action=Action.UPDATE, person_id=person.id, purpose=_("Household relation")
    )
    persons_changed([person.id, relative.id])
    return relation


def _save_person_fact(*, actor: User, fact: FactT, errors: dict[str, str], purpose: str) -> FactT:
    """Validate `fact` in full together with the caller's own `errors`, save it and audit
    the change to its person; or raise every error at once and write nothing."""
    try:
        fact.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, " ".join(messages))
    if errors:
        raise ValidationError(errors)
    fact.save()
    audit_record(actor=actor, action=Action.UPDATE, person_id=fact.person_id, purpose=purpose)
    persons_changed([fact.person_id])
    return fact


@transaction.atomic
def status_spell_add(
    *,
    actor: User,
    person: Person,
    kind: str,
    starts_on: date,
    ends_on: date | None = None,
    benefit_name: str = "",
) -> StatusSpell:
    """A new status spell; it may not overlap another of the person's spells."""
    if not can_see_person(actor, person):
        raise PermissionDenied
    Person.objects.select_for_update().filter(pk=person.pk).first()
    errors = validation.spell_errors(
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        birth_date=person.birth_date,
        benefit_name=benefit_name,
    )
    if errors:
        raise ValidationError(errors)
    other = validation.first_overlap(person.spells.all(), starts_on, ends_on)
    if other is not None:
        raise ValidationError(
            {
                "starts_on": validation.spell_overlap_message(
                    kind_label=other.get_kind_display(), starts_on=other.starts_on
                )
            }
        )
    spell = StatusSpell(
        person=person,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        benefit_name=benefit_name.strip(),
    )
    spell.full_clean()
    spell.save()
    audit_record(actor=actor, action=Action.UPDATE, person_id=person.id, purpose=_("Status spell"))
    persons_changed([person.id])
    return spell


@transaction.atomic
def housing_placement_add(
    *, actor: User, person: Person, locality_name: str, permanent: bool, placed_on: date
) -> HousingPlacement:
    """Place the person in a home in one of the municipality's localities."""
    if not can_see_person(actor, person):
        raise PermissionDenied
    locality = Locality.objects.filter(
        municipality_id=person.municipality_id, name=locality_name.strip()
    ).first()
    if locality is None:
        raise ValidationError({"locality": validation.unknown_locality_message(locality_name)})
    errors = validation.placement_errors(placed_on=placed_on, birth_date=person.birth_date)
    if errors:
        raise ValidationError(errors)
    placement = HousingPlacement(
        person=person, locality=locality, permanent=permanent, placed_on=placed_on
    )
    placement.full_clean()
    placement.save()
    audit_record(
        actor=actor, action=Action.UPDATE, person_id=person.id, purpose=_("Housing placement")
    )
    persons_changed([person.id])
    return placement


@transaction.atomic
def danish_education_add(
    *,
    actor: User,
    person: Person,
    track: str,
    module: int,
    referred_on: date,
    test: str = "",
    test_passed_on: date | None = None,
) -> DanishEducation:
    """Danish education of the person: track, module reached and a passed final test."""
    if not can_see_person(actor, person):
        raise PermissionDenied
    errors = validation.danish_errors(
        track=track,
        referred_on=referred_on,
        test=test,
        test_passed_on=test_passed_on,
        birth_date=person.birth_date,
        today=timezone.localdate(),
    )
    education = DanishEducation(
        person=person,
        track=track,
        module=module,
        referred_on=referred_on,
        test=test,
        test_passed_on=test_passed_on,
    )
    return _save_person_fact(
        actor=actor, fact=education, errors=errors, purpose=_("Danish education")
    )


@transaction.atomic
def programme_enrolment_add(
    *, actor: User, person: Person, kind: str, starts_on: date, ends_on: date | None = None
) -> ProgrammeEnrolment:
    """An enrolment in a programme; a person follows one programme at a time."""
    if not can_see_person(actor, person):
        raise PermissionDenied
    Person.objects.select_for_update().filter(pk=person.pk).first()
    errors = validation.programme_errors(
        starts_on=starts_on, ends_on=ends_on, birth_date=person.birth_date
    )
    other = validation.first_overlap(person.programmes.all(), starts_on, ends_on)
    if other is not None:
        errors["starts_on"] = validation.programme_overlap_message(
            kind_label=other.get_kind_display(), starts_on=other.starts_on
        )
    enrolment = ProgrammeEnrolment(person=person, kind=kind, starts_on=starts_on, ends_on=ends_on)
    return _save_person_fact(actor=actor, fact=enrolment, errors=errors, purpose=_("Programme"))


# Fields whose values are never written into the rectification history.
RECTIFICATION_SECRET_FIELDS = frozenset({"cpr_encrypted", "cpr_lookup"})


def rectifications_record(
    *, actor: User, reason: str, changes: list[tuple[uuid.UUID, str, uuid.UUID, str, Any, Any]]
) -> int:
    """Keep the previous values of changed registry fields: (person id, record kind,
    record id, field, old, new) each. Inside the change's transaction."""
    rows = [
        Rectification(
            person_id=person_id,
            record=record,
            record_id=record_id,
            field=name,
            old_value="" if old is None else str(old),
            new_value="" if new is None else str(new),
            changed_by=actor,
            reason=reason[:300],
        )
        for person_id, record, record_id, name, old, new in changes
        if name not in RECTIFICATION_SECRET_FIELDS
    ]
    Rectification.objects.bulk_create(rows, batch_size=500)
    return len(rows)
