# SPDX-License-Identifier: MPL-2.0
"""Personas of the registry beyond the shared ones: caseworkers of another department of
Horsens, of a department of Horsens without persons, and of Furesø."""

import pytest

from helhed.organisations.models import Department, DepartmentKind, Municipality, Role, User
from helhed.organisations.services import department_create
from helhed.organisations.tests.factories import make_user


@pytest.fixture
def jobcenter(own_municipality: Municipality) -> Department:
    return own_municipality.departments.get(name="Jobcenter")


@pytest.fixture
def forvaltningen(own_municipality: Municipality) -> Department:
    return own_municipality.departments.get(name="Forvaltningen")


@pytest.fixture
def other_department_caseworker(forvaltningen: Department) -> User:
    """A caseworker of Horsens in Forvaltningen, not in the Jobcenter."""
    return make_user(
        municipality=forvaltningen.municipality,
        roles=[Role.CASEWORKER],
        username="sagsbehandler-forvaltning",
        departments=[forvaltningen],
    )


@pytest.fixture
def school_caseworker(own_municipality: Municipality) -> User:
    """A caseworker of Horsens in a third department that has no persons."""
    school = department_create(
        municipality=own_municipality, name="Skoleafdelingen", kind=DepartmentKind.SCHOOL
    )
    return make_user(
        municipality=own_municipality,
        roles=[Role.CASEWORKER],
        username="sagsbehandler-skole",
        departments=[school],
    )


@pytest.fixture
def other_caseworker(other_municipality: Municipality) -> User:
    """A caseworker of Furesø's Jobcenter."""
    return make_user(
        municipality=other_municipality,
        roles=[Role.CASEWORKER],
        username="anden-sagsbehandler",
        departments=[other_municipality.departments.get(name="Jobcenter")],
    )


@pytest.fixture
def jobcenter_policy_officer(jobcenter: Department) -> User:
    """A member of the Jobcenter who is a policy officer, not a caseworker."""
    return make_user(
        municipality=jobcenter.municipality,
        roles=[Role.POLICY_OFFICER],
        username="politik-i-jobcenter",
        departments=[jobcenter],
    )
