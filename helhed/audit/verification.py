# SPDX-License-Identifier: MPL-2.0
"""Checking the audit chains, and exporting and checking their heads.

A chain is sound when its events are numbered without gaps from the start (1, or one past
the latest deletion checkpoint), each links to the hash of the one before, each hash
matches its fields, and the last event is the head. The first event that fails names the
problem: an altered field, a deleted or inserted event, a reordering, a cut end.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.audit.chain import GENESIS, canonical, link_hash
from helhed.audit.models import AuditChainHead, AuditCheckpoint, AuditEvent
from helhed.core.tenancy import scope_to_municipality
from helhed.organisations.models import Municipality

CHUNK = 5000
FIELDS = (
    "id",
    "municipality_id",
    "sequence",
    "occurred_at",
    "user_id",
    "roles",
    "action",
    "person_id",
    "search_criterion",
    "purpose",
)


@dataclass
class ChainReport:
    municipality: Municipality
    events: int = 0
    head_sequence: int = 0
    problem: str = ""
    # the first event found wrong (absent when the problem is not one event's)
    bad_sequence: int | None = None
    bad_event_id: uuid.UUID | None = None
    checked_at: datetime = field(default_factory=timezone.now)

    @property
    def ok(self) -> bool:
        return not self.problem


def _fail(report: ChainReport, problem: str, row: dict[str, Any] | None = None) -> ChainReport:
    report.problem = problem
    if row is not None:
        report.bad_sequence, report.bad_event_id = row["sequence"], row["id"]
    return report


def _start(municipality: Municipality, first: int | None) -> tuple[int, str]:
    """The sequence the chain must start at and the hash its first event must link to:
    the start of the chain, or the deletion checkpoint just before the first event."""
    checkpoints = scope_to_municipality(AuditCheckpoint.objects.all(), municipality.id)
    if first is not None and first > 1:
        checkpoint = checkpoints.filter(sequence=first - 1).first()
    else:
        checkpoint = None if first == 1 else checkpoints.order_by("-sequence").first()
    if checkpoint is None:
        return 1, GENESIS
    return checkpoint.sequence + 1, checkpoint.hash


def chain_verify(*, municipality: Municipality) -> ChainReport:
    report = ChainReport(municipality)
    events = scope_to_municipality(AuditEvent.objects.all(), municipality.id).order_by("sequence")
    first = events.values_list("sequence", flat=True).first()
    expected, previous = _start(municipality, first)
    for row in events.values(*FIELDS, "previous_hash", "hash").iterator(chunk_size=CHUNK):
        stored = {"previous_hash": row.pop("previous_hash"), "hash": row.pop("hash")}
        if row["sequence"] != expected:
            if row["sequence"] > expected:
                message = _(
                    "Events %(first)s to %(last)s are missing before event %(sequence)s "
                    "(%(id)s): deleted, or renumbered."
                ) % {
                    "first": expected,
                    "last": row["sequence"] - 1,
                    "sequence": row["sequence"],
                    "id": row["id"],
                }
            else:
                message = _("Event %(sequence)s (%(id)s) is out of place.") % {
                    "sequence": row["sequence"],
                    "id": row["id"],
                }
            return _fail(report, message, row)
        if stored["previous_hash"] != previous:
            return _fail(
                report,
                _(
                    "Event %(sequence)s (%(id)s) does not follow the event before it: an "
                    "event was inserted, deleted or moved here."
                )
                % {"sequence": row["sequence"], "id": row["id"]},
                row,
            )
        if link_hash(previous, canonical(**row)) != stored["hash"]:
            return _fail(
                report,
                _("Event %(sequence)s (%(id)s) was altered: its fields do not match its hash.")
                % {"sequence": row["sequence"], "id": row["id"]},
                row,
            )
        report.events += 1
        expected, previous = expected + 1, stored["hash"]
    return _check_head(report, last_sequence=expected - 1, last_hash=previous)


def _check_head(report: ChainReport, *, last_sequence: int, last_hash: str) -> ChainReport:
    head = AuditChainHead.objects.filter(municipality_id=report.municipality.id).first()
    head_sequence, head_hash = (head.sequence, head.hash) if head else (0, GENESIS)
    report.head_sequence = head_sequence
    if (head_sequence, head_hash) != (last_sequence, last_hash):
        return _fail(
            report,
            _(
                "The chain ends at event %(last)s, but its head says %(head)s: events were "
                "removed from, or added to, the end."
            )
            % {"last": last_sequence, "head": head_sequence},
        )
    return report


def chains_verify(*, municipalities: Iterable[Municipality]) -> list[ChainReport]:
    return [chain_verify(municipality=m) for m in municipalities]


def heads_export() -> list[dict[str, Any]]:
    """Every chain's head, to be kept outside Helhed (a signed mail, a WORM store)."""
    heads = AuditChainHead.objects.select_related("municipality").order_by(
        "municipality__kommunekode"
    )
    return [
        {
            "municipality": head.municipality.kommunekode,
            "sequence": head.sequence,
            "hash": head.hash,
            "time": head.updated_at.isoformat(),
        }
        for head in heads
    ]


def heads_check(*, exported: list[dict[str, Any]]) -> list[str]:
    """The problems with exported heads: each must still be an event of its chain with the
    same hash (or the checkpoint of a deletion that reached exactly it)."""
    problems = []
    for item in exported:
        kode, sequence, hash_ = item["municipality"], int(item["sequence"]), item["hash"]
        event = (
            AuditEvent.objects.filter(municipality__kommunekode=kode, sequence=sequence)
            .values("hash")
            .first()
        )
        if event is None:
            event = (
                AuditCheckpoint.objects.filter(municipality__kommunekode=kode, sequence=sequence)
                .values("hash")
                .first()
            )
        if event is None and sequence == 0:
            continue  # an empty chain's head is the start of the chain
        if event is None:
            oldest = (
                AuditCheckpoint.objects.filter(municipality__kommunekode=kode)
                .order_by("-sequence")
                .values_list("sequence", flat=True)
                .first()
            )
            if oldest is not None and sequence < oldest:
                continue  # deleted by retention, behind a checkpoint: nothing left to check
            problems.append(
                _(
                    "Municipality %(kode)s: the exported head %(sequence)s is no longer in "
                    "the chain (cut off, or renumbered)."
                )
                % {"kode": kode, "sequence": sequence}
            )
        elif event["hash"] != hash_:
            problems.append(
                _("Municipality %(kode)s: event %(sequence)s no longer has the exported hash.")
                % {"kode": kode, "sequence": sequence}
            )
    return problems
