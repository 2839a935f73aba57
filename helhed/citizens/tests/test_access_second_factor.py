# SPDX-License-Identifier: MPL-2.0
"""Guard: every role that sees persons needs the second factor (organisations.second_factor).

Were persons_visible_to widened to another role, this test would fail until that role
is added to PERSON_DATA_ROLES too.
"""

import pytest

from helhed.citizens.access import persons_visible_to
from helhed.citizens.tests.factories import register
from helhed.organisations.models import Department, Role, User
from helhed.organisations.second_factor import PERSON_DATA_ROLES, second_factor_required
from helhed.organisations.tests.factories import make_user


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role.values))
def test_a_role_that_sees_persons_needs_the_second_factor(
    role: str, caseworker: User, jobcenter: Department
) -> None:
    # given a person in the Jobcenter's caseload, and a user of `role` in the Jobcenter
    register(caseworker)
    user = make_user(
        municipality=jobcenter.municipality,
        roles=[role],
        username=f"rolle-{role}",
        departments=[jobcenter],
    )
    # then, if the user sees the person, the role needs a second factor
    if persons_visible_to(user).exists():
        assert role in PERSON_DATA_ROLES
        assert second_factor_required(user)


@pytest.mark.django_db
def test_the_guard_sees_the_caseworker_see_persons(caseworker: User) -> None:
    """Control: the guard above is not vacuous."""
    register(caseworker)
    assert persons_visible_to(caseworker).exists()
    assert second_factor_required(caseworker)
