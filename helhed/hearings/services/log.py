# SPDX-License-Identifier: MPL-2.0
"""Write the hearing's own log (models/log.py): one row per read or change."""

from django.db import transaction

from helhed.hearings.models import READS, Hearing, HearingLogEntry, HearingResponse, LogAction
from helhed.organisations.models import User


def log_entry(
    *,
    hearing: Hearing,
    action: LogAction,
    actor: User | None,
    response: HearingResponse | None = None,
    note: str = "",
) -> HearingLogEntry:
    """Record `action` on `hearing` (and `response`). `actor` None: the respondent by the
    private link, or the retention job. Called inside the writing service's transaction."""
    entry = HearingLogEntry(
        municipality_id=hearing.version.policy.municipality_id,
        hearing=hearing,
        response=response,
        response_number=response.number if response is not None else None,
        actor=actor,
        action=action,
        note=note[:1000],
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def log_read(
    *, actor: User, hearing: Hearing, action: LogAction, response: HearingResponse | None = None
) -> HearingLogEntry:
    """A staff read of respondents' names and e-mail addresses (a list, a response, an
    attachment)."""
    if action not in READS:
        raise ValueError(action)
    return log_entry(hearing=hearing, action=action, actor=actor, response=response)
