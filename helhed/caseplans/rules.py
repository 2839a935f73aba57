# SPDX-License-Identifier: MPL-2.0
"""The rule flags, as plain functions over plain facts (no database, no web layer).

Each rule says, for one person on one day, whether it applies and is not yet met (a flag
with its deadline), or why it no longer needs a flag. The sources of every rule are in
RULE_SOURCES and in docs/adr/0013-holistic-plan.md.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple, NoReturn

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from helhed.caseplans.catalogue import COMPANY_BASED, SCHOOL_OR_DAYCARE, InterventionKind
from helhed.caseplans.catalogue import InterventionStatus as Status
from helhed.caseplans.models import Resolution, Rule
from helhed.citizens.models import SELF_SUPPORTING_KINDS, ArrivalSource
from helhed.core.dates import add_years, age_on

# Who gets a programme with a contract, Danish education and company-based offers: adult
# refugees and family-reunified (integrationsloven § 16; danish-domain.md 1.2, 1.3).
PROGRAMME_SOURCES = frozenset(
    {
        ArrivalSource.QUOTA_REFUGEE,
        ArrivalSource.ASYLUM,
        ArrivalSource.FAMILY_REUNIFIED_REFUGEE,
        ArrivalSource.FAMILY_REUNIFIED_OTHER,
    }
)
ONE_MONTH_DAYS = 30
# The programme lasts at most 5 years (UIM, danish-domain.md 1.3); the takeover rules are
# watched for as long.
PROGRAMME_YEARS = 5
# Warn this long before the programme reaches its maximum.
MAXIMUM_WARNING = timedelta(days=90)
# An unaccompanied minor should be in school or daycare this many days after takeover
# (chosen; setting HELHED_MINOR_SCHOOL_DAYS).
MINOR_SCHOOL_DAYS = 30

RULE_SOURCES: dict[str, Promise] = {
    Rule.COMPANY_OFFER: _(
        "Horsens Kommunes integrationspolitik 2016, indsatsområde Beskæftigelse: "
        "'Senest en måned efter boligplacering er borgeren i gang med den rette indsats'; "
        "UIM: the first company-based offer at the latest one month after the "
        "municipality took over (integrationsloven § 16 and § 23)."
    ),
    Rule.DANISH_REFERRAL: _(
        "Integrationsloven § 21: referral to Danish education within one month after the "
        "municipality took over."
    ),
    Rule.MINOR_SCHOOL: _(
        "UIM, unaccompanied refugee children: school and services under serviceloven from "
        "the placement; Helhed's deadline is a setting (HELHED_MINOR_SCHOOL_DAYS)."
    ),
    Rule.PROGRAMME_YEAR: _(
        "UIM: the programme is planned so that the person can get ordinary work within "
        "one year; Horsens' result target counts those in the programme over one year."
    ),
    Rule.PROGRAMME_MAXIMUM: _("UIM: the programme lasts at most five years."),
}


class Period(NamedTuple):
    """A status spell or programme enrolment of the rule facts: a named tuple, not a
    dataclass, since the upkeep after an import makes one for every period of thousands
    of persons and a tuple is made several times faster."""

    kind: str
    starts_on: date
    ends_on: date | None = None

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


@dataclass(frozen=True)
class PlannedIntervention:
    kind: str
    status: str
    starts_on: date
    ends_on: date | None = None

    def has_started(self, day: date) -> bool:
        return self.status in (Status.ACTIVE, Status.COMPLETED) and self.starts_on <= day

    def runs_on(self, day: date) -> bool:
        return (
            self.status == Status.ACTIVE
            and self.starts_on <= day
            and (self.ends_on is None or day <= self.ends_on)
        )


class FactNotReadError(LookupError):
    """A rule used a fact that was not read for it (see NOT_READ)."""


class _NotRead(tuple):  # type: ignore[type-arg]
    """Facts of a kind not read yet: any use raises FactNotReadError, so that the caller
    reads them for the persons whose rules need them and evaluates those again (the rule
    flags defer the spells this way when spells did not change, ADR 0044)."""

    def _unread(self, *_args: object) -> NoReturn:
        raise FactNotReadError

    __iter__ = __len__ = __bool__ = __contains__ = __getitem__ = _unread
    # comparing, hashing, joining or counting them would pass for an empty tuple
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __hash__ = _unread
    __add__ = __radd__ = __mul__ = __rmul__ = count = index = _unread


NOT_READ: tuple[Any, ...] = _NotRead()


@dataclass(frozen=True)
class Facts:
    """What the rules read of one person. `takeover`: the latest arrival in the target
    group (the day the municipality took over), with its source."""

    birth_date: date
    unaccompanied_minor: bool = False
    takeover: date | None = None
    source: str = ""
    spells: tuple[Period, ...] = ()
    programmes: tuple[Period, ...] = ()
    danish_referrals: tuple[date, ...] = ()
    interventions: tuple[PlannedIntervention, ...] = field(default=())

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)

    def self_supporting_on(self, day: date) -> bool:
        covering = [s for s in self.spells if s.covers(day)]
        return bool(covering) and all(s.kind in SELF_SUPPORTING_KINDS for s in covering)


@dataclass(frozen=True)
class Due:
    """The rule applies and is not met: a flag from `opened_on`, to be met by `due_on`."""

    opened_on: date
    due_on: date


# A rule's verdict: a flag to keep open, or why none is needed.
Verdict = Due | Resolution


def _in_programme_window(facts: Facts, today: date) -> bool:
    """An adult taken over as a refugee or family-reunified within the programme's years."""
    return (
        facts.takeover is not None
        and facts.source in PROGRAMME_SOURCES
        and facts.age_on(facts.takeover) >= 18
        and facts.takeover <= today < add_years(facts.takeover, PROGRAMME_YEARS)
    )


def company_offer(facts: Facts, today: date) -> Verdict:
    if not _in_programme_window(facts, today) or facts.takeover is None:
        return Resolution.NO_LONGER_APPLIES
    if any(
        i.kind in COMPANY_BASED and i.has_started(today) and i.starts_on >= facts.takeover
        for i in facts.interventions
    ):
        return Resolution.INTERVENTION_STARTED
    if facts.self_supporting_on(today):
        return Resolution.SELF_SUPPORTING
    return Due(facts.takeover, facts.takeover + timedelta(days=ONE_MONTH_DAYS))


def danish_referral(facts: Facts, today: date) -> Verdict:
    if not _in_programme_window(facts, today) or facts.takeover is None:
        return Resolution.NO_LONGER_APPLIES
    takeover = facts.takeover
    referred = any(takeover <= day <= today for day in facts.danish_referrals) or any(
        i.kind == InterventionKind.DANISH_COURSE
        and i.has_started(today)
        and i.starts_on >= takeover
        for i in facts.interventions
    )
    if referred:
        return Resolution.DANISH_REFERRED
    return Due(facts.takeover, facts.takeover + timedelta(days=ONE_MONTH_DAYS))


def minor_school(facts: Facts, today: date, *, days: int = MINOR_SCHOOL_DAYS) -> Verdict:
    if not facts.unaccompanied_minor or facts.takeover is None or facts.age_on(today) >= 18:
        return Resolution.NO_LONGER_APPLIES
    if facts.takeover > today:
        return Resolution.NO_LONGER_APPLIES
    if any(i.kind in SCHOOL_OR_DAYCARE and i.runs_on(today) for i in facts.interventions):
        return Resolution.IN_SCHOOL_OR_DAYCARE
    return Due(facts.takeover, facts.takeover + timedelta(days=days))


def _current_programme(facts: Facts, today: date) -> Period | None:
    return next((p for p in facts.programmes if p.covers(today)), None)


def programme_year(facts: Facts, today: date) -> Verdict:
    programme = _current_programme(facts, today)
    if programme is None:
        return Resolution.PROGRAMME_ENDED
    one_year = add_years(programme.starts_on, 1)
    if today < one_year:
        return Resolution.NO_LONGER_APPLIES
    if facts.self_supporting_on(today):
        return Resolution.SELF_SUPPORTING
    return Due(one_year, one_year)


def programme_maximum(facts: Facts, today: date) -> Verdict:
    programme = _current_programme(facts, today)
    if programme is None:
        return Resolution.PROGRAMME_ENDED
    maximum = add_years(programme.starts_on, PROGRAMME_YEARS)
    if today < maximum - MAXIMUM_WARNING:
        return Resolution.NO_LONGER_APPLIES
    return Due(maximum - MAXIMUM_WARNING, maximum)


# The facts each rule reads beyond the person's own row (helhed/citizens/changes.py FACTS;
# arrivals: the takeover and its source): a write that changed none of them leaves the
# rule's flags as they are (ADR 0044); a test poisons every other fact and runs the rule.
READS: dict[str, frozenset[str]] = {
    Rule.COMPANY_OFFER: frozenset({"arrivals", "interventions", "spells"}),
    Rule.DANISH_REFERRAL: frozenset({"arrivals", "danish", "interventions"}),
    Rule.MINOR_SCHOOL: frozenset({"arrivals", "interventions"}),
    Rule.PROGRAMME_YEAR: frozenset({"programmes", "spells"}),
    Rule.PROGRAMME_MAXIMUM: frozenset({"programmes"}),
}


def reading(changed: frozenset[str] | None) -> list[str]:
    """The rules that read any of the facts that changed (every rule for None)."""
    return [rule for rule, reads in READS.items() if changed is None or reads & changed]


def evaluate(
    facts: Facts,
    today: date,
    *,
    minor_school_days: int = MINOR_SCHOOL_DAYS,
    rules: Iterable[str] | None = None,
) -> dict[str, Verdict]:
    """Every rule's verdict (or these rules') for one person on `today`."""
    chosen = READS if rules is None else rules
    return {rule: _CHECKS[rule](facts, today, minor_school_days) for rule in chosen}


_CHECKS: dict[str, Callable[[Facts, date, int], Verdict]] = {
    Rule.COMPANY_OFFER: lambda facts, today, _days: company_offer(facts, today),
    Rule.DANISH_REFERRAL: lambda facts, today, _days: danish_referral(facts, today),
    Rule.MINOR_SCHOOL: lambda facts, today, days: minor_school(facts, today, days=days),
    Rule.PROGRAMME_YEAR: lambda facts, today, _days: programme_year(facts, today),
    Rule.PROGRAMME_MAXIMUM: lambda facts, today, _days: programme_maximum(facts, today),
}
