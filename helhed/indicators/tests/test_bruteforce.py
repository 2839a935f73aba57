# SPDX-License-Identifier: MPL-2.0
"""Correctness by construction (issue 4, item 7): on random registries built through the
registry's and the plan's real services (so the incremental maintenance runs), every
indicator of every municipality, month and breakdown, as the store holds it and as the
page's table reads it, equals the brute force of bruteforce.py; and again after a full
recompute. Then, per indicator, one change that moves it: the oracle and the engine move
together."""

import itertools
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from helhed.caseplans import services as plan
from helhed.caseplans.catalogue import (
    CATALOGUE,
    INDUSTRY_SECTORS,
    InterventionKind,
    InterventionStatus,
    PartnerKind,
)
from helhed.caseplans.models import Partner
from helhed.caseplans.tests.factories import VALID_CVRS
from helhed.citizens import services as registry
from helhed.citizens.changes import persons_changed
from helhed.citizens.cpr import decrypt_cpr
from helhed.citizens.household_services import household_member_add, household_member_remove
from helhed.citizens.models import (
    Arrival,
    ArrivalSource,
    EducationLevel,
    Locality,
    Person,
    SpellKind,
)
from helhed.citizens.rules import target_group_decision
from helhed.core.indicator_keys import INDICATOR_KEYS
from helhed.indicators.definitions import DEFINITIONS
from helhed.indicators.maintenance import indicators_recompute
from helhed.indicators.models import IndicatorValue
from helhed.indicators.selectors import Period, indicator_table
from helhed.indicators.tests import bruteforce
from helhed.indicators.tests.conftest import TODAY
from helhed.organisations.models import Municipality, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

LOCALITIES = ("Gedved", "Brædstrup")
# no registry date before it but birth dates (the oracle's window starts the year before)
EARLIEST = date(2001, 1, 1)

# --- reading the engine ------------------------------------------------------------------


def stored_changes(
    municipality: Municipality,
) -> dict[tuple[str, str], dict[bruteforce.YearMonth, tuple[int, int]]]:
    changes: dict[tuple[str, str], dict[bruteforce.YearMonth, tuple[int, int]]] = defaultdict(dict)
    for key, breakdown, month, n, d in IndicatorValue.objects.filter(
        municipality=municipality
    ).values_list("key", "breakdown", "month", "numerator", "denominator"):
        assert (month.year, month.month) >= bruteforce.FIRST, (key, month)
        changes[(key, breakdown)][(month.year, month.month)] = (n, d)
    return changes


def engine_cells(municipality: Municipality, months: set[bruteforce.YearMonth]) -> bruteforce.Cells:
    """The store's cells at these months: a month's numerator and denominator are the sums
    of the stored changes up to it."""
    cells: bruteforce.Cells = {}
    for (key, breakdown), by_month in stored_changes(municipality).items():
        n = d = 0
        changed = sorted(by_month)
        for ym in sorted(months):
            while changed and changed[0] <= ym:
                dn, dd = by_month[changed.pop(0)]
                n, d = n + dn, d + dd
            if (n, d) != (0, 0):
                cells[(key, breakdown, ym)] = (n, d)
    return cells


def months_to_look_at(municipality: Municipality) -> set[bruteforce.YearMonth]:
    """After the oracle's window: every month the store changes in and the month before it,
    and two months a year up to 2100 (a change the store missed shows there)."""
    found = {(y, m) for y in range(bruteforce.LAST[0] + 1, 2101) for m in (6, 12)}
    for by_month in stored_changes(municipality).values():
        for year, month in by_month:
            found |= {(year, month), (year - 1, 12) if month == 1 else (year, month - 1)}
    return {ym for ym in found if ym > bruteforce.LAST}


def engine_table(
    municipality: Municipality, year: int, month: int | None
) -> dict[str, dict[str, bruteforce.ExpectedCell]]:
    table = {}
    for row in indicator_table(
        municipality_id=municipality.id, period=Period(year, month), today=TODAY
    ):
        cells = {
            c.breakdown: bruteforce.ExpectedCell(c.numerator, c.denominator, c.median)
            for c in row.cells
        }
        if row.total is not None:
            cells["*"] = bruteforce.ExpectedCell(row.total.numerator, row.total.denominator)
        table[row.key] = cells
    return table


def assert_engine_equals_oracle(
    municipalities: list[Municipality], periods: list[tuple[int, int | None]]
) -> None:
    reg = bruteforce.read_registry()
    for municipality in municipalities:
        also = months_to_look_at(municipality)
        expected = bruteforce.expected(municipality.id, reg, also)
        months = set(bruteforce.WINDOW) | also | {m for _k, _b, m in expected}
        found = engine_cells(municipality, months)
        for key in bruteforce.ALL_KEYS:
            assert _of(found, key) == _of(expected, key), (municipality.kommunekode, key)
        medians = bruteforce.measures(municipality.id, reg)
        for year, month in periods:
            want = bruteforce.expected_table(expected, medians, year=year, month=month, today=TODAY)
            got = engine_table(municipality, year, month)
            for key in bruteforce.ALL_KEYS:
                assert got[key] == want[key], (municipality.kommunekode, key, year, month)


def _of(cells: bruteforce.Cells, key: str) -> dict[tuple[str, bruteforce.YearMonth], Any]:
    return {(b, m): v for (k, b, m), v in cells.items() if k == key}


def test_the_oracle_knows_every_key_of_the_engine() -> None:
    assert bruteforce.ALL_KEYS == set(DEFINITIONS) == {k.key for k in INDICATOR_KEYS}
    assert {k for k, d in DEFINITIONS.items() if d.kind == "stock"} == bruteforce.STOCKS
    assert {k for k, d in DEFINITIONS.items() if d.total} == bruteforce.WITH_TOTAL


# --- building a registry through the services ---------------------------------------------

_serials = itertools.count(1)


def cpr_born(born: date) -> str:
    """A fresh CPR number of someone born on `born` (seventh digit 4: the 2000s up to
    2036; 1: the 1900s)."""
    seventh = 4 if born.year >= 2000 else 1
    return f"{born:%d%m%y}-{seventh}{next(_serials) % 1000:03d}"


class World:
    """The municipalities, their caseworkers, partners and the persons built so far."""

    def __init__(self, municipalities: list[Municipality], actors: list[User]) -> None:
        self.municipalities = municipalities
        self.actors = {m.id: a for m, a in zip(municipalities, actors, strict=True)}
        self.persons: list[Person] = []
        self.partners: dict[tuple[object, str], Partner] = {}
        for m, actor in zip(municipalities, actors, strict=True):
            for name in LOCALITIES:
                Locality.objects.get_or_create(municipality=m, name=name)
            for n, kind in enumerate(PartnerKind.values):
                cvr = VALID_CVRS[n] if kind == PartnerKind.COMPANY else ""
                self.partners[(m.id, kind)] = plan.partner_register(
                    actor=actor, kind=kind, name=f"{kind} {m.kommunekode}", cvr=cvr
                )

    def actor(self, person: Person) -> User:
        return self.actors[person.municipality_id]

    def person(self, index: int) -> Person | None:
        if not self.persons:
            return None
        person = self.persons[index % len(self.persons)]
        person.refresh_from_db()
        return person

    def register(
        self,
        *,
        municipality: int,
        cpr: str,
        source: str,
        country: str,
        arrived_on: date,
        education: str,
        from_kommunekode: str = "",
    ) -> None:
        m = self.municipalities[municipality % len(self.municipalities)]
        actor = self.actors[m.id]
        if source == ArrivalSource.MOVED and not from_kommunekode:
            from_kommunekode = "101"
        self.persons.append(
            registry.person_register(
                actor=actor,
                department=actor.departments.order_by("name").first(),  # type: ignore[arg-type]
                cpr=cpr,
                first_name="Amal",
                last_name=f"Haddad{len(self.persons)}",
                country_of_origin=country,
                education_level=education,
                unaccompanied_minor=False,
                arrived_on=arrived_on,
                source=source,
                from_kommunekode=from_kommunekode,
            )
        )


def latest_arrival(person: Person) -> date:
    found = Arrival.objects.filter(person=person).order_by("-arrived_on").first()
    return found.arrived_on if found else person.birth_date


def last_spell_end(person: Person) -> date:
    ends = [s.ends_on or date.max for s in person.spells.all()]
    return max(ends) if ends else latest_arrival(person)


def clamp(day: date, low: date, high: date = TODAY) -> date:
    return max(low, min(day, high))


def resolve_start(spec: tuple[Any, ...], person: Person) -> date:
    how, *args = spec
    if how == "abs":
        day: date = args[0]
    elif how == "arrival":
        day = latest_arrival(person) + timedelta(days=args[0])
    elif how == "after_spell":
        end = last_spell_end(person)
        day = date(2040, 1, 1) if end == date.max else end + timedelta(days=1 + args[0])
    else:  # "birthday": years after birth, give or take a day
        years, delta = args
        born = person.birth_date
        try:
            day = born.replace(year=born.year + years)
        except ValueError:
            day = date(born.year + years, 3, 1)
        day += timedelta(days=delta)
    return max(day, person.birth_date, EARLIEST)


def resolve_end(spec: tuple[Any, ...] | None, start: date) -> date | None:
    if spec is None:
        return None
    how, n = spec
    if how == "days":
        return start + timedelta(days=n)
    year, month = divmod(start.month - 1 + n, 12)
    return bruteforce.last_day((start.year + year, month + 1))


def _intervention(
    world: World,
    person: Person,
    *,
    household: bool,
    kind: str,
    start: tuple[Any, ...],
    end: tuple[Any, ...] | None,
    lifecycle: str,
) -> None:
    actor = world.actor(person)
    if household and person.household is None:
        return
    starts_on = resolve_start(start, person)
    rules = CATALOGUE[kind]
    made = plan.intervention_create(
        actor=actor,
        kind=kind,
        owner_department=actor.departments.order_by("name").first(),  # type: ignore[arg-type]
        starts_on=starts_on,
        ends_on=resolve_end(end, starts_on),
        person=None if household else person,
        household=person.household if household else None,
        partner=world.partners[(person.municipality_id, rules.partner)] if rules.partner else None,
        sector=INDUSTRY_SECTORS[0] if rules.sector else "",
    )
    if lifecycle == "cancel":
        plan.intervention_cancel(actor=actor, intervention=made, closing_note="Flyttet")
    elif lifecycle == "start" and made.status == InterventionStatus.PLANNED:
        plan.intervention_start(actor=actor, intervention=made)
    elif lifecycle == "complete" and made.status == InterventionStatus.ACTIVE:
        ends_on = min(made.ends_on or TODAY, TODAY)
        plan.intervention_complete(
            actor=actor, intervention=made, outcome="completed", ends_on=ends_on
        )


def apply_step(world: World, step: tuple[Any, ...]) -> None:
    kind, index, *args = step
    person = world.person(index)
    if person is None:
        return
    actor = world.actor(person)
    if kind == "move":
        # the person moves to the other municipality: registered there anew, arrived as
        # moved from this one (their facts here stay, as the registry keeps them)
        others = [m for m in world.municipalities if m.id != person.municipality_id]
        if not others:
            return
        here = next(m for m in world.municipalities if m.id == person.municipality_id)
        world.register(
            municipality=world.municipalities.index(others[0]),
            cpr=decrypt_cpr(person.cpr_encrypted).digits,
            source=ArrivalSource.MOVED,
            country=person.country_of_origin,
            arrived_on=clamp(latest_arrival(person) + timedelta(days=args[0]), person.birth_date),
            education=person.education_level,
            from_kommunekode=here.kommunekode,
        )
    elif kind == "arrival":
        # a later arrival of the same person, as the arrivals import writes it (the
        # registry's services register a person with one arrival)
        source, spec = args
        in_group, reason = target_group_decision(
            source=source, country_of_origin=person.country_of_origin
        )
        Arrival.objects.create(
            person=person,
            arrived_on=clamp(resolve_start(spec, person), person.birth_date),
            source=source,
            from_kommunekode="101" if source == ArrivalSource.MOVED else "",
            in_target_group=in_group,
            target_group_reason=reason,
        )
        persons_changed([person.id])
    elif kind == "spell":
        spell_kind, start, end = args
        starts_on = resolve_start(start, person)
        registry.status_spell_add(
            actor=actor,
            person=person,
            kind=spell_kind,
            starts_on=starts_on,
            ends_on=resolve_end(end, starts_on),
            benefit_name="Ydelse" if spell_kind == SpellKind.BENEFIT else "",
        )
    elif kind == "programme":
        start, end = args
        benefits = list(person.spells.filter(kind=SpellKind.BENEFIT).order_by("starts_on"))
        if start[0] == "benefit" and benefits:
            starts_on = benefits[start[1] % len(benefits)].starts_on + timedelta(days=start[2])
        else:
            starts_on = resolve_start(start if start[0] != "benefit" else ("arrival", 0), person)
        registry.programme_enrolment_add(
            actor=actor,
            person=person,
            kind="self_support",
            starts_on=starts_on,
            ends_on=resolve_end(end, starts_on),
        )
    elif kind == "danish":
        start, passed_after = args
        referred_on = clamp(resolve_start(start, person), person.birth_date)
        passed = None if passed_after is None else min(referred_on + passed_after, TODAY)
        registry.danish_education_add(
            actor=actor,
            person=person,
            track="du2",
            module=1,
            referred_on=referred_on,
            test="pd2" if passed else "",
            test_passed_on=passed,
        )
    elif kind == "placement":
        start, permanent, locality = args
        registry.housing_placement_add(
            actor=actor,
            person=person,
            locality_name=LOCALITIES[locality % len(LOCALITIES)],
            permanent=permanent,
            placed_on=resolve_start(start, person),
        )
    elif kind in ("intervention", "household_intervention"):
        what, start, end, lifecycle = args
        _intervention(
            world,
            person,
            household=kind == "household_intervention",
            kind=what,
            start=start,
            end=end,
            lifecycle=lifecycle,
        )
    elif kind == "family":
        other_index, relation = args
        other = world.person(other_index)
        if other is None or other.municipality_id != person.municipality_id:
            return
        household_member_add(
            actor=actor,
            person=person,
            cpr=decrypt_cpr(other.cpr_encrypted).digits,
            relation=relation,
        )
    elif kind == "parent_elsewhere":
        # a parent relation across households (the relation's own service)
        other = world.person(args[0])
        if other is None or other.municipality_id != person.municipality_id:
            return
        registry.household_relation_add(actor=actor, person=person, relative=other, kind="parent")
    elif kind == "story_programme":
        # on a benefit, a programme from about then, and what came after the benefit
        start, end, entry, after, gap, after_end, programme_end = args
        starts_on = resolve_start(start, person)
        ends_on = resolve_end(end, starts_on)
        benefit = ("spell", index, SpellKind.BENEFIT, ("abs", starts_on), _days(ends_on, starts_on))
        _try(lambda: apply_step(world, benefit))
        entry_on = starts_on + timedelta(days=entry)
        _try(lambda: apply_step(world, ("programme", index, ("abs", entry_on), programme_end)))
        if after is not None and ends_on is not None:
            next_on = ends_on + timedelta(days=1 + gap)
            _try(lambda: apply_step(world, ("spell", index, after, ("abs", next_on), after_end)))
    elif kind == "story_child":
        # a child joins the parent's household, goes to daycare or school; the parent
        # perhaps to the parents' meetings
        born, care, care_start, care_end, care_life, meetings, meetings_life = args
        born = min(max(born, person.birth_date + timedelta(days=15 * 365)), TODAY)
        world.register(
            municipality=world.municipalities.index(
                next(m for m in world.municipalities if m.id == person.municipality_id)
            ),
            cpr=cpr_born(born),
            source=ArrivalSource.FAMILY_REUNIFIED_REFUGEE,
            country=person.country_of_origin,
            arrived_on=clamp(latest_arrival(person), born),
            education=EducationLevel.UNKNOWN,
        )
        child = world.persons[-1]
        household_member_add(
            actor=actor,
            person=person,
            cpr=decrypt_cpr(child.cpr_encrypted).digits,
            relation="child",
        )
        person.refresh_from_db()
        _try(
            lambda: _intervention(
                world,
                child,
                household=False,
                kind=care,
                start=care_start,
                end=care_end,
                lifecycle=care_life,
            )
        )
        if meetings is not None:
            _try(
                lambda: _intervention(
                    world,
                    person,
                    household=meetings,
                    kind=InterventionKind.PARENT_MEETINGS,
                    start=care_start,
                    end=care_end,
                    lifecycle=meetings_life,
                )
            )
    elif kind == "story_one_month":
        what, offset, lifecycle = args
        start = ("arrival", offset)
        if what == "referral":
            apply_step(world, ("danish", index, start, None))
        else:
            _intervention(
                world,
                person,
                household=False,
                kind=what,
                start=start,
                end=None,
                lifecycle=lifecycle,
            )
    elif kind == "leave" and person.household_id is not None:
        household_member_remove(actor=actor, person=person, member_id=person.id)


def _days(end: date | None, start: date) -> tuple[str, int] | None:
    return None if end is None else ("days", (end - start).days)


def _try(write: Callable[[], None]) -> None:
    try:
        with transaction.atomic():
            write()
    except ValidationError:
        pass  # refused as the services refuse it: nothing written


def build(world: World, persons: list[dict[str, Any]], steps: list[tuple[Any, ...]]) -> None:
    for spec in persons:
        with transaction.atomic():
            born = spec["born"]
            world.register(
                municipality=spec["municipality"],
                cpr=cpr_born(born),
                source=spec["source"],
                country=spec["country"],
                arrived_on=clamp(spec["arrived_on"], born),
                education=spec["education"],
            )
    for step in steps:
        _try(lambda: apply_step(world, step))  # noqa: B023 (called at once)


# --- the strategies: the edges of every definition ------------------------------------------


def _month_ends() -> list[date]:
    return [
        bruteforce.last_day((y, m))
        for y in (2004, 2015, 2016, 2019, 2020, 2024, 2025)
        for m in (1, 2, 3, 12)
    ]


EDGE_DAYS = [
    *_month_ends(),
    *(date(y, 2, 29) for y in (2004, 2008, 2012, 2016, 2020, 2024)),
    *(date(y, 3, 1) for y in (2016, 2021, 2024)),
    date(2004, 1, 1),
    date(2025, 1, 1),
    TODAY,
    TODAY - timedelta(days=30),
    TODAY - timedelta(days=31),
]
DAY = st.one_of(st.dates(date(2003, 1, 1), TODAY), st.sampled_from(EDGE_DAYS))
BORN = st.one_of(
    st.dates(date(1950, 1, 1), date(2026, 11, 30)),
    st.sampled_from([date(y, 2, 29) for y in (1960, 1980, 1996, 2000, 2008, 2020, 2024)]),
    st.dates(date(1957, 6, 1), date(1961, 12, 31)),  # 66 and 67 within the window
    st.dates(date(2005, 1, 1), date(2010, 12, 31)),  # 18 within the window
    st.dates(date(2019, 1, 1), date(2026, 11, 30)),  # children aged 0-6
)
ADULT = st.dates(date(1950, 1, 1), date(2004, 12, 31))
PERSON = st.fixed_dictionaries(
    {
        "born": st.one_of(BORN, ADULT),
        "source": st.one_of(
            st.sampled_from(sorted(ArrivalSource.values)),
            st.sampled_from(
                sorted(ArrivalSource.values)[:0] or ["asylum", "quota_refugee", "family_refugee"]
            ),
        ),
        "country": st.sampled_from(["SY", "AF", "ER", "DE", "US"]),
        "arrived_on": DAY,
        "education": st.sampled_from(sorted(EducationLevel.values)),
        "municipality": st.integers(0, 3).map(lambda n: 0 if n else 1),
    }
)
START = st.one_of(
    st.tuples(st.just("abs"), DAY),
    st.tuples(st.just("arrival"), st.sampled_from([-1, 0, 1, 29, 30, 31, 365, 366])),
    st.tuples(st.just("arrival"), st.integers(-400, 2500)),
    st.tuples(st.just("birthday"), st.sampled_from([1, 6, 18, 66, 67]), st.integers(-1, 1)),
)
SPELL_START = st.one_of(START, st.tuples(st.just("after_spell"), st.sampled_from([0, 0, 1, 40])))
END = st.one_of(
    st.none(),
    st.tuples(st.just("days"), st.sampled_from([0, 1, 30, 364, 365, 366])),
    st.tuples(st.just("days"), st.integers(0, 2000)),
    st.tuples(st.just("month_end"), st.integers(0, 30)),
)
PERSON_KINDS = sorted(InterventionKind.values)
HOUSEHOLD_KINDS = sorted(k for k, r in CATALOGUE.items() if r.household_allowed)
LIFECYCLE = st.sampled_from(["none", "none", "complete", "cancel", "start"])
WHO = st.integers(0, 11)
STEP = st.one_of(
    st.tuples(st.just("spell"), WHO, st.sampled_from(sorted(SpellKind.values)), SPELL_START, END),
    st.tuples(st.just("spell"), WHO, st.just(SpellKind.BENEFIT), SPELL_START, END),
    st.tuples(
        st.just("programme"),
        WHO,
        st.one_of(START, st.tuples(st.just("benefit"), WHO, st.sampled_from([0, 0, -1, 1]))),
        END,
    ),
    st.tuples(
        st.just("danish"),
        WHO,
        START,
        st.one_of(st.none(), st.integers(0, 2200).map(lambda n: timedelta(days=n))),
    ),
    st.tuples(st.just("placement"), WHO, START, st.booleans(), st.integers(0, 1)),
    st.tuples(st.just("intervention"), WHO, st.sampled_from(PERSON_KINDS), START, END, LIFECYCLE),
    st.tuples(
        st.just("household_intervention"),
        WHO,
        st.sampled_from(HOUSEHOLD_KINDS),
        START,
        END,
        LIFECYCLE,
    ),
    st.tuples(st.just("family"), WHO, WHO, st.sampled_from(["child", "child", "spouse", "parent"])),
    st.tuples(st.just("parent_elsewhere"), WHO, WHO),
    st.tuples(st.just("leave"), WHO),
    st.tuples(st.just("move"), WHO, st.sampled_from([0, 1, 31, 400])),
    st.tuples(st.just("arrival"), WHO, st.sampled_from(sorted(ArrivalSource.values)), START),
)
WHO = st.integers(0, 4)
STORY = st.one_of(
    st.tuples(
        st.just("story_programme"),
        WHO,
        START,
        st.one_of(END, st.tuples(st.just("days"), st.integers(300, 900))),
        st.sampled_from([0, 0, 0, -1, 1]),
        st.one_of(
            st.none(),
            st.sampled_from(sorted(SpellKind.values)),
            st.sampled_from([SpellKind.JOB, SpellKind.EDUCATION]),
        ),
        st.sampled_from([0, 0, 1, 31]),
        END,
        st.one_of(st.none(), st.none(), END),
    ),
    st.tuples(
        st.just("story_child"),
        WHO,
        st.one_of(
            st.dates(date(2018, 1, 1), TODAY),
            st.sampled_from([date(2020, 2, 29), date(2024, 2, 29)]),
        ),
        st.sampled_from([InterventionKind.DAYCARE, InterventionKind.SCHOOL]),
        START,
        END,
        LIFECYCLE,
        st.one_of(st.none(), st.booleans()),
        LIFECYCLE,
    ),
    st.tuples(
        st.just("story_one_month"),
        WHO,
        st.sampled_from(
            [
                "referral",
                InterventionKind.DANISH_COURSE,
                InterventionKind.COMPANY_INTERNSHIP,
                InterventionKind.WAGE_SUBSIDY,
                InterventionKind.IGU,
                InterventionKind.INDUSTRY_PACKAGE,
                InterventionKind.JOB_SEARCH,
            ]
        ),
        st.sampled_from([-1, 0, 1, 29, 30, 31, 45]),
        LIFECYCLE,
    ),
    st.tuples(
        st.just("spell"),
        WHO,
        st.just(SpellKind.JOB),
        st.tuples(
            st.just("arrival"), st.one_of(st.integers(-30, 1500), st.sampled_from([-1, 0, 1]))
        ),
        END,
    ),
)
PERIODS = st.lists(
    st.tuples(st.integers(2003, 2026), st.one_of(st.none(), st.integers(1, 12))),
    min_size=1,
    max_size=4,
)


@pytest.fixture
def world_actors(
    caseworker: User,
    other_caseworker: User,
    own_municipality: Municipality,
    other_municipality: Municipality,
) -> tuple[list[Municipality], list[User]]:
    return [own_municipality, other_municipality], [caseworker, other_caseworker]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    persons=st.lists(PERSON, min_size=1, max_size=5),
    steps=st.lists(st.one_of(STORY, STEP), min_size=0, max_size=16),
    periods=PERIODS,
)
def test_the_engine_equals_the_brute_force_incrementally_and_after_a_recompute(
    persons: list[dict[str, Any]],
    steps: list[tuple[Any, ...]],
    periods: list[tuple[int, int | None]],
    world_actors: tuple[list[Municipality], list[User]],
) -> None:
    municipalities, actors = world_actors
    note(f"persons={persons!r}")
    note(f"steps={steps!r}")
    with transaction.atomic():
        world = World(municipalities, actors)
        build(world, persons, steps)
        years = sorted({p[0] for p in periods} | {2024, 2026})
        checked = [*periods, *((y, None) for y in years)]
        # the incremental maintenance, as every write left it
        assert_engine_equals_oracle(municipalities, checked)
        # a full recompute
        for municipality in municipalities:
            indicators_recompute(municipality=municipality)
        assert_engine_equals_oracle(municipalities, checked)
        transaction.set_rollback(True)


# --- one change per indicator: the oracle and the engine move together -------------------

ARRIVED = date(2024, 3, 1)


def _adult(world: World, *, born: date = date(1985, 6, 15), **extra: Any) -> Person:
    arguments: dict[str, Any] = {
        "municipality": 0,
        "cpr": cpr_born(born),
        "source": ArrivalSource.QUOTA_REFUGEE,
        "country": "SY",
        "arrived_on": ARRIVED,
        "education": EducationLevel.VOCATIONAL,
    }
    arguments.update(extra)
    world.register(**arguments)
    return world.persons[-1]


def _step(world: World, *step: Any) -> None:
    apply_step(world, (step[0], world.persons.index(step[1]), *step[2:]))


def _family(world: World) -> tuple[Person, Person]:
    mother = _adult(world)
    child = _adult(world, born=date(2021, 2, 14), source=ArrivalSource.FAMILY_REUNIFIED_REFUGEE)
    _step(world, "family", mother, world.persons.index(child), "child")
    return mother, child


def _intervene(world: World, who: Person, kind: str, on: date, household: bool = False) -> None:
    who.refresh_from_db()
    _intervention(
        world, who, household=household, kind=kind, start=("abs", on), end=None, lifecycle="none"
    )


Scenario = tuple[Callable[[World], Any], Callable[[World, Any], None]]


def _self_support() -> Scenario:
    def given(world: World) -> Person:
        p = _adult(world)
        _step(world, "spell", p, SpellKind.BENEFIT, ("abs", ARRIVED), ("days", 450))
        _step(world, "programme", p, ("abs", ARRIVED), None)
        return p

    return given, lambda world, p: _step(
        world, "spell", p, SpellKind.JOB, ("abs", date(2025, 6, 1)), None
    )


def _one_month(kind: str) -> Scenario:
    return _adult, lambda world, p: _intervene(world, p, kind, ARRIVED + timedelta(days=30))


def _referral() -> Scenario:
    return _adult, lambda world, p: _step(world, "danish", p, ("arrival", 30), None)


def _arrival_of(source: str, country: str) -> Scenario:
    def change(world: World, _made: Any) -> None:
        _adult(world, source=source, country=country)

    return _adult, change


def _placement() -> Scenario:
    return _adult, lambda world, p: _step(world, "placement", p, ("abs", ARRIVED), True, 0)


def _danish_test() -> Scenario:
    def given(world: World) -> Person:
        p = _adult(world)
        _step(world, "danish", p, ("abs", date(2024, 2, 29)), None)
        return p

    # passed on the first anniversary of the referral (28 February 2025)
    return given, lambda world, p: _step(
        world, "danish", p, ("abs", date(2024, 4, 2)), timedelta(days=332)
    )


def _daycare() -> Scenario:
    return (
        lambda world: _adult(world, born=date(2020, 2, 29)),
        lambda world, p: _intervene(world, p, InterventionKind.DAYCARE, date(2024, 4, 1)),
    )


def _period_share(kind: str) -> Scenario:
    return _adult, lambda world, p: _intervene(world, p, kind, date(2025, 1, 31))


def _whole_family() -> Scenario:
    def given(world: World) -> tuple[Person, Person]:
        mother, child = _family(world)
        _intervene(world, mother, InterventionKind.JOB_SEARCH, date(2024, 4, 1))
        return mother, child

    return given, lambda world, pair: _intervene(
        world, pair[1], InterventionKind.DAYCARE, date(2024, 5, 31)
    )


def _parental() -> Scenario:
    def given(world: World) -> tuple[Person, Person]:
        mother, child = _family(world)
        _intervene(world, child, InterventionKind.DAYCARE, date(2024, 4, 1))
        return mother, child

    return given, lambda world, pair: _intervene(
        world, pair[0], InterventionKind.PARENT_MEETINGS, date(2024, 9, 1), household=True
    )


def _first_job() -> Scenario:
    return _adult, lambda world, p: _step(
        world, "spell", p, SpellKind.JOB, ("abs", date(2024, 6, 30)), None
    )


def _mm13() -> Scenario:
    def given(world: World) -> Person:
        return _adult(
            world,
            born=date(1958, 12, 31),
            source=ArrivalSource.ASYLUM,
            arrived_on=date(2020, 2, 29),
        )

    return given, lambda world, p: _step(
        world, "spell", p, SpellKind.JOB, ("abs", date(2024, 12, 31)), ("days", 0)
    )


SCENARIOS: dict[str, Scenario] = {
    "self_support_after_one_year": _self_support(),
    "company_intervention_within_one_month": _one_month(InterventionKind.COMPANY_INTERNSHIP),
    "danish_referral_within_one_month": _referral(),
    "arrivals_by_source": _arrival_of(ArrivalSource.LABOUR_MIGRANT, "DE"),
    "education_level_of_arrivals": _arrival_of(ArrivalSource.ASYLUM, "AF"),
    "permanent_placements_by_locality": _placement(),
    "danish_test_passed": _danish_test(),
    "children_in_daycare": _daycare(),
    "leisure_association_participation": _period_share(InterventionKind.LEISURE_ASSOCIATION),
    "volunteer_mentor_or_friendship_family": _period_share(InterventionKind.FRIENDSHIP_FAMILY),
    "whole_family_plan_coverage": _whole_family(),
    "parental_involvement": _parental(),
    "median_days_to_first_job": _first_job(),
    "mm13_unsubsidised_employment": _mm13(),
}


def test_every_indicator_has_a_change_that_moves_it() -> None:
    assert set(SCENARIOS) == set(DEFINITIONS)


@pytest.mark.parametrize("key", sorted(SCENARIOS))
def test_a_change_moves_the_oracle_and_the_engine_together(
    key: str, world_actors: tuple[list[Municipality], list[User]]
) -> None:
    municipalities, actors = world_actors
    horsens = municipalities[0]
    world = World(municipalities, actors)
    given, change = SCENARIOS[key]
    made = given(world)
    periods: list[tuple[int, int | None]] = [(2024, None), (2025, None), (2025, 2), (2026, None)]
    assert_engine_equals_oracle(municipalities, periods)
    before = _of(bruteforce.expected(horsens.id, bruteforce.read_registry()), key)
    engine_before = _of(engine_cells(horsens, set(bruteforce.WINDOW)), key)
    change(world, made)
    after = _of(bruteforce.expected(horsens.id, bruteforce.read_registry()), key)
    assert after != before
    # the engine moved, and to where the oracle went
    assert _of(engine_cells(horsens, set(bruteforce.WINDOW)), key) != engine_before
    assert_engine_equals_oracle(municipalities, periods)
    if key == "median_days_to_first_job":
        assert bruteforce.measures(horsens.id, bruteforce.read_registry()) == {(2024, 6): [121]}
