# SPDX-License-Identifier: MPL-2.0
"""A policy in force with one count target (arrivals), and arrivals in the registry."""

from datetime import date
from decimal import Decimal

from helhed.citizens.models import ArrivalSource
from helhed.citizens.tests.factories import register
from helhed.organisations.models import Municipality, User
from helhed.policies.models import Objective, Policy, PolicyVersion, Status, Target

# the figures at the end of November 2026 (the tests' today is 2 December 2026)
PARAMS = {"aar": 2026, "maaned": 11}
TARGET = "Flere nye borgere tages imod"
# an arrival in 2025, the last whole year before PARAMS: the target status outside the
# staff shows a count of arrivals for whole calendar years (ADR 0052)
WHOLE_YEAR = date(2025, 5, 4)


def policy_in_force(municipality: Municipality, *, title: str = "Integrationspolitik") -> Target:
    policy = Policy.objects.create(municipality=municipality)
    version = PolicyVersion.objects.create(
        policy=policy,
        number=1,
        status=Status.ADOPTED,
        title=title,
        period_start=2025,
        period_end=2026,
    )
    objective = Objective.objects.create(version=version, text="Modtagelse")
    return Target.objects.create(
        version=version,
        objective=objective,
        description=TARGET,
        indicator_key="arrivals_by_source",
        comparator="gte",
        value=Decimal(10),
        unit="persons",
        deadline=date(2026, 12, 31),
    )


def arrivals(caseworker: User, count: int, *, on: date = date(2026, 5, 4)) -> None:
    for _ in range(count):
        register(caseworker, arrived_on=on, source=ArrivalSource.ASYLUM)
