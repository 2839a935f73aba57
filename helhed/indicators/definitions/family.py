# SPDX-License-Identifier: MPL-2.0
"""The family indicators of Furesø's areas: whole_family_plan_coverage and
parental_involvement.

whole_family_plan_coverage counts households, not persons. Denominator, at the end of
each month: households of two or more members in which at least one member has an
intervention under way (their own or the household's). Numerator: of those, the
households in which every member has one. The household's row is carried by one member
(the lowest id) so that the store stays per person. Membership is the household's as
registered now: the registry keeps no history of who lived where.

parental_involvement. Denominator, at the end of each month: parents (a registered
'parent of' relation) of a child in the same household who is in daycare or school (a
daycare or school intervention under way). Numerator: of those, the parents with a
'parent meetings in daycare or school' intervention under way (their own or the
household's). The registry records this participation as a plan intervention; it holds
no attendance of single meetings, so the share says who is enrolled in the parents'
meetings, not who came to each.
Source: Furesø Kommunes integrationspolitik 2018-2021 (helhedsorienteret indsats,
forældreinddragelse); households, relations and interventions.
"""

from helhed.caseplans.catalogue import SCHOOL_OR_DAYCARE, InterventionKind
from helhed.indicators.definitions.base import (
    Contribution,
    Definition,
    Household,
    Month,
    PersonFacts,
    State,
    dates_to_months,
    month_end,
    runs,
)

WHOLE_FAMILY_KEY = "whole_family_plan_coverage"
PARENTAL_KEY = "parental_involvement"


def whole_family(person: PersonFacts, household: Household) -> list[Contribution]:
    lead = household.lead()
    if lead is None or lead.id != person.id or len(household.members) < 2:
        return []

    def state(month: Month) -> State:
        day = month_end(month)
        covered = [any(i.ran_on(day) for i in m.interventions) for m in household.members]
        if not any(covered):
            return None
        return ("", all(covered))

    days = [d for m in household.members for i in m.interventions for d in (i.starts_on, i.ends_on)]
    return runs(WHOLE_FAMILY_KEY, dates_to_months(days), state)


def parental(person: PersonFacts, household: Household) -> list[Contribution]:
    children = [m for m in household.members if m.id in person.children]
    if not children:
        return []

    def state(month: Month) -> State:
        day = month_end(month)
        if not any(c.has_running(SCHOOL_OR_DAYCARE, day) for c in children):
            return None
        return ("", person.has_running({InterventionKind.PARENT_MEETINGS}, day))

    days = [
        d
        for c in children
        for i in c.interventions
        if i.kind in SCHOOL_OR_DAYCARE
        for d in (i.starts_on, i.ends_on)
    ]
    days += [
        d
        for i in person.interventions
        if i.kind == InterventionKind.PARENT_MEETINGS
        for d in (i.starts_on, i.ends_on)
    ]
    return runs(PARENTAL_KEY, dates_to_months(days), state)


WHOLE_FAMILY = Definition(
    key=WHOLE_FAMILY_KEY,
    kind="stock",
    numerator="households in which every member has an intervention under way",
    denominator="households of two or more with at least one member's intervention under way",
    source="Furesø integrationspolitik 2018-2021 (helhedsorienteret indsats); the plans",
    contributions=whole_family,
    reads=frozenset({"interventions"}),
)
PARENTAL = Definition(
    key=PARENTAL_KEY,
    kind="stock",
    numerator="parents with a parent-meetings intervention under way",
    denominator="parents of a child of the household in daycare or school",
    source="Furesø integrationspolitik 2018-2021; relations and interventions of the plan",
    contributions=parental,
    reads=frozenset({"children", "interventions"}),
)
