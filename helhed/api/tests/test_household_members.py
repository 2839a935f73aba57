# SPDX-License-Identifier: MPL-2.0
"""Household members through the API: a family member joins a person's household by CPR
number with their relation (the household is made the first time), or leaves it; two
members are related. The pages' services (citizens/household_services.py, and
citizens/services.py's `household_relation_add` for the household plan) decide; the API
resolves the path and answers. Every refusal writes nothing, audit included."""

import uuid
from typing import Any

import pytest

from helhed.api.models import Scope
from helhed.api.tests.conftest import NEWCOMER_CPR, Api, counts
from helhed.audit.models import Action, AuditEvent
from helhed.citizens.cpr import decrypt_cpr
from helhed.citizens.models import Household, HouseholdRelation, Person, RelationKind
from helhed.citizens.tests.factories import register
from helhed.organisations.models import User

pytestmark = pytest.mark.django_db

CHILD_CPR = "010115-4001"  # born 1 January 2015
UNKNOWN_CPR = "310170-1111"
UNKNOWN_IN_CASELOAD = "Der er ingen person med dette CPR-nummer i din sagsstamme."


def _add(api: Api, person: Person, cpr: str, relation: str = "spouse") -> Any:
    return api.post(f"/persons/{person.id}/household-members", {"cpr": cpr, "relation": relation})


def _remove(api: Api, person: Person | uuid.UUID, member: Person | uuid.UUID) -> Any:
    person_id = person.id if isinstance(person, Person) else person
    member_id = member.id if isinstance(member, Person) else member
    return api.post(f"/persons/{person_id}/household-members/{member_id}/remove", {})


def _cpr_of(person: Person) -> str:
    return decrypt_cpr(person.cpr_encrypted).digits


def _reload(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def _assert_refused_on(response: Any, status: int, field: str | None, message: str | None) -> None:
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    if message is not None:
        assert errors[0]["message"] == message


@pytest.fixture
def child(caseworker_jobcenter: User) -> Person:
    return register(caseworker_jobcenter, cpr=CHILD_CPR, first_name="Sami", last_name="Haddad")


# Joining


def test_the_first_member_makes_the_household_and_both_changes_are_audited(
    api: Api, own_person: Person, newcomer: Person, integration
) -> None:
    # given a person in no household
    assert own_person.household_id is None
    households = Household.objects.count()
    seen = set(AuditEvent.objects.values_list("pk", flat=True))
    # when their spouse joins
    response = _add(api, own_person, NEWCOMER_CPR, "spouse")
    # then a household is made for both, with the relation
    assert response.status_code == 201, response.content
    body = response.json()
    own_person, newcomer = _reload(own_person), _reload(newcomer)
    assert own_person.household_id is not None
    assert newcomer.household_id == own_person.household_id
    assert Household.objects.count() == households + 1
    household = Household.objects.get(pk=own_person.household_id)
    assert household.name == f"Familien {own_person.last_name}"
    assert HouseholdRelation.objects.filter(
        person=own_person, relative=newcomer, kind=RelationKind.SPOUSE
    ).exists()
    assert body == {
        "household_id": str(household.id),
        "person_id": str(own_person.id),
        "relation": "spouse",
        "member": {
            "id": str(newcomer.id),
            "cpr_masked": "150310-xxxx",
            "first_name": "Rami",
            "last_name": "Haddad",
            "birth_date": "2010-03-15",
        },
    }
    # and the write is the service's update event for each of the two, in the
    # integration's name, and no read event
    events = list(AuditEvent.objects.exclude(pk__in=seen))
    assert {(e.action, e.person_id) for e in events} == {
        (Action.UPDATE, own_person.id),
        (Action.UPDATE, newcomer.id),
    }
    assert {e.user_id for e in events} == {integration.service_user_id}


def test_a_child_joins_the_existing_household_and_the_person_is_its_parent(
    api: Api, own_person: Person, household: Household, child: Person
) -> None:
    response = _add(api, own_person, CHILD_CPR, "child")

    assert response.status_code == 201, response.content
    assert response.json()["household_id"] == str(household.id)
    assert response.json()["relation"] == "child"
    assert _reload(child).household_id == household.id
    assert Household.objects.filter(pk=household.pk).count() == 1
    assert list(HouseholdRelation.objects.values_list("person", "relative", "kind")) == [
        (own_person.id, child.id, RelationKind.PARENT)
    ]


def test_a_parent_joins_and_is_recorded_as_the_parent_of_the_person(
    api: Api, child: Person, own_person: Person
) -> None:
    response = _add(api, child, _cpr_of(own_person), "parent")

    assert response.status_code == 201, response.content
    assert list(HouseholdRelation.objects.values_list("person", "relative", "kind")) == [
        (own_person.id, child.id, RelationKind.PARENT)
    ]


def test_the_new_relation_shows_in_the_household(
    api: Api, own_person: Person, household: Household, child: Person
) -> None:
    assert _add(api, own_person, CHILD_CPR, "child").status_code == 201

    body = api.get(f"/households/{household.id}").json()

    assert {m["id"] for m in body["members"]} == {str(own_person.id), str(child.id)}
    assert body["relations"] == [
        {"person_id": str(own_person.id), "relative_id": str(child.id), "kind": "parent"}
    ]


# Refusals of a join: each names its field and writes nothing


def test_a_parent_younger_than_the_child_is_refused(
    api: Api, child: Person, newcomer: Person
) -> None:
    # the child (born 2015) would be the parent of someone born in 2010
    before = counts()

    response = _add(api, child, NEWCOMER_CPR, "child")

    _assert_refused_on(response, 422, "cpr", "Et barn kan ikke være ældre end sin forælder.")
    assert counts() == before
    assert _reload(child).household_id is None


def test_a_child_older_than_the_parent_is_refused_in_english_when_asked(
    api: Api, own_person: Person, newcomer: Person
) -> None:
    # own_person was born in 1985: the newcomer (2010) cannot be their parent
    api.language = "en"
    before = counts()

    response = _add(api, own_person, NEWCOMER_CPR, "parent")

    _assert_refused_on(response, 422, "cpr", "A child cannot be older than its parent.")
    assert response.json()["detail"] == "Nothing was saved; see the fields named."
    assert counts() == before


def test_a_member_of_another_household_must_leave_it_first(
    api: Api, own_person: Person, household: Household, caseworker_jobcenter: User
) -> None:
    # given someone of the caseload who belongs to another household
    other = Household.objects.create(municipality=own_person.municipality, name="Nasser")
    cpr = "040488-1234"
    member = register(caseworker_jobcenter, cpr=cpr, first_name="Dalia", last_name="Nasser")
    Person.objects.filter(pk=member.pk).update(household=other)
    before = counts()
    # when
    response = _add(api, own_person, cpr)
    # then
    _assert_refused_on(response, 422, "cpr", None)
    assert "Dalia Nasser" in response.json()["errors"][0]["message"]
    assert counts() == before
    assert _reload(member).household_id == other.id


@pytest.mark.parametrize(
    "whose",
    ["nobody", "another department's person", "another municipality's person"],
)
def test_a_cpr_number_outside_the_caseload_is_answered_as_unknown(
    api: Api,
    own_person: Person,
    caseworker_sprogcenter: User,
    caseworker_other_municipality: User,
    whose: str,
) -> None:
    # given a number nobody has, one of Sprogcentret's person and one of Furesø's
    numbers = {
        "nobody": UNKNOWN_CPR,
        "another department's person": "050587-1234",
        "another municipality's person": "060686-1234",
    }
    register(caseworker_sprogcenter, cpr=numbers["another department's person"])
    register(caseworker_other_municipality, cpr=numbers["another municipality's person"])
    before = counts()
    # when
    response = _add(api, own_person, numbers[whose])
    # then the same answer for all three, naming no one
    _assert_refused_on(response, 422, "cpr", UNKNOWN_IN_CASELOAD)
    assert counts() == before


def test_a_person_cannot_join_their_own_household_as_their_own_relative(
    api: Api, own_person: Person
) -> None:
    before = counts()

    response = _add(api, own_person, _cpr_of(own_person))

    _assert_refused_on(response, 422, "cpr", "En person kan ikke være i familie med sig selv.")
    assert counts() == before


def test_a_relation_already_recorded_is_refused(
    api: Api, own_person: Person, newcomer: Person
) -> None:
    assert _add(api, own_person, NEWCOMER_CPR).status_code == 201
    before = counts()

    response = _add(api, own_person, NEWCOMER_CPR, "child")

    _assert_refused_on(response, 422, "cpr", None)
    assert counts() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cpr": NEWCOMER_CPR, "relation": "cousin"}, "relation"),
        ({"cpr": NEWCOMER_CPR}, "relation"),
        ({"relation": "spouse"}, "cpr"),
        ({"cpr": "15031990", "relation": "spouse"}, "cpr"),
        ({"cpr": "320190-1234", "relation": "spouse"}, "cpr"),  # no 32nd of January
        ({"cpr": NEWCOMER_CPR, "relation": "spouse", "household_id": str(uuid.uuid4())}, None),
    ],
)
def test_a_malformed_body_is_refused_naming_the_field(
    api: Api, own_person: Person, newcomer: Person, body: dict[str, str], field: str | None
) -> None:
    before = counts()

    response = api.post(f"/persons/{own_person.id}/household-members", body)

    assert response.status_code == 422, response.content
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields == [field or "household_id"]
    assert NEWCOMER_CPR not in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("whose", ["another department's", "another municipality's", "no one's"])
def test_a_person_the_integration_may_not_see_is_not_found(
    api: Api, sprog_person: Person, foreign_person: Person, newcomer: Person, whose: str
) -> None:
    person_id = {
        "another department's": sprog_person.id,
        "another municipality's": foreign_person.id,
        "no one's": uuid.uuid4(),
    }[whose]
    before = counts()

    response = api.post(
        f"/persons/{person_id}/household-members", {"cpr": NEWCOMER_CPR, "relation": "spouse"}
    )

    assert response.status_code == 404
    assert response.json() == {"detail": "Findes ikke.", "errors": []}
    assert counts() == before
    assert _reload(newcomer).household_id is None


@pytest.mark.parametrize("scopes", [(Scope.REGISTRY_READ,), (Scope.PLANS_READ, Scope.PLANS_WRITE)])
def test_a_token_without_registry_write_cannot_add_a_member(
    api_for, own_person: Person, newcomer: Person, scopes: tuple[str, ...]
) -> None:
    api = api_for(*scopes)
    before = counts()

    response = _add(api, own_person, NEWCOMER_CPR)

    assert response.status_code == 403
    assert "registry:write" in response.json()["detail"]
    assert counts() == before


def test_another_municipalitys_integration_cannot_add_to_our_person(
    client, make_integration, other_municipality, own_person: Person, newcomer: Person
) -> None:
    _, token = make_integration(
        departments=[other_municipality.departments.get(name="Jobcenter")], name="Furesø-system"
    )
    before = counts()

    response = _add(Api(client, token), own_person, NEWCOMER_CPR)

    assert response.status_code == 404
    assert counts() == before


# Leaving


def test_a_member_leaves_with_their_relations_and_the_others_stay(
    api: Api, own_person: Person, household: Household, child: Person, newcomer: Person
) -> None:
    # given a household of three: the person, their child and their spouse
    assert _add(api, own_person, CHILD_CPR, "child").status_code == 201
    assert _add(api, own_person, NEWCOMER_CPR, "spouse").status_code == 201
    seen = set(AuditEvent.objects.values_list("pk", flat=True))
    # when the spouse leaves
    response = _remove(api, own_person, newcomer)
    # then
    assert response.status_code == 200, response.content
    assert response.json() == {
        "household_id": str(household.id),
        "person_id": str(own_person.id),
        "member": {
            "id": str(newcomer.id),
            "cpr_masked": "150310-xxxx",
            "first_name": "Rami",
            "last_name": "Haddad",
            "birth_date": "2010-03-15",
        },
    }
    assert _reload(newcomer).household_id is None
    assert _reload(child).household_id == household.id
    assert _reload(own_person).household_id == household.id
    assert list(HouseholdRelation.objects.values_list("person", "relative", "kind")) == [
        (own_person.id, child.id, RelationKind.PARENT)
    ]
    events = list(AuditEvent.objects.exclude(pk__in=seen))
    assert {(e.action, e.person_id) for e in events} == {
        (Action.UPDATE, newcomer.id),
        (Action.UPDATE, own_person.id),
        (Action.UPDATE, child.id),
    }


def test_a_person_may_name_themselves_to_leave(
    api: Api, own_person: Person, household: Household, household_member: Person
) -> None:
    response = _remove(api, own_person, own_person)

    assert response.status_code == 200, response.content
    assert response.json()["household_id"] == str(household.id)
    assert _reload(own_person).household_id is None
    assert _reload(household_member).household_id == household.id


def test_leaving_can_be_read_back_from_the_household(
    api: Api, own_person: Person, household: Household, household_member: Person
) -> None:
    assert _remove(api, own_person, household_member).status_code == 200

    body = api.get(f"/households/{household.id}").json()

    assert [m["id"] for m in body["members"]] == [str(own_person.id)]


@pytest.mark.parametrize(
    "who",
    [
        "someone of the caseload in no household",
        "a member only another department sees",
        "another municipality's person",
        "no one",
    ],
)
def test_removing_someone_the_integration_may_not_take_out_is_not_found(
    api: Api,
    own_person: Person,
    household: Household,
    newcomer: Person,
    foreign_person: Person,
    caseworker_sprogcenter: User,
    who: str,
) -> None:
    # given a member of the household whom only Sprogcentret sees
    hidden = register(caseworker_sprogcenter, household=household)
    member_id = {
        "someone of the caseload in no household": newcomer.id,
        "a member only another department sees": hidden.id,
        "another municipality's person": foreign_person.id,
        "no one": uuid.uuid4(),
    }[who]
    before = counts()
    # when
    response = _remove(api, own_person, member_id)
    # then
    assert response.status_code == 404, response.content
    assert response.json() == {"detail": "Findes ikke.", "errors": []}
    assert counts() == before
    assert _reload(hidden).household_id == household.id


def test_removing_from_a_person_in_no_household_is_not_found(
    api: Api, own_person: Person, newcomer: Person
) -> None:
    before = counts()

    response = _remove(api, own_person, newcomer)

    assert response.status_code == 404
    assert counts() == before


@pytest.mark.parametrize("whose", ["another department's", "another municipality's"])
def test_removing_from_a_hidden_persons_household_is_not_found(
    api: Api,
    sprog_person: Person,
    foreign_person: Person,
    caseworker_sprogcenter: User,
    caseworker_other_municipality: User,
    whose: str,
) -> None:
    # given a hidden person with a household of two
    person, caseworker = {
        "another department's": (sprog_person, caseworker_sprogcenter),
        "another municipality's": (foreign_person, caseworker_other_municipality),
    }[whose]
    household = Household.objects.create(municipality=person.municipality, name="Skjult")
    Person.objects.filter(pk=person.pk).update(household=household)
    member = register(caseworker, household=household)
    before = counts()
    # when
    response = _remove(api, person, member)
    # then
    assert response.status_code == 404
    assert counts() == before
    assert _reload(member).household_id == household.id


def test_a_read_only_token_cannot_remove_a_member(
    api_for, own_person: Person, household: Household, household_member: Person
) -> None:
    api = api_for(Scope.REGISTRY_READ)
    before = counts()

    response = _remove(api, own_person, household_member)

    assert response.status_code == 403
    assert "registry:write" in response.json()["detail"]
    assert counts() == before
    assert _reload(household_member).household_id == household.id


# Relating two members (the household plan's service)


def _relate(api: Api, household: Household, person: Any, kind: str, relative: Any) -> Any:
    person_id = person.id if isinstance(person, Person) else person
    relative_id = relative.id if isinstance(relative, Person) else relative
    return api.post(
        f"/households/{household.id}/relations",
        {"person_id": str(person_id), "kind": kind, "relative_id": str(relative_id)},
    )


@pytest.fixture
def child_member(child: Person, household: Household) -> Person:
    Person.objects.filter(pk=child.pk).update(household=household)
    return _reload(child)


def test_two_members_are_related_and_the_change_is_audited(
    api: Api, household: Household, own_person: Person, household_member: Person, integration
) -> None:
    seen = set(AuditEvent.objects.values_list("pk", flat=True))

    response = _relate(api, household, own_person, "spouse", household_member)

    assert response.status_code == 201, response.content
    assert response.json() == {
        "person_id": str(own_person.id),
        "relative_id": str(household_member.id),
        "kind": "spouse",
    }
    assert list(HouseholdRelation.objects.values_list("person", "relative", "kind")) == [
        (own_person.id, household_member.id, RelationKind.SPOUSE)
    ]
    events = list(AuditEvent.objects.exclude(pk__in=seen))
    assert [(e.action, e.person_id, e.user_id) for e in events] == [
        (Action.UPDATE, own_person.id, integration.service_user_id)
    ]


def test_a_parent_is_related_to_their_child(
    api: Api, household: Household, own_person: Person, child_member: Person
) -> None:
    response = _relate(api, household, own_person, "parent", child_member)

    assert response.status_code == 201, response.content
    assert HouseholdRelation.objects.filter(
        person=own_person, relative=child_member, kind=RelationKind.PARENT
    ).exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (None, "Et barn kan ikke være ældre end sin forælder."),
        ("en", "A child cannot be older than its parent."),
    ],
)
def test_a_child_cannot_be_the_parent_of_an_older_member(
    api: Api,
    household: Household,
    own_person: Person,
    child_member: Person,
    language: str | None,
    message: str,
) -> None:
    api.language = language
    before = counts()

    response = _relate(api, household, child_member, "parent", own_person)

    _assert_refused_on(response, 422, "relative_id", message)
    assert counts() == before


def test_a_member_cannot_be_related_to_themselves(
    api: Api, household: Household, own_person: Person
) -> None:
    before = counts()

    response = _relate(api, household, own_person, "spouse", own_person)

    _assert_refused_on(
        response, 422, "relative_id", "En person kan ikke være i familie med sig selv."
    )
    assert counts() == before


def test_a_relation_recorded_already_is_refused(
    api: Api, household: Household, own_person: Person, household_member: Person
) -> None:
    assert _relate(api, household, own_person, "spouse", household_member).status_code == 201
    before = counts()

    response = _relate(api, household, own_person, "spouse", household_member)

    assert response.status_code == 422, response.content
    assert response.json()["errors"]
    assert counts() == before


@pytest.mark.parametrize(
    ("who", "field"),
    [
        ("a member only another department sees", "relative_id"),
        ("someone of the caseload outside the household", "relative_id"),
        ("another municipality's person", "person_id"),
        ("no one", "person_id"),
    ],
)
def test_someone_not_a_visible_member_is_refused_on_their_field(
    api: Api,
    household: Household,
    own_person: Person,
    newcomer: Person,
    foreign_person: Person,
    caseworker_sprogcenter: User,
    who: str,
    field: str,
) -> None:
    # given a member of the household whom only Sprogcentret sees
    hidden = register(caseworker_sprogcenter, household=household)
    other = {
        "a member only another department sees": hidden.id,
        "someone of the caseload outside the household": newcomer.id,
        "another municipality's person": foreign_person.id,
        "no one": uuid.uuid4(),
    }[who]
    before = counts()
    # when
    if field == "person_id":
        response = _relate(api, household, other, "spouse", own_person)
    else:
        response = _relate(api, household, own_person, "spouse", other)
    # then the same answer for each of them
    _assert_refused_on(response, 422, field, "Ikke medlem af husstanden.")
    assert counts() == before


@pytest.mark.parametrize("whose", ["another department's", "another municipality's", "no one's"])
def test_a_household_without_a_visible_member_is_not_found(
    api: Api,
    caseworker_sprogcenter: User,
    caseworker_other_municipality: User,
    own_municipality,
    other_municipality,
    whose: str,
) -> None:
    # given a household of two the integration cannot see
    municipality, caseworker = {
        "another department's": (own_municipality, caseworker_sprogcenter),
        "another municipality's": (other_municipality, caseworker_other_municipality),
        "no one's": (own_municipality, caseworker_sprogcenter),
    }[whose]
    household = Household.objects.create(municipality=municipality, name="Skjult")
    first = register(caseworker, household=household)
    second = register(caseworker, household=household)
    if whose == "no one's":
        household = Household(id=uuid.uuid4(), municipality=municipality, name="Ingen")
    before = counts()

    response = _relate(api, household, first, "spouse", second)

    assert response.status_code == 404
    assert response.json() == {"detail": "Findes ikke.", "errors": []}
    assert counts() == before


def test_an_unknown_kind_of_relation_is_refused_naming_the_field(
    api: Api, household: Household, own_person: Person, household_member: Person
) -> None:
    before = counts()

    response = _relate(api, household, own_person, "child", household_member)

    _assert_refused_on(response, 422, "kind", None)
    assert counts() == before


def test_a_read_only_token_cannot_relate_members(
    api_for, household: Household, own_person: Person, household_member: Person
) -> None:
    api = api_for(Scope.REGISTRY_READ, Scope.PLANS_WRITE)
    before = counts()

    response = _relate(api, household, own_person, "spouse", household_member)

    assert response.status_code == 403
    assert "registry:write" in response.json()["detail"]
    assert counts() == before
