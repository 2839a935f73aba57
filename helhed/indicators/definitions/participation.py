# SPDX-License-Identifier: MPL-2.0
"""volunteer_mentor_or_friendship_family and leisure_association_participation.

Denominator, at the end of each month: persons (children included) in their integration
period: from the municipality's takeover (their latest arrival in the target group) to
five years after it. Numerator: of those, the persons with an intervention of the kind
under way on the day, their own or one given to their whole household: a volunteer mentor
or a friendship family / a leisure association.
Source: Furesø Kommunes integrationspolitik 2018-2021 (medborgerskab og naboskab;
fællesskaber); interventions and partners of the plan.
"""

from collections.abc import Callable
from datetime import date

from helhed.caseplans.catalogue import InterventionKind
from helhed.indicators.definitions.base import (
    INTEGRATION_YEARS,
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

VOLUNTEER_KEY = "volunteer_mentor_or_friendship_family"
LEISURE_KEY = "leisure_association_participation"
VOLUNTEER_KINDS = frozenset({InterventionKind.VOLUNTEER_MENTOR, InterventionKind.FRIENDSHIP_FAMILY})
LEISURE_KINDS = frozenset({InterventionKind.LEISURE_ASSOCIATION})


def _share_of_period(
    key: str, kinds: frozenset[str]
) -> Callable[[PersonFacts, Household], list[Contribution]]:
    def contributions(person: PersonFacts, _household: Household) -> list[Contribution]:
        takeover = person.takeover()
        if takeover is None:
            return []
        start, end = takeover.arrived_on, add_years(takeover.arrived_on, INTEGRATION_YEARS)

        def state(month: Month) -> State:
            day = month_end(month)
            if not start <= day < end:
                return None
            return ("", person.has_running(kinds, day))

        days: list[date | None] = [start, end]
        for i in person.interventions:
            if i.kind in kinds:
                days += [i.starts_on, i.ends_on]
        return runs(key, dates_to_months(days), state)

    return contributions


VOLUNTEER = Definition(
    key=VOLUNTEER_KEY,
    kind="stock",
    numerator="with a volunteer mentor or friendship family under way at the month's end",
    denominator="persons within five years of the municipality's takeover",
    source="Furesø integrationspolitik 2018-2021; mentor and friendship-family interventions",
    contributions=_share_of_period(VOLUNTEER_KEY, VOLUNTEER_KINDS),
    reads=frozenset({"arrivals", "interventions"}),
)
LEISURE = Definition(
    key=LEISURE_KEY,
    kind="stock",
    numerator="taking part in a leisure association at the month's end",
    denominator="persons within five years of the municipality's takeover",
    source="Furesø integrationspolitik 2018-2021; leisure-association interventions",
    contributions=_share_of_period(LEISURE_KEY, LEISURE_KINDS),
    reads=frozenset({"arrivals", "interventions"}),
)
