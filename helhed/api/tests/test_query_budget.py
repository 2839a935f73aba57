# SPDX-License-Identifier: MPL-2.0
"""Every list answers in a fixed number of queries, however many rows it shows.

Each test runs the same request with one row and with many, and holds both to the same
budget: a query per row would exceed it."""

from datetime import date, timedelta
from itertools import pairwise

import pytest

from helhed.api.tests.conftest import Api
from helhed.citizens import services
from helhed.citizens.models import Household, HouseholdRelation, Locality, Person, RelationKind
from helhed.citizens.tests.factories import register
from helhed.organisations.models import User

pytestmark = pytest.mark.django_db

MANY = 12
# token lookup, last-used stamp, savepoint, role grants, count (or the person), the rows,
# the audit chain's head locked and moved (2), the event's insert, release: 10, and spares.
# With MANY rows a query per row would exceed it many times over.
LIST_BUDGET = 12


def _add_persons(caseworker: User, n: int, household: Household | None = None) -> list[Person]:
    return [register(caseworker, household=household) for _ in range(n)]


@pytest.mark.parametrize("n", [1, MANY])
def test_the_person_list_has_a_fixed_query_budget(
    api: Api, caseworker_jobcenter: User, django_assert_max_num_queries, n: int
) -> None:
    _add_persons(caseworker_jobcenter, n)

    with django_assert_max_num_queries(LIST_BUDGET):
        response = api.get("/persons", limit=100)

    assert len(response.json()["items"]) == n


@pytest.mark.parametrize("n", [1, MANY])
def test_the_search_has_a_fixed_query_budget(
    api: Api, caseworker_jobcenter: User, django_assert_max_num_queries, n: int
) -> None:
    _add_persons(caseworker_jobcenter, n)

    with django_assert_max_num_queries(LIST_BUDGET):
        response = api.post("/persons/search", {"name": "Amal", "limit": 100})

    assert len(response.json()["items"]) == n


@pytest.mark.parametrize("n", [1, MANY])
def test_the_household_has_a_fixed_query_budget(
    api: Api, own_person: Person, caseworker_jobcenter: User, django_assert_max_num_queries, n: int
) -> None:
    household = Household.objects.create(municipality=own_person.municipality, name="Stor")
    members = _add_persons(caseworker_jobcenter, n, household)
    for first, second in pairwise(members):
        HouseholdRelation.objects.create(person=first, relative=second, kind=RelationKind.SPOUSE)

    with django_assert_max_num_queries(LIST_BUDGET):
        response = api.get(f"/households/{household.id}")

    assert len(response.json()["members"]) == n
    assert len(response.json()["relations"]) == n - 1


def _add_facts(actor: User, person: Person, n: int) -> None:
    Locality.objects.get_or_create(municipality=person.municipality, name="Gedved")
    for i in range(n):
        day = date(2024, 3, 1) + timedelta(days=30 * i)
        services.status_spell_add(
            actor=actor, person=person, kind="job", starts_on=day, ends_on=day + timedelta(days=20)
        )
        services.programme_enrolment_add(
            actor=actor,
            person=person,
            kind="self_support",
            starts_on=day,
            ends_on=day + timedelta(days=20),
        )
        services.housing_placement_add(
            actor=actor, person=person, locality_name="Gedved", permanent=False, placed_on=day
        )
        services.danish_education_add(
            actor=actor, person=person, track="du2", module=1, referred_on=day
        )


@pytest.mark.parametrize(
    "path",
    ["arrivals", "housing-placements", "danish-education", "programme-enrolments", "status-spells"],
)
@pytest.mark.parametrize("n", [1, MANY])
def test_every_list_of_a_persons_facts_has_a_fixed_query_budget(
    api: Api,
    own_person: Person,
    caseworker_jobcenter: User,
    django_assert_max_num_queries,
    path: str,
    n: int,
) -> None:
    _add_facts(caseworker_jobcenter, own_person, n)

    with django_assert_max_num_queries(LIST_BUDGET):
        response = api.get(f"/persons/{own_person.id}/{path}")

    assert response.status_code == 200
    expected = 1 if path == "arrivals" else n
    assert len(response.json()) == expected
