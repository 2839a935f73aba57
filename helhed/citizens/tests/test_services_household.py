# SPDX-License-Identifier: MPL-2.0
"""Household relations: a parent is older than the child, nobody is their own relative, and
the caseworker must see both persons. Refusals write nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhed.audit.models import Action, AuditEvent
from helhed.citizens.models import HouseholdRelation, Person, RelationKind
from helhed.citizens.services import household_relation_add
from helhed.citizens.tests.factories import register, registry_counts
from helhed.organisations.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def mother(caseworker: User) -> Person:
    return register(caseworker, cpr="150385-1234", first_name="Rania")


@pytest.fixture
def son(caseworker: User) -> Person:
    return register(caseworker, cpr="020612-4001", first_name="Omar")


def refused(**arguments: object) -> ValidationError:
    before = registry_counts()
    with pytest.raises(ValidationError) as caught:
        household_relation_add(**arguments)  # type: ignore[arg-type]
    assert registry_counts() == before
    return caught.value


def denied(**arguments: object) -> None:
    before = registry_counts()
    with pytest.raises(PermissionDenied):
        household_relation_add(**arguments)  # type: ignore[arg-type]
    assert registry_counts() == before


def test_a_parent_older_than_the_child_is_related(
    caseworker: User, mother: Person, son: Person
) -> None:
    relation = household_relation_add(
        actor=caseworker, person=mother, relative=son, kind=RelationKind.PARENT
    )

    relation.refresh_from_db()
    assert (relation.person, relation.relative, relation.kind) == (mother, son, "parent")


def test_a_relation_writes_one_update_event_for_the_person(
    caseworker: User, mother: Person, son: Person
) -> None:
    before = AuditEvent.objects.count()

    household_relation_add(actor=caseworker, person=mother, relative=son, kind=RelationKind.PARENT)

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("occurred_at")
    assert (event.action, event.person_id, event.user) == (Action.UPDATE, mother.id, caseworker)


def test_spouses_are_related_whatever_their_ages(
    caseworker: User, mother: Person, son: Person
) -> None:
    household_relation_add(actor=caseworker, person=son, relative=mother, kind=RelationKind.SPOUSE)

    assert HouseholdRelation.objects.filter(person=son, kind="spouse").count() == 1


def test_a_child_older_than_its_parent_is_refused_on_the_relative_field(
    caseworker: User, mother: Person, son: Person
) -> None:
    error = refused(actor=caseworker, person=son, relative=mother, kind=RelationKind.PARENT)

    assert set(error.message_dict) == {"relative"}


def test_a_parent_born_on_the_same_day_as_the_child_is_refused(caseworker: User) -> None:
    first = register(caseworker, cpr="010190-1001")
    twin = register(caseworker, cpr="010190-1003")

    error = refused(actor=caseworker, person=first, relative=twin, kind=RelationKind.PARENT)

    assert set(error.message_dict) == {"relative"}


@pytest.mark.parametrize("kind", [RelationKind.PARENT, RelationKind.SPOUSE])
def test_a_person_cannot_be_their_own_relative(caseworker: User, mother: Person, kind: str) -> None:
    error = refused(actor=caseworker, person=mother, relative=mother, kind=kind)

    assert set(error.message_dict) == {"relative"}


def test_the_same_relation_twice_is_refused(caseworker: User, mother: Person, son: Person) -> None:
    household_relation_add(actor=caseworker, person=mother, relative=son, kind=RelationKind.PARENT)

    refused(actor=caseworker, person=mother, relative=son, kind=RelationKind.PARENT)


def test_an_unknown_kind_of_relation_is_refused_on_its_field(
    caseworker: User, mother: Person, son: Person
) -> None:
    error = refused(actor=caseworker, person=mother, relative=son, kind="cousin")

    assert "kind" in error.message_dict


def test_a_relative_the_caseworker_cannot_see_is_denied(
    caseworker: User, other_department_caseworker: User, mother: Person
) -> None:
    hidden_child = register(other_department_caseworker, cpr="020612-4003")

    denied(actor=caseworker, person=mother, relative=hidden_child, kind=RelationKind.PARENT)


def test_a_person_the_caseworker_cannot_see_is_denied(
    caseworker: User, other_department_caseworker: User, son: Person
) -> None:
    hidden_parent = register(other_department_caseworker, cpr="150385-1236")

    denied(actor=caseworker, person=hidden_parent, relative=son, kind=RelationKind.PARENT)


def test_a_relative_in_another_municipality_is_denied(
    caseworker: User, other_caseworker: User, mother: Person
) -> None:
    elsewhere = register(other_caseworker, cpr="020612-4005")

    denied(actor=caseworker, person=mother, relative=elsewhere, kind=RelationKind.PARENT)


def test_a_policy_officer_cannot_relate_persons(
    policy_officer: User, mother: Person, son: Person
) -> None:
    denied(actor=policy_officer, person=mother, relative=son, kind=RelationKind.PARENT)


def test_a_denied_self_relation_of_a_hidden_person_says_nothing_about_it(
    caseworker: User, other_department_caseworker: User
) -> None:
    hidden = register(other_department_caseworker, cpr="150385-1238")

    denied(actor=caseworker, person=hidden, relative=hidden, kind=RelationKind.SPOUSE)
