# SPDX-License-Identifier: MPL-2.0
"""The Horsens overview's tables of arrivals: arrivals_by_source and
education_level_of_arrivals (counts of persons, not shares).

arrivals_by_source: every arrival registered in the municipality, in the month of its
date, broken down by how the person came (quota refugee, asylum, family reunification,
moved from another municipality, other immigrant, labour migrant).
education_level_of_arrivals: every arrival in the policy's target group of a person aged
18 or over on the day, in the month of its date, broken down by the person's education
level as registered now (the registry keeps one level, not its history).
Source: Horsens Kommunes integrationspolitik 2016 (tables of 2015's arrivals); arrivals
and education level of the registry. Numerator and denominator are both the count.
"""

from helhed.indicators.definitions.base import (
    Contribution,
    Definition,
    Household,
    PersonFacts,
    event,
)

SOURCE_KEY = "arrivals_by_source"
EDUCATION_KEY = "education_level_of_arrivals"


def by_source(person: PersonFacts, _household: Household) -> list[Contribution]:
    return [event(SOURCE_KEY, a.arrived_on, breakdown=a.source) for a in person.arrivals]


def by_education(person: PersonFacts, _household: Household) -> list[Contribution]:
    return [
        event(EDUCATION_KEY, a.arrived_on, breakdown=person.education_level)
        for a in person.arrivals
        if a.in_target_group and person.age_on(a.arrived_on) >= 18
    ]


BY_SOURCE = Definition(
    key=SOURCE_KEY,
    kind="event",
    numerator="arrivals in the period, by how the person came",
    denominator="(the same count)",
    source="Horsens integrationspolitik 2016, table of arrivals; arrivals of the registry",
    contributions=by_source,
    total=True,
    reads=frozenset({"arrivals"}),
)
BY_EDUCATION = Definition(
    key=EDUCATION_KEY,
    kind="event",
    numerator="adult arrivals in the target group in the period, by education level",
    denominator="(the same count)",
    source="Horsens integrationspolitik 2016, education of 2015's arrivals; education level",
    contributions=by_education,
    total=True,
    reads=frozenset({"arrivals"}),
)
