# SPDX-License-Identifier: MPL-2.0
"""Writes to a household: a family member joins with their relation, or leaves.

The relative is found by CPR number (posted, looked up by its keyed hash) among the persons
the caseworker sees: a number outside their caseload gets the same answer as an unknown
one. Both persons' changes are audited and their rule flags brought up to date (a
household's shared interventions count for every member)."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from helhed.audit.models import Action
from helhed.audit.services import audit_record_many
from helhed.citizens import validation
from helhed.citizens.access import can_see_person, persons_visible_to
from helhed.citizens.changes import persons_changed
from helhed.citizens.cpr import cpr_lookup_hash, parse_cpr
from helhed.citizens.models import Household, HouseholdRelation, Person, RelationKind
from helhed.organisations.models import User

# How the relative is related to the person whose page it is.
SPOUSE = "spouse"
PARENT = "parent"  # the relative is a parent of the person
CHILD = "child"  # the relative is a child of the person
RELATIONS = (SPOUSE, PARENT, CHILD)


def _relative_by_cpr(*, actor: User, cpr: str) -> Person:
    try:
        number = parse_cpr(cpr)
    except ValidationError as error:
        raise ValidationError({"cpr": error.messages}) from None
    relative = (
        persons_visible_to(actor)
        .select_for_update()
        .filter(cpr_hash=cpr_lookup_hash(number))
        .first()
    )
    if relative is None:
        raise ValidationError({"cpr": _("No person with this CPR number is in your caseload.")})
    return relative


@transaction.atomic
def household_member_add(*, actor: User, person: Person, cpr: str, relation: str) -> Person:
    """The person with `cpr` joins `person`'s household (made now if `person` has none),
    related to `person` as `relation`. Returns the relative."""
    if not can_see_person(actor, person):
        raise PermissionDenied
    if relation not in RELATIONS:
        raise ValidationError({"relation": _("Choose how the two are related.")})
    person = Person.objects.select_for_update().get(pk=person.pk)
    relative = _relative_by_cpr(actor=actor, cpr=cpr)
    if relative.pk == person.pk:
        raise ValidationError({"cpr": _("A person cannot be related to themselves.")})
    if relative.household_id is not None and relative.household_id != person.household_id:
        raise ValidationError(
            {
                "cpr": _(
                    "%(name)s already belongs to another household. Remove them from it "
                    "on their own page first."
                )
                % {"name": f"{relative.first_name} {relative.last_name}"}
            }
        )
    if relation == SPOUSE:
        link = HouseholdRelation(person=person, relative=relative, kind=RelationKind.SPOUSE)
    else:
        parent, child = (relative, person) if relation == PARENT else (person, relative)
        errors = validation.parent_errors(
            parent_birth_date=parent.birth_date, child_birth_date=child.birth_date
        )
        if errors:
            raise ValidationError({"cpr": list(errors.values())})
        link = HouseholdRelation(person=parent, relative=child, kind=RelationKind.PARENT)
    if HouseholdRelation.objects.filter(
        Q(person=link.person, relative=link.relative)
        | Q(person=link.relative, relative=link.person)
    ).exists():
        raise ValidationError({"cpr": _("The two are already related in the household.")})
    if person.household_id is None:
        household = Household.objects.create(
            municipality_id=person.municipality_id,
            name=_("The %(name)s family") % {"name": person.last_name},
        )
        person.household = household
        person.save(update_fields=["household", "updated_at"])
    relative.household_id = person.household_id
    relative.save(update_fields=["household", "updated_at"])
    link.save()
    audit_record_many(
        actor=actor,
        action=Action.UPDATE,
        purpose=_("Household relation"),
        person_ids=[person.id, relative.id],
    )
    persons_changed([person.id, relative.id])
    return relative


@transaction.atomic
def household_member_remove(*, actor: User, person: Person, member_id: uuid.UUID | None) -> Person:
    """`member` leaves `person`'s household, and their relations to its members end."""
    if not can_see_person(actor, person):
        raise PermissionDenied
    household_id = Person.objects.get(pk=person.pk).household_id
    if household_id is None or member_id is None:
        raise ValidationError({"member": _("This person is not in the household.")})
    member = (
        persons_visible_to(actor)
        .select_for_update()
        .filter(pk=member_id, household_id=household_id)
        .first()
    )
    if member is None:
        raise ValidationError({"member": _("This person is not in the household.")})
    others = list(
        Person.objects.filter(household_id=household_id)
        .exclude(pk=member.pk)
        .values_list("pk", flat=True)
    )
    HouseholdRelation.objects.filter(
        Q(person=member, relative_id__in=others) | Q(relative=member, person_id__in=others)
    ).delete()
    member.household = None
    member.save(update_fields=["household", "updated_at"])
    audit_record_many(
        actor=actor,
        action=Action.UPDATE,
        purpose=_("Household relation"),
        person_ids=[member.id, *others],
    )
    persons_changed([member.id, *others])
    return member
