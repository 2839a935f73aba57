# SPDX-License-Identifier: MPL-2.0
"""Every rule reads only the facts it declares in rules.READS (ADR 0044): the upkeep after
an import of one kind of fact evaluates only the rules that read it, so a rule that read an
undeclared fact would keep a stale flag. On random persons and days, every fact a rule does
not declare is poisoned (any use fails): the rule must give the same verdict."""

import dataclasses
import operator
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helhed.caseplans.catalogue import InterventionKind, InterventionStatus
from helhed.caseplans.models import Rule
from helhed.caseplans.rules import READS, Facts, Period, PlannedIntervention, evaluate, reading
from helhed.citizens.changes import FACTS
from helhed.citizens.models import ArrivalSource, ProgrammeKind, SpellKind
from helhed.core.tests.poisoned import Poisoned

DAYS = st.dates(min_value=date(2012, 1, 1), max_value=date(2026, 12, 31))
# the fields of Facts that hold each fact of the registry (the person's row is always read)
FIELDS = {
    "arrivals": ("takeover", "source"),
    "spells": ("spells",),
    "programmes": ("programmes",),
    "danish": ("danish_referrals",),
    "interventions": ("interventions",),
    "placements": (),
    "children": (),
}


@st.composite
def _period(draw: st.DrawFn, kinds: list[str]) -> Period:
    starts = draw(DAYS)
    length = draw(st.none() | st.integers(min_value=0, max_value=2500))
    return Period(
        draw(st.sampled_from(kinds)),
        starts,
        None if length is None else starts + timedelta(days=length),
    )


@st.composite
def _planned(draw: st.DrawFn) -> PlannedIntervention:
    starts = draw(DAYS)
    length = draw(st.none() | st.integers(min_value=0, max_value=900))
    return PlannedIntervention(
        draw(st.sampled_from(InterventionKind.values)),
        draw(st.sampled_from(InterventionStatus.values)),
        starts,
        None if length is None else starts + timedelta(days=length),
    )


FACTS_OF_A_PERSON = st.builds(
    Facts,
    birth_date=st.dates(min_value=date(1950, 1, 1), max_value=date(2024, 1, 1)),
    unaccompanied_minor=st.booleans(),
    takeover=st.none() | DAYS,
    source=st.sampled_from(["", *ArrivalSource.values]),
    spells=st.lists(_period(SpellKind.values), max_size=4).map(tuple),
    programmes=st.lists(_period(ProgrammeKind.values), max_size=2).map(tuple),
    danish_referrals=st.lists(DAYS, max_size=2).map(tuple),
    interventions=st.lists(_planned(), max_size=4).map(tuple),
)


def test_every_rule_declares_facts_of_the_registry() -> None:
    assert set(READS) == set(Rule.values)
    for rule, reads in READS.items():
        assert reads < FACTS, rule
    assert set(FIELDS) == FACTS


def test_the_rules_that_read_a_change() -> None:
    assert reading(None) == list(READS)
    assert reading(frozenset({"placements"})) == []
    assert set(reading(frozenset({"spells"}))) == {Rule.COMPANY_OFFER, Rule.PROGRAMME_YEAR}
    assert set(reading(frozenset({"programmes"}))) == {
        Rule.PROGRAMME_YEAR,
        Rule.PROGRAMME_MAXIMUM,
    }


@pytest.mark.parametrize("rule", sorted(READS))
@settings(max_examples=200, deadline=None)
@given(facts=FACTS_OF_A_PERSON, today=DAYS)
def test_a_rule_reads_only_what_it_declares(rule: str, facts: Facts, today: date) -> None:
    expected = evaluate(facts, today, rules=[rule])
    hidden = {f for fact in FACTS - READS[rule] for f in FIELDS[fact]}
    poisoned = dataclasses.replace(facts, **{f: Poisoned(f) for f in hidden})  # type: ignore[arg-type]
    assert evaluate(poisoned, today, rules=[rule]) == expected


def test_facts_not_read_yet_refuse_every_use() -> None:
    """The marker the flags put in place of spells they defer (ADR 0044): a rule that uses
    it raises, and the flags read the spells and ask again; it never passes for empty."""
    from helhed.caseplans.rules import NOT_READ, FactNotReadError

    uses = (list, len, bool, hash, lambda f: Period("job", DAYS_0) in f, lambda f: f[0])
    for use in (
        *uses,
        lambda f: f == (),
        lambda f: operator.concat(f, (1,)),
        lambda f: f.count(None),
    ):
        with pytest.raises(FactNotReadError):
            use(NOT_READ)
    facts = dataclasses.replace(
        Facts(birth_date=date(1990, 1, 1)), spells=NOT_READ, programmes=(Period("x", DAYS_0),)
    )
    with pytest.raises(FactNotReadError):
        evaluate(facts, date(2021, 6, 1), rules=[Rule.PROGRAMME_YEAR])


DAYS_0 = date(2020, 1, 1)
