# SPDX-License-Identifier: MPL-2.0
"""Retention's writes: the deletion job, and placing and releasing archival holds.

The job deletes, per municipality and in one transaction, the audit events past their
period and the persons whose case ended longer ago than the records' period, with their
facts and plans (cascade), and the households left without members; it erases the
personal data of hearing respondents once the hearing closed longer ago than their
period (helhed/hearings/services/erasure.py). A person under an
archival hold, or every person of a municipality held as a whole, is kept. A dry run
counts the same things and deletes nothing. Each run is recorded (RetentionRun).
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.audit.models import Action, AuditEvent, SecurityEvent
from helhed.audit.services import audit_chain_checkpoint, audit_chain_lock, audit_record
from helhed.citizens.changes import municipalities_lost_rows, persons_changed
from helhed.citizens.models import Household, Person
from helhed.hearings.models import READS, HearingLogEntry
from helhed.hearings.services import responses_erase_personal_data
from helhed.organisations.models import Municipality, Role, User
from helhed.retention.models import ArchivalHold, RetentionRun
from helhed.retention.periods import months_before, periods_for
from helhed.retention.selectors import (
    hearing_responses_closed_before,
    held_person_ids,
    municipality_is_held,
    persons_with_ended_case_before,
)


def delete_audit_events_before(
    *, municipality: Municipality, cutoff: datetime, dry_run: bool = False
) -> int:
    """The one way audit events are deleted: those of `municipality` that occurred before
    `cutoff`. Returns how many (would be) deleted.

    Only a prefix of the municipality's hash chain is cut: the events up to the last one
    before `cutoff` in chain order, after a checkpoint that records where the cut ends, so
    that `audit_verify` still verifies what remains (helhed/audit/services.py)."""
    last = (
        AuditEvent.objects.filter(municipality=municipality, occurred_at__lt=cutoff)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    if last is None:
        return 0
    events = AuditEvent.objects.filter(municipality=municipality, sequence__lte=last)
    if dry_run:
        return events.count()
    with transaction.atomic():
        audit_chain_checkpoint(municipality_id=municipality.pk, through_sequence=last)
        deleted, _ = events.delete()
    return deleted


@dataclass(frozen=True)
class RetentionOutcome:
    municipality: Municipality
    dry_run: bool
    audit_cutoff: datetime
    record_cutoff: date
    audit_events: int
    persons: int
    households: int
    persons_held: int
    hearing_cutoff: datetime | None = None
    hearing_responses: int = 0
    hearing_responses_held: int = 0


def _delete_persons(person_ids: list[uuid.UUID]) -> int:
    """Delete the persons (their facts and plans cascade) and the households that are
    left without members; returns the households deleted."""
    households = set(
        Person.objects.filter(pk__in=person_ids)
        .exclude(household__isnull=True)
        .values_list("household_id", flat=True)
    )
    # a released hold goes with its person's records (an active one is never reached here)
    ArchivalHold.objects.filter(person_id__in=person_ids, released_at__isnull=False).delete()
    staying = list(
        Person.objects.filter(household_id__in=households)
        .exclude(pk__in=person_ids)
        .values_list("pk", flat=True)
    )
    Person.objects.filter(pk__in=person_ids).delete()
    # what is built on the registry forgets them (the indicators drop their contributions)
    persons_changed([*person_ids, *staying])
    emptied = (
        Household.objects.filter(pk__in=households).annotate(left=Count("members")).filter(left=0)
    )
    deleted = emptied.count()
    Household.objects.filter(pk__in=list(emptied.values_list("pk", flat=True))).delete()
    return deleted


def retention_run_municipality(
    *, municipality: Municipality, today: date, dry_run: bool
) -> RetentionOutcome:
    periods = periods_for(municipality)
    audit_cutoff = periods.audit_cutoff(today)
    record_cutoff = periods.record_cutoff(today)
    hearing_cutoff = periods.hearing_cutoff(today)
    with transaction.atomic():
        if not dry_run:
            # the locks in the order of every audited write: the chain's head first
            audit_chain_lock(municipality_id=municipality.pk)
        due = list(
            persons_with_ended_case_before(municipality, record_cutoff).values_list("id", flat=True)
        )
        held = set(due) if municipality_is_held(municipality) else held_person_ids(municipality)
        deletable = [person_id for person_id in due if person_id not in held]
        households = 0 if dry_run else _delete_persons(deletable)
        if deletable and not dry_run:
            # their interventions went with them, read by the report pages (ADR 0053)
            municipalities_lost_rows([municipality.pk])
        # respondents are not registry persons: only a hold of the whole municipality
        # keeps their personal data
        responses = hearing_responses_closed_before(municipality, hearing_cutoff)
        responses_due = responses.count()
        responses_held = responses_due if municipality_is_held(municipality) else 0
        if not dry_run and not responses_held:
            responses_erase_personal_data(responses=responses)
        events = delete_audit_events_before(
            municipality=municipality, cutoff=audit_cutoff, dry_run=dry_run
        )
        if not dry_run:
            # logins and refusals keep the audit events' period (ADR 0023)
            SecurityEvent.objects.filter(
                municipality=municipality, occurred_at__lt=audit_cutoff
            ).delete()
            # the hearings' log of staff reads keeps the audit events' period; its log of
            # changes (moderation, dispositions) stays with the hearing
            HearingLogEntry.objects.filter(
                municipality=municipality, action__in=READS, occurred_at__lt=audit_cutoff
            ).delete()
        outcome = RetentionOutcome(
            municipality=municipality,
            dry_run=dry_run,
            audit_cutoff=audit_cutoff,
            record_cutoff=record_cutoff,
            audit_events=events,
            persons=len(deletable),
            households=households,
            persons_held=len(due) - len(deletable),
            hearing_cutoff=hearing_cutoff,
            hearing_responses=responses_due - responses_held,
            hearing_responses_held=responses_held,
        )
        run = RetentionRun(
            municipality=municipality,
            dry_run=dry_run,
            audit_cutoff=audit_cutoff,
            record_cutoff=record_cutoff,
            audit_events=outcome.audit_events,
            persons=outcome.persons,
            households=outcome.households,
            persons_held=outcome.persons_held,
            hearing_cutoff=hearing_cutoff,
            hearing_responses=outcome.hearing_responses,
            hearing_responses_held=outcome.hearing_responses_held,
        )
        run.full_clean()
        run.save()
    return outcome


def retention_run(
    *, today: date | None = None, dry_run: bool = False, kommunekoder: list[str] | None = None
) -> list[RetentionOutcome]:
    """Run the deletion job for every municipality (or those named)."""
    day = today or timezone.localdate()
    municipalities = Municipality.objects.order_by("kommunekode")
    if kommunekoder:
        municipalities = municipalities.filter(kommunekode__in=kommunekoder)
    outcomes = [
        retention_run_municipality(municipality=m, today=day, dry_run=dry_run)
        for m in municipalities
    ]
    if not dry_run and not kommunekoder:
        # failed logins of unknown usernames belong to no municipality: the default period
        default = months_before(day, int(settings.HELHED_RETENTION_AUDIT_EVENT_MONTHS))
        cutoff = timezone.make_aware(datetime.combine(default, time.min))
        SecurityEvent.objects.filter(municipality=None, occurred_at__lt=cutoff).delete()
    return outcomes


def _ensure_keeper(actor: User, municipality: Municipality) -> None:
    """The municipality's administrator or data protection officer (ADR 0037)."""
    if actor.municipality_id != municipality.pk or not actor.has_role(
        Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER
    ):
        raise PermissionDenied


@transaction.atomic
def archival_hold_place(
    *, actor: User, municipality: Municipality, reason: str, person: Person | None = None
) -> ArchivalHold:
    """Hold `person`'s records (or, without a person, the municipality's whole registry)
    from deletion. Only the municipality's administrator or data protection officer may.
    One audit event (a change, about the person if any) with the reason."""
    _ensure_keeper(actor, municipality)
    if person is not None and person.municipality_id != municipality.pk:
        raise PermissionDenied
    hold = ArchivalHold(
        municipality=municipality, person=person, reason=reason.strip(), placed_by=actor
    )
    hold.full_clean()
    hold.save()
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        person_id=person.pk if person is not None else None,
        search_criterion="" if person is not None else _("The whole registry"),
        purpose=_("Archival hold placed: %(reason)s") % {"reason": hold.reason},
    )
    return hold


@transaction.atomic
def archival_hold_release(*, actor: User, hold: ArchivalHold, reason: str = "") -> ArchivalHold:
    """Lift the hold; one audit event with the reason given."""
    _ensure_keeper(actor, hold.municipality)
    if hold.released_at is not None:
        raise ValidationError(_("This archival hold has already been released."))
    hold.released_at = timezone.now()
    hold.released_by = actor
    hold.full_clean()
    hold.save(update_fields=["released_at", "released_by", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        person_id=hold.person_id,
        search_criterion="" if hold.person_id is not None else _("The whole registry"),
        purpose=_("Archival hold lifted: %(reason)s")
        % {"reason": reason.strip() or _("no reason given")},
    )
    return hold
