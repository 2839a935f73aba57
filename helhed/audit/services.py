# SPDX-License-Identifier: MPL-2.0
"""Writing audit events. Callers run inside the transaction whose result the event covers."""

import uuid
from collections.abc import Iterable

from django.db import transaction

from helhed.audit.models import AuditEvent
from helhed.organisations.models import User


def audit_record(
    *,
    actor: User,
    action: str,
    purpose: str,
    person_id: uuid.UUID | None = None,
    search_criterion: str = "",
) -> AuditEvent:
    """One event for one read, search or change. Must be called inside the transaction
    of the work it records, so that no data is returned or saved without its event."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction it records")
    if actor.municipality_id is None:
        raise ValueError("Only a municipal user's use of personal data is audited here")
    event = AuditEvent(
        municipality_id=actor.municipality_id,
        user=actor,
        roles=",".join(sorted(actor.role_set)),
        action=action,
        person_id=person_id,
        search_criterion=search_criterion[:200],
        purpose=purpose[:300],
    )
    event.full_clean()
    event.save()
    return event


def audit_record_many(
    *, actor: User, action: str, purpose: str, person_ids: Iterable[uuid.UUID]
) -> int:
    """One event per person for a change or read of many at once (an import, an export),
    inserted in bulk; the same rules as `audit_record`. Returns how many were written."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record_many must run inside the transaction it records")
    if actor.municipality_id is None:
        raise ValueError("Only a municipal user's use of personal data is audited here")
    roles = ",".join(sorted(actor.role_set))
    events = [
        AuditEvent(
            municipality_id=actor.municipality_id,
            user=actor,
            roles=roles,
            action=action,
            person_id=person_id,
            purpose=purpose[:300],
        )
        for person_id in person_ids
    ]
    AuditEvent.objects.bulk_create(events, batch_size=500)
    return len(events)
