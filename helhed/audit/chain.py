# SPDX-License-Identifier: MPL-2.0
"""The hash chain of audit events: the canonical form of an event and its link hash.

Each municipality has its own chain (docs/adr/0016-audit-hash-chain.md). Event n stores
`sequence = n`, the hash of event n-1 as `previous_hash`, and
`hash = SHA-256(previous_hash + canonical(event))`. The first event of a chain links to
GENESIS; after the oldest events are deleted, a checkpoint keeps the sequence and hash of
the last deleted one, and the chain is verified from there.

Plain Python over plain values: the writer, the verifier and the migration that chained
the existing rows all use these two functions, so they cannot disagree.
"""

import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

GENESIS = "0" * 64


def canonical(
    *,
    id: uuid.UUID | str,  # noqa: A002 - the field's name
    municipality_id: uuid.UUID | str,
    sequence: int,
    occurred_at: datetime,
    user_id: int | str,
    roles: str,
    action: str,
    person_id: uuid.UUID | str | None,
    search_criterion: str,
    purpose: str,
) -> str:
    """Every recorded field of an event as one JSON text: sorted keys, no spaces, UTC time
    to the microsecond, ids as strings (so both databases give the same text)."""
    if occurred_at.tzinfo is None:
        raise ValueError("An audit event's time must be aware")
    return json.dumps(
        {
            "action": action,
            "id": str(id),
            "municipality": str(municipality_id),
            "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "person": None if person_id is None else str(person_id),
            "purpose": purpose,
            "roles": roles,
            "search_criterion": search_criterion,
            "sequence": sequence,
            "user": str(user_id),
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def canonical_of_many(
    *,
    municipality_id: uuid.UUID | str,
    occurred_at: datetime,
    user_id: int | str,
    roles: str,
    action: str,
    search_criterion: str,
    purpose: str,
) -> Callable[[uuid.UUID, uuid.UUID | None, int], str]:
    """`canonical` for events that differ only in id, person and sequence (one actor's
    events of an import or an export, written at once): a function of those three giving
    the same text as `canonical` with the other fields given here, from pieces made once
    instead of one JSON encoding an event. The ids must be `uuid.UUID`s (their text is
    hex digits and hyphens: nothing to escape)."""
    if occurred_at.tzinfo is None:
        raise ValueError("An audit event's time must be aware")

    def encoded(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    at = occurred_at.astimezone(UTC).isoformat(timespec="microseconds")
    # the keys in sorted order, as json.dumps(sort_keys=True) writes them
    head = '{"action":' + encoded(action) + ',"id":"'
    after_id = '","municipality":' + encoded(str(municipality_id)) + ',"occurred_at":' + encoded(at)
    after_person = (
        ',"purpose":' + encoded(purpose) + ',"roles":' + encoded(roles)
        + ',"search_criterion":' + encoded(search_criterion) + ',"sequence":'
    )  # fmt: skip
    tail = ',"user":' + encoded(str(user_id)) + "}"

    def text(event_id: uuid.UUID, person_id: uuid.UUID | None, sequence: int) -> str:
        if event_id.__class__ is not uuid.UUID or sequence.__class__ is not int:
            raise TypeError("An event's id must be a UUID and its sequence an int")
        if person_id is None:
            person = ',"person":null'
        elif person_id.__class__ is uuid.UUID:
            person = ',"person":"' + str(person_id) + '"'
        else:
            raise TypeError("An event's person must be a UUID or None")
        return head + str(event_id) + after_id + person + after_person + str(sequence) + tail

    return text


def link_hash(previous_hash: str, canonical_text: str) -> str:
    return hashlib.sha256((previous_hash + canonical_text).encode()).hexdigest()
