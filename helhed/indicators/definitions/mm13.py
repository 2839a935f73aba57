# SPDX-License-Identifier: MPL-2.0
"""mm13_unsubsidised_employment: jobindsats' ministermål MM13, per month.

Denominator: persons whose first residence basis was as a refugee (quota or asylum) or as
family-reunified to a refugee, from 2004 onward (their first arrival of those sources in
the municipality's registry), aged 18-66 at the month's end, broken down by completed
years of residence since that arrival ('0' .. '4', '5+'). Numerator: of those, the
persons in unsubsidised employment in the month, regardless of hours: an ordinary job
spell overlapping the month (wage subsidy, flexjob and IGU are interventions of the
plan, not job spells, so they do not count, as in MM13).
Source: jobindsats.dk, MM13 (Y21), Måling 2 and 3 (danish-domain.md § 2.1).
Not in the registry: a Danish address at the period's end (a person who moved away is
counted for as long as they are in the registry) and the 190-hour measures (4, 5).
"""

from datetime import date

from helhed.citizens.models import ArrivalSource, SpellKind
from helhed.indicators.definitions.base import (
    ArrivalFact,
    Contribution,
    Definition,
    Household,
    Month,
    PersonFacts,
    State,
    add_years,
    dates_to_months,
    month_end,
    runs,
)

KEY = "mm13_unsubsidised_employment"
REFUGEE_SOURCES = frozenset(
    {
        ArrivalSource.QUOTA_REFUGEE,
        ArrivalSource.ASYLUM,
        ArrivalSource.FAMILY_REUNIFIED_REFUGEE,
    }
)
FIRST_YEAR = 2004
YEARS_CAP = 5


def first_residence(person: PersonFacts) -> ArrivalFact | None:
    found = [a for a in person.arrivals if a.source in REFUGEE_SOURCES]
    if not found:
        return None
    first = min(found, key=lambda a: a.arrived_on)
    return first if first.arrived_on.year >= FIRST_YEAR else None


def years_band(years: int) -> str:
    return f"{YEARS_CAP}+" if years >= YEARS_CAP else str(years)


def state(
    person: PersonFacts, arrival: ArrivalFact, anniversaries: list[date], month: Month
) -> State:
    day = month_end(month)
    if day < arrival.arrived_on or not 18 <= person.age_on(day) <= 66:
        return None
    years = sum(1 for anniversary in anniversaries if anniversary <= day)
    employed = any(s.kind == SpellKind.JOB and s.overlaps_month(month) for s in person.spells)
    return (years_band(years), employed)


def contributions(person: PersonFacts, _household: Household) -> list[Contribution]:
    arrival = first_residence(person)
    if arrival is None:
        return []
    days: list[date | None] = [
        arrival.arrived_on,
        add_years(person.birth_date, 18),
        add_years(person.birth_date, 67),
    ]
    anniversaries = [add_years(arrival.arrived_on, k) for k in range(1, YEARS_CAP + 1)]
    days += anniversaries
    for s in person.spells:
        days += [s.starts_on, s.ends_on]
    return runs(
        KEY, dates_to_months(days), lambda month: state(person, arrival, anniversaries, month)
    )


DEFINITION = Definition(
    key=KEY,
    kind="stock",
    numerator="in unsubsidised employment (an ordinary job) in the month",
    denominator="refugees and family-reunified to refugees aged 18-66, by years of residence",
    source="jobindsats.dk ministermål MM13 (Y21); arrivals and job spells of the registry",
    contributions=contributions,
    total=True,
    reads=frozenset({"arrivals", "spells"}),
)
