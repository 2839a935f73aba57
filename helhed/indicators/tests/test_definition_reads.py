# SPDX-License-Identifier: MPL-2.0
"""Every definition reads only the facts it declares (ADR 0044). The upkeep after an
import of one kind of fact recomputes only the definitions that read it, so a definition
that read an undeclared fact would keep a stale number. On random persons and households,
every fact a definition does not declare is poisoned (any use fails) for every member: the
definition must give the same contributions as with the real facts."""

import dataclasses
import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helhed.caseplans.catalogue import InterventionKind, InterventionStatus
from helhed.citizens.changes import FACTS
from helhed.citizens.models import (
    ArrivalSource,
    DanishTestKind,
    EducationLevel,
    ProgrammeKind,
    SpellKind,
)
from helhed.core.tests.poisoned import Poisoned, PoisonedFactError
from helhed.indicators.definitions import DEFINITIONS
from helhed.indicators.definitions.base import (
    ArrivalFact,
    DanishFact,
    Household,
    PersonFacts,
    PlacementFact,
    PlanItem,
    Span,
)

MUNICIPALITY = uuid.uuid4()
DAYS = st.dates(min_value=date(2012, 1, 1), max_value=date(2026, 12, 31))


@st.composite
def _span(draw: st.DrawFn, kinds: list[str]) -> Span:
    starts = draw(DAYS)
    length = draw(st.none() | st.integers(min_value=0, max_value=2000))
    ends = None if length is None else starts + timedelta(days=length)
    return Span(draw(st.sampled_from(kinds)), starts, ends)


@st.composite
def _plan_item(draw: st.DrawFn) -> PlanItem:
    starts = draw(DAYS)
    length = draw(st.none() | st.integers(min_value=0, max_value=900))
    ends = None if length is None else starts + timedelta(days=length)
    kind = draw(st.sampled_from(InterventionKind.values))
    return PlanItem(kind, draw(st.sampled_from(InterventionStatus.values)), starts, ends)


FACT_STRATEGIES: dict[str, st.SearchStrategy[list[Any]]] = {
    "arrivals": st.lists(
        st.builds(ArrivalFact, DAYS, st.sampled_from(ArrivalSource.values), st.booleans()),
        max_size=2,
    ),
    "spells": st.lists(_span(SpellKind.values), max_size=4),
    "programmes": st.lists(_span(ProgrammeKind.values), max_size=2),
    "danish": st.lists(
        st.builds(
            DanishFact,
            DAYS,
            st.sampled_from(["", *DanishTestKind.values]),
            st.none() | DAYS,
        ),
        max_size=2,
    ),
    "placements": st.lists(
        st.builds(PlacementFact, st.sampled_from(["Gedved", "Lund"]), st.booleans(), DAYS),
        max_size=2,
    ),
    "interventions": st.lists(_plan_item(), max_size=4),
}


@st.composite
def households(draw: st.DrawFn) -> tuple[PersonFacts, Household]:
    household_id = uuid.uuid4()
    size = draw(st.integers(min_value=1, max_value=3))
    ids = [uuid.uuid4() for _ in range(size)]
    members = []
    for member_id in ids:
        facts: dict[str, Any] = {
            name: tuple(draw(strategy)) for name, strategy in FACT_STRATEGIES.items()
        }
        others = [other for other in ids if other != member_id]
        children = (
            frozenset(draw(st.lists(st.sampled_from(others), max_size=2)))
            if others
            else frozenset()
        )
        members.append(
            PersonFacts(
                id=member_id,
                municipality_id=MUNICIPALITY,
                birth_date=draw(st.dates(min_value=date(1950, 1, 1), max_value=date(2025, 6, 1))),
                household_id=household_id if size > 1 else None,
                education_level=draw(st.sampled_from(EducationLevel.values)),
                children=children,
                **facts,
            )
        )
    person = members[draw(st.integers(min_value=0, max_value=size - 1))]
    return person, Household(tuple(members))


def _poisoned(member: PersonFacts, reads: frozenset[str]) -> PersonFacts:
    return dataclasses.replace(member, **{name: Poisoned(name) for name in FACTS - reads})  # type: ignore[arg-type]


def test_every_definition_declares_facts_of_the_registry() -> None:
    for definition in DEFINITIONS.values():
        assert definition.reads <= FACTS, definition.key
        assert definition.reads != FACTS, f"{definition.key} declares no narrower reads"


def test_the_poison_fails_on_use() -> None:
    poison = Poisoned("spells")
    with pytest.raises(PoisonedFactError, match="spells"):
        list(poison)
    with pytest.raises(PoisonedFactError):
        bool(poison)
    with pytest.raises(PoisonedFactError):
        poison.anything  # noqa: B018


@pytest.mark.parametrize("key", sorted(DEFINITIONS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=households())
def test_a_definition_reads_only_what_it_declares(
    key: str, case: tuple[PersonFacts, Household]
) -> None:
    person, household = case
    definition = DEFINITIONS[key]
    expected = definition.contributions(person, household)
    members = tuple(_poisoned(m, definition.reads) for m in household.members)
    poisoned_person = next(m for m in members if m.id == person.id)
    assert definition.contributions(poisoned_person, Household(members)) == expected
