# SPDX-License-Identifier: MPL-2.0
"""A Horsens policy 2025-2026 to follow up on the tests' frozen day (2 December 2026).

Focus area "Børn og familier", objective "Flere børn i dagtilbud":
- daycare: at least 80 % by 31 December 2026. Its aggregate is written as the engine
  stores it (changes per month): 10 of 20 in December 2024 (the baseline, 50 %), 18 of
  25 from January 2026 (72 %). Expected on 2 December 2026: 50 + 30 x 700/729 = 78.8;
  72 is 6.8 short, more than the band of 4: off track.
- a volunteer mentor: at least 60 % by 31 December 2026: 3 of 4 written as the engine
  stores it, and the three arrivals below (without a mentor) make it 3 of 7 (42.857 %),
  a share a politician may not see (denominator under 20).
- arrivals: at least 10 persons by 31 December 2026: three quota refugees registered in
  May 2026 (through the registry, so the engine counts them): a count under 5. A
  politician reads the count of whole calendar years only (ADR 0052), so tests of what a
  politician reads of it register them in May 2025 (`arrived_on`).
- a target naming an indicator key the engine does not know (as from an old import).
Initiative "Dagtilbudsindsats", owned by the Jobcenter, 1 January 2025 - 31 December 2026.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from helhed.citizens.models import ArrivalSource
from helhed.citizens.tests.factories import register
from helhed.indicators.models import IndicatorValue
from helhed.organisations.models import User
from helhed.policies.models import (
    FocusArea,
    Initiative,
    Objective,
    Policy,
    PolicyVersion,
    Status,
    Target,
)


@dataclass
class FollowUpWorld:
    version: PolicyVersion
    area: FocusArea
    objective: Objective
    daycare: Target
    mentor: Target
    arrivals: Target
    unknown: Target
    initiative: Initiative


def _target(version: PolicyVersion, objective: Objective, **fields: object) -> Target:
    defaults: dict[str, object] = {
        "comparator": "gte",
        "unit": "percent",
        "deadline": date(2026, 12, 31),
    }
    defaults.update(fields)
    return Target.objects.create(version=version, objective=objective, **defaults)


def build_follow_up_world(
    *,
    officer: User,
    caseworker: User,
    arrivals: int = 3,
    aggregates: bool = True,
    arrived_on: date = date(2026, 5, 4),
) -> FollowUpWorld:
    municipality = officer.municipality
    assert municipality is not None
    policy = Policy.objects.create(municipality=municipality)
    version = PolicyVersion.objects.create(
        policy=policy,
        number=1,
        status=Status.ADOPTED,
        title="Integrationspolitik",
        period_start=2025,
        period_end=2026,
        adopted_on=date(2024, 11, 26),
    )
    area = FocusArea.objects.create(
        version=version, title="Børn og familier", description="Tidlig indsats."
    )
    objective = Objective.objects.create(
        version=version, focus_area=area, text="Flere børn i dagtilbud"
    )
    daycare = _target(
        version,
        objective,
        description="Flere børn i dagtilbud",
        indicator_key="children_in_daycare",
        value=Decimal(80),
    )
    mentor = _target(
        version,
        objective,
        description="Flere har en frivillig mentor",
        indicator_key="volunteer_mentor_or_friendship_family",
        value=Decimal(60),
    )
    arrivals_target = _target(
        version,
        objective,
        description="Flere modtages",
        indicator_key="arrivals_by_source",
        value=Decimal(10),
        unit="persons",
    )
    unknown = _target(
        version,
        objective,
        description="Et mål fra den gamle politik",
        indicator_key="made_up_indicator",
        value=Decimal(5),
        unit="count",
    )
    rows = (
        ("children_in_daycare", date(2024, 12, 1), 10, 20),
        ("children_in_daycare", date(2026, 1, 1), 8, 5),
        ("volunteer_mentor_or_friendship_family", date(2025, 6, 1), 3, 4),
    )
    for key, month, numerator, denominator in rows if aggregates else ():
        IndicatorValue.objects.create(
            municipality=municipality,
            key=key,
            breakdown="",
            month=month,
            numerator=numerator,
            denominator=denominator,
        )
    for _ in range(arrivals):
        register(caseworker, arrived_on=arrived_on, source=ArrivalSource.QUOTA_REFUGEE)
    jobcenter = municipality.departments.get(name="Jobcenter")
    initiative = Initiative.objects.create(
        version=version,
        focus_area=area,
        title="Dagtilbudsindsats",
        owner_department=jobcenter,
        start_date=date(2025, 1, 1),
        end_date=date(2026, 12, 31),
        status="in_progress",
        progress=10,
    )
    return FollowUpWorld(
        version, area, objective, daycare, mentor, arrivals_target, unknown, initiative
    )
