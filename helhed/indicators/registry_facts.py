# SPDX-License-Identifier: MPL-2.0
"""Reading the registry's and the plan's facts of some persons as plain data, in a fixed
number of queries whatever their number (read only: the indicators never write there)."""

import uuid
from collections import defaultdict
from collections.abc import Sequence

from helhed.caseplans.models import INTERVENTION_FACT_COLUMNS, Intervention
from helhed.citizens.changes import FACTS
from helhed.citizens.models import (
    Arrival,
    DanishEducation,
    HouseholdRelation,
    HousingPlacement,
    Locality,
    Person,
    ProgrammeEnrolment,
    RelationKind,
    StatusSpell,
)
from helhed.citizens.shared_reads import (
    ARRIVAL_COLUMNS,
    DANISH_COLUMNS,
    PERSON_COLUMNS,
    period_rows,
    shared_rows,
)
from helhed.core.plain_reads import rows_by
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
    for person_id, kind, starts_on, ends_on in period_rows(model, ids):
        found[person_id].append(Span(kind, starts_on, ends_on))
    return found


def person_facts(
    person_ids: Sequence[uuid.UUID], reads: frozenset[str] = FACTS
) -> dict[uuid.UUID, PersonFacts]:
    """The facts of each of these persons that still exist; of the facts beyond their own
    rows only those in `reads` (the others are left empty: the caller's definitions do not
    read them, ADR 0044)."""
    ids = list(person_ids)
    # the same reads as the rule flags' (shared_reads.py), read once in a shared block
    rows = [row[:5] for row in shared_rows(Person, PERSON_COLUMNS, by="id", values=ids)]
    arrivals: dict[uuid.UUID, list[ArrivalFact]] = defaultdict(list)
    if "arrivals" in reads:
        for person_id, arrived_on, source, in_target_group in shared_rows(
            Arrival, ARRIVAL_COLUMNS, by="person", values=ids
        ):
            arrivals[person_id].append(ArrivalFact(arrived_on, source, in_target_group))
    spells = _spans(StatusSpell, ids) if "spells" in reads else defaultdict(list)
    programmes = _spans(ProgrammeEnrolment, ids) if "programmes" in reads else defaultdict(list)
    danish: dict[uuid.UUID, list[DanishFact]] = defaultdict(list)
    if "danish" in reads:
        for person_id, referred_on, test, passed_on in shared_rows(
            DanishEducation, DANISH_COLUMNS, by="person", values=ids
        ):
            danish[person_id].append(DanishFact(referred_on, test, passed_on))
    placements: dict[uuid.UUID, list[PlacementFact]] = defaultdict(list)
    if "placements" in reads:
        placement_columns = ("person", "locality", "permanent", "placed_on")
        placed = list(rows_by(HousingPlacement, placement_columns, by="person", values=ids))
        localities = {row[1] for row in placed}
        names = dict(rows_by(Locality, ("id", "name"), by="id", values=localities))
        for person_id, locality_id, permanent, placed_on in placed:
            placements[person_id].append(PlacementFact(names[locality_id], permanent, placed_on))
    household_ids = {row[3] for row in rows if row[3] is not None}
    own: dict[uuid.UUID, list[PlanItem]] = defaultdict(list)
    shared: dict[uuid.UUID, list[PlanItem]] = defaultdict(list)
    if "interventions" in reads:
        interventions = {
            row[0]: row[1:]
            for by, values in (("person", ids), ("household", household_ids))
            for row in shared_rows(Intervention, INTERVENTION_FACT_COLUMNS, by=by, values=values)
        }
        for person_id, household_id, kind, status, starts_on, ends_on in interventions.values():
            item = PlanItem(kind, status, starts_on, ends_on)
            if person_id is not None:
                own[person_id].append(item)
            else:
                shared[household_id].append(item)
    children: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    if "children" in reads:
        for parent_id, child_id, kind in rows_by(
            HouseholdRelation, ("person", "relative", "kind"), by="person", values=ids
        ):
            if kind == RelationKind.PARENT:
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
    households = {
        row[3]
        for row in shared_rows(Person, PERSON_COLUMNS, by="id", values=person_ids)
        if row[3] is not None
    }
    members = [pk for (pk,) in rows_by(Person, ("id",), by="household", values=households)]
    return list(dict.fromkeys([*person_ids, *sorted(members)]))
