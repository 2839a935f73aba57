# SPDX-License-Identifier: MPL-2.0
"""children_in_daycare: the share of children aged 1-5 in daycare.

Denominator, at the end of each month: persons of the registry aged 1 to 5 (from their
first birthday to the day before their sixth), from their first arrival in the
municipality. Numerator: of those, the children with a daycare intervention of the plan
under way on the day (started, not cancelled, not ended).
Source: Furesø's and Horsens' policies (daycare as the door to language and community);
birth dates, arrivals and daycare interventions of the plan.
"""

from datetime import date

from helhed.caseplans.catalogue import InterventionKind
from helhed.indicators.definitions.base import (
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

KEY = "children_in_daycare"


def state(person: PersonFacts, month: Month) -> State:
    day = month_end(month)
    first = min(a.arrived_on for a in person.arrivals)
    if day < first or not 1 <= person.age_on(day) <= 5:
        return None
    return ("", person.has_running({InterventionKind.DAYCARE}, day))


def contributions(person: PersonFacts, _household: Household) -> list[Contribution]:
    if not person.arrivals or add_years(person.birth_date, 6) <= min(
        a.arrived_on for a in person.arrivals
    ):
        return []
    days: list[date | None] = [a.arrived_on for a in person.arrivals]
    days += [add_years(person.birth_date, 1), add_years(person.birth_date, 6)]
    for i in person.interventions:
        if i.kind == InterventionKind.DAYCARE:
            days += [i.starts_on, i.ends_on]
    return runs(KEY, dates_to_months(days), lambda month: state(person, month))


DEFINITION = Definition(
    key=KEY,
    kind="stock",
    numerator="with a daycare intervention under way at the month's end",
    denominator="children aged 1-5 in the registry at the month's end",
    source="birth dates, arrivals and daycare interventions of the plan",
    contributions=contributions,
    reads=frozenset({"arrivals", "interventions"}),
)
