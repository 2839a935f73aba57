# SPDX-License-Identifier: MPL-2.0
"""What every indicator definition stands on: the plain facts of a person, months as
integers, contributions as runs of months, and the builder of runs.

A definition is a plain function of plain data (no database): given one person (and the
members of their household) it returns the person's contributions. A *stock* indicator is
measured at the end of each month; its definition names the months in which the person's
state can change (`changes`) and the state at a month's end (`state`), and `runs` turns
them into runs. An *event* indicator (an arrival, a deadline, a first job) contributes to
one month.
"""

import functools
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from helhed.caseplans.catalogue import InterventionStatus
from helhed.caseplans.rules import Period
from helhed.citizens.changes import FACTS
from helhed.citizens.models import SELF_SUPPORTING_KINDS, ArrivalSource
from helhed.core.dates import add_years as add_years  # the definitions' calendar
from helhed.core.dates import age_on

Month = int  # year * 12 + month - 1
Kind = Literal["stock", "event"]

# Who gets a programme (integrationsloven § 16; as helhed/caseplans/rules.py).
PROGRAMME_SOURCES = frozenset(
    {
        ArrivalSource.QUOTA_REFUGEE,
        ArrivalSource.ASYLUM,
        ArrivalSource.FAMILY_REUNIFIED_REFUGEE,
        ArrivalSource.FAMILY_REUNIFIED_OTHER,
    }
)
ONE_MONTH_DAYS = 30
INTEGRATION_YEARS = 5


def month_of(day: date) -> Month:
    return day.year * 12 + day.month - 1


@functools.lru_cache(maxsize=8192)  # months are few; definitions ask for them often
def month_start(month: Month) -> date:
    return date(month // 12, month % 12 + 1, 1)


@functools.lru_cache(maxsize=8192)
def month_end(month: Month) -> date:
    return month_start(month + 1) - timedelta(days=1)


class Span(Period):
    """A status spell or programme enrolment: a kind over days, both ends included (the
    rules' Period, a named tuple), which the indicators also ask about whole months."""

    __slots__ = ()

    def overlaps_month(self, month: Month) -> bool:
        return self.starts_on <= month_end(month) and (
            self.ends_on is None or self.ends_on >= month_start(month)
        )


@dataclass(frozen=True)
class PlanItem:
    """An intervention of the plan (the person's own or their household's)."""

    kind: str
    status: str
    starts_on: date
    ends_on: date | None = None

    def started(self) -> bool:
        return self.status in (InterventionStatus.ACTIVE, InterventionStatus.COMPLETED)

    def ran_on(self, day: date) -> bool:
        """Under way on `day`: started (and not cancelled), covering the day. A completed
        intervention ran on the days before its end."""
        return (
            self.started()
            and self.starts_on <= day
            and (self.ends_on is None or day <= self.ends_on)
        )


@dataclass(frozen=True)
class ArrivalFact:
    arrived_on: date
    source: str
    in_target_group: bool


@dataclass(frozen=True)
class DanishFact:
    referred_on: date
    test: str
    test_passed_on: date | None


@dataclass(frozen=True)
class PlacementFact:
    locality: str
    permanent: bool
    placed_on: date


@dataclass
class PersonFacts:
    id: uuid.UUID
    municipality_id: uuid.UUID
    birth_date: date
    household_id: uuid.UUID | None = None
    education_level: str = "unknown"
    arrivals: tuple[ArrivalFact, ...] = ()
    spells: tuple[Span, ...] = ()
    programmes: tuple[Span, ...] = ()
    danish: tuple[DanishFact, ...] = ()
    placements: tuple[PlacementFact, ...] = ()
    # own interventions and the household's (household-level) interventions
    interventions: tuple[PlanItem, ...] = ()
    # the persons this person is the parent of
    children: frozenset[uuid.UUID] = field(default_factory=frozenset)

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)

    def takeover(self) -> ArrivalFact | None:
        """The latest arrival in the target group: the municipality took over then."""
        found = [a for a in self.arrivals if a.in_target_group]
        return max(found, key=lambda a: a.arrived_on) if found else None

    def self_supporting_on(self, day: date) -> bool:
        covering = [s for s in self.spells if s.covers(day)]
        return bool(covering) and all(s.kind in SELF_SUPPORTING_KINDS for s in covering)

    def has_running(self, kinds: Iterable[str], day: date) -> bool:
        wanted = frozenset(kinds)
        return any(i.kind in wanted and i.ran_on(day) for i in self.interventions)


@dataclass(frozen=True)
class Household:
    """The members of the person's household (the person included), by id."""

    members: tuple[PersonFacts, ...] = ()

    def lead(self) -> PersonFacts | None:
        """The member who carries the household's contribution: the lowest id."""
        return min(self.members, key=lambda m: m.id.hex) if self.members else None


@dataclass(frozen=True)
class Contribution:
    key: str
    breakdown: str
    first: Month
    last: Month | None  # inclusive; None: open
    in_numerator: bool
    measure: int | None = None


State = tuple[str, bool] | None  # (breakdown, in numerator), or not in the denominator


def dates_to_months(days: Iterable[date | None]) -> set[Month]:
    """The months in which a comparison with these days can change at a month's end (the
    month of the day and the month after it)."""
    months: set[Month] = set()
    for day in days:
        if day is not None:
            months.update((month_of(day), month_of(day) + 1))
    return months


def runs(key: str, changes: Iterable[Month], state: Callable[[Month], State]) -> list[Contribution]:
    """The runs of equal state, evaluated only at the months where it can change: between
    two of them (and after the last) the state stays what it was."""
    found: list[Contribution] = []
    current: State = None
    opened: Month = 0
    for month in sorted(set(changes)):
        new = state(month)
        if new == current:
            continue
        if current is not None:
            found.append(Contribution(key, current[0], opened, month - 1, current[1]))
        current, opened = new, month
    if current is not None:
        found.append(Contribution(key, current[0], opened, None, current[1]))
    return found


def event(
    key: str,
    day: date,
    *,
    breakdown: str = "",
    in_numerator: bool = True,
    measure: int | None = None,
) -> Contribution:
    month = month_of(day)
    return Contribution(key, breakdown, month, month, in_numerator, measure)


@dataclass(frozen=True)
class Definition:
    """One indicator: its key, kind, what it counts (for the docs and the page) and its
    contributions. `person_level` False: the household's contribution, carried by its lead
    member."""

    key: str
    kind: Kind
    numerator: str
    denominator: str
    source: str
    contributions: Callable[[PersonFacts, Household], list[Contribution]]
    # a total over the breakdowns means something (it does not when a person is counted
    # in several breakdowns at once)
    total: bool = False
    # the facts of the person and of the household's members it reads beyond their own
    # rows (helhed/citizens/changes.py FACTS): a write that changed none of them does not
    # recompute it (ADR 0044); a test poisons every other fact and runs it
    reads: frozenset[str] = FACTS

    def __post_init__(self) -> None:
        if not self.reads <= FACTS:  # pragma: no cover (a programming error)
            raise ValueError(f"{self.key} reads unknown facts: {sorted(self.reads - FACTS)}")
