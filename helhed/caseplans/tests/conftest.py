# SPDX-License-Identifier: MPL-2.0
"""Personas and the frozen day of the holistic plan's tests.

The registry's personas (jobcenter, forvaltningen, other_department_caseworker,
school_caseworker, other_caseworker, jobcenter_policy_officer) are re-exported from its
conftest; the shared ones (caseworker, policy_officer, manager, ...) come from the root
conftest. The database tests run on 1 May 2024 (the `today` fixture, used by each module)
unless they travel elsewhere: the rules are relative to today and the factories' quota
refugee arrived on 1 March 2024.
"""

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from helhed.citizens.tests.conftest import *  # noqa: F403
from helhed.organisations.models import Department, Municipality, Role, User
from helhed.organisations.tests.factories import make_user

TODAY = date(2024, 5, 1)
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def travel(day: date) -> time_machine.travel:
    """Noon in Copenhagen on `day`, with the clock stopped."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 12, tzinfo=COPENHAGEN), tick=False
    )


@pytest.fixture
def today() -> Iterator[date]:
    """Requested by every database test module (pytestmark), before any person exists."""
    with travel(TODAY):
        yield TODAY


@pytest.fixture
def english() -> Iterator[None]:
    """Service messages compared in English (the UI default is Danish)."""
    with translation.override("en"):
        yield


@pytest.fixture
def colleague(jobcenter: Department) -> User:
    """A second caseworker of the Jobcenter: same department, not the persons' own caseworker."""
    return make_user(
        municipality=jobcenter.municipality,
        roles=[Role.CASEWORKER],
        username="kollega",
        departments=[jobcenter],
    )


@pytest.fixture
def two_department_caseworker(jobcenter: Department, forvaltningen: Department) -> User:
    return make_user(
        municipality=jobcenter.municipality,
        roles=[Role.CASEWORKER],
        username="begge-afdelinger",
        departments=[jobcenter, forvaltningen],
    )


@pytest.fixture
def school(school_caseworker: User) -> Department:
    department = school_caseworker.departments.get()
    assert isinstance(department, Department)
    return department


@pytest.fixture
def furesoe_jobcenter(other_municipality: Municipality) -> Department:
    return other_municipality.departments.get(name="Jobcenter")
