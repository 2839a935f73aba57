# SPDX-License-Identifier: MPL-2.0
"""Break-the-glass: a caseworker opens a person outside their caseload, stating why.

The stated reason is the access: one audit event with action `break_the_glass`, the
person and the reason as its purpose. For `DURATION` after it the caseworker may read
that one person's record and plan (the person page and the plan page, not their writes,
lists, searches, exports or the API: docs/adr/0019-access-matrix-and-break-the-glass.md).
Only inside the caseworker's own municipality; the managers of the municipality see
every such access on a page of their own.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.audit.models import Action, AuditEvent
from helhed.audit.services import audit_record
from helhed.citizens.cpr import decrypt_cpr
from helhed.citizens.models import Person
from helhed.core.tenancy import scope_to_municipality
from helhed.organisations.models import Role, User

DURATION = timedelta(hours=1)
REASON_MIN_LENGTH = 15
REASON_MAX_LENGTH = 300
# The accesses a manager's page shows, newest first.
REVIEW_PAGE = 200


def break_the_glass_open(*, user: User, person: Person, reason: str) -> AuditEvent:
    """Record that `user` opens `person` outside their caseload because of `reason`."""
    reason = " ".join(reason.split())
    if not user.has_role(Role.CASEWORKER) or user.municipality_id is None:
        raise PermissionDenied
    if person.municipality_id != user.municipality_id:
        raise PermissionDenied
    if len(reason) < REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": _("State the reason in at least %(limit_value)d characters.")
                % {"limit_value": REASON_MIN_LENGTH}
            }
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("State the reason in at most %(limit_value)d characters.")
                % {"limit_value": REASON_MAX_LENGTH}
            }
        )
    with transaction.atomic():
        return audit_record(
            actor=user, action=Action.BREAK_THE_GLASS, person_id=person.id, purpose=reason
        )


def break_the_glass_active(*, user: User, person_id: uuid.UUID) -> AuditEvent | None:
    """The user's latest break-the-glass access to the person, if it still holds."""
    if not user.has_role(Role.CASEWORKER) or user.municipality_id is None:
        return None
    return (
        scope_to_municipality(AuditEvent.objects.all(), user.municipality_id)
        .filter(
            user=user,
            action=Action.BREAK_THE_GLASS,
            person_id=person_id,
            occurred_at__gt=timezone.now() - DURATION,
        )
        .order_by("-occurred_at")
        .first()
    )


def expires_at(event: AuditEvent) -> datetime:
    return event.occurred_at + DURATION


@dataclass(frozen=True)
class ReviewRow:
    """One break-the-glass access as a manager sees it: the person masked."""

    event: AuditEvent
    person_masked: str

    @property
    def expires_at(self) -> datetime:
        return expires_at(self.event)


def break_the_glass_for_review(*, user: User) -> list[ReviewRow]:
    """The municipality's break-the-glass accesses, newest first, for its managers."""
    if not user.has_role(Role.MANAGER) or user.municipality_id is None:
        return []
    events = list(
        scope_to_municipality(AuditEvent.objects.all(), user.municipality_id)
        .filter(action=Action.BREAK_THE_GLASS)
        .select_related("user")
        .order_by("-occurred_at")[:REVIEW_PAGE]
    )
    persons = scope_to_municipality(Person.objects.all(), user.municipality_id).in_bulk(
        {e.person_id for e in events if e.person_id is not None}
    )
    rows = []
    for event in events:
        person = persons.get(event.person_id)
        masked = decrypt_cpr(person.cpr_encrypted).mask() if person else _("(deleted)")
        rows.append(ReviewRow(event, masked))
    return rows
