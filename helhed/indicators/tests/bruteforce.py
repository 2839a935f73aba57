# SPDX-License-Identifier: MPL-2.0
"""The oracle: every indicator computed again by brute force, month by month and person by
person, from the registry read with the plain ORM (issue 4, item 7).

Written from the issue's text, helhed/core/indicator_keys.py and the definitions'
docstrings, not from their code: nothing of helhed/indicators/definitions, registry_facts
or maintenance is imported. Where the engine keeps runs of months and changes, this keeps
nothing: it asks every person, at every month's end of a fixed window, what they count
as. It is slow on purpose and only for the tests' small registries.

The result of `expected` is {(key, breakdown, (year, month)): (numerator, denominator)}
with only the cells that count someone; a stock indicator's cell is its state at the
month's end, an event indicator's is the events of the month (a count indicator's
numerator equals its denominator). `measures` gives the days-to-first-job measures of each
month, whose median is the indicator's value over any period.
"""

import calendar
import statistics
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from helhed.caseplans.models import Intervention
from helhed.citizens.models import (
    Arrival,
    DanishEducation,
    HouseholdRelation,
    HousingPlacement,
    Person,
    ProgrammeEnrolment,
    StatusSpell,
)

YearMonth = tuple[int, int]
Cells = dict[tuple[str, str, YearMonth], tuple[int, int]]

# The window of months the oracle asks about, every one of them. The tests' registries
# have no date before 2001 (birth dates aside); after the window come only ends planned
# far ahead and birthdays (18, 67), which the caller adds as the months to look at too.
FIRST: YearMonth = (2000, 1)
LAST: YearMonth = (2034, 12)

# The kinds, spelled out here rather than imported from the engine's definitions.
PROGRAMME_SOURCES = {"quota_refugee", "asylum", "family_refugee", "family_other"}
MM13_SOURCES = {"quota_refugee", "asylum", "family_refugee"}
COMPANY_BASED = {"company_internship", "wage_subsidy", "igu", "industry_package"}
STARTED = {"active", "completed"}  # planned has not started; cancelled never counts
SELF_SUPPORTING = {"job", "education"}
FINAL_TESTS = {"pd1", "pd2", "pd3", "studieproeven"}

STOCKS = {
    "self_support_after_one_year",
    "children_in_daycare",
    "leisure_association_participation",
    "volunteer_mentor_or_friendship_family",
    "whole_family_plan_coverage",
    "parental_involvement",
    "mm13_unsubsidised_employment",
}
EVENTS = {
    "company_intervention_within_one_month",
    "danish_referral_within_one_month",
    "arrivals_by_source",
    "education_level_of_arrivals",
    "permanent_placements_by_locality",
    "danish_test_passed",
    "median_days_to_first_job",
}
# the keys whose breakdowns add up to a meaningful total (no person in two breakdowns)
WITH_TOTAL = {
    "arrivals_by_source",
    "education_level_of_arrivals",
    "permanent_placements_by_locality",
    "mm13_unsubsidised_employment",
}
ALL_KEYS = STOCKS | EVENTS


# --- days and months, written out --------------------------------------------------------


def months_between(first: YearMonth, last: YearMonth) -> list[YearMonth]:
    found = []
    year, month = first
    while (year, month) <= last:
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


WINDOW = months_between(FIRST, LAST)


def last_day(ym: YearMonth) -> date:
    return date(ym[0], ym[1], calendar.monthrange(ym[0], ym[1])[1])


def first_day(ym: YearMonth) -> date:
    return date(ym[0], ym[1], 1)


def same_day_years_later(day: date, years: int) -> date:
    """The anniversary; 29 February's is 28 February in a common year (the Danish rule
    for a period of years, as a deadline counts it)."""
    year = day.year + years
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def age(born: date, day: date) -> int:
    """Completed years of life on `day` (born 29 February: a year older on 1 March)."""
    years = day.year - born.year
    if (day.month, day.day) < (born.month, born.day):
        years -= 1
    return years


def covers(starts_on: date, ends_on: date | None, day: date) -> bool:
    return starts_on <= day and (ends_on is None or day <= ends_on)


# --- the registry as plain rows --------------------------------------------------------


@dataclass
class Item:
    kind: str
    status: str
    starts_on: date
    ends_on: date | None

    def under_way(self, day: date) -> bool:
        return self.status in STARTED and covers(self.starts_on, self.ends_on, day)


@dataclass
class Someone:
    id: uuid.UUID
    municipality_id: uuid.UUID
    born: date
    household_id: uuid.UUID | None
    education_level: str
    arrivals: list[tuple[date, str, bool]] = field(default_factory=list)
    spells: list[tuple[str, date, date | None]] = field(default_factory=list)
    programmes: list[tuple[date, date | None]] = field(default_factory=list)
    danish: list[tuple[date, str, date | None]] = field(default_factory=list)
    placements: list[tuple[str, bool, date]] = field(default_factory=list)
    own: list[Item] = field(default_factory=list)
    children: set[uuid.UUID] = field(default_factory=set)

    def takeover(self) -> tuple[date, str] | None:
        """The municipality's takeover: the person's latest arrival in the target group."""
        best = None
        for arrived_on, source, in_group in self.arrivals:
            if in_group and (best is None or arrived_on > best[0]):
                best = (arrived_on, source)
        return best


@dataclass
class Registry:
    persons: dict[uuid.UUID, Someone]
    household_items: dict[uuid.UUID, list[Item]]

    def items(self, p: Someone) -> list[Item]:
        """The person's interventions: their own and their household's."""
        shared = self.household_items.get(p.household_id, []) if p.household_id else []
        return p.own + shared

    def members(self, household_id: uuid.UUID) -> list[Someone]:
        return [p for p in self.persons.values() if p.household_id == household_id]


def read_registry() -> Registry:
    """Every person of every municipality, with the ORM and one loop per table."""
    persons = {
        p.id: Someone(p.id, p.municipality_id, p.birth_date, p.household_id, p.education_level)
        for p in Person.objects.all()
    }
    for a in Arrival.objects.all():
        persons[a.person_id].arrivals.append((a.arrived_on, a.source, a.in_target_group))
    for s in StatusSpell.objects.all():
        persons[s.person_id].spells.append((s.kind, s.starts_on, s.ends_on))
    for e in ProgrammeEnrolment.objects.all():
        persons[e.person_id].programmes.append((e.starts_on, e.ends_on))
    for d in DanishEducation.objects.all():
        persons[d.person_id].danish.append((d.referred_on, d.test, d.test_passed_on))
    for h in HousingPlacement.objects.select_related("locality"):
        persons[h.person_id].placements.append((h.locality.name, h.permanent, h.placed_on))
    household_items: dict[uuid.UUID, list[Item]] = defaultdict(list)
    for i in Intervention.objects.all():
        item = Item(i.kind, i.status, i.starts_on, i.ends_on)
        if i.person_id is not None:
            persons[i.person_id].own.append(item)
        else:
            assert i.household_id is not None
            household_items[i.household_id].append(item)
    for r in HouseholdRelation.objects.filter(kind="parent"):
        persons[r.person_id].children.add(r.relative_id)
    return Registry(persons, dict(household_items))


# --- the indicators, one function each ---------------------------------------------------


def _adult_programme_cohort(p: Someone) -> tuple[date, date] | None:
    """Adults taken over as refugees or family-reunified: (takeover, 30-day deadline)."""
    takeover = p.takeover()
    if takeover is None or takeover[1] not in PROGRAMME_SOURCES:
        return None
    if age(p.born, takeover[0]) < 18:
        return None
    return takeover[0], takeover[0] + timedelta(days=30)


def _self_support(reg: Registry, p: Someone, day: date) -> tuple[str, bool] | None:
    counted = False
    for starts_on, ends_on in p.programmes:
        on_benefit = any(kind == "benefit" and covers(s, e, starts_on) for kind, s, e in p.spells)
        if (
            covers(starts_on, ends_on, day)
            and day > same_day_years_later(starts_on, 1)
            and on_benefit
        ):
            counted = True
    if not counted:
        return None
    kinds = [kind for kind, s, e in p.spells if covers(s, e, day)]
    return ("", bool(kinds) and all(k in SELF_SUPPORTING for k in kinds))


def _daycare(reg: Registry, p: Someone, day: date) -> tuple[str, bool] | None:
    if not p.arrivals or day < min(a[0] for a in p.arrivals):
        return None
    if not 1 <= age(p.born, day) <= 5:
        return None
    return ("", any(i.kind == "daycare" and i.under_way(day) for i in reg.items(p)))


def _integration_period(
    kinds: set[str],
) -> Callable[[Registry, Someone, date], tuple[str, bool] | None]:
    def state(reg: Registry, p: Someone, day: date) -> tuple[str, bool] | None:
        takeover = p.takeover()
        if takeover is None:
            return None
        if not takeover[0] <= day < same_day_years_later(takeover[0], 5):
            return None
        return ("", any(i.kind in kinds and i.under_way(day) for i in reg.items(p)))

    return state


def _whole_family(reg: Registry, members: list[Someone], day: date) -> tuple[str, bool] | None:
    """A household of two or more: counted when a member's plan has something under way,
    in the numerator when every member's has."""
    if len(members) < 2:
        return None
    covered = [any(i.under_way(day) for i in reg.items(m)) for m in members]
    if not any(covered):
        return None
    return ("", all(covered))


def _parental(reg: Registry, p: Someone, day: date) -> tuple[str, bool] | None:
    if p.household_id is None:
        return None
    children = [
        c for c in reg.persons.values() if c.id in p.children and c.household_id == p.household_id
    ]
    in_daycare_or_school = any(
        i.kind in ("daycare", "school") and i.under_way(day) for c in children for i in reg.items(c)
    )
    if not in_daycare_or_school:
        return None
    return ("", any(i.kind == "parent_meetings" and i.under_way(day) for i in reg.items(p)))


def _mm13_arrival(p: Someone) -> date | None:
    refugee = [a[0] for a in p.arrivals if a[1] in MM13_SOURCES]
    if not refugee or min(refugee).year < 2004:
        return None
    return min(refugee)


def _mm13(reg: Registry, p: Someone, ym: YearMonth) -> tuple[str, bool] | None:
    arrived_on = _mm13_arrival(p)
    day = last_day(ym)
    if arrived_on is None or day < arrived_on or not 18 <= age(p.born, day) <= 66:
        return None
    years = 0
    while same_day_years_later(arrived_on, years + 1) <= day:
        years += 1
    band = "5+" if years >= 5 else str(years)
    start = first_day(ym)
    employed = any(
        kind == "job" and s <= day and (e is None or e >= start) for kind, s, e in p.spells
    )
    return (band, employed)


STOCK_STATES = {
    "self_support_after_one_year": _self_support,
    "children_in_daycare": _daycare,
    "leisure_association_participation": _integration_period({"leisure_association"}),
    "volunteer_mentor_or_friendship_family": _integration_period(
        {"volunteer_mentor", "friendship_family"}
    ),
    "parental_involvement": _parental,
}


def _events(reg: Registry, p: Someone) -> list[tuple[str, str, date, bool, int | None]]:
    """(key, breakdown, day, in numerator, measure) of every event the person makes."""
    found: list[tuple[str, str, date, bool, int | None]] = []
    items = reg.items(p)
    cohort = _adult_programme_cohort(p)
    if cohort is not None:
        start, deadline = cohort
        company = any(
            i.kind in COMPANY_BASED and i.status in STARTED and start <= i.starts_on <= deadline
            for i in items
        )
        found.append(("company_intervention_within_one_month", "", deadline, company, None))
        referred = any(start <= d[0] <= deadline for d in p.danish) or any(
            i.kind == "danish_course" and i.status in STARTED and start <= i.starts_on <= deadline
            for i in items
        )
        found.append(("danish_referral_within_one_month", "", deadline, referred, None))
        jobs = [s for kind, s, _e in p.spells if kind == "job" and s >= start]
        if jobs:
            first = min(jobs)
            found.append(("median_days_to_first_job", "", first, True, (first - start).days))
    for arrived_on, source, in_group in p.arrivals:
        found.append(("arrivals_by_source", source, arrived_on, True, None))
        if in_group and age(p.born, arrived_on) >= 18:
            found.append(("education_level_of_arrivals", p.education_level, arrived_on, True, None))
    for locality, permanent, placed_on in p.placements:
        if permanent:
            who = "adults" if age(p.born, placed_on) >= 18 else "children"
            found.append(
                ("permanent_placements_by_locality", f"{locality}|{who}", placed_on, True, None)
            )
    if p.danish:
        first = min(d[0] for d in p.danish)
        for years in (1, 3, 5):
            checkpoint = same_day_years_later(first, years)
            passed = any(
                test in FINAL_TESTS and on is not None and on <= checkpoint
                for _r, test, on in p.danish
            )
            found.append(("danish_test_passed", str(years), checkpoint, passed, None))
    return found


def expected(municipality_id: uuid.UUID, reg: Registry, also: Iterable[YearMonth] = ()) -> Cells:
    """Every nonzero cell of the municipality: a stock's at every month of the window and
    of `also` (the months after the window to look at), an event's wherever it falls."""
    months = sorted(set(WINDOW) | set(also))
    cells: dict[tuple[str, str, YearMonth], list[int]] = defaultdict(lambda: [0, 0])
    persons = [p for p in reg.persons.values() if p.municipality_id == municipality_id]
    for p in persons:
        for ym in months:
            day = last_day(ym)
            states = {key: state(reg, p, day) for key, state in STOCK_STATES.items()}
            states["mm13_unsubsidised_employment"] = _mm13(reg, p, ym)
            for key, found in states.items():
                if found is not None:
                    cell = cells[(key, found[0], ym)]
                    cell[0] += found[1]
                    cell[1] += 1
        for key, breakdown, day, in_numerator, _measure in _events(reg, p):
            cell = cells[(key, breakdown, (day.year, day.month))]
            cell[0] += in_numerator
            cell[1] += 1
    # whole-family coverage counts households, not persons
    for household_id in {p.household_id for p in persons if p.household_id is not None}:
        members = reg.members(household_id)
        for ym in months:
            found = _whole_family(reg, members, last_day(ym))
            if found is not None:
                cell = cells[("whole_family_plan_coverage", found[0], ym)]
                cell[0] += found[1]
                cell[1] += 1
    return {k: (v[0], v[1]) for k, v in cells.items() if v != [0, 0]}


def measures(municipality_id: uuid.UUID, reg: Registry) -> dict[YearMonth, list[int]]:
    found: dict[YearMonth, list[int]] = defaultdict(list)
    for p in reg.persons.values():
        if p.municipality_id != municipality_id:
            continue
        for key, _b, day, _n, measure in _events(reg, p):
            if key == "median_days_to_first_job" and measure is not None:
                found[(day.year, day.month)].append(measure)
    return dict(found)


# --- a period's table, as a report reads it ---------------------------------------------


@dataclass(frozen=True)
class ExpectedCell:
    numerator: int
    denominator: int
    median: float | None = None


def expected_table(
    cells: Cells,
    medians: dict[YearMonth, list[int]],
    *,
    year: int,
    month: int | None,
    today: date,
) -> dict[str, dict[str, ExpectedCell]]:
    """{key: {breakdown: cell}} of a month or a year ('*' the total where there is one):
    a stock's value at the period's last month (no later than today's), an event's the
    sum of its months up to today's; cells counting no one left out."""
    months = [(year, month)] if month else [(year, m) for m in range(1, 13)]
    months = [ym for ym in months if ym <= (today.year, today.month)]
    table: dict[str, dict[str, ExpectedCell]] = {}
    if not months:
        return table
    in_period = sorted(m for ym in months for m in medians.get(ym, []))
    median = float(statistics.median(in_period)) if in_period else None
    for key in ALL_KEYS:
        breakdowns = {b for (k, b, _ym) in cells if k == key}
        row: dict[str, ExpectedCell] = {}
        for breakdown in breakdowns:
            if key in STOCKS:
                n, d = cells.get((key, breakdown, months[-1]), (0, 0))
            else:
                n = sum(cells.get((key, breakdown, ym), (0, 0))[0] for ym in months)
                d = sum(cells.get((key, breakdown, ym), (0, 0))[1] for ym in months)
            if (n, d) != (0, 0):
                row[breakdown] = ExpectedCell(
                    n, d, median if key == "median_days_to_first_job" else None
                )
        if key in WITH_TOTAL and row:
            row["*"] = ExpectedCell(
                sum(c.numerator for c in row.values()), sum(c.denominator for c in row.values())
            )
        table[key] = row
    return table
