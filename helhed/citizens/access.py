# SPDX-License-Identifier: MPL-2.0
"""The only way a page gets at a person: inside the user's municipality, inside their
departments' caseload, and audited.

A caseworker sees the persons with an open case assignment to one of their departments.
Other roles see no persons here (politicians and the public get aggregates only; managers
will get pseudonymised views with the indicators). A person outside what the user may
see answers 404, the same as one that does not exist.

Break-the-glass (break_the_glass.py) widens one thing only: the pages that show one
person's record read through `access_person_for_record_page`, where a caseworker who has
stated a reason for that person within the last hour reads them too, audited with that
reason. Lists, searches, exports, writes and the API never do.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.audit.models import Action, AuditEvent
from helhed.audit.services import audit_record
from helhed.citizens.break_the_glass import break_the_glass_active
from helhed.citizens.models import CaseAssignment, Person
from helhed.core.tenancy import scope_to_municipality
from helhed.organisations.models import Role, User


class ProbedExists(Exists):
    """`EXISTS`, which PostgreSQL tests row by row of the outer query. Left to itself it
    turns an `EXISTS` into a semi-join, and then it estimates the rows of (municipality)
    x (the user's departments' cases) as if they were independent: about 100 of a
    municipality's 10,000 persons. So for a page in name order it joins and sorts all
    10,000 (45 ms at national scale) instead of reading the name index and stopping at the
    page (1 ms). `OFFSET 0` keeps the subquery a subquery (PostgreSQL does not pull up
    a sublink with an offset). SQLite always tests per row."""

    def as_postgresql(self, compiler: Any, connection: Any) -> Any:
        probed = self.copy()
        probed.template = "EXISTS(%(subquery)s OFFSET 0)"
        return Exists.as_sql(probed, compiler, connection)


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
    return ProbedExists(cases)


def persons_visible_to(user: User) -> QuerySet[Person]:
    """The persons the user may see. A filter per person (not a join), so that a page of
    them in name order is read from the (municipality, name) index and stops at the page."""
    if not user.has_role(Role.CASEWORKER):
        return Person.objects.none()
    return scope_to_municipality(Person.objects.all(), user.municipality_id).filter(
        open_case_of(user, OuterRef("pk"))
    )


@dataclass(frozen=True)
class PersonRead:
    """A person as a record page reads them: `glass` is the break-the-glass access that
    let the user in, None when the person is in the user's caseload."""

    person: Person
    glass: AuditEvent | None = None


def access_person_by_id(*, user: User, person_id: uuid.UUID, purpose: str) -> Person:
    """The person in the user's caseload, with one audit event for this read in the
    caller's transaction. Writes, lists and the API read persons here: no break-the-glass."""
    return _access_person(
        user=user, person_id=person_id, purpose=purpose, allow_break_the_glass=False
    ).person


def access_person_for_record_page(*, user: User, person_id: uuid.UUID, purpose: str) -> PersonRead:
    """For the pages that show one person's record (their page and their plan): the
    person in the user's caseload, or of the user's municipality while the user has an
    active break-the-glass access to them; one audit event, whose purpose then names the
    access's reason."""
    return _access_person(
        user=user, person_id=person_id, purpose=purpose, allow_break_the_glass=True
    )


def _access_person(
    *, user: User, person_id: uuid.UUID, purpose: str, allow_break_the_glass: bool
) -> PersonRead:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Read persons inside a transaction, so the read and its audit agree")
    person = persons_visible_to(user).select_related("household").filter(pk=person_id).first()
    glass = None
    if person is None and allow_break_the_glass:
        glass = break_the_glass_active(user=user, person_id=person_id)
        if glass is not None:
            person = (
                scope_to_municipality(Person.objects.all(), user.municipality_id)
                .select_related("household")
                .filter(pk=person_id)
                .first()
            )
            purpose = _("%(purpose)s, outside the caseload: %(reason)s") % {
                "purpose": purpose,
                "reason": glass.purpose,
            }
    if person is None:
        raise Http404
    audit_record(actor=user, action=Action.READ, person_id=person.id, purpose=purpose)
    return PersonRead(person, glass)


def can_see_person(user: User, person: Person) -> bool:
    return persons_visible_to(user).filter(pk=person.pk).exists()


# --- the persons behind an indicator's number (the managers' dashboard, ADR 0029) -------


def persons_behind_indicators_visible_to(user: User) -> QuerySet[Person]:
    """The persons a drill-down from an indicator's number may name to the user: for a
    caseworker or a manager, the persons with an open case in one of their departments.
    Policy officers, politicians and the other roles see aggregates only. A manager sees
    the names here but no person's record: the record pages read `persons_visible_to`."""
    if user.municipality_id is None or not user.has_role(Role.CASEWORKER, Role.MANAGER):
        return Person.objects.none()
    return scope_to_municipality(Person.objects.all(), user.municipality_id).filter(
        open_case_of(user, OuterRef("pk"))
    )
