# SPDX-License-Identifier: MPL-2.0
"""The drill-down from an indicator's number lists exactly the persons behind it whom
the user may see, and says truly how many others there are: a property test in the style
of tests/test_visibility_properties.py (whose registry of two municipalities, persons in
one or more departments' caseloads and random users it reuses).

The oracle, written apart from the access layer: a caseworker or a manager, of the
person's municipality, in a department with an open case of the person."""

from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import given

from helhed.citizens.models import CaseAssignment, Person
from helhed.indicators.dashboard_forms import NUMERATOR, TOTAL
from helhed.indicators.definitions.base import month_of
from helhed.indicators.drilldown import CellRef, drilldown_page
from helhed.organisations.models import Role, User
from tests.test_visibility_properties import (
    PROPERTY_SETTINGS,
    PersonSpec,
    Registry,
    UserSpec,
    _build,
    persons,
    registry,
    users,
)

__all__ = ["registry"]  # the fixture, used by name


def entitled_oracle(user: User, candidates: list[Person]) -> set[Any]:
    roles = set(user.role_grants.values_list("role", flat=True))
    if not roles & {Role.CASEWORKER, Role.MANAGER}:
        return set()
    departments = set(user.departments.values_list("pk", flat=True))
    today = timezone.localdate()
    seen = set()
    for person in candidates:
        if person.municipality_id != user.municipality_id:
            continue
        for case in CaseAssignment.objects.filter(person=person):
            if (case.ended_on is None or case.ended_on >= today) and (
                case.department_id in departments
            ):
                seen.add(person.pk)
    return seen


@pytest.mark.django_db
@PROPERTY_SETTINGS
@given(person_specs=persons, user_spec=users)
def test_the_drilldown_shows_exactly_the_visible_persons_behind_the_number(
    registry: Registry, person_specs: list[PersonSpec], user_spec: UserSpec
) -> None:
    with transaction.atomic():
        user, built = _build(registry, person_specs, user_spec)
        # every person arrived as a quota refugee on 1 March 2024 (the factory's default)
        arrival = built[0].arrivals.get()
        cell = CellRef("arrivals_by_source", month_of(arrival.arrived_on), TOTAL, NUMERATOR)
        page = drilldown_page(user=user, cell=cell, after=None, size=100)
        shown = {p.pk for p in page.persons}
        expected = entitled_oracle(user, built)
        assert shown == expected
        assert page.shown == len(expected)
        behind = {p.pk for p in built if p.municipality_id == user.municipality_id}
        assert page.total == len(behind)
        assert page.hidden == len(behind - expected)
        # the record links only for whom the person page would open (caseworkers)
        assert page.linked <= shown
        if Role.CASEWORKER not in user.role_set:
            assert page.linked == set()
        transaction.set_rollback(True)
