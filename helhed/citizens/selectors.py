# SPDX-License-Identifier: MPL-2.0
"""Reads of the registry, always starting from what the user may see (access.py)."""

import re
import uuid

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from helhed.citizens.access import persons_visible_to
from helhed.citizens.cpr import cpr_lookup_hash, parse_cpr
from helhed.citizens.models import Arrival, HouseholdRelation, Person, RelationKind
from helhed.organisations.models import User


def caseload_for_user(*, user: User) -> QuerySet[Person]:
    return persons_visible_to(user).prefetch_related(
        Prefetch("arrivals", queryset=Arrival.objects.order_by("-arrived_on"))
    )


def caseload_page(
    *, user: User, after: uuid.UUID | None, size: int
) -> tuple[list[Person], Person | None]:
    """One page of the caseload in name order, starting after the person `after` (a
    keyset: the cost of a page does not grow with how far into the caseload it is), and
    the last person of the page if there are more."""
    # What a row shows, no more (no CPR number decrypted for a list).
    persons = (
        persons_visible_to(user)
        .only("id", "municipality_id", "first_name", "last_name", "birth_date")
        .prefetch_related(
            Prefetch(
                "arrivals",
                queryset=Arrival.objects.only("id", "person_id", "arrived_on", "source").order_by(
                    "-arrived_on"
                ),
            )
        )
    )
    if after is not None:
        start = (
            persons_visible_to(user).filter(pk=after).values_list("last_name", "first_name", "id")
        )
        for last_name, first_name, person_id in start:
            persons = persons.filter(last_name__gte=last_name).filter(
                Q(last_name__gt=last_name)
                | Q(first_name__gt=first_name)
                | Q(first_name=first_name, id__gt=person_id)
            )
    rows = list(persons[: size + 1])
    return rows[:size], rows[size - 1] if len(rows) > size else None


def person_search(*, user: User, query: str) -> tuple[QuerySet[Person], str]:
    """Matches for a name or a CPR number, and the criterion to audit (CPR masked)."""
    query = query.strip()
    digits = query.replace("-", "").replace(" ", "")
    if digits.isascii() and digits.isdigit() and len(digits) == 10:
        number = parse_cpr(query)
        found = caseload_for_user(user=user).filter(cpr_hash=cpr_lookup_hash(number))
        return found, f"CPR {number.mask()}"
    words = query.split()
    found = caseload_for_user(user=user)
    for word in words:
        found = found.filter(first_name__icontains=word) | found.filter(last_name__icontains=word)
    # Digits are never logged in clear: a mistyped CPR number is still a CPR number.
    return found.distinct(), "name: " + re.sub(r"\d", "x", query)


def household_with_relations(person: Person) -> list[tuple[Person, str]]:
    """The members of the person's household (the person first), each with how they are
    related to the person, in words ("" for the person and for no recorded relation)."""
    if person.household_id is None:
        return []
    members = sorted(
        Person.objects.filter(household_id=person.household_id),
        key=lambda member: (member.pk != person.pk, member.birth_date),
    )
    relations = list(HouseholdRelation.objects.filter(person__household_id=person.household_id))
    return [(member, _relation_to(person, member, relations)) for member in members]


def _relation_to(person: Person, member: Person, relations: list[HouseholdRelation]) -> str:
    for relation in relations:
        if {relation.person_id, relation.relative_id} == {person.pk, member.pk}:
            if relation.kind == RelationKind.SPOUSE:
                return _("Spouse or partner")
            return _("Parent") if relation.person_id == member.pk else _("Child")
    return ""
