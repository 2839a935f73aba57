# SPDX-License-Identifier: MPL-2.0
"""The only way a page gets at a person: inside the user's municipality, inside their
departments' caseload, and audited.

A caseworker sees the persons with an open case assignment to one of their departments.
Other roles see no persons here (politicians and the public get aggregates only; managers
will get pseudonymised views with the indicators). A person outside what the user may
see answers 404, the same as one that does not exist.
"""

import uuid

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from helhed.audit.models import Action
from helhed.audit.services import audit_record
from helhed.citizens.models import CaseAssignment, Person
from helhed.core.tenancy import scope_to_municipality
from helhed.organisations.models import Role, User


def open_case_of(user: User, person: OuterRef, *, own_only: bool = False) -> Exists:
    """True for a person with an open case in one of the user's departments (or, with
    `own_only`, assigned to the user). `person` points at the person's id in the outer
    query: `OuterRef("pk")` for persons, `OuterRef("person_id")` for rows about one."""
    today = timezone.localdate()
    cases = CaseAssignment.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        person_id=person,
        department__in=user.departments.all(),
    )
    if own_only:
        cases = cases.filter(caseworker=user)
    return Exists(cases)


def persons_visible_to(user: User) -> QuerySet[Person]:
    """The persons the user may see. A filter per person (not a join), so that a page of
    them in name order is read from the (municipality, name) index and stops at the page."""
    if not user.has_role(Role.CASEWORKER):
        return Person.objects.none()
    return scope_to_municipality(Person.objects.all(), user.municipality_id).filter(
        open_case_of(user, OuterRef("pk"))
    )


def access_person_by_id(*, user: User, person_id: uuid.UUID, purpose: str) -> Person:
    """The person, with one audit event for this read in the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Read persons inside a transaction, so the read and its audit agree")
    try:
        person = persons_visible_to(user).select_related("household").get(pk=person_id)
    except Person.DoesNotExist as error:
        raise Http404 from error
    audit_record(actor=user, action=Action.READ, person_id=person.id, purpose=purpose)
    return person


def can_see_person(user: User, person: Person) -> bool:
    return persons_visible_to(user).filter(pk=person.pk).exists()
