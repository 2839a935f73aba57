# SPDX-License-Identifier: MPL-2.0
"""The household page of a person: its members and their relations, a family member
added by CPR number (posted, never shown back) or removed; a refusal answers 400 with the
field named and writes nothing; another municipality's person answers 404."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from helhed.citizens.models import Person
from helhed.citizens.tests.factories import register, registry_counts
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified

pytestmark = pytest.mark.django_db

CHILD_CPR = "010115-4001"


def _url(person: Person) -> str:
    return reverse("citizens:household_edit", kwargs={"person_id": person.id})


@pytest.fixture
def mother(caseworker: User) -> Person:
    return register(caseworker, first_name="Amal", last_name="Haddad")


@pytest.fixture
def child(caseworker: User) -> Person:
    return register(caseworker, cpr=CHILD_CPR, first_name="Sami", last_name="Haddad")


def test_a_caseworker_adds_a_child_and_sees_the_household(
    client: Client, caseworker: User, mother: Person, child: Person
) -> None:
    login_verified(client, caseworker)

    response = client.post(_url(mother), {"cpr": CHILD_CPR, "relation": "child"}, follow=True)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Sami Haddad" in body
    assert escape(gettext("Child")) in body
    assert CHILD_CPR not in body
    assert CHILD_CPR.replace("-", "") not in body
    assert Person.objects.get(pk=child.pk).household_id is not None


def test_a_bad_member_answers_400_naming_the_field_and_writes_nothing(
    client: Client, caseworker: User, mother: Person, child: Person
) -> None:
    login_verified(client, caseworker)
    before = registry_counts()

    response = client.post(_url(mother), {"cpr": CHILD_CPR, "relation": "parent"})

    assert response.status_code == 400
    assert escape(gettext("A child cannot be older than its parent.")) in response.content.decode()
    assert CHILD_CPR not in response.content.decode()
    # nothing but the audit event of the page's read of the person
    assert registry_counts() == {**before, "audit events": before["audit events"] + 1}


def test_a_member_is_removed_from_the_page(
    client: Client, caseworker: User, mother: Person, child: Person
) -> None:
    login_verified(client, caseworker)
    client.post(_url(mother), {"cpr": CHILD_CPR, "relation": "child"})

    response = client.post(_url(mother), {"remove": str(child.id)}, follow=True)

    assert response.status_code == 200
    assert Person.objects.get(pk=child.pk).household_id is None


@pytest.mark.parametrize("member", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_removing_an_unknown_member_says_so_and_changes_nothing(
    client: Client, caseworker: User, mother: Person, child: Person, member: str
) -> None:
    login_verified(client, caseworker)
    client.post(_url(mother), {"cpr": CHILD_CPR, "relation": "child"})
    household = Person.objects.get(pk=child.pk).household_id

    response = client.post(_url(mother), {"remove": member}, follow=True)

    assert response.status_code == 200
    assert escape(gettext("This person is not in the household.")) in response.content.decode()
    assert Person.objects.get(pk=child.pk).household_id == household


def test_another_municipalitys_person_answers_404(
    client: Client, other_caseworker: User, mother: Person
) -> None:
    login_verified(client, other_caseworker)

    assert client.get(_url(mother)).status_code == 404
    assert client.post(_url(mother), {"cpr": CHILD_CPR, "relation": "child"}).status_code == 404
