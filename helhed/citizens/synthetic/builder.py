# SPDX-License-Identifier: MPL-2.0
"""Building one municipality's registry in memory from its spec, with its own random
generator: households, arrivals, placements, then each person's spells, programme and
Danish education (careers.py)."""

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from helhed.citizens.models import ArrivalSource, Sex
from helhed.citizens.synthetic import careers
from helhed.citizens.synthetic.cprs import CprBlockFullError, CprDrawer
from helhed.citizens.synthetic.data import (
    ADULT_AGES,
    AS_OF,
    CHILDREN_OF_COUPLE,
    COUPLE,
    EDUCATION_WEIGHTS,
    FAMILY_OTHER_ORIGINS,
    OLDEST_CHILD,
    ORIGINS,
    OTHER_IMMIGRANT_ORIGINS,
    PARENT_GAP,
    PERMANENT_AFTER_2019,
    REUNIFICATION_WAIT,
    SINGLE_MAN,
    SINGLE_WOMAN,
    TEMPORARY_ONLY_FROM,
    UNACCOMPANIED_SHARE,
)
from helhed.citizens.synthetic.drafts import DraftHousehold, DraftPerson
from helhed.citizens.synthetic.errors import SyntheticRegistryError
from helhed.citizens.synthetic.names import NAME_GROUP, NAMES
from helhed.citizens.synthetic.specs import ExactCohort, RegistrySpec, YearFlow
from helhed.core.dates import add_years, age_on

T = TypeVar("T")
PLAN_ATTEMPTS = 200


class _InfeasibleError(Exception):
    """This random draw cannot meet the exact tables; draw again."""


@dataclass
class _ExactPlan:
    # (locality, adults, children, kind); kind: quota, unaccompanied, joined_earlier (a
    # spouse and children joining a refugee who came the year before), joined_same_year
    # (a refugee of this year and the spouse and children who joined them)
    placed: list[tuple[str, int, int, str]]
    carry: set[int]  # indexes into placed: counted against last year's quota
    late_quota: list[tuple[int, int]]  # (adults, children), temporary placement only
    late_family: list[tuple[bool, int]]  # (spouse?, children) living with the sponsor
    moved: list[tuple[int, int]]


class Builder:
    def __init__(self, spec: RegistrySpec, rng: random.Random) -> None:
        self.spec = spec
        self.rng = rng
        self.persons: list[DraftPerson] = []
        self.households: list[DraftHousehold] = []
        self.cprs = CprDrawer(spec.kommunekode, rng)
        self.pool: list[DraftPerson] = []  # single refugees a family may join
        self.quota_taken: Counter[int] = Counter()  # quota persons made ahead, by year

    # random helpers

    def _date(self, lo: date, hi: date) -> date:
        if hi < lo:
            raise _InfeasibleError
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))

    def _weighted(self, items: Sequence[tuple[T, float]]) -> T:
        return self.rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]

    def _locality(self) -> str:
        return self._weighted(self.spec.localities)

    def _origin(self, year: int) -> str:
        for until, weights in ORIGINS:
            if year <= until:
                return self._weighted(weights)
        return self._weighted(ORIGINS[-1][1])

    def _names(self, country: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        return NAMES[NAME_GROUP.get(country, "arabic")]

    def _family_name(self, country: str) -> str:
        return self.rng.choice(self._names(country)[2])

    def _adult_age(self, minimum: int = 18) -> int:
        low, high = self._weighted(ADULT_AGES)
        age = self.rng.randint(low, high)
        return age if age >= minimum else minimum + self.rng.randint(0, 10)

    def _birth(self, on: date, age: int) -> date:
        """A birth date giving exactly `age` on `on`, never 1 January."""
        while True:
            born = add_years(on, -age) - timedelta(days=self.rng.randint(1, 364))
            if (born.month, born.day) != (1, 1):
                return born

    def _cpr(self, born: date, sex: str) -> str:
        try:
            return self.cprs.draw(born, sex)
        except CprBlockFullError as error:
            raise SyntheticRegistryError(str(error)) from None

    def _person(
        self, household: DraftHousehold, *, sex: str, born: date, country: str, last_name: str
    ) -> DraftPerson:
        male, female, _ = self._names(country)
        person = DraftPerson(
            sex=sex,
            birth_date=born,
            country=country,
            first_name=self.rng.choice(male if sex == Sex.MALE else female),
            last_name=last_name,
            household=household,
            cpr=self._cpr(born, sex),
        )
        household.members.append(person)
        self.persons.append(person)
        return person

    def _household(self) -> DraftHousehold:
        household = DraftHousehold()
        self.households.append(household)
        return household

    # families

    def _family(
        self,
        adults: int,
        children: int,
        on: date,
        *,
        unaccompanied: bool = False,
        single_sex: str | None = None,
        min_adult_age: int = 18,
        country: str | None = None,
    ) -> DraftHousehold:
        """A household that arrives together on `on`: a couple or one adult (or none:
        unaccompanied minors) and their children."""
        country = country or self._origin(on.year)
        last_name = self._family_name(country)
        household = self._household()
        if unaccompanied:
            for _ in range(children):
                child = self._person(
                    household,
                    sex=Sex.MALE if self.rng.random() < 0.8 else Sex.FEMALE,
                    born=self._birth(on, self.rng.randint(14, OLDEST_CHILD)),
                    country=country,
                    last_name=last_name,
                )
                child.unaccompanied = True
            return household
        ages = sorted((self.rng.randint(0, OLDEST_CHILD) for _ in range(children)), reverse=True)
        minimum = max(min_adult_age, ages[0] + PARENT_GAP if ages else 0)
        parents: list[DraftPerson] = []
        if adults == 2:
            man_age = self._adult_age(minimum)
            woman_age = max(minimum, man_age - self.rng.randint(0, 8))
            parents.append(self._adult(household, Sex.MALE, on, man_age, country, last_name))
            own_name = self._family_name(country) if self.rng.random() < 0.5 else last_name
            parents.append(self._adult(household, Sex.FEMALE, on, woman_age, country, own_name))
            household.spouses.append((parents[0], parents[1]))
        elif adults == 1:
            if single_sex is None:
                single_sex = self._single_sex(with_children=bool(children))
            parents.append(
                self._adult(household, single_sex, on, self._adult_age(minimum), country, last_name)
            )
        for age in ages:
            child = self._person(
                household,
                sex=Sex.MALE if self.rng.random() < 0.5 else Sex.FEMALE,
                born=self._birth(on, age),
                country=country,
                last_name=last_name,
            )
            household.parents.extend((parent, child) for parent in parents)
        return household

    def _adult(
        self, household: DraftHousehold, sex: str, on: date, age: int, country: str, last_name: str
    ) -> DraftPerson:
        return self._person(
            household, sex=sex, born=self._birth(on, age), country=country, last_name=last_name
        )

    def _single_sex(self, *, with_children: bool) -> str:
        if with_children:  # single parents: mostly mothers (chosen)
            return Sex.FEMALE if self.rng.random() < 0.8 else Sex.MALE
        return (
            Sex.MALE if self.rng.random() < SINGLE_MAN / (SINGLE_MAN + SINGLE_WOMAN) else Sex.FEMALE
        )

    def _join(
        self, sponsor: DraftPerson, *, spouse: bool, children: int, on: date
    ) -> list[DraftPerson]:
        """A spouse and/or children reunified with `sponsor` on `on`, in their household."""
        household = sponsor.household
        parents = [sponsor]
        joined: list[DraftPerson] = []
        if spouse:
            if sponsor.sex == Sex.MALE:
                born = sponsor.birth_date + timedelta(days=self.rng.randint(0, 8 * 365))
                born = min(born, add_years(on, -PARENT_GAP) - timedelta(days=1))
            else:
                born = sponsor.birth_date - timedelta(days=self.rng.randint(0, 8 * 365))
            if (born.month, born.day) == (1, 1):
                born -= timedelta(days=1)
            sex = Sex.FEMALE if sponsor.sex == Sex.MALE else Sex.MALE
            own_name = self._family_name(sponsor.country) if self.rng.random() < 0.5 else ""
            partner = self._person(
                household,
                sex=sex,
                born=born,
                country=sponsor.country,
                last_name=own_name or sponsor.last_name,
            )
            household.spouses.append((sponsor, partner))
            parents.append(partner)
            joined.append(partner)
        youngest = min(age_on(p.birth_date, on) for p in parents)
        oldest_child = min(OLDEST_CHILD, youngest - PARENT_GAP)
        if children and oldest_child < 0:
            raise SyntheticRegistryError("A sponsor is too young for the children joining them.")
        for _ in range(children):
            child = self._person(
                household,
                sex=Sex.MALE if self.rng.random() < 0.5 else Sex.FEMALE,
                born=self._birth(on, self.rng.randint(0, oldest_child)),
                country=sponsor.country,
                last_name=sponsor.last_name,
            )
            household.parents.extend((parent, child) for parent in parents)
            joined.append(child)
        for person in joined:
            self._arrive(person, on, ArrivalSource.FAMILY_REUNIFIED_REFUGEE)
        return joined

    def _arrive(
        self,
        person: DraftPerson,
        on: date,
        source: str,
        *,
        quota_year: int | None = None,
        from_kommunekode: str = "",
        denmark_since: date | None = None,
    ) -> None:
        person.arrived_on = on
        person.source = source
        person.quota_year = quota_year
        person.from_kommunekode = from_kommunekode
        person.denmark_since = denmark_since or on
        if person.adult_on(on):
            person.education = self._weighted(EDUCATION_WEIGHTS)

    def _arrive_all(
        self, household: DraftHousehold, on: date, source: str, quota_year: int | None = None
    ) -> None:
        for person in household.members:
            self._arrive(person, on, source, quota_year=quota_year)

    @staticmethod
    def _place(persons: Sequence[DraftPerson], locality: str, on: date, *, permanent: bool) -> None:
        for person in persons:
            person.placements.append((locality, permanent, on))

    def _settle(self, household: DraftHousehold, arrived: date) -> None:
        """A visited household: a temporary home on arrival, usually a permanent one later."""
        self._place(household.members, self._locality(), arrived, permanent=False)
        permanent_on = arrived + timedelta(days=self.rng.randint(30, 150))
        if permanent_on <= AS_OF and (
            arrived < TEMPORARY_ONLY_FROM or self.rng.random() < PERMANENT_AFTER_2019
        ):
            self._place(household.members, self._locality(), permanent_on, permanent=True)

    def _to_pool(self, household: DraftHousehold) -> None:
        if len(household.members) == 1 and not household.members[0].unaccompanied:
            self.pool.append(household.members[0])

    def _pick_sponsor(self, on: date, children: int) -> DraftPerson | None:
        minimum = PARENT_GAP + 5 if children else 18
        candidates = [
            p
            for p in self.pool
            if p.arrived_on <= on - REUNIFICATION_WAIT and age_on(p.birth_date, on) >= minimum
        ]
        if not candidates:
            return None
        sponsor = self.rng.choice(candidates)
        self.pool.remove(sponsor)
        return sponsor

    def _new_sponsor(
        self,
        year: int,
        lo: date,
        hi: date,
        *,
        spouse: bool,
        home: str | None = None,
        home_before: date | None = None,
    ) -> DraftPerson:
        """A single refugee visited in `year` (counted in its quota) whom a family joins;
        given a `home`, placed there permanently before `home_before`."""
        arrived = self._date(lo, hi)
        sex = Sex.MALE if self.rng.random() < (0.85 if spouse else 0.7) else Sex.FEMALE
        household = self._family(1, 0, arrived, single_sex=sex, min_adult_age=PARENT_GAP + 5)
        self._arrive_all(household, arrived, ArrivalSource.QUOTA_REFUGEE, year)
        self.quota_taken[year] += 1
        if home is None or home_before is None:
            self._settle(household, arrived)
        else:
            self._place(household.members, self._locality(), arrived, permanent=False)
            placed_on = self._date(
                arrived + timedelta(days=30),
                min(arrived + timedelta(days=150), home_before - timedelta(days=1)),
            )
            self._place(household.members, home, placed_on, permanent=True)
        return household.members[0]

    # shapes

    def _quota_shapes(self, total: int) -> list[tuple[int, int, bool]]:
        """Households of visited refugees, (adults, children, unaccompanied), `total` persons."""
        shapes: list[tuple[int, int, bool]] = []
        left = total
        while left > 0:
            draw = self.rng.random()
            if draw < UNACCOMPANIED_SHARE:
                adults, children, alone = 0, 1, True
            elif draw < SINGLE_MAN + SINGLE_WOMAN:
                adults, children, alone = 1, 0, False
            elif draw < SINGLE_MAN + SINGLE_WOMAN + COUPLE:
                adults, children, alone = 2, self._weighted(CHILDREN_OF_COUPLE), False
            else:
                adults, children, alone = 1, self.rng.randint(1, 3), False
            adults = min(adults, left)
            children = min(children, left - adults)
            shapes.append((adults, children, alone))
            left -= adults + children
        return shapes

    def _family_shapes(self, total: int) -> list[tuple[bool, int]]:
        """Family reunifications, (spouse?, children), `total` persons."""
        shapes: list[tuple[bool, int]] = []
        left = total
        while left > 0:
            spouse = self.rng.random() < 0.8
            children = (
                self._weighted(((0, 0.35), (1, 0.25), (2, 0.2), (3, 0.12), (4, 0.08)))
                if spouse
                else self.rng.randint(1, 3)
            )
            children = min(children, left - int(spouse))
            shapes.append((spouse, children))
            left -= int(spouse) + children
        return shapes

    def _moved_shapes(self, total: int) -> list[tuple[int, int]]:
        """Households moving in from another municipality: mostly young singles (3.6)."""
        shapes: list[tuple[int, int]] = []
        left = total
        while left > 0:
            draw = self.rng.random()
            if draw < 0.75:
                adults, children = 1, 0
            elif draw < 0.85:
                adults, children = 2, self.rng.randint(0, 2)
            else:
                adults, children = 1, self.rng.randint(1, 2)
            adults = min(adults, left)
            children = min(children, left - adults)
            shapes.append((adults, children))
            left -= adults + children
        return shapes

    def _split(self, adults: int, children: int) -> list[tuple[int, int]]:
        """`adults` and `children` shared out into households of one or two adults."""
        sizes: list[int] = []
        left = adults
        while left > 0:
            two = left >= 2 and self.rng.random() < 0.5
            sizes.append(2 if two else 1)
            left -= sizes[-1]
        kids = [0] * len(sizes)
        for _ in range(children):
            open_ = [i for i in range(len(sizes)) if kids[i] < 6]
            if not open_:
                raise _InfeasibleError
            kids[self.rng.choices(open_, weights=[sizes[i] for i in open_])[0]] += 1
        return list(zip(sizes, kids, strict=True))

    def _moved(self, first: date, last: date, shapes: Sequence[tuple[int, int]]) -> None:
        for adults, children in shapes:
            arrived = self._date(first, last)
            household = self._family(adults, children, arrived, min_adult_age=20)
            origin = self.rng.choice(self.spec.neighbours)
            since = arrived - timedelta(days=self.rng.randint(180, 4 * 365))
            for person in household.members:
                self._arrive(
                    person,
                    arrived,
                    ArrivalSource.MOVED,
                    from_kommunekode=origin,
                    denmark_since=since,
                )

    # years

    def build(self) -> None:
        exact_years = {cohort.year for cohort in self.spec.exact}
        for cohort in sorted(self.spec.exact, key=lambda c: c.year):
            self._exact_year(cohort)
        for year in sorted(self.spec.flows):
            if year not in exact_years:
                self._generic_year(year, self.spec.flows[year])
        self._careers()

    def _year_bounds(self, year: int) -> tuple[date, date]:
        flow = self.spec.flows[year]
        return date(year, 1, 2), min(flow.last_day or date(year, 12, 31), AS_OF)

    def _generic_year(self, year: int, flow: YearFlow) -> None:
        first, last = self._year_bounds(year)
        # The families first: a family joins a single refugee already here, or one who
        # arrives in this year's quota at least REUNIFICATION_WAIT before them.
        groups: list[tuple[DraftPerson, bool, int, date]] = []
        for spouse, children in self._family_shapes(flow.family_refugee):
            arrives = self._date(first, last)
            sponsor = None
            if self.rng.random() < 0.5 or arrives < first + REUNIFICATION_WAIT:
                sponsor = self._pick_sponsor(arrives, children)
            if sponsor is None:
                if arrives < first + REUNIFICATION_WAIT:
                    arrives = self._plan_date(first + REUNIFICATION_WAIT, last)
                sponsor = self._new_sponsor(
                    year, first, arrives - REUNIFICATION_WAIT, spouse=spouse
                )
            groups.append((sponsor, spouse, children, arrives))
        room = flow.quota - self.quota_taken[year] - flow.quota_previous_year
        if room < 0:
            raise SyntheticRegistryError(
                f"{year}: the families need more sponsors than the year's quota of {flow.quota}."
            )
        for count, lo, hi, quota_year in (
            (flow.quota_previous_year, first, date(year, 2, 28), year - 1),
            (room, first, last, year),
        ):
            for adults, children, alone in self._quota_shapes(count):
                arrived = self._date(lo, min(hi, last))
                household = self._family(adults, children, arrived, unaccompanied=alone)
                self._arrive_all(household, arrived, ArrivalSource.QUOTA_REFUGEE, quota_year)
                self._settle(household, arrived)
                self._to_pool(household)
        for sponsor, spouse, children, arrives in groups:
            joined = self._join(sponsor, spouse=spouse, children=children, on=arrives)
            home = [p for p in sponsor.placements if p[1] and p[2] <= arrives]
            if home and self.rng.random() < 0.5:  # chosen: half move into a new home
                self._place(joined, home[-1][0], arrives, permanent=True)
        self._moved(first, last, self._moved_shapes(flow.moved))
        self._others(first, last, flow)

    def _others(self, first: date, last: date, flow: YearFlow) -> None:
        """Other family reunification (a spouse, perhaps with children, joining a partner
        outside the registry) and other immigrants (mostly single), chosen shapes."""
        for source, total, origins in (
            (ArrivalSource.FAMILY_REUNIFIED_OTHER, flow.family_other, FAMILY_OTHER_ORIGINS),
            (ArrivalSource.OTHER_IMMIGRANT, flow.other_immigrant, OTHER_IMMIGRANT_ORIGINS),
        ):
            left = total
            while left > 0:
                draw = self.rng.random()
                if source == ArrivalSource.FAMILY_REUNIFIED_OTHER:
                    adults, children = 1, (0 if draw < 0.7 else self.rng.randint(1, 2))
                elif draw < 0.7:
                    adults, children = 1, 0
                else:
                    adults, children = 2, self.rng.randint(0, 2)
                adults = min(adults, left)
                children = min(children, left - adults)
                left -= adults + children
                arrived = self._date(first, last)
                household = self._family(adults, children, arrived, country=self._weighted(origins))
                self._arrive_all(household, arrived, source)

    def _plan_date(self, lo: date, hi: date) -> date:
        try:
            return self._date(lo, hi)
        except _InfeasibleError:
            raise SyntheticRegistryError(
                f"No room for a family reunification between {lo} and {hi}."
            ) from None

    # the exact year

    def _exact_year(self, cohort: ExactCohort) -> None:
        flow = self.spec.flows[cohort.year]
        if cohort.year - 1 not in self.spec.flows:
            raise SyntheticRegistryError(
                f"The exact year {cohort.year} needs the year before it for its sponsors."
            )
        for _ in range(PLAN_ATTEMPTS):
            try:
                plan = self._plan_exact(cohort, flow)
            except _InfeasibleError:
                continue
            self._materialise_exact(cohort, flow, plan)
            return
        raise SyntheticRegistryError(f"No household plan meets the tables of {cohort.year}.")

    def _plan_exact(self, cohort: ExactCohort, flow: YearFlow) -> _ExactPlan:
        total = flow.quota + flow.family_refugee + flow.moved
        adults = sum(n for _, n in cohort.education)
        placed_adults = sum(c.adults for c in cohort.permanent_placements)
        placed_children = sum(c.children for c in cohort.permanent_placements)
        late_adults = adults - placed_adults
        late_children = total - adults - placed_children
        if late_adults < 0 or late_children < 0:
            raise SyntheticRegistryError(
                f"{cohort.year}: the tables place more persons than arrived."
            )
        placed: list[tuple[str, int, int, str]] = []
        for count in cohort.permanent_placements:
            children = count.children
            if count.name == cohort.unaccompanied_locality:
                children -= cohort.unaccompanied_placed
                placed += [(count.name, 0, 1, "unaccompanied")] * cohort.unaccompanied_placed
            placed += [(count.name, a, c, "quota") for a, c in self._split(count.adults, children)]

        # Some placed households are families reunified in the year (all but
        # reunified_without_placement of them); the rest came under the quota.
        target = flow.family_refugee - cohort.reunified_without_placement
        order = list(range(len(placed)))
        self.rng.shuffle(order)
        reunified = 0
        for greedy in (False, True):
            for i in order:
                name, a, c, kind = placed[i]
                if kind != "quota" or reunified + 1 + c > target:
                    continue
                if not greedy and self.rng.random() < 0.4:
                    continue
                placed[i] = (name, a, c, "joined_earlier" if a == 1 else "joined_same_year")
                reunified += 1 + c
        placed_quota = placed_adults + placed_children - reunified
        late_quota_count = flow.quota - placed_quota
        late_family_count = flow.family_refugee - reunified
        if late_quota_count < 0:
            raise _InfeasibleError
        quota_items = [
            (i, a + c)
            for i, (_, a, c, kind) in enumerate(placed)
            if kind in ("quota", "unaccompanied")
        ]
        carry = self._subset_with_sum(quota_items, flow.quota_previous_year)

        moved = self._moved_shapes(flow.moved)
        moved_adults = sum(a for a, _ in moved)
        moved_children = sum(c for _, c in moved)
        free_adults = late_adults - moved_adults
        free_children = late_children - moved_children
        if free_adults < 0 or free_children < 0:
            raise _InfeasibleError
        family_children = min(free_children, late_family_count // 3)
        family_adults = late_family_count - family_children
        if family_adults > free_adults:
            family_adults = free_adults
            family_children = late_family_count - family_adults
        if family_children > free_children:
            raise _InfeasibleError
        quota_adults = free_adults - family_adults
        quota_children = free_children - family_children
        if quota_adults == 0:
            if quota_children > 2:
                raise _InfeasibleError
            late_quota = [(0, 1)] * quota_children
        else:
            late_quota = self._split(quota_adults, quota_children)
        if family_adults:
            kids = [0] * family_adults
            for _ in range(family_children):
                open_ = [i for i, k in enumerate(kids) if k < 4]
                if not open_:
                    raise _InfeasibleError
                kids[self.rng.choice(open_)] += 1
            late_family = [(True, k) for k in kids]
        else:
            late_family = []
            left = family_children
            while left > 0:
                late_family.append((False, min(left, self.rng.randint(1, 3))))
                left -= late_family[-1][1]
        # Every joined_earlier household and late family has a sponsor in last year's quota.
        previous = self.spec.flows[cohort.year - 1]
        sponsors = sum(1 for p in placed if p[3] == "joined_earlier") + len(late_family)
        if sponsors > previous.quota - previous.quota_previous_year - previous.family_refugee:
            raise _InfeasibleError
        return _ExactPlan(placed, carry, late_quota, late_family, moved)

    def _subset_with_sum(self, items: list[tuple[int, int]], target: int) -> set[int]:
        """Indexes of some of `items` (index, size) whose sizes add up to `target`."""
        items = list(items)
        self.rng.shuffle(items)
        reachable: dict[int, list[int]] = {0: []}
        for index, size in items:
            for total, chosen in list(reachable.items()):
                if total + size <= target and total + size not in reachable:
                    reachable[total + size] = [*chosen, index]
            if target in reachable:
                return set(reachable[target])
        raise _InfeasibleError

    def _materialise_exact(self, cohort: ExactCohort, flow: YearFlow, plan: _ExactPlan) -> None:
        year = cohort.year
        first, last = self._year_bounds(year)
        previous_first, previous_last = self._year_bounds(year - 1)
        start = len(self.persons)

        for i, (locality, adults, children, kind) in enumerate(plan.placed):
            if kind in ("quota", "unaccompanied"):
                carried = i in plan.carry
                arrived = (
                    self._date(first, date(year, 2, 28))
                    if carried
                    else self._date(date(year, 3, 1), date(year, 8, 31))
                )
                household = self._family(
                    adults, children, arrived, unaccompanied=kind == "unaccompanied"
                )
                quota_year = year - 1 if carried else year
                self._arrive_all(household, arrived, ArrivalSource.QUOTA_REFUGEE, quota_year)
                self._place(household.members, self._locality(), arrived, permanent=False)
                placed_on = self._date(
                    arrived + timedelta(days=30), min(arrived + timedelta(days=100), last)
                )
                self._place(household.members, locality, placed_on, permanent=True)
                self._to_pool(household)
            elif kind == "joined_same_year":
                # A refugee of this year's quota, joined later in the year by the family.
                sponsor_arrived = self._date(first, date(year, 7, 31))
                joined_on = self._date(sponsor_arrived + REUNIFICATION_WAIT, last)
                sponsor = self._family(
                    1, 0, sponsor_arrived, single_sex=Sex.MALE, min_adult_age=PARENT_GAP + 5
                ).members[0]
                self._arrive(sponsor, sponsor_arrived, ArrivalSource.QUOTA_REFUGEE, quota_year=year)
                self._place([sponsor], self._locality(), sponsor_arrived, permanent=False)
                sponsor_home = self._date(
                    sponsor_arrived + timedelta(days=30),
                    min(sponsor_arrived + timedelta(days=100), joined_on),
                )
                self._place([sponsor], locality, sponsor_home, permanent=True)
                joined = self._join(sponsor, spouse=True, children=children, on=joined_on)
                self._place(joined, locality, joined_on, permanent=True)
            else:  # joined_earlier
                joined_on = self._date(first, last)
                sponsor = self._new_sponsor(
                    year - 1,
                    previous_first,
                    min(previous_last, joined_on - REUNIFICATION_WAIT),
                    spouse=True,
                    home=locality,
                    home_before=joined_on,
                )
                joined = self._join(sponsor, spouse=True, children=children, on=joined_on)
                self._place(joined, locality, joined_on, permanent=True)

        for adults, children in plan.late_quota:
            # Arrived in the autumn: a temporary home this year, a permanent one next year.
            arrived = self._date(date(year, 9, 1), last)
            household = self._family(adults, children, arrived, unaccompanied=adults == 0)
            self._arrive_all(household, arrived, ArrivalSource.QUOTA_REFUGEE, year)
            self._place(household.members, self._locality(), arrived, permanent=False)
            placed_on = max(arrived + timedelta(days=60), date(year + 1, 1, 4)) + timedelta(
                days=self.rng.randint(0, 90)
            )
            if placed_on <= AS_OF:
                self._place(household.members, self._locality(), placed_on, permanent=True)
            self._to_pool(household)

        for spouse, children in plan.late_family:
            # Living with a refugee of last year's quota, without a placement of their own.
            joined_on = self._date(date(year, 3, 1), last)
            sponsor = self._new_sponsor(
                year - 1,
                previous_first,
                min(previous_last, joined_on - REUNIFICATION_WAIT),
                spouse=spouse,
            )
            self._join(sponsor, spouse=spouse, children=children, on=joined_on)

        self._moved(first, last, plan.moved)

        # The exact education table for the adults who arrived in the year.
        cohort_adults = [
            p
            for p in self.persons[start:]
            if p.arrived_on.year == year and p.adult_on(p.arrived_on)
        ]
        levels = [level for level, n in cohort.education for _ in range(n)]
        if len(levels) != len(cohort_adults):
            raise SyntheticRegistryError(
                f"{year}: {len(cohort_adults)} adults arrived, the education table has "
                f"{len(levels)}."
            )
        self.rng.shuffle(levels)
        for person, level in zip(cohort_adults, levels, strict=True):
            person.education = level

    # what happens after arrival

    def _careers(self) -> None:
        for person in self.persons:
            person.spells = careers.status_spells(self.rng, person)
            person.programme = careers.programme(person)
            person.danish = careers.danish_education(self.rng, person)
