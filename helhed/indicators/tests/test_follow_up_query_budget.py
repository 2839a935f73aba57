# SPDX-License-Identifier: MPL-2.0
"""The committee follow-up report and the public accountability page read in a number of
queries that does not grow with the policy's focus areas, targets and initiatives."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from helhed.caseplans.catalogue import InterventionKind
from helhed.core.tests.query_count import queries_of_page
from helhed.indicators.models import InitiativeMeasure
from helhed.indicators.tests.follow_up_world import FollowUpWorld, build_follow_up_world
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies.models import FocusArea, Initiative, Objective, Target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def grow(world: FollowUpWorld, times: int, officer: User) -> None:
    """More focus areas, each with an objective, two targets and two initiatives, one
    measured by a target and one by intervention kinds."""
    version = world.version
    for number in range(times):
        area = FocusArea.objects.create(
            version=version, title=f"Indsatsområde {number}", description="Mere af det."
        )
        objective = Objective.objects.create(version=version, focus_area=area, text="Flere")
        targets = [
            Target.objects.create(
                version=version,
                objective=objective,
                description=f"Mål {number}-{key}",
                indicator_key=key,
                value=Decimal(50),
                comparator="gte",
                unit="percent",
                deadline=date(2026, 12, 31),
            )
            for key in ("children_in_daycare", "volunteer_mentor_or_friendship_family")
        ]
        for index in range(2):
            initiative = Initiative.objects.create(
                version=version,
                focus_area=area,
                title=f"Initiativ {number}-{index}",
                owner_department=world.initiative.owner_department,
                start_date=date(2025, 1, 1),
                end_date=date(2026, 12, 31),
                status="in_progress",
                progress=0,
            )
            if index == 0:
                InitiativeMeasure.objects.create(
                    initiative=initiative, target=targets[0], created_by=officer
                )
            else:
                InitiativeMeasure.objects.create(
                    initiative=initiative,
                    intervention_kind=InterventionKind.DAYCARE,
                    planned=5,
                    created_by=officer,
                )


def counted(client: Client, url: str, title: str) -> int:
    cache.clear()
    count, response = queries_of_page(client, url)
    # the whole report is on the page, the last focus area included
    assert title in response.content.decode()
    return count


def test_the_follow_up_and_the_accountability_page_do_not_grow_in_queries(
    policy_officer: User, caseworker: User
) -> None:
    world = build_follow_up_world(officer=policy_officer, caseworker=caseworker)
    staff = Client()
    login_verified(staff, policy_officer)
    report = reverse("indicators:follow_up_report", kwargs={"version_id": world.version.id})
    public = f"/kommuner/{world.version.policy.municipality.slug}/integrationspolitik/handleplan/"

    grow(world, 1, policy_officer)
    few = (
        counted(staff, report, "Initiativ 0-1"),
        counted(Client(), public, "Initiativ 0-1"),
    )
    grow(world, 4, policy_officer)
    many = (
        counted(staff, report, "Initiativ 3-1"),
        counted(Client(), public, "Initiativ 3-1"),
    )

    assert many == few
