# SPDX-License-Identifier: MPL-2.0
"""danish_test_passed: the share passing a Danish test within N years, N = 1, 3 and 5.

Denominator: persons referred to Danish education, counted N years after their first
referral, in that month (breakdown 'N'): every referred person is counted three times,
once per N. Numerator: of those, the persons who passed a final test (PD1, PD2, PD3 or
Studieprøven) on or before that day.
Source: Integrationsbarometer goal 3.3 (programme students passing a Danish test within
5 years, danish-domain.md § 2.2); Danish education of the registry.
"""

from helhed.indicators.definitions.base import (
    Contribution,
    Definition,
    Household,
    PersonFacts,
    add_years,
    event,
)

KEY = "danish_test_passed"
WITHIN_YEARS = (1, 3, 5)


def contributions(person: PersonFacts, _household: Household) -> list[Contribution]:
    if not person.danish:
        return []
    first = min(d.referred_on for d in person.danish)
    passed = [d.test_passed_on for d in person.danish if d.test and d.test_passed_on]
    found = []
    for years in WITHIN_YEARS:
        checkpoint = add_years(first, years)
        met = any(day <= checkpoint for day in passed if day is not None)
        found.append(event(KEY, checkpoint, breakdown=str(years), in_numerator=met))
    return found


DEFINITION = Definition(
    key=KEY,
    kind="event",
    numerator="passed a final Danish test within N years of the first referral",
    denominator="persons whose first referral to Danish education was N years before",
    source="Integrationsbarometer 3.3; Danish education (referrals, tests) of the registry",
    contributions=contributions,
    reads=frozenset({"danish"}),
)
