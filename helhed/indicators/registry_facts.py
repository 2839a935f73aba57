# SPDX-License-Identifier: MPL-2.0
"""Reading the registry's and the plan's facts of some persons as plain data, in a fixed
number of queries whatever their number (read only: the indicators never write there)."""

import uuid
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Q

from helhed.caseplans.models import Intervention
from helhed.citizens.models import (
    Arrival,
    DanishEducation,
    HouseholdRelation,
    HousingPlacement,
    Person,
    ProgrammeEnrolment,
    RelationKind,
    StatusSpell,
)
from helhed.indicators.definitions.base import (
    ArrivalFact,
    DanishFact,
    PersonFacts,
    PlacementFact,
    PlanItem,
    Span,
)


def _spans(
    model: type[StatusSpell] | type[ProgrammeEnrolment], ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Span]]:
    found: dict[uuid.UUID, list[Span]] = defaultdict(list)
    for person_id, kind, starts_on, ends_on in model.objects.filter(person_id__in=ids).values_list(
        "person_id", "kind", "starts_on", "ends_on"
    ):
        found[person_id].append(Span(kind, starts_on, ends_on))
    return found


def person_facts(person_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, PersonFacts]:
    """The facts of each of these persons that still exist."""
    ids = list(person_ids)
    rows = list(
        Person.objects.filter(pk__in=ids).values_list(
            "id", "municipality_id", "birth_date", "household_id", "education_level"
        )
    )
    arrivals: dict[uuid.UUID, list[ArrivalFact]] = defaultdict(list)
    for person_id, arrived_on, source, in_target_group in Arrival.objects.filter(
        person_id__in=ids
    ).values_list("person_id", "arrived_on", "source", "in_target_group"):
        arrivals[person_id].append(ArrivalFact(arrived_on, source, in_target_group))
    spells = _spans(StatusSpell, ids)
    programmes = _spans(ProgrammeEnrolment, ids)
    danish: dict[uuid.UUID, list[DanishFact]] = defaultdict(list)
    for person_id, referred_on, test, passed_on in DanishEducation.objects.filter(
        person_id__in=ids
    ).values_list("person_id", "referred_on", "test", "test_passed_on"):
        danish[person_id].append(DanishFact(referred_on, test, passed_on))
    placements: dict[uuid.UUID, list[PlacementFact]] = defaultdict(list)
    for person_id, locality, permanent, placed_on in HousingPlacement.objects.filter(
        person_id__in=ids
    ).values_list("person_id", "locality__name", "permanent", "placed_on"):
        placements[person_id].append(PlacementFact(locality, permanent, placed_on))
    household_ids = {row[3] for row in rows if row[3] is not None}
    own: dict[uuid.UUID, list[PlanItem]] = defaultdict(list)
    shared: dict[uuid.UUID, list[PlanItem]] = defaultdict(list)
    for person_id, household_id, kind, status, starts_on, ends_on in Intervention.objects.filter(
        Q(person_id__in=ids) | Q(household_id__in=household_ids)
    ).values_list("person_id", "household_id", "kind", "status", "starts_on", "ends_on"):
        item = PlanItem(kind, status, starts_on, ends_on)
        if person_id is not None:
            own[person_id].append(item)
        else:
            shared[household_id].append(item)
    children: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for parent_id, child_id in HouseholdRelation.objects.filter(
        person_id__in=ids, kind=RelationKind.PARENT
    ).values_list("person_id", "relative_id"):
        children[parent_id].add(child_id)
    return {
        person_id: PersonFacts(
            id=person_id,
            municipality_id=municipality_id,
            birth_date=birth_date,
            household_id=household_id,
            education_level=education_level,
            arrivals=tuple(arrivals[person_id]),
            spells=tuple(spells[person_id]),
            programmes=tuple(programmes[person_id]),
            danish=tuple(danish[person_id]),
            placements=tuple(placements[person_id]),
            interventions=tuple(own[person_id] + (shared[household_id] if household_id else [])),
            children=frozenset(children[person_id]),
        )
        for person_id, municipality_id, birth_date, household_id, education_level in rows
    }


def with_household_members(person_ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    """The persons and everyone sharing a household with them: a household's indicators
    (and a household intervention) concern every member."""
    households = (
        Person.objects.filter(pk__in=person_ids, household__isnull=False)
        .order_by()
        .values("household_id")
    )
    members = (
        Person.objects.filter(household_id__in=households).order_by().values_list("id", flat=True)
    )
    return list(dict.fromkeys([*person_ids, *members]))
