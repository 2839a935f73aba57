# SPDX-License-Identifier: MPL-2.0
"""median_days_to_first_job: the median time from the takeover to the first ordinary job.

Counted: adults (18 or over on the day) whose municipality took over as refugees or
family-reunified (their latest arrival in the target group, of a programme source), in
the month their first ordinary job spell after the takeover started; the measure is the
number of days from the takeover to that start. The period's value is the median of the
measures of the persons counted in it (an event: per month, or the year's months
together). Persons without a job yet are not counted: the median of those who found one.
Source: the registry's arrivals and job spells (Horsens' and Furesø's employment areas).
"""

from helhed.citizens.models import SpellKind
from helhed.indicators.definitions.base import (
    PROGRAMME_SOURCES,
    Contribution,
    Definition,
    Household,
    PersonFacts,
    event,
)

KEY = "median_days_to_first_job"


def contributions(person: PersonFacts, _household: Household) -> list[Contribution]:
    takeover = person.takeover()
    if takeover is None or takeover.source not in PROGRAMME_SOURCES:
        return []
    if person.age_on(takeover.arrived_on) < 18:
        return []
    starts = [
        s.starts_on
        for s in person.spells
        if s.kind == SpellKind.JOB and s.starts_on >= takeover.arrived_on
    ]
    if not starts:
        return []
    first = min(starts)
    return [event(KEY, first, measure=(first - takeover.arrived_on).days)]


DEFINITION = Definition(
    key=KEY,
    kind="event",
    numerator="(the median of the days from the takeover to the first ordinary job)",
    denominator="adult refugees and family-reunified whose first job after takeover began",
    source="arrivals and job spells of the registry",
    contributions=contributions,
    reads=frozenset({"arrivals", "spells"}),
)
