# SPDX-License-Identifier: MPL-2.0
"""The rule functions over plain facts: when each applies, what meets it, its deadline,
and its boundaries. No database, no web layer."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helhed.caseplans.catalogue import (
    COMPANY_BASED,
    SCHOOL_OR_DAYCARE,
    InterventionKind,
    InterventionStatus,
)
from helhed.caseplans.models import Resolution, Rule
from helhed.caseplans.rules import (
    ONE_MONTH_DAYS,
    RULE_SOURCES,
    Due,
    Facts,
    Period,
    PlannedIntervention,
    company_offer,
    danish_referral,
    evaluate,
    minor_school,
    programme_maximum,
    programme_year,
)
from helhed.citizens.models import ArrivalSource, ProgrammeKind, SpellKind

TAKEOVER = date(2024, 3, 1)
DEADLINE = date(2024, 3, 31)
ADULT = date(1985, 6, 15)

PROGRAMME_SOURCES = [
    ArrivalSource.QUOTA_REFUGEE,
    ArrivalSource.ASYLUM,
    ArrivalSource.FAMILY_REUNIFIED_REFUGEE,
    ArrivalSource.FAMILY_REUNIFIED_OTHER,
]
OTHER_SOURCES = [s for s in ArrivalSource.values if s not in PROGRAMME_SOURCES]
NOT_COMPANY_BASED = [k for k in InterventionKind.values if k not in COMPANY_BASED]
NOT_SCHOOL_OR_DAYCARE = [k for k in InterventionKind.values if k not in SCHOOL_OR_DAYCARE]


def facts(**overrides: object) -> Facts:
    """An adult quota refugee taken over on 1 March 2024, with nothing else registered."""
    fields: dict[str, object] = {
        "birth_date": ADULT,
        "takeover": TAKEOVER,
        "source": ArrivalSource.QUOTA_REFUGEE,
    }
    fields.update(overrides)
    return Facts(**fields)  # type: ignore[arg-type]


def started(
    kind: str, starts_on: date = TAKEOVER, status: str = InterventionStatus.ACTIVE
) -> PlannedIntervention:
    return PlannedIntervention(kind=kind, status=status, starts_on=starts_on)


def job(starts_on: date, ends_on: date | None = None) -> Period:
    return Period(SpellKind.JOB, starts_on, ends_on)


def benefit(starts_on: date, ends_on: date | None = None) -> Period:
    return Period(SpellKind.BENEFIT, starts_on, ends_on)


# --- company_offer ---------------------------------------------------------------------------


@pytest.mark.parametrize("source", PROGRAMME_SOURCES)
def test_company_offer_is_due_one_month_after_takeover_for_an_adult_of_a_programme_source(
    source: str,
) -> None:
    # given an adult taken over as a refugee or family-reunified, with no intervention
    # when the rule is evaluated three weeks later
    verdict = company_offer(facts(source=source), date(2024, 3, 22))

    # then a flag runs from the takeover to 30 days after
    assert verdict == Due(opened_on=TAKEOVER, due_on=TAKEOVER + timedelta(days=ONE_MONTH_DAYS))
    assert verdict == Due(TAKEOVER, DEADLINE)


@pytest.mark.parametrize("source", OTHER_SOURCES)
def test_company_offer_does_not_apply_to_other_sources(source: str) -> None:
    assert company_offer(facts(source=source), date(2024, 3, 22)) == Resolution.NO_LONGER_APPLIES


def test_company_offer_does_not_apply_without_a_takeover() -> None:
    assert company_offer(facts(takeover=None, source=""), TAKEOVER) == Resolution.NO_LONGER_APPLIES


@pytest.mark.parametrize(
    ("birth_date", "expected_due"),
    [
        (date(2006, 3, 1), True),  # 18 on the day of the takeover
        (date(2006, 3, 2), False),  # 18 the day after
    ],
)
def test_company_offer_applies_from_the_18th_birthday_on_the_takeover_day(
    birth_date: date, expected_due: bool
) -> None:
    verdict = company_offer(facts(birth_date=birth_date), date(2024, 3, 10))

    assert isinstance(verdict, Due) is expected_due
    if not expected_due:
        assert verdict == Resolution.NO_LONGER_APPLIES


def test_a_minor_at_takeover_gets_no_company_offer_flag_even_after_turning_18() -> None:
    # given a person 17 at the takeover who turns 18 a month later
    young = facts(birth_date=date(2006, 4, 1))

    # then the rule does not apply, before or after the birthday
    assert company_offer(young, date(2024, 3, 10)) == Resolution.NO_LONGER_APPLIES
    assert company_offer(young, date(2024, 4, 10)) == Resolution.NO_LONGER_APPLIES


def test_company_offer_does_not_apply_before_the_takeover() -> None:
    assert company_offer(facts(), TAKEOVER - timedelta(days=1)) == Resolution.NO_LONGER_APPLIES
    assert isinstance(company_offer(facts(), TAKEOVER), Due)


def test_company_offer_is_watched_for_five_years_after_the_takeover() -> None:
    # given the last day before the fifth anniversary and the anniversary itself
    assert company_offer(facts(), date(2029, 2, 28)) == Due(TAKEOVER, DEADLINE)

    assert company_offer(facts(), date(2029, 3, 1)) == Resolution.NO_LONGER_APPLIES


def test_company_offer_window_from_29_february_ends_on_28_february() -> None:
    leap = facts(takeover=date(2024, 2, 29))

    assert isinstance(company_offer(leap, date(2029, 2, 27)), Due)
    assert company_offer(leap, date(2029, 2, 28)) == Resolution.NO_LONGER_APPLIES


@pytest.mark.parametrize("kind", sorted(COMPANY_BASED))
@pytest.mark.parametrize("status", [InterventionStatus.ACTIVE, InterventionStatus.COMPLETED])
def test_a_started_company_based_intervention_meets_company_offer(kind: str, status: str) -> None:
    person = facts(interventions=(started(kind, date(2024, 3, 20), status),))

    assert company_offer(person, date(2024, 4, 15)) == Resolution.INTERVENTION_STARTED


def test_a_company_based_intervention_started_on_the_takeover_day_meets_company_offer() -> None:
    person = facts(interventions=(started(InterventionKind.COMPANY_INTERNSHIP, TAKEOVER),))

    assert company_offer(person, TAKEOVER) == Resolution.INTERVENTION_STARTED


def test_a_company_based_intervention_before_the_takeover_does_not_meet_company_offer() -> None:
    # given an internship under an earlier takeover, the day before this one
    person = facts(
        interventions=(started(InterventionKind.COMPANY_INTERNSHIP, TAKEOVER - timedelta(days=1)),)
    )

    assert company_offer(person, date(2024, 3, 10)) == Due(TAKEOVER, DEADLINE)


@pytest.mark.parametrize("status", [InterventionStatus.PLANNED, InterventionStatus.CANCELLED])
def test_a_planned_or_cancelled_company_based_intervention_does_not_meet_company_offer(
    status: str,
) -> None:
    person = facts(
        interventions=(started(InterventionKind.WAGE_SUBSIDY, date(2024, 3, 5), status),)
    )

    assert company_offer(person, date(2024, 3, 10)) == Due(TAKEOVER, DEADLINE)


def test_a_company_based_intervention_starting_after_today_does_not_meet_company_offer() -> None:
    person = facts(interventions=(started(InterventionKind.IGU, date(2024, 3, 11)),))

    assert company_offer(person, date(2024, 3, 10)) == Due(TAKEOVER, DEADLINE)
    assert company_offer(person, date(2024, 3, 11)) == Resolution.INTERVENTION_STARTED


@pytest.mark.parametrize("kind", NOT_COMPANY_BASED)
def test_an_intervention_that_is_not_company_based_does_not_meet_company_offer(kind: str) -> None:
    person = facts(interventions=(started(kind, date(2024, 3, 5)),))

    assert company_offer(person, date(2024, 3, 10)) == Due(TAKEOVER, DEADLINE)


def test_being_self_supporting_resolves_company_offer() -> None:
    person = facts(spells=(job(date(2024, 3, 10)),))

    assert company_offer(person, date(2024, 3, 9)) == Due(TAKEOVER, DEADLINE)
    assert company_offer(person, date(2024, 3, 10)) == Resolution.SELF_SUPPORTING


def test_a_job_alongside_a_benefit_is_not_self_supporting() -> None:
    person = facts(spells=(job(date(2024, 3, 10)), benefit(date(2024, 3, 1))))

    assert company_offer(person, date(2024, 3, 15)) == Due(TAKEOVER, DEADLINE)


def test_a_job_that_has_ended_no_longer_resolves_company_offer() -> None:
    person = facts(spells=(job(date(2024, 3, 10), date(2024, 3, 20)),))

    assert company_offer(person, date(2024, 3, 20)) == Resolution.SELF_SUPPORTING
    assert company_offer(person, date(2024, 3, 21)) == Due(TAKEOVER, DEADLINE)


def test_a_started_intervention_wins_over_self_support_as_the_resolution() -> None:
    person = facts(
        spells=(job(date(2024, 3, 10)),),
        interventions=(started(InterventionKind.COMPANY_INTERNSHIP, date(2024, 3, 5)),),
    )

    assert company_offer(person, date(2024, 3, 15)) == Resolution.INTERVENTION_STARTED


def test_the_company_offer_deadline_is_kept_after_it_has_passed() -> None:
    assert company_offer(facts(), date(2025, 1, 1)) == Due(TAKEOVER, DEADLINE)


# --- danish_referral ------------------------------------------------------------------------


def test_danish_referral_is_due_one_month_after_takeover() -> None:
    assert danish_referral(facts(), date(2024, 3, 10)) == Due(TAKEOVER, DEADLINE)


@pytest.mark.parametrize("source", OTHER_SOURCES)
def test_danish_referral_does_not_apply_to_other_sources(source: str) -> None:
    assert danish_referral(facts(source=source), date(2024, 3, 10)) == Resolution.NO_LONGER_APPLIES


def test_danish_referral_does_not_apply_to_a_minor_or_after_five_years() -> None:
    assert (
        danish_referral(facts(birth_date=date(2010, 1, 1)), date(2024, 3, 10))
        == Resolution.NO_LONGER_APPLIES
    )
    assert danish_referral(facts(), date(2029, 3, 1)) == Resolution.NO_LONGER_APPLIES
    assert danish_referral(facts(), date(2029, 2, 28)) == Due(TAKEOVER, DEADLINE)


def test_a_registered_danish_referral_meets_danish_referral_from_its_date() -> None:
    person = facts(danish_referrals=(date(2024, 3, 20),))

    assert danish_referral(person, date(2024, 3, 19)) == Due(TAKEOVER, DEADLINE)
    assert danish_referral(person, date(2024, 3, 20)) == Resolution.DANISH_REFERRED


def test_a_started_danish_course_meets_danish_referral() -> None:
    person = facts(interventions=(started(InterventionKind.DANISH_COURSE, date(2024, 3, 5)),))

    assert danish_referral(person, date(2024, 3, 10)) == Resolution.DANISH_REFERRED


@pytest.mark.parametrize("status", [InterventionStatus.PLANNED, InterventionStatus.CANCELLED])
def test_a_planned_or_cancelled_danish_course_does_not_meet_danish_referral(status: str) -> None:
    person = facts(
        interventions=(started(InterventionKind.DANISH_COURSE, date(2024, 3, 5), status),)
    )

    assert danish_referral(person, date(2024, 3, 10)) == Due(TAKEOVER, DEADLINE)


@pytest.mark.parametrize("kind", [k for k in InterventionKind.values if k != "danish_course"])
def test_no_other_kind_meets_danish_referral(kind: str) -> None:
    person = facts(interventions=(started(kind, date(2024, 3, 5)),))

    assert danish_referral(person, date(2024, 3, 10)) == Due(TAKEOVER, DEADLINE)


def test_a_danish_referral_before_the_takeover_does_not_meet_danish_referral() -> None:
    # given a referral and a course under an earlier stay, years before this takeover
    person = facts(
        danish_referrals=(date(2018, 5, 1),),
        interventions=(started(InterventionKind.DANISH_COURSE, date(2018, 6, 1)),),
    )

    assert danish_referral(person, date(2024, 3, 10)) == Due(TAKEOVER, DEADLINE)


def test_self_support_does_not_meet_danish_referral() -> None:
    person = facts(spells=(job(date(2024, 3, 2)),))

    assert danish_referral(person, date(2024, 3, 10)) == Due(TAKEOVER, DEADLINE)


# --- minor_school ---------------------------------------------------------------------------

MINOR = date(2012, 6, 15)


def minor(**overrides: object) -> Facts:
    fields: dict[str, object] = {
        "birth_date": MINOR,
        "unaccompanied_minor": True,
        "source": ArrivalSource.ASYLUM,
    }
    fields.update(overrides)
    return facts(**fields)


def test_minor_school_is_due_30_days_after_takeover_for_an_unaccompanied_minor() -> None:
    assert minor_school(minor(), date(2024, 3, 10)) == Due(TAKEOVER, DEADLINE)


def test_minor_school_does_not_apply_to_an_accompanied_child() -> None:
    assert (
        minor_school(minor(unaccompanied_minor=False), date(2024, 3, 10))
        == Resolution.NO_LONGER_APPLIES
    )


def test_minor_school_does_not_apply_without_a_takeover_or_before_it() -> None:
    assert minor_school(minor(takeover=None), date(2024, 3, 10)) == Resolution.NO_LONGER_APPLIES
    assert minor_school(minor(), date(2024, 2, 29)) == Resolution.NO_LONGER_APPLIES
    assert isinstance(minor_school(minor(), TAKEOVER), Due)


def test_minor_school_stops_applying_on_the_18th_birthday() -> None:
    person = minor(birth_date=date(2006, 4, 10))

    assert minor_school(person, date(2024, 4, 9)) == Due(TAKEOVER, DEADLINE)
    assert minor_school(person, date(2024, 4, 10)) == Resolution.NO_LONGER_APPLIES


@pytest.mark.parametrize("source", ArrivalSource.values)
def test_minor_school_applies_whatever_the_source(source: str) -> None:
    assert minor_school(minor(source=source), date(2024, 3, 10)) == Due(TAKEOVER, DEADLINE)


@pytest.mark.parametrize("kind", sorted(SCHOOL_OR_DAYCARE))
def test_school_or_daycare_running_today_meets_minor_school(kind: str) -> None:
    running = PlannedIntervention(kind, InterventionStatus.ACTIVE, date(2024, 3, 5), None)

    assert minor_school(minor(interventions=(running,)), date(2024, 3, 10)) == (
        Resolution.IN_SCHOOL_OR_DAYCARE
    )


def test_school_meets_minor_school_only_while_it_runs() -> None:
    school = PlannedIntervention(
        InterventionKind.SCHOOL, InterventionStatus.ACTIVE, date(2024, 3, 5), date(2024, 3, 20)
    )
    person = minor(interventions=(school,))

    assert minor_school(person, date(2024, 3, 4)) == Due(TAKEOVER, DEADLINE)
    assert minor_school(person, date(2024, 3, 5)) == Resolution.IN_SCHOOL_OR_DAYCARE
    assert minor_school(person, date(2024, 3, 20)) == Resolution.IN_SCHOOL_OR_DAYCARE
    assert minor_school(person, date(2024, 3, 21)) == Due(TAKEOVER, DEADLINE)


@pytest.mark.parametrize(
    "status",
    [InterventionStatus.PLANNED, InterventionStatus.COMPLETED, InterventionStatus.CANCELLED],
)
def test_school_that_is_not_under_way_does_not_meet_minor_school(status: str) -> None:
    school = PlannedIntervention(InterventionKind.SCHOOL, status, date(2024, 3, 5), None)

    assert minor_school(minor(interventions=(school,)), date(2024, 3, 10)) == Due(
        TAKEOVER, DEADLINE
    )


@pytest.mark.parametrize("kind", NOT_SCHOOL_OR_DAYCARE)
def test_other_kinds_do_not_meet_minor_school(kind: str) -> None:
    other = PlannedIntervention(kind, InterventionStatus.ACTIVE, date(2024, 3, 5), None)

    assert minor_school(minor(interventions=(other,)), date(2024, 3, 10)) == Due(TAKEOVER, DEADLINE)


@pytest.mark.parametrize("days", [0, 1, 14, 30, 90])
def test_the_minor_school_deadline_is_the_setting_in_days(days: int) -> None:
    assert minor_school(minor(), date(2024, 3, 10), days=days) == Due(
        TAKEOVER, TAKEOVER + timedelta(days=days)
    )


def test_evaluate_passes_the_minor_school_setting_on() -> None:
    verdicts = evaluate(minor(), date(2024, 3, 10), minor_school_days=7)

    assert verdicts[Rule.MINOR_SCHOOL] == Due(TAKEOVER, date(2024, 3, 8))


# --- programme_year and programme_maximum ---------------------------------------------------

PROGRAMME_START = date(2024, 3, 15)


def in_programme(
    starts_on: date = PROGRAMME_START, ends_on: date | None = None, **overrides: object
) -> Facts:
    return facts(programmes=(Period(ProgrammeKind.INTRODUCTION, starts_on, ends_on),), **overrides)


def test_programme_year_does_not_apply_before_the_first_anniversary() -> None:
    assert programme_year(in_programme(), date(2025, 3, 14)) == Resolution.NO_LONGER_APPLIES


def test_programme_year_is_due_on_the_first_anniversary() -> None:
    one_year = date(2025, 3, 15)

    assert programme_year(in_programme(), one_year) == Due(one_year, one_year)
    assert programme_year(in_programme(), date(2026, 1, 1)) == Due(one_year, one_year)


def test_programme_year_from_29_february_falls_on_28_february() -> None:
    person = in_programme(date(2024, 2, 29))

    assert programme_year(person, date(2025, 2, 27)) == Resolution.NO_LONGER_APPLIES
    assert programme_year(person, date(2025, 2, 28)) == Due(date(2025, 2, 28), date(2025, 2, 28))


def test_programme_year_is_resolved_by_self_support() -> None:
    person = in_programme(spells=(job(date(2025, 1, 1)),))

    assert programme_year(person, date(2025, 6, 1)) == Resolution.SELF_SUPPORTING


def test_programme_year_under_a_benefit_stays_due() -> None:
    person = in_programme(spells=(benefit(date(2024, 3, 1)),))

    assert programme_year(person, date(2025, 6, 1)) == Due(date(2025, 3, 15), date(2025, 3, 15))


def test_programme_rules_end_with_the_programme() -> None:
    person = in_programme(ends_on=date(2025, 5, 31))

    assert isinstance(programme_year(person, date(2025, 5, 31)), Due)
    assert programme_year(person, date(2025, 6, 1)) == Resolution.PROGRAMME_ENDED
    assert programme_maximum(person, date(2025, 6, 1)) == Resolution.PROGRAMME_ENDED


def test_programme_rules_without_a_programme_say_it_ended() -> None:
    assert programme_year(facts(), date(2025, 6, 1)) == Resolution.PROGRAMME_ENDED
    assert programme_maximum(facts(), date(2025, 6, 1)) == Resolution.PROGRAMME_ENDED


def test_programme_rules_read_the_programme_covering_today() -> None:
    # given an ended programme and a new one from 2026
    person = facts(
        programmes=(
            Period(ProgrammeKind.INTRODUCTION_COURSE, date(2020, 1, 1), date(2020, 12, 31)),
            Period(ProgrammeKind.SELF_SUPPORT, date(2026, 1, 1), None),
        )
    )

    assert programme_year(person, date(2026, 6, 1)) == Resolution.NO_LONGER_APPLIES
    assert programme_year(person, date(2027, 1, 1)) == Due(date(2027, 1, 1), date(2027, 1, 1))


def test_programme_maximum_warns_90_days_before_five_years() -> None:
    maximum = date(2029, 3, 15)
    warning = maximum - timedelta(days=90)

    assert programme_maximum(in_programme(), warning - timedelta(days=1)) == (
        Resolution.NO_LONGER_APPLIES
    )
    assert programme_maximum(in_programme(), warning) == Due(warning, maximum)
    assert programme_maximum(in_programme(), maximum) == Due(warning, maximum)
    assert programme_maximum(in_programme(), date(2030, 1, 1)) == Due(warning, maximum)


def test_programme_maximum_is_not_met_by_self_support() -> None:
    person = in_programme(spells=(job(date(2028, 1, 1)),))

    assert isinstance(programme_maximum(person, date(2029, 3, 1)), Due)


# --- evaluate --------------------------------------------------------------------------------


def test_evaluate_gives_a_verdict_for_every_rule_and_every_rule_has_a_source() -> None:
    verdicts = evaluate(facts(), date(2024, 3, 10))

    assert set(verdicts) == set(Rule.values)
    assert set(RULE_SOURCES) == set(Rule.values)
    assert all(str(source) for source in RULE_SOURCES.values())


def test_evaluate_of_a_fresh_quota_refugee() -> None:
    verdicts = evaluate(facts(), date(2024, 3, 10))

    assert verdicts == {
        Rule.COMPANY_OFFER: Due(TAKEOVER, DEADLINE),
        Rule.DANISH_REFERRAL: Due(TAKEOVER, DEADLINE),
        Rule.MINOR_SCHOOL: Resolution.NO_LONGER_APPLIES,
        Rule.PROGRAMME_YEAR: Resolution.PROGRAMME_ENDED,
        Rule.PROGRAMME_MAXIMUM: Resolution.PROGRAMME_ENDED,
    }


days = st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31))
periods = st.builds(
    lambda kind, start, length: Period(
        kind, start, None if length is None else start + timedelta(days=length)
    ),
    st.sampled_from(SpellKind.values),
    days,
    st.none() | st.integers(min_value=0, max_value=4000),
)
plans = st.builds(
    PlannedIntervention,
    st.sampled_from(InterventionKind.values),
    st.sampled_from(InterventionStatus.values),
    days,
    st.none() | days,
)
any_facts = st.builds(
    Facts,
    birth_date=days,
    unaccompanied_minor=st.booleans(),
    takeover=st.none() | days,
    source=st.sampled_from(["", *ArrivalSource.values]),
    spells=st.lists(periods, max_size=3).map(tuple),
    programmes=st.lists(periods, max_size=2).map(tuple),
    danish_referrals=st.lists(days, max_size=2).map(tuple),
    interventions=st.lists(plans, max_size=4).map(tuple),
)


@given(person=any_facts, today=days, minor_days=st.integers(min_value=0, max_value=365))
def test_evaluate_never_raises_and_every_flag_opens_before_its_deadline(
    person: Facts, today: date, minor_days: int
) -> None:
    verdicts = evaluate(person, today, minor_school_days=minor_days)

    assert set(verdicts) == set(Rule.values)
    for verdict in verdicts.values():
        assert isinstance(verdict, Due | Resolution)
        if isinstance(verdict, Due):
            assert verdict.opened_on <= verdict.due_on
            assert verdict.opened_on <= today
