# SPDX-License-Identifier: MPL-2.0
"""Writing audit events. Callers run inside the transaction whose result the event covers.

Every write appends to the municipality's hash chain (helhed/audit/chain.py): it locks the
chain head row (select_for_update on PostgreSQL; SQLite's BEGIN IMMEDIATE already lets one
writer in at a time), numbers and links the new events, and moves the head, all in the
caller's transaction. A bulk write locks the head once for all its events.
"""

import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from helhed.audit.chain import GENESIS, canonical, canonical_of_many, link_hash
from helhed.audit.models import Action, AuditChainHead, AuditCheckpoint, AuditEvent
from helhed.core.ids import random_uuids
from helhed.core.plain_writes import insert_plain
from helhed.organisations.models import User

SEARCH_CRITERION_LENGTH = 200
PURPOSE_LENGTH = 300


def _require_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{name} must run inside the transaction it records")


def _require_municipal(actor: User) -> uuid.UUID:
    if actor.municipality_id is None:
        raise ValueError("Only a municipal user's use of personal data is audited here")
    return actor.municipality_id


def _lock_head(municipality_id: uuid.UUID) -> AuditChainHead:
    """The chain head row, locked until the caller's transaction ends; made on first use."""
    heads = AuditChainHead.objects.select_for_update()
    head = heads.filter(municipality_id=municipality_id).first()
    if head is None:
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(
                    municipality_id=municipality_id, sequence=0, hash=GENESIS
                )
        except IntegrityError:
            pass  # another writer made it first; its row is locked below
        head = heads.get(municipality_id=municipality_id)
    return head


def audit_chain_lock(*, municipality_id: uuid.UUID) -> None:
    """Hold the municipality's chain head until the caller's transaction ends, as every
    audited write does first: a job that changes the registry before it audits (retention)
    takes it first too, so that the two take their locks in the same order (the head, the
    persons, the registry stamp: ADR 0053) and cannot deadlock."""
    _require_transaction("audit_chain_lock")
    _lock_head(municipality_id)


def _append(head: AuditChainHead, events: list[AuditEvent]) -> None:
    """Number, time and link `events` after the head, and move the head past them."""
    now = timezone.now()
    sequence, previous = head.sequence, head.hash
    for event in events:
        sequence += 1
        event.sequence = sequence
        event.occurred_at = now
        event.previous_hash = previous
        event.hash = link_hash(previous, event_canonical(event))
        previous = event.hash
    head.sequence, head.hash, head.updated_at = sequence, previous, now
    head.save(update_fields=["sequence", "hash", "updated_at"])


def event_canonical(event: AuditEvent) -> str:
    return canonical(
        id=event.id,
        municipality_id=event.municipality_id,
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        user_id=event.user_id,
        roles=event.roles,
        action=event.action,
        person_id=event.person_id,
        search_criterion=event.search_criterion,
        purpose=event.purpose,
    )


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
    _require_transaction("audit_record")
    municipality_id = _require_municipal(actor)
    event = AuditEvent(
        municipality_id=municipality_id,
        user=actor,
        roles=",".join(sorted(actor.role_set)),
        action=action,
        person_id=person_id,
        search_criterion=str(search_criterion)[:SEARCH_CRITERION_LENGTH],
        purpose=str(purpose)[:PURPOSE_LENGTH],
    )
    # The actor and their municipality are loaded objects and the id is a fresh uuid4:
    # checking them would cost three queries per event and prove nothing. The chain's
    # fields are set below, under the head's lock.
    event.full_clean(
        exclude=["municipality", "user", "sequence", "previous_hash", "hash"],
        validate_unique=False,
        validate_constraints=False,
    )
    _append(_lock_head(municipality_id), [event])
    event.save(force_insert=True)
    return event


def audit_record_many(
    *, actor: User, action: str, purpose: str, person_ids: Iterable[uuid.UUID]
) -> int:
    """One event per person for a change or read of many at once (an import, an export),
    inserted in bulk; the same rules as `audit_record`. Returns how many were written."""
    _require_transaction("audit_record_many")
    municipality_id = _require_municipal(actor)
    if action not in Action.values:
        raise ValidationError({"action": f"Unknown audit action {action!r}"})
    roles = ",".join(sorted(actor.role_set))
    purpose = str(purpose)[:PURPOSE_LENGTH]
    people = [p if isinstance(p, uuid.UUID) else uuid.UUID(str(p)) for p in person_ids]
    if not people:
        return 0
    # The same events, numbers and links as `_append` gives model instances, built as
    # plain rows and inserted with one statement: an import writes thousands at once.
    head = _lock_head(municipality_id)
    now = timezone.now()
    sequence, previous = head.sequence, head.hash
    text = canonical_of_many(
        municipality_id=municipality_id,
        occurred_at=now,
        user_id=actor.pk,
        roles=roles,
        action=action,
        search_criterion="",
        purpose=purpose,
    )
    rows: list[tuple[object, ...]] = []
    for person_id, event_id in zip(people, random_uuids(len(people)), strict=True):
        sequence += 1
        digest = link_hash(previous, text(event_id, person_id, sequence))
        rows.append((event_id, municipality_id, now, actor.pk, roles, action, person_id, "",
                     purpose, sequence, previous, digest))  # fmt: skip
        previous = digest
    head.sequence, head.hash, head.updated_at = sequence, previous, now
    head.save(update_fields=["sequence", "hash", "updated_at"])
    _insert_events(rows)
    return len(rows)


_EVENT_COLUMNS = ("id", "municipality", "occurred_at", "user", "roles", "action", "person_id",
                  "search_criterion", "purpose", "sequence", "previous_hash", "hash")  # fmt: skip


def _insert_events(rows: list[tuple[object, ...]]) -> None:
    """Insert event rows (values in the order of _EVENT_COLUMNS) as plain rows
    (helhed/core/plain_writes.py: COPY on PostgreSQL)."""
    connection = transaction.get_connection()
    meta = AuditEvent._meta
    columns = [str(meta.get_field(name).column) for name in _EVENT_COLUMNS]  # type: ignore[union-attr]
    hex_uuids = not connection.features.has_native_uuid_field
    at = connection.ops.adapt_datetimefield_value(rows[0][2])  # one time for all the events

    def adapted(row: tuple[object, ...]) -> tuple[object, ...]:
        event_id, municipality_id, _now, *middle, person_id = row[:7]
        if hex_uuids:
            ids = (event_id, municipality_id, person_id)
            event_id, municipality_id, person_id = (
                v.hex if isinstance(v, uuid.UUID) else v for v in ids
            )
        return (event_id, municipality_id, at, *middle, person_id, *row[7:])

    insert_plain(meta.db_table, columns, (adapted(r) for r in rows))


def audit_chain_checkpoint(*, municipality_id: uuid.UUID, through_sequence: int) -> AuditCheckpoint:
    """Before the oldest events of a chain are deleted (retention), record where the
    deletion ends: the caller then deletes the events with `sequence <= through_sequence`
    in the same transaction, and the verifier starts from this checkpoint. Only a prefix
    of the chain can be cut this way; anything else still shows as a broken chain."""
    _require_transaction("audit_chain_checkpoint")
    _lock_head(municipality_id)
    try:
        last = AuditEvent.objects.get(municipality_id=municipality_id, sequence=through_sequence)
    except AuditEvent.DoesNotExist:
        raise ValueError(f"The chain has no event {through_sequence} to cut after") from None
    deleted = AuditEvent.objects.filter(
        municipality_id=municipality_id, sequence__lte=through_sequence
    ).count()
    return AuditCheckpoint.objects.create(
        municipality_id=municipality_id, sequence=through_sequence, hash=last.hash, deleted=deleted
    )
