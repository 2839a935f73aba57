# SPDX-License-Identifier: MPL-2.0
"""Reading what retention would delete and what it must keep."""

import uuid
from datetime import date, datetime

from django.db.models import Count, Max, Q, QuerySet

from helhed.citizens.models import HouseholdRelation, Person
from helhed.hearings.models import HearingResponse
from helhed.organisations.models import Municipality
from helhed.retention.models import ArchivalHold


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
