# SPDX-License-Identifier: MPL-2.0
"""The history of governance writes (ADR 0034): the services record each write here, in
the write's own transaction, with the actor they were given."""

import uuid

from django.utils.translation import pgettext_lazy

from helhed.governance.models import ChangeLog
from helhed.organisations.models import User

OBJECT_LABELS = {
    "committee": pgettext_lazy("governance history", "Committee"),
    "meeting": pgettext_lazy("governance history", "Meeting"),
    "agenda_item": pgettext_lazy("governance history", "Agenda item"),
    "agenda_entry": pgettext_lazy("governance history", "Agenda"),
    "decision": pgettext_lazy("governance history", "Decision"),
    "attachment": pgettext_lazy("governance history", "Attachment"),
    "milestone": pgettext_lazy("governance history", "Milestone"),
}


def record_change(
    *,
    actor: User,
    municipality_id: uuid.UUID,
    action: str,
    object_type: str,
    object_id: uuid.UUID,
    summary: str,
    item_id: uuid.UUID | None = None,
    fields: list[str] | None = None,
) -> ChangeLog:
    if object_type not in OBJECT_LABELS:
        raise ValueError(f"Unknown governance object type: {object_type!r}")
    change = ChangeLog(
        municipality_id=municipality_id,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        item_id=item_id,
        summary=summary[:500],
        fields=list(fields or []),
    )
    change.full_clean()
    change.save()
    return change
