# SPDX-License-Identifier: MPL-2.0
"""Writing audit events. Callers run inside the transaction whose result the event covers."""

import uuid

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
