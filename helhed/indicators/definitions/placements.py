# SPDX-License-Identifier: MPL-2.0
"""permanent_placements_by_locality: the Horsens overview's table of permanent housing
placements by town, adults and children (a count of placements).

Every permanent housing placement, in the month it was made, broken down by locality and
by whether the person was 18 or over on the day ('<locality>|adults' or
'<locality>|children'). Temporary placements do not count.
Source: Horsens Kommunes integrationspolitik 2016 (permanent placements by town);
housing placements of the registry.
"""

from helhed.indicators.definitions.base import (
    Contribution,
    Definition,
    Household,
    PersonFacts,
    event,
)

KEY = "permanent_placements_by_locality"
ADULTS = "adults"
CHILDREN = "children"


def breakdown(locality: str, adult: bool) -> str:
    return f"{locality}|{ADULTS if adult else CHILDREN}"


def contributions(person: PersonFacts, _household: Household) -> list[Contribution]:
    return [
        event(KEY, p.placed_on, breakdown=breakdown(p.locality, person.age_on(p.placed_on) >= 18))
        for p in person.placements
        if p.permanent
    ]


DEFINITION = Definition(
    key=KEY,
    kind="event",
    numerator="permanent housing placements in the period, by locality, adults and children",
    denominator="(the same count)",
    source="Horsens integrationspolitik 2016, placements by town; housing placements",
    contributions=contributions,
    total=True,
    reads=frozenset({"placements"}),
)
