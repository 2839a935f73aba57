# SPDX-License-Identifier: MPL-2.0
"""Reading the audit log: the viewer's filtered list and one person's look-ups."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from helhed.audit.models import AuditChainHead, AuditEvent, SecurityEvent
from helhed.core.tenancy import scope_to_municipality
from helhed.organisations.models import Role, User


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events_filter(
    *,
    municipality_id: uuid.UUID,
    date_from: date | None = None,
    date_to: date | None = None,
    user_id: int | None = None,
    action: str = "",
    person_id: uuid.UUID | None = None,
) -> QuerySet[AuditEvent]:
    """The municipality's events, newest first; the dates are local days, both included."""
    events = scope_to_municipality(AuditEvent.objects.all(), municipality_id)
    if date_from is not None:
        events = events.filter(occurred_at__gte=_start_of(date_from))
    if date_to is not None:
        events = events.filter(occurred_at__lt=_start_of(date_to + timedelta(days=1)))
    if user_id is not None:
        events = events.filter(user_id=user_id)
    if action:
        events = events.filter(action=action)
    if person_id is not None:
        events = events.filter(person_id=person_id)
    return events.select_related("user").order_by("-sequence")


def audit_chain_head(*, municipality_id: uuid.UUID) -> AuditChainHead | None:
    return AuditChainHead.objects.filter(municipality_id=municipality_id).first()


@dataclass(frozen=True)
class Lookup:
    """One use of a person's data, as the person may learn of it (GDPR art. 15, C-579/21):
    when, what kind of use, why, and by whom in the sense of role and department; the
    employee's name only when the data protection officer includes it."""

    occurred_at: datetime
    action: str
    action_label: str
    purpose: str
    roles: list[str]
    departments: list[str]
    employee: str


def person_lookups(
    *, municipality_id: uuid.UUID, person_id: uuid.UUID, include_names: bool
) -> list[Lookup]:
    """Every event about the person, oldest first. Departments are the user's present
    ones: an event records the user and roles, not the department at the time."""
    events = (
        scope_to_municipality(AuditEvent.objects.all(), municipality_id)
        .filter(person_id=person_id)
        .select_related("user")
        .prefetch_related("user__departments")
        .order_by("sequence")
    )
    labels = dict(Role.choices)
    return [
        Lookup(
            occurred_at=event.occurred_at,
            action=event.action,
            action_label=str(event.get_action_display()),
            purpose=event.purpose,
            roles=[str(labels.get(r, r)) for r in event.roles.split(",") if r],
            departments=[d.name for d in event.user.departments.all()],
            employee=_employee(event.user) if include_names else "",
        )
        for event in events
    ]


def _employee(user: User) -> str:
    return user.get_full_name() or user.username


def municipal_users(*, municipality_id: uuid.UUID) -> QuerySet[User]:
    return scope_to_municipality(User.objects.all(), municipality_id).order_by(
        "first_name", "last_name", "username"
    )


SECURITY_EVENTS_SHOWN = 50


def security_events_recent(*, municipality_id: uuid.UUID) -> list[SecurityEvent]:
    """The municipality's latest logins, failures, lockouts and refusals, newest first (a
    failed login of an unknown username belongs to no municipality: ADR 0023)."""
    events = scope_to_municipality(SecurityEvent.objects.all(), municipality_id)
    return list(events.select_related("user").order_by("-occurred_at")[:SECURITY_EVENTS_SHOWN])
