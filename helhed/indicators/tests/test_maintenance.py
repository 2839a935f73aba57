# SPDX-License-Identifier: MPL-2.0
"""The indicators follow the registry through its real services, incrementally, and equal
a full recompute; a municipality's numbers never hold another's persons."""

import io
from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helhed.caseplans.catalogue import InterventionKind, PartnerKind
from helhed.caseplans.tests.factories import make_intervention, make_partner
from helhed.citizens import services as registry
from helhed.citizens.household_services import household_member_add, household_member_remove
from helhed.citizens.models import ArrivalSource, Locality, Person, SpellKind
from helhed.citizens.tests.factories import next_child_cpr, register
from helhed.indicators.maintenance import indicators_reaggregate, indicators_recompute
from helhed.indicators.models import (
    OPEN_RUN,
    VALUE_ONE_PER_MONTH,
    IndicatorFact,
    IndicatorRun,
    IndicatorValue,
)
from helhed.indicators.selectors import Period, indicator_table
from helhed.organisations.models import Municipality, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def values(municipality: Municipality) -> set[tuple[object, ...]]:
    return set(
        IndicatorValue.objects.filter(municipality=municipality).values_list(
            "key", "breakdown", "month", "numerator", "denominator"
        )
    )


def facts(municipality: Municipality) -> list[tuple[object, ...]]:
    return sorted(
        IndicatorFact.objects.filter(municipality=municipality).values_list(
            "person_id", "key", "breakdown", "first_month", "last_month", "in_numerator", "measure"
        ),
        key=repr,
    )


def runs(municipality: Municipality) -> Counter[tuple[object, ...]]:
    """The facts counted by span as the upkeep stored them."""
    found: Counter[tuple[object, ...]] = Counter()
    for key, breakdown, first, last, persons, in_numerator in IndicatorRun.objects.filter(
        municipality=municipality
    ).values_list("key", "breakdown", "first_month", "last_month", "persons", "in_numerator"):
        found[(key, breakdown, first, last, True)] += in_numerator
        found[(key, breakdown, first, last, False)] += persons - in_numerator
    return +found


def runs_counted_afresh(municipality: Municipality) -> Counter[tuple[object, ...]]:
    """The same, counted from the facts with a plain loop."""
    return Counter(
        (key, breakdown, first, last or OPEN_RUN, in_numerator)
        for key, breakdown, first, last, in_numerator in IndicatorFact.objects.filter(
            municipality=municipality
        ).values_list("key", "breakdown", "first_month", "last_month", "in_numerator")
    )


def cells(municipality: Municipality, key: str, period: Period) -> dict[str, tuple[int, int]]:
    row = next(
        r
        for r in indicator_table(
            municipality_id=municipality.id, period=period, today=date(2026, 12, 2)
        )
        if r.key == key
    )
    return {c.breakdown: (c.numerator, c.denominator) for c in row.cells}


def test_a_registration_shows_in_the_arrivals_at_once(
    caseworker: User, own_municipality: Municipality
) -> None:
    register(caseworker, arrived_on=date(2025, 3, 4), source=ArrivalSource.ASYLUM)
    register(caseworker, arrived_on=date(2025, 8, 1), source=ArrivalSource.ASYLUM)
    register(caseworker, arrived_on=date(2025, 8, 9), source=ArrivalSource.FAMILY_REUNIFIED_REFUGEE)
    assert cells(own_municipality, "arrivals_by_source", Period(2025)) == {
        ArrivalSource.ASYLUM: (2, 2),
        ArrivalSource.FAMILY_REUNIFIED_REFUGEE: (1, 1),
    }
    assert cells(own_municipality, "arrivals_by_source", Period(2025, 8)) == {
        ArrivalSource.ASYLUM: (1, 1),
        ArrivalSource.FAMILY_REUNIFIED_REFUGEE: (1, 1),
    }


def test_self_support_follows_status_spells_and_programmes(
    caseworker: User, own_municipality: Municipality
) -> None:
    # given two persons in the programme from 1 February 2024, on benefit at entry
    a = register(caseworker, arrived_on=date(2024, 1, 15))
    b = register(caseworker, arrived_on=date(2024, 1, 15))
    for p in (a, b):
        registry.status_spell_add(
            actor=caseworker,
            person=p,
            kind=SpellKind.BENEFIT,
            starts_on=date(2024, 1, 15),
            ends_on=date(2025, 5, 31),
            benefit_name="Selvforsørgelsesydelse",
        )
        registry.programme_enrolment_add(
            actor=caseworker, person=p, kind="self_support", starts_on=date(2024, 2, 1)
        )
    # when one gets an ordinary job in June 2025
    registry.status_spell_add(
        actor=caseworker, person=a, kind=SpellKind.JOB, starts_on=date(2025, 6, 1)
    )
    # then: in March 2025 both are counted, neither self-supporting; in June 2025 one is;
    # b has no spell at all after May, so is not self-supporting
    assert cells(own_municipality, "self_support_after_one_year", Period(2025, 3)) == {"": (0, 2)}
    assert cells(own_municipality, "self_support_after_one_year", Period(2025, 6)) == {"": (1, 2)}
    assert cells(own_municipality, "self_support_after_one_year", Period(2024, 1)) == {}


def test_plan_writes_move_the_one_month_share(
    caseworker: User, own_municipality: Municipality
) -> None:
    # taken over 1 March 2024: deadline 31 March 2024
    p = register(caseworker, arrived_on=date(2024, 3, 1))
    key = "company_intervention_within_one_month"
    assert cells(own_municipality, key, Period(2024, 3)) == {"": (0, 1)}
    company = make_partner(caseworker, kind=PartnerKind.COMPANY)
    make_intervention(
        caseworker,
        person=p,
        kind=InterventionKind.COMPANY_INTERNSHIP,
        partner=company,
        starts_on=date(2024, 3, 20),
    )
    assert cells(own_municipality, key, Period(2024, 3)) == {"": (1, 1)}


def test_a_household_intervention_and_a_new_member_move_the_family_share(
    caseworker: User, own_municipality: Municipality
) -> None:
    mother = register(caseworker, arrived_on=date(2024, 3, 1))
    child = register(caseworker, cpr=next_child_cpr(), arrived_on=date(2024, 3, 1))
    make_intervention(caseworker, person=mother, starts_on=date(2024, 4, 1))
    household_member_add(actor=caseworker, person=mother, cpr=_cpr_of(child), relation="child")
    key = "whole_family_plan_coverage"
    assert cells(own_municipality, key, Period(2026, 11)) == {"": (0, 1)}
    mother.refresh_from_db()
    assert mother.household is not None
    make_intervention(
        caseworker,
        household=mother.household,
        kind=InterventionKind.VOLUNTEER_MENTOR,
        partner=make_partner(caseworker, kind=PartnerKind.VOLUNTEER, name="Ida"),
        starts_on=date(2024, 5, 1),
    )
    assert cells(own_municipality, key, Period(2026, 11)) == {"": (1, 1)}
    household_member_remove(actor=caseworker, person=mother, member_id=child.id)
    assert cells(own_municipality, key, Period(2026, 11)) == {}


def _cpr_of(person: object) -> str:
    from helhed.citizens.cpr import decrypt_cpr

    return decrypt_cpr(person.cpr_encrypted).digits  # type: ignore[attr-defined]


def test_median_days_to_first_job(caseworker: User, own_municipality: Municipality) -> None:
    for days in (100, 300, 40):
        p = register(caseworker, arrived_on=date(2024, 1, 1))
        registry.status_spell_add(
            actor=caseworker,
            person=p,
            kind=SpellKind.JOB,
            starts_on=date(2024, 1, 1) + (date(2024, 1, 2) - date(2024, 1, 1)) * days,
        )
    row = next(
        r
        for r in indicator_table(
            municipality_id=own_municipality.id, period=Period(2024), today=date(2026, 12, 2)
        )
        if r.key == "median_days_to_first_job"
    )
    assert row.main is not None
    assert row.main.value == 100
    assert row.main.denominator == 3


def test_furesoe_facts_never_count_in_horsens(
    caseworker: User,
    other_caseworker: User,
    own_municipality: Municipality,
    other_municipality: Municipality,
) -> None:
    register(caseworker, arrived_on=date(2025, 3, 4), source=ArrivalSource.ASYLUM)
    for _ in range(3):
        register(other_caseworker, arrived_on=date(2025, 3, 4), source=ArrivalSource.ASYLUM)
    assert cells(own_municipality, "arrivals_by_source", Period(2025)) == {
        ArrivalSource.ASYLUM: (1, 1)
    }
    assert cells(other_municipality, "arrivals_by_source", Period(2025)) == {
        ArrivalSource.ASYLUM: (3, 3)
    }
    # a recompute of one municipality leaves the other's numbers alone
    indicators_recompute(municipality=own_municipality)
    assert cells(other_municipality, "arrivals_by_source", Period(2025)) == {
        ArrivalSource.ASYLUM: (3, 3)
    }


def test_the_command_rebuilds_a_store_that_was_lost(
    caseworker: User, own_municipality: Municipality
) -> None:
    register(caseworker, arrived_on=date(2025, 3, 4))
    before = values(own_municipality)
    IndicatorValue.objects.all().delete()
    IndicatorFact.objects.all().delete()
    call_command("indicators_recompute", "--municipality", "615", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert values(own_municipality) == before != set()


def test_the_command_rebuilds_lost_aggregates_from_the_store(
    caseworker: User, own_municipality: Municipality, other_municipality: Municipality
) -> None:
    register(caseworker, arrived_on=date(2025, 3, 4))
    register(caseworker, arrived_on=date(2024, 5, 6), source=ArrivalSource.FAMILY_REUNIFIED_REFUGEE)
    before = values(own_municipality)
    IndicatorValue.objects.all().delete()
    out = io.StringIO()
    call_command("indicators_recompute", "--from-store", stdout=out)
    assert values(own_municipality) == before != set()
    assert values(other_municipality) == set()
    assert f"{len(before)} aggregate rows from the store" in out.getvalue()


def test_after_the_rebuild_the_aggregates_are_unique_and_kept_current(
    caseworker: User, own_municipality: Municipality
) -> None:
    """The rebuild drops the aggregates' unique constraint on PostgreSQL and makes it again:
    it must be there after (the upkeep's upsert needs it), and the next registry write's
    upkeep must add to the rebuilt rows exactly as to those it made itself."""
    from django.db import IntegrityError, connection

    register(caseworker, arrived_on=date(2025, 3, 4))
    indicators_reaggregate()
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, IndicatorValue._meta.db_table
        )
    assert constraints[VALUE_ONE_PER_MONTH]["unique"]
    assert constraints[VALUE_ONE_PER_MONTH]["columns"] == [
        "municipality_id",
        "key",
        "breakdown",
        "month",
    ]
    register(caseworker, arrived_on=date(2024, 5, 6), source=ArrivalSource.FAMILY_REUNIFIED_REFUGEE)
    kept = values(own_municipality)
    indicators_reaggregate()
    assert values(own_municipality) == kept != set()
    row = IndicatorValue.objects.filter(municipality=own_municipality).first()
    assert row is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(
            municipality=own_municipality, key=row.key, breakdown=row.breakdown, month=row.month
        )


def test_the_command_rebuilds_from_the_store_for_every_municipality_only(db: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--from-store rebuilds every municipality"):
        call_command("indicators_recompute", "--from-store", "--municipality", "615")


def test_the_command_names_an_unknown_municipality(db: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="999"):
        call_command("indicators_recompute", "--municipality", "999")


# --- incremental equals full -------------------------------------------------------------

DAYS = st.dates(min_value=date(2018, 1, 1), max_value=date(2026, 11, 30))
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("register"), DAYS, st.sampled_from(sorted(ArrivalSource.values))),
        st.tuples(
            st.just("spell"), st.integers(0, 9), DAYS, st.sampled_from(sorted(SpellKind.values))
        ),
        st.tuples(st.just("programme"), st.integers(0, 9), DAYS),
        st.tuples(st.just("danish"), st.integers(0, 9), DAYS),
        st.tuples(st.just("placement"), st.integers(0, 9), DAYS, st.booleans()),
        st.tuples(st.just("intervention"), st.integers(0, 9), DAYS),
        st.tuples(st.just("family"), st.integers(0, 9), st.integers(0, 9)),
        st.tuples(st.just("leave"), st.integers(0, 9)),
    ),
    min_size=3,
    max_size=20,
)


def _apply(step: tuple[Any, ...], actor: User, persons: list[Person]) -> None:
    from django.core.exceptions import ValidationError

    kind, *args = step
    if kind == "register":
        day, source = args
        moved = {"from_kommunekode": "101"} if source == ArrivalSource.MOVED else {}
        persons.append(register(actor, arrived_on=day, source=source, **moved))
        return
    if not persons:
        return
    person = persons[args[0] % len(persons)]
    person.refresh_from_db()
    try:
        if kind == "spell":
            registry.status_spell_add(
                actor=actor,
                person=person,
                kind=args[2],
                starts_on=args[1],
                benefit_name="Ydelse" if args[2] == SpellKind.BENEFIT else "",
            )
        elif kind == "programme":
            registry.programme_enrolment_add(
                actor=actor, person=person, kind="self_support", starts_on=args[1]
            )
        elif kind == "danish":
            registry.danish_education_add(
                actor=actor, person=person, track="du2", module=1, referred_on=args[1]
            )
        elif kind == "placement":
            registry.housing_placement_add(
                actor=actor,
                person=person,
                locality_name="Gedved",
                permanent=args[2],
                placed_on=args[1],
            )
        elif kind == "intervention":
            make_intervention(
                actor, person=person, kind=InterventionKind.JOB_SEARCH, starts_on=args[1]
            )
        elif kind == "family":
            other = persons[args[1] % len(persons)]
            other.refresh_from_db()
            household_member_add(actor=actor, person=person, cpr=_cpr_of(other), relation="child")
        elif kind == "leave" and person.household_id is not None:
            household_member_remove(actor=actor, person=person, member_id=person.id)
    except ValidationError:
        pass  # refused as the services refuse it: nothing written


FAMILY = [
    ("register", date(2020, 1, 1), ArrivalSource.QUOTA_REFUGEE),
    ("register", date(2020, 1, 1), ArrivalSource.QUOTA_REFUGEE),
    ("family", 0, 1),
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS)
# a family whose members' plans change one at a time: the household's row is carried by
# one of them (the lower id), and must follow the other's change too
@example(
    steps=[*FAMILY, ("intervention", 1, date(2021, 1, 1)), ("intervention", 0, date(2022, 1, 1))]
)
@example(
    steps=[*FAMILY, ("intervention", 0, date(2021, 1, 1)), ("intervention", 1, date(2022, 1, 1))]
)
def test_incremental_aggregates_equal_a_full_recompute(
    steps: list[tuple[Any, ...]],
    caseworker: User,
    own_municipality: Municipality,
) -> None:
    with transaction.atomic():
        Locality.objects.get_or_create(municipality=own_municipality, name="Gedved")
        persons: list[Person] = []
        for step in steps:
            with transaction.atomic():
                _apply(step, caseworker, persons)
        incremental, incremental_facts = values(own_municipality), facts(own_municipality)
        incremental_runs = runs(own_municipality)
        # the facts counted by span are the facts counted afresh, with no empty span kept
        assert incremental_runs == runs_counted_afresh(own_municipality)
        assert not IndicatorRun.objects.filter(persons__lte=0).exists()
        # the aggregates rebuilt from the store alone are the incremental ones
        indicators_reaggregate()
        assert values(own_municipality) == incremental
        indicators_recompute(municipality=own_municipality)
        assert values(own_municipality) == incremental
        assert facts(own_municipality) == incremental_facts
        assert runs(own_municipality) == incremental_runs
        transaction.set_rollback(True)
