# SPDX-License-Identifier: MPL-2.0
"""A family member joins a person's household by CPR number with their relation, or leaves
it. Refusals write nothing: an unknown or hidden CPR number, the person themself, a child
older than its parent, a member of another household, a relation already recorded."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as t

from helhed.audit.models import Action, AuditEvent
from helhed.citizens.household_services import household_member_add, household_member_remove
from helhed.citizens.models import Household, HouseholdRelation, Person, RelationKind
from helhed.citizens.selectors import household_with_relations
from helhed.citizens.tests.factories import register, registry_counts
from helhed.organisations.models import User

pytestmark = pytest.mark.django_db

CHILD_CPR = "010115-4001"  # born 1 January 2015
SPOUSE_CPR = "020284-2002"


@pytest.fixture
def mother(caseworker: User) -> Person:
    return register(caseworker, first_name="Amal", last_name="Haddad")


@pytest.fixture
def child(caseworker: User) -> Person:
    return register(caseworker, cpr=CHILD_CPR, first_name="Sami", last_name="Haddad")


def _reload(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def test_the_first_family_member_creates_the_household(
    caseworker: User, mother: Person, child: Person
) -> None:
    household_member_add(actor=caseworker, person=mother, cpr=CHILD_CPR, relation="child")

    mother, child = _reload(mother), _reload(child)
    assert mother.household_id is not None
    assert child.household_id == mother.household_id
    assert "Haddad" in Household.objects.get(pk=mother.household_id).name
    assert HouseholdRelation.objects.filter(
        person=mother, relative=child, kind=RelationKind.PARENT
    ).exists()
    assert [(m.first_name, r) for m, r in household_with_relations(_reload(mother))] == [
        ("Amal", ""),
        ("Sami", t("Child")),
    ]
    assert [(m.first_name, r) for m, r in household_with_relations(_reload(child))] == [
        ("Sami", ""),
        ("Amal", t("Parent")),
    ]


def test_a_spouse_joins_the_existing_household_and_both_changes_are_audited(
    caseworker: User, mother: Person, child: Person
) -> None:
    household_member_add(actor=caseworker, person=mother, cpr=CHILD_CPR, relation="child")
    spouse = register(caseworker, cpr=SPOUSE_CPR, first_name="Omar")
    before = AuditEvent.objects.filter(action=Action.UPDATE).count()

    household_member_add(actor=caseworker, person=mother, cpr=SPOUSE_CPR, relation="spouse")

    assert _reload(spouse).household_id == _reload(mother).household_id
    assert Household.objects.count() == 1
    updates = AuditEvent.objects.filter(action=Action.UPDATE)
    assert updates.count() == before + 2
    assert {spouse.id, mother.id} <= set(updates.values_list("person_id", flat=True))
    assert {m.first_name: r for m, r in household_with_relations(_reload(mother))}["Omar"] == t(
        "Spouse or partner"
    )


def test_a_parent_is_recorded_as_the_parent_of_the_person(
    caseworker: User, mother: Person, child: Person
) -> None:
    mother_cpr_person = register(caseworker, cpr="150385-1234", first_name="Layla")

    household_member_add(actor=caseworker, person=child, cpr="150385-1234", relation="parent")

    assert HouseholdRelation.objects.filter(
        person=mother_cpr_person, relative=child, kind=RelationKind.PARENT
    ).exists()


@pytest.mark.parametrize(
    ("cpr", "relation", "field", "message"),
    [
        ("999999-9999", "child", "cpr", "CPR"),
        ("010203-0405", "child", "cpr", "No person with this CPR number is in your caseload."),
        (CHILD_CPR, "parent", "cpr", "A child cannot be older than its parent."),
        (CHILD_CPR, "cousin", "relation", "Choose how the two are related."),
    ],
    ids=["malformed", "unknown", "child-older-than-parent", "unknown-relation"],
)
def test_a_refused_member_writes_nothing(
    caseworker: User,
    mother: Person,
    child: Person,
    cpr: str,
    relation: str,
    field: str,
    message: str,
) -> None:
    before = registry_counts()

    with pytest.raises(ValidationError) as raised:
        household_member_add(actor=caseworker, person=mother, cpr=cpr, relation=relation)

    assert field in raised.value.message_dict
    assert any(t(message) in text for text in raised.value.message_dict[field])
    assert registry_counts() == before
    assert _reload(mother).household_id is None
    assert Household.objects.count() == 0


def test_a_person_cannot_join_their_own_household_as_a_relative(
    caseworker: User, mother: Person
) -> None:
    cpr = "150385-1234"
    me = register(caseworker, cpr=cpr)

    with pytest.raises(ValidationError) as raised:
        household_member_add(actor=caseworker, person=me, cpr=cpr, relation="spouse")

    assert raised.value.message_dict["cpr"] == [t("A person cannot be related to themselves.")]


def test_a_person_in_another_caseload_is_answered_as_unknown(
    caseworker: User, other_department_caseworker: User, mother: Person
) -> None:
    register(other_department_caseworker, cpr=CHILD_CPR)
    before = registry_counts()

    with pytest.raises(ValidationError) as raised:
        household_member_add(actor=caseworker, person=mother, cpr=CHILD_CPR, relation="child")

    assert raised.value.message_dict["cpr"] == [
        t("No person with this CPR number is in your caseload.")
    ]
    assert registry_counts() == before


def test_a_member_of_another_household_must_leave_it_first(
    caseworker: User, mother: Person, child: Person
) -> None:
    other = register(caseworker, cpr=SPOUSE_CPR)
    household_member_add(actor=caseworker, person=other, cpr=CHILD_CPR, relation="child")
    before = registry_counts()

    with pytest.raises(ValidationError) as raised:
        household_member_add(actor=caseworker, person=mother, cpr=CHILD_CPR, relation="child")

    assert raised.value.message_dict["cpr"] == [
        t(
            "%(name)s already belongs to another household. Remove them from it on their "
            "own page first."
        )
        % {"name": "Sami Haddad"}
    ]
    assert registry_counts() == before
    assert _reload(child).household_id == _reload(other).household_id


def test_a_relation_is_recorded_once(caseworker: User, mother: Person, child: Person) -> None:
    household_member_add(actor=caseworker, person=mother, cpr=CHILD_CPR, relation="child")

    with pytest.raises(ValidationError) as raised:
        household_member_add(actor=caseworker, person=mother, cpr=CHILD_CPR, relation="child")

    assert raised.value.message_dict["cpr"] == [t("The two are already related in the household.")]
    assert HouseholdRelation.objects.count() == 1


def test_another_municipalitys_caseworker_cannot_change_the_household(
    other_caseworker: User, mother: Person, child: Person
) -> None:
    with pytest.raises(PermissionDenied):
        household_member_add(actor=other_caseworker, person=mother, cpr=CHILD_CPR, relation="child")


def test_a_member_leaves_with_their_relations_and_the_rest_stay(
    caseworker: User, mother: Person, child: Person
) -> None:
    household_member_add(actor=caseworker, person=mother, cpr=CHILD_CPR, relation="child")
    spouse = register(caseworker, cpr=SPOUSE_CPR)
    household_member_add(actor=caseworker, person=mother, cpr=SPOUSE_CPR, relation="spouse")

    household_member_remove(actor=caseworker, person=mother, member_id=spouse.id)

    assert _reload(spouse).household_id is None
    assert _reload(child).household_id == _reload(mother).household_id
    assert not HouseholdRelation.objects.filter(person=mother, relative=spouse).exists()
    assert HouseholdRelation.objects.filter(person=mother, relative=child).exists()


def test_removing_someone_outside_the_household_is_refused(
    caseworker: User, mother: Person, child: Person
) -> None:
    household_member_add(actor=caseworker, person=mother, cpr=CHILD_CPR, relation="child")
    stranger = register(caseworker, cpr=SPOUSE_CPR)
    before = registry_counts()

    with pytest.raises(ValidationError) as raised:
        household_member_remove(actor=caseworker, person=mother, member_id=stranger.id)

    assert raised.value.message_dict["member"] == [t("This person is not in the household.")]
    assert registry_counts() == before


def test_joining_and_leaving_tell_the_rule_flags_about_both_persons(
    caseworker: User, mother: Person, child: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a household's shared interventions count for each member's flags
    told: list[set[object]] = []
    monkeypatch.setattr(
        "helhed.citizens.household_services.persons_changed", lambda ids: told.append(set(ids))
    )

    household_member_add(actor=caseworker, person=mother, cpr=CHILD_CPR, relation="child")
    household_member_remove(actor=caseworker, person=mother, member_id=child.id)

    assert told == [{mother.id, child.id}, {mother.id, child.id}]
