# SPDX-License-Identifier: MPL-2.0
"""Reading what retention would delete and what it must keep."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, Max, Q, QuerySet
from django.utils.translation import gettext as _

from helhed.citizens.models import HouseholdRelation, Person
from helhed.hearings.models import HearingResponse
from helhed.organisations.models import Municipality
from helhed.retention.models import ArchivalHold, RetentionPeriods
from helhed.retention.periods import periods_for


def active_holds(municipality: Municipality) -> QuerySet[ArchivalHold]:
    return ArchivalHold.objects.filter(municipality=municipality, released_at__isnull=True)


def municipality_is_held(municipality: Municipality) -> bool:
    """A hold without a person keeps every registry record of the municipality."""
    return active_holds(municipality).filter(person__isnull=True).exists()


def held_person_ids(municipality: Municipality) -> set[uuid.UUID]:
    """The persons under an active hold, and the relatives their records point to (a
    held person's household relations must not vanish with a deleted relative)."""
    held = set(
        active_holds(municipality).filter(person__isnull=False).values_list("person_id", flat=True)
    )
    relatives = HouseholdRelation.objects.filter(
        Q(person_id__in=held) | Q(relative_id__in=held)
    ).values_list("person_id", "relative_id")
    for person_id, relative_id in relatives:
        held.update((person_id, relative_id))
    return held


def persons_with_ended_case_before(municipality: Municipality, cutoff: date) -> QuerySet[Person]:
    """Persons whose every case assignment has ended, the last of them before `cutoff`."""
    return (
        Person.objects.filter(municipality=municipality)
        .annotate(
            assignments_count=Count("assignments"),
            open_assignments=Count("assignments", filter=Q(assignments__ended_on__isnull=True)),
            case_ended_on=Max("assignments__ended_on"),
        )
        .filter(assignments_count__gt=0, open_assignments=0, case_ended_on__lt=cutoff)
        .order_by("id")
    )


def hearing_responses_closed_before(
    municipality: Municipality, cutoff: datetime
) -> QuerySet[HearingResponse]:
    """Responses to the municipality's hearings that closed before `cutoff` whose
    respondents' personal data have not yet been erased."""
    return HearingResponse.objects.filter(
        hearing__version__policy__municipality=municipality,
        hearing__closes_at__lt=cutoff,
        personal_data_erased_at__isnull=True,
    )


@dataclass(frozen=True)
class RetentionRule:
    """One record type's rule, as the data protection officer's page shows it."""

    record_type: str
    months: int
    own_period: bool  # the municipality's own period, not the default
    deleted: str
    legal_basis: str


def retention_rules(municipality: Municipality) -> list[RetentionRule]:
    """The rules in force for `municipality`: its own periods where it has set them."""
    periods = periods_for(municipality)
    own = RetentionPeriods.objects.filter(municipality=municipality).first()
    return [
        RetentionRule(
            record_type=_("Audit events and security events"),
            months=periods.audit_event_months,
            own_period=bool(own and own.audit_event_months),
            deleted=_(
                "Audit events (uses of citizens' data) and security events (logins, "
                "refusals) older than the period. The audit chain is cut with a checkpoint, "
                "so what remains still verifies."
            ),
            legal_basis=_(
                "The public sector's data processing clause: logs are kept for 6 months; "
                "Datatilsynet: delete logs when their purpose is served (GDPR art. 5(1)(e))."
            ),
        ),
        RetentionRule(
            record_type=_("A person's registry records"),
            months=periods.ended_record_months,
            own_period=bool(own and own.ended_record_months),
            deleted=_(
                "The person, with facts, case assignments and plans, when every case "
                "assignment has ended and the last ended longer ago than the period; "
                "households left without members. Never while an archival hold applies."
            ),
            legal_basis=_(
                "KLE retention code P1825D: 5 years after the case ended; the archives act "
                "(arkivloven) and Rigsarkivet's rules on preservation override it by "
                "archival holds."
            ),
        ),
        RetentionRule(
            record_type=_("Hearing responses"),
            months=periods.hearing_response_months,
            own_period=bool(own and own.hearing_response_months),
            deleted=_(
                "The respondents' e-mail addresses, private follow links, attachments and "
                "the names of private persons, the period after the hearing closed; the "
                "text, the dispositions and the names of bodies stay with the hearing memo. "
                "Never while an archival hold on the municipality applies."
            ),
            legal_basis=_(
                "GDPR art. 5(1)(e): the contact data serve the hearing and its follow-up; "
                "the responses themselves are part of the case behind the policy's adoption."
            ),
        ),
    ]


def holds_of_municipality(municipality: Municipality) -> QuerySet[ArchivalHold]:
    """Every hold of the municipality, active first, then the latest released."""
    return (
        ArchivalHold.objects.filter(municipality=municipality)
        .select_related("person", "placed_by", "released_by")
        .order_by(F("released_at").desc(nulls_first=True), "-created_at")
    )


def active_hold_by_id(municipality: Municipality, hold_id: uuid.UUID | None) -> ArchivalHold | None:
    if hold_id is None:
        return None
    return active_holds(municipality).filter(pk=hold_id).first()
