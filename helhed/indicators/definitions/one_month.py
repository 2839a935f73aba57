# SPDX-License-Identifier: MPL-2.0
"""The one-month rules as shares: company_intervention_within_one_month and
danish_referral_within_one_month.

Denominator: adults (18 or over on the day) whose municipality took over as refugees or
family-reunified (their latest arrival in the target group, of a programme source),
counted in the month their one-month deadline (takeover + 30 days) falls, so a month's
share is settled once the month is over. Numerator: of those, the persons who by the
deadline had started (and not cancelled) a company-based intervention (internship, wage
subsidy, IGU, industry package) / had been referred to Danish education (a registered
referral or a started Danish course), on or after the takeover.
Source: Horsens Kommunes integrationspolitik 2016 ('Senest en måned efter
boligplacering...'); integrationsloven §§ 16, 21, 23; as the rule flags
(helhed/caseplans/rules.py).
"""

from datetime import date, timedelta

from helhed.caseplans.catalogue import COMPANY_BASED, InterventionKind
from helhed.indicators.definitions.base import (
    ONE_MONTH_DAYS,
    PROGRAMME_SOURCES,
    Contribution,
    Definition,
    Household,
    PersonFacts,
    event,
)

COMPANY_KEY = "company_intervention_within_one_month"
DANISH_KEY = "danish_referral_within_one_month"


def _cohort(person: PersonFacts) -> tuple[date, date] | None:
    takeover = person.takeover()
    if takeover is None or takeover.source not in PROGRAMME_SOURCES:
        return None
    if person.age_on(takeover.arrived_on) < 18:
        return None
    return takeover.arrived_on, takeover.arrived_on + timedelta(days=ONE_MONTH_DAYS)


def company(person: PersonFacts, _household: Household) -> list[Contribution]:
    cohort = _cohort(person)
    if cohort is None:
        return []
    start, deadline = cohort
    met = any(
        i.kind in COMPANY_BASED and i.started() and start <= i.starts_on <= deadline
        for i in person.interventions
    )
    return [event(COMPANY_KEY, deadline, in_numerator=met)]


def danish(person: PersonFacts, _household: Household) -> list[Contribution]:
    cohort = _cohort(person)
    if cohort is None:
        return []
    start, deadline = cohort
    met = any(start <= d.referred_on <= deadline for d in person.danish) or any(
        i.kind == InterventionKind.DANISH_COURSE
        and i.started()
        and start <= i.starts_on <= deadline
        for i in person.interventions
    )
    return [event(DANISH_KEY, deadline, in_numerator=met)]


COMPANY = Definition(
    key=COMPANY_KEY,
    kind="event",
    numerator="started a company-based intervention within 30 days of the takeover",
    denominator="adult refugees and family-reunified whose 30-day deadline fell in the period",
    source="Horsens integrationspolitik 2016; integrationsloven §§ 16, 23; plan interventions",
    contributions=company,
    reads=frozenset({"arrivals", "interventions"}),
)
DANISH = Definition(
    key=DANISH_KEY,
    kind="event",
    numerator="referred to Danish education within 30 days of the takeover",
    denominator="adult refugees and family-reunified whose 30-day deadline fell in the period",
    source="Integrationsloven § 21; Danish education referrals and Danish courses of the plan",
    contributions=danish,
    reads=frozenset({"arrivals", "danish", "interventions"}),
)
