# SPDX-License-Identifier: MPL-2.0
"""Known answers for each indicator definition on hand-built persons (plain data, no
database). The expected months and counts are worked out by hand in each test."""

import uuid
from datetime import date

from helhed.caseplans.catalogue import InterventionKind as K
from helhed.caseplans.catalogue import InterventionStatus as S
from helhed.citizens.models import ArrivalSource as A
from helhed.citizens.models import SpellKind
from helhed.core.indicator_keys import INDICATOR_KEYS
from helhed.indicators.definitions import DEFINITIONS
from helhed.indicators.definitions.base import (
    ArrivalFact,
    Contribution,
    DanishFact,
    Household,
    PersonFacts,
    PlacementFact,
    PlanItem,
    Span,
    month_of,
)

MUNICIPALITY = uuid.uuid4()


def person(born: date = date(1985, 1, 1), **facts: object) -> PersonFacts:
    return PersonFacts(id=uuid.uuid4(), municipality_id=MUNICIPALITY, birth_date=born, **facts)  # type: ignore[arg-type]


def quota(on: date) -> tuple[ArrivalFact, ...]:
    return (ArrivalFact(on, A.QUOTA_REFUGEE, True),)


def of(key: str, p: PersonFacts, household: Household | None = None) -> list[Contribution]:
    return DEFINITIONS[key].contributions(p, household or Household((p,)))


def at(contributions: list[Contribution], year: int, month: int) -> list[tuple[str, bool]]:
    """(breakdown, in numerator) of every contribution counted in the month."""
    m = year * 12 + month - 1
    return [
        (c.breakdown, c.in_numerator)
        for c in contributions
        if c.first <= m and (c.last is None or m <= c.last)
    ]


def test_every_key_of_the_registry_has_a_definition() -> None:
    assert set(DEFINITIONS) == {k.key for k in INDICATOR_KEYS}


def test_self_support_counts_from_the_month_after_one_year_on_benefit_at_entry() -> None:
    # given a programme from 10 March 2015, on benefit at entry, an ordinary job from June 2016
    p = person(
        programmes=(Span("self_support", date(2015, 3, 10)),),
        spells=(
            Span(SpellKind.BENEFIT, date(2015, 3, 1), date(2016, 5, 31)),
            Span(SpellKind.JOB, date(2016, 6, 1)),
        ),
    )
    found = of("self_support_after_one_year", p)
    # one year is 10 March 2016; 29 February 2016 is not more than a year; 31 March is
    assert at(found, 2016, 2) == []
    assert at(found, 2016, 3) == [("", False)]
    assert at(found, 2016, 5) == [("", False)]
    assert at(found, 2016, 6) == [("", True)]
    assert at(found, 2030, 1) == [("", True)]


def test_self_support_leaves_out_who_was_not_on_benefit_at_entry() -> None:
    p = person(
        programmes=(Span("self_support", date(2015, 3, 10)),),
        spells=(Span(SpellKind.JOB, date(2015, 3, 1)),),
    )
    assert of("self_support_after_one_year", p) == []


def test_self_support_stops_counting_when_the_programme_ends() -> None:
    p = person(
        programmes=(Span("self_support", date(2015, 3, 10), date(2016, 8, 15)),),
        spells=(Span(SpellKind.BENEFIT, date(2015, 3, 1)),),
    )
    found = of("self_support_after_one_year", p)
    assert at(found, 2016, 7) == [("", False)]
    assert at(found, 2016, 8) == []  # 31 August is after the end


def test_company_intervention_counts_by_the_month_of_the_deadline() -> None:
    # taken over 20 January 2015: the 30-day deadline is 19 February 2015
    met = person(
        arrivals=quota(date(2015, 1, 20)),
        interventions=(PlanItem(K.COMPANY_INTERNSHIP, S.ACTIVE, date(2015, 2, 19)),),
    )
    late = person(
        arrivals=quota(date(2015, 1, 20)),
        interventions=(PlanItem(K.WAGE_SUBSIDY, S.ACTIVE, date(2015, 2, 20)),),
    )
    cancelled = person(
        arrivals=quota(date(2015, 1, 20)),
        interventions=(PlanItem(K.IGU, S.CANCELLED, date(2015, 2, 1)),),
    )
    child = person(born=date(2005, 1, 1), arrivals=quota(date(2015, 1, 20)))
    key = "company_intervention_within_one_month"
    counted = [c for p in (met, late, cancelled, child) for c in of(key, p)]
    assert at(counted, 2015, 2) == [("", True), ("", False), ("", False)]
    assert at(counted, 2015, 1) == at(counted, 2015, 3) == []


def test_danish_referral_on_day_thirty_counts_and_on_day_thirty_one_does_not() -> None:
    key = "danish_referral_within_one_month"
    on_time = person(
        arrivals=quota(date(2015, 1, 1)), danish=(DanishFact(date(2015, 1, 31), "", None),)
    )
    late = person(
        arrivals=quota(date(2015, 1, 1)), danish=(DanishFact(date(2015, 2, 1), "", None),)
    )
    course = person(
        arrivals=quota(date(2015, 1, 1)),
        interventions=(
            PlanItem(K.DANISH_COURSE, S.COMPLETED, date(2015, 1, 15), date(2015, 6, 1)),
        ),
    )
    counted = [c for p in (on_time, late, course) for c in of(key, p)]
    assert at(counted, 2015, 1) == [("", True), ("", False), ("", True)]


def test_arrivals_by_source_counts_every_arrival_in_its_month() -> None:
    p = person(
        arrivals=(
            ArrivalFact(date(2015, 3, 5), A.QUOTA_REFUGEE, True),
            ArrivalFact(date(2016, 7, 1), A.MOVED, True),
            ArrivalFact(date(2016, 7, 9), A.LABOUR_MIGRANT, False),
        )
    )
    found = of("arrivals_by_source", p)
    assert at(found, 2015, 3) == [(A.QUOTA_REFUGEE, True)]
    assert sorted(at(found, 2016, 7)) == [(A.LABOUR_MIGRANT, True), (A.MOVED, True)]
    assert at(found, 2015, 4) == []


def test_education_of_arrivals_counts_adults_of_the_target_group() -> None:
    adult = person(education_level="vocational", arrivals=quota(date(2015, 3, 5)))
    child = person(born=date(2010, 1, 1), education_level="none", arrivals=quota(date(2015, 3, 5)))
    worker = person(
        education_level="long_higher",
        arrivals=(ArrivalFact(date(2015, 3, 5), A.LABOUR_MIGRANT, False),),
    )
    key = "education_level_of_arrivals"
    counted = [c for p in (adult, child, worker) for c in of(key, p)]
    assert at(counted, 2015, 3) == [("vocational", True)]


def test_permanent_placements_by_locality_split_adults_and_children() -> None:
    adult = person(
        placements=(
            PlacementFact("Gedved", True, date(2015, 6, 1)),
            PlacementFact("Horsens by", False, date(2015, 4, 1)),
        )
    )
    child = person(
        born=date(2010, 1, 1), placements=(PlacementFact("Gedved", True, date(2015, 6, 2)),)
    )
    key = "permanent_placements_by_locality"
    counted = [c for p in (adult, child) for c in of(key, p)]
    assert sorted(at(counted, 2015, 6)) == [("Gedved|adults", True), ("Gedved|children", True)]
    assert at(counted, 2015, 4) == []  # temporary


def test_mm13_counts_refugees_18_to_66_by_years_of_residence_and_job_in_the_month() -> None:
    p = person(
        born=date(1990, 6, 15),
        arrivals=(ArrivalFact(date(2015, 1, 10), A.ASYLUM, True),),
        spells=(Span(SpellKind.JOB, date(2016, 2, 20), date(2016, 2, 25)),),
    )
    key = "mm13_unsubsidised_employment"
    found = of(key, p)
    assert at(found, 2014, 12) == []
    assert at(found, 2015, 1) == [("0", False)]
    assert at(found, 2015, 12) == [("0", False)]
    assert at(found, 2016, 1) == [("1", False)]  # a year on 10 January 2016
    assert at(found, 2016, 2) == [("1", True)]  # a job on some day of the month
    assert at(found, 2016, 3) == [("1", False)]
    assert at(found, 2020, 1) == [("5+", False)]


def test_mm13_leaves_out_the_over_66_and_other_family_reunification() -> None:
    old = person(
        born=date(1950, 3, 5), arrivals=(ArrivalFact(date(2015, 1, 10), A.QUOTA_REFUGEE, True),)
    )
    found = of("mm13_unsubsidised_employment", old)
    assert at(found, 2017, 2) == [("2", False)]  # 66 until 4 March 2017
    assert at(found, 2017, 3) == []
    other = person(arrivals=(ArrivalFact(date(2015, 1, 10), A.FAMILY_REUNIFIED_OTHER, True),))
    assert of("mm13_unsubsidised_employment", other) == []


def test_children_in_daycare_from_first_to_sixth_birthday() -> None:
    child = person(
        born=date(2014, 5, 10),
        arrivals=quota(date(2015, 1, 1)),
        interventions=(PlanItem(K.DAYCARE, S.ACTIVE, date(2016, 8, 1)),),
    )
    found = of("children_in_daycare", child)
    assert at(found, 2015, 4) == []
    assert at(found, 2015, 5) == [("", False)]
    assert at(found, 2016, 7) == [("", False)]
    assert at(found, 2016, 8) == [("", True)]
    assert at(found, 2020, 4) == [("", True)]
    assert at(found, 2020, 5) == []


def test_danish_test_within_one_three_and_five_years() -> None:
    p = person(
        danish=(
            DanishFact(date(2015, 2, 1), "", None),
            DanishFact(date(2015, 9, 1), "pd2", date(2017, 6, 1)),
        )
    )
    found = of("danish_test_passed", p)
    assert at(found, 2016, 2) == [("1", False)]
    assert at(found, 2018, 2) == [("3", True)]
    assert at(found, 2020, 2) == [("5", True)]
    assert len(found) == 3


def test_whole_family_is_carried_by_one_member() -> None:
    a = person(interventions=(PlanItem(K.JOB_SEARCH, S.ACTIVE, date(2015, 3, 1)),))
    b = person(interventions=(PlanItem(K.DANISH_COURSE, S.ACTIVE, date(2015, 6, 1)),))
    household = Household((a, b))
    key = "whole_family_plan_coverage"
    counted = [c for p in (a, b) for c in of(key, p, household)]
    assert at(counted, 2015, 2) == []
    assert at(counted, 2015, 3) == [("", False)]  # one household, not two
    assert at(counted, 2015, 6) == [("", True)]
    assert of(key, a, Household((a,))) == []  # a household of one is not a family


def test_volunteer_counts_household_interventions_within_five_years() -> None:
    p = person(
        arrivals=quota(date(2015, 1, 1)),
        interventions=(
            PlanItem(K.FRIENDSHIP_FAMILY, S.COMPLETED, date(2015, 4, 15), date(2015, 9, 30)),
        ),
    )
    found = of("volunteer_mentor_or_friendship_family", p)
    assert at(found, 2015, 3) == [("", False)]
    assert at(found, 2015, 4) == [("", True)]
    assert at(found, 2015, 9) == [("", True)]
    assert at(found, 2015, 10) == [("", False)]
    assert at(found, 2019, 12) == [("", False)]
    assert at(found, 2020, 1) == []  # five years after 1 January 2015
    assert of("leisure_association_participation", p) != []


def test_parental_involvement_counts_parents_of_children_in_daycare_or_school() -> None:
    child = person(
        born=date(2012, 1, 1), interventions=(PlanItem(K.SCHOOL, S.ACTIVE, date(2015, 8, 1)),)
    )
    parent = person(
        children=frozenset({child.id}),
        interventions=(PlanItem(K.PARENT_MEETINGS, S.ACTIVE, date(2015, 10, 1)),),
    )
    found = of("parental_involvement", parent, Household((parent, child)))
    assert at(found, 2015, 7) == []
    assert at(found, 2015, 8) == [("", False)]
    assert at(found, 2015, 10) == [("", True)]
    assert of("parental_involvement", parent, Household((parent,))) == []


def test_days_to_first_job_measured_from_the_takeover() -> None:
    p = person(
        arrivals=quota(date(2015, 1, 1)),
        spells=(
            Span(SpellKind.JOB, date(2014, 6, 1), date(2014, 7, 1)),
            Span(SpellKind.JOB, date(2015, 4, 11)),
        ),
    )
    (found,) = of("median_days_to_first_job", p)
    assert (found.first, found.measure) == (month_of(date(2015, 4, 1)), 100)
