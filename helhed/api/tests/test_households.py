# SPDX-License-Identifier: MPL-2.0
"""A household shows only the members the integration may see."""

import uuid

import pytest

from helhed.api.tests.conftest import Api
from helhed.audit.models import Action, AuditEvent
from helhed.citizens.models import Household, HouseholdRelation, Person, RelationKind
from helhed.citizens.tests.factories import register
from helhed.organisations.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(own_person: Person) -> Household:
    household = Household.objects.create(
        municipality=own_person.municipality, name="Familien Haddad"
    )
    Person.objects.filter(pk=own_person.pk).update(household=household)
    return household


def test_a_household_shows_its_visible_members_and_hides_the_others(
    api: Api,
    household: Household,
    own_person: Person,
    caseworker_jobcenter: User,
    caseworker_sprogcenter: User,
) -> None:
    # given a child in the Jobcenter's caseload and a spouse only in Sprogcentret's
    child = register(
        caseworker_jobcenter, first_name="Nour", last_name="Haddad", household=household
    )
    register(caseworker_sprogcenter, first_name="Hidden", last_name="Haddad", household=household)
    before = AuditEvent.objects.count()
    # when
    response = api.get(f"/households/{household.id}")
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Familien Haddad"
    assert {m["id"] for m in body["members"]} == {str(own_person.id), str(child.id)}
    assert "Hidden" not in response.content.decode()
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("occurred_at")
    assert event.action == Action.SEARCH
    assert event.search_criterion == f"household {household.id}"


def test_a_household_none_of_whose_members_is_visible_is_not_found(
    api: Api,
    caseworker_sprogcenter: User,
    caseworker_other_municipality: User,
    own_municipality,
    other_municipality,
) -> None:
    hidden = Household.objects.create(municipality=own_municipality, name="Skjult")
    register(caseworker_sprogcenter, household=hidden)
    foreign = Household.objects.create(municipality=other_municipality, name="Furesø")
    register(caseworker_other_municipality, household=foreign)
    empty = Household.objects.create(municipality=own_municipality, name="Tom")
    before = AuditEvent.objects.count()

    for household_id in (hidden.id, foreign.id, empty.id, uuid.uuid4()):
        response = api.get(f"/households/{household_id}")
        assert response.status_code == 404
        assert response.json()["errors"] == []

    assert AuditEvent.objects.count() == before


def test_a_household_shows_the_relations_between_its_visible_members_only(
    api: Api,
    household: Household,
    own_person: Person,
    caseworker_jobcenter: User,
    caseworker_sprogcenter: User,
) -> None:
    # given a child the integration sees and a spouse only Sprogcentret sees, both related
    # to the person
    child = register(
        caseworker_jobcenter, cpr="010115-4001", last_name="Haddad", household=household
    )
    spouse = register(caseworker_sprogcenter, last_name="Haddad", household=household)
    HouseholdRelation.objects.create(person=own_person, relative=child, kind=RelationKind.PARENT)
    HouseholdRelation.objects.create(person=spouse, relative=own_person, kind=RelationKind.SPOUSE)
    # when
    body = api.get(f"/households/{household.id}").json()
    # then the relation to the hidden spouse is left out with the spouse
    assert body["relations"] == [
        {"person_id": str(own_person.id), "relative_id": str(child.id), "kind": "parent"}
    ]
    assert str(spouse.id) not in str(body)
