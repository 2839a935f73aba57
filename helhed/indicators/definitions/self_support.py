# SPDX-License-Identifier: MPL-2.0
"""self_support_after_one_year: the Horsens result target (at least 45 %).

Denominator, at the end of each month: persons in a programme (a programme enrolment
covering the day) that started more than one year before, who were on a public benefit
(a benefit spell covering the programme's first day) when it started. Numerator: of
those, the self-supporting, i.e. in an ordinary job or in education (every status spell
covering the day is a job or education spell, and there is at least one).
Source: Horsens Kommunes integrationspolitik 2016, resultatmål; status spells and
programme enrolments of the registry.
"""

from helhed.citizens.models import SpellKind
from helhed.indicators.definitions.base import (
    Contribution,
    Definition,
    Household,
    Month,
    PersonFacts,
    Span,
    State,
    add_years,
    dates_to_months,
    month_end,
    runs,
)

KEY = "self_support_after_one_year"


def _on_benefit_at_entry(person: PersonFacts, programme: Span) -> bool:
    return any(s.kind == SpellKind.BENEFIT and s.covers(programme.starts_on) for s in person.spells)


def state(person: PersonFacts, month: Month) -> State:
    day = month_end(month)
    for programme in person.programmes:
        if (
            programme.covers(day)
            and day > add_years(programme.starts_on, 1)
            and _on_benefit_at_entry(person, programme)
        ):
            return ("", person.self_supporting_on(day))
    return None


def changes(person: PersonFacts) -> set[Month]:
    days = []
    for p in person.programmes:
        days += [p.starts_on, p.ends_on, add_years(p.starts_on, 1)]
    for s in person.spells:
        days += [s.starts_on, s.ends_on]
    return dates_to_months(days)


def contributions(person: PersonFacts, _household: Household) -> list[Contribution]:
    if not person.programmes:
        return []
    return runs(KEY, changes(person), lambda month: state(person, month))


DEFINITION = Definition(
    key=KEY,
    kind="stock",
    numerator="in an ordinary job or education at the month's end",
    denominator="in the programme more than one year, on a benefit when it started",
    source="Horsens Kommunes integrationspolitik 2016 (resultatmål); status spells, programmes",
    contributions=contributions,
    reads=frozenset({"programmes", "spells"}),
)
