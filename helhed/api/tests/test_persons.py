# SPDX-License-Identifier: MPL-2.0
"""Persons: the list, a person, search and registration, end to end through the client."""

import uuid
from datetime import date

import pytest
from django.test import Client

from helhed.api.models import Integration
from helhed.api.tests.conftest import Api, counts
from helhed.audit.models import Action, AuditEvent
from helhed.citizens.models import CaseAssignment, Person
from helhed.citizens.tests.factories import register
from helhed.organisations.models import Department, User

pytestmark = pytest.mark.django_db


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [p["id"] for p in response.json()["items"]]


# The list


def test_the_list_shows_only_the_persons_of_the_integrations_departments(
    api: Api, own_person: Person, sprog_person: Person, foreign_person: Person
) -> None:
    response = api.get("/persons")

    assert _ids(response) == [str(own_person.id)]
    assert response.json()["count"] == 1


def test_the_list_shows_a_person_whose_case_with_the_department_has_ended_no_more(
    api: Api, own_person: Person
) -> None:
    CaseAssignment.objects.filter(person=own_person).update(ended_on=date(2024, 6, 1))

    assert _ids(api.get("/persons")) == []
    assert api.get(f"/persons/{own_person.id}").status_code == 404


def test_an_integration_of_two_departments_sees_both_caseloads(
    client: Client,
    make_integration,
    jobcenter: Department,
    sprogcenter: Department,
    own_person: Person,
    sprog_person: Person,
    foreign_person: Person,
) -> None:
    _, token = make_integration(departments=[jobcenter, sprogcenter], name="Begge")

    assert set(_ids(Api(client, token).get("/persons"))) == {
        str(own_person.id),
        str(sprog_person.id),
    }


def test_the_list_masks_the_cpr_number(api: Api, caseworker_jobcenter: User) -> None:
    register(caseworker_jobcenter, cpr="121085-1234")

    item = api.get("/persons").json()["items"][0]

    assert item["cpr_masked"] == "121085-xxxx"
    assert "1234" not in str(api.get("/persons").content)


def test_pages_are_in_a_stable_order_without_duplicates_or_gaps(
    api: Api, caseworker_jobcenter: User
) -> None:
    # given seven persons, three of whom share a name
    for last_name in ["Berg", "Ali", "Ali", "Ali", "Dahl", "Celik", "Ali"]:
        register(caseworker_jobcenter, first_name="Sara", last_name=last_name)
    # when the integration pages through three at a time
    pages = [_ids(api.get("/persons", limit=3, offset=offset)) for offset in (0, 3, 6)]
    # then every person comes exactly once, in the same order as one big page
    seen = [person_id for page in pages for person_id in page]
    assert [len(p) for p in pages] == [3, 3, 1]
    assert len(set(seen)) == 7
    assert seen == _ids(api.get("/persons", limit=100))
    names = [p["last_name"] for p in api.get("/persons", limit=100).json()["items"]]
    assert names == sorted(names)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "mange"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 10**30}, "offset"),
    ],
)
def test_a_page_outside_the_limits_is_refused_on_its_field(
    api: Api, own_person: Person, query: dict, field: str
) -> None:
    before = AuditEvent.objects.count()

    response = api.get("/persons", **query)

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/persons", "limit=1&sort=name", "sort"),
        ("/persons", "limit=1&=null", None),  # a parameter without a name
        ("/partners", "offset=0&q=x", "q"),
        ("/persons/{person}/interventions", "limit=1&page=2", "page"),
    ],
)
def test_an_unknown_query_parameter_is_refused_on_its_name(
    api_for, own_person: Person, path: str, query: str, field: str | None
) -> None:
    api = api_for("registry:read", "plans:read")
    before = AuditEvent.objects.count()

    response = api.client.get(
        f"/api/v1{path.format(person=own_person.pk)}?{query}", headers=api._headers(None)
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": field, "message": "Ukendt felt."}]
    assert AuditEvent.objects.count() == before
    # the same request without the unknown parameter is answered
    known = "&".join(p for p in query.split("&") if p.split("=")[0] in ("limit", "offset"))
    assert (
        api.client.get(
            f"/api/v1{path.format(person=own_person.pk)}?{known}", headers=api._headers(None)
        ).status_code
        == 200
    )


def test_the_largest_page_is_allowed(api: Api, own_person: Person) -> None:
    assert api.get("/persons", limit=100).json()["limit"] == 100


def test_the_list_is_audited_as_one_search_by_the_integrations_service_account(
    api: Api, integration: Integration, own_person: Person
) -> None:
    before = AuditEvent.objects.count()

    api.get("/persons")

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("occurred_at")
    assert event.action == Action.SEARCH
    assert event.user == integration.service_user
    assert event.municipality_id == integration.municipality_id


# One person


def test_a_person_of_the_caseload_is_shown_and_the_read_audited(
    api: Api, integration: Integration, own_person: Person
) -> None:
    before = AuditEvent.objects.count()

    response = api.get(f"/persons/{own_person.id}")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(own_person.id)
    assert body["first_name"] == "Amal"
    assert body["cpr_masked"].endswith("-xxxx")
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("occurred_at")
    assert (event.action, event.person_id, event.user_id) == (
        Action.READ,
        own_person.id,
        integration.service_user_id,
    )


@pytest.mark.parametrize("who", ["sprog_person", "foreign_person", "nobody"])
def test_a_person_outside_the_caseload_is_not_found_like_one_that_does_not_exist(
    api: Api, request: pytest.FixtureRequest, who: str
) -> None:
    person_id = uuid.uuid4() if who == "nobody" else request.getfixturevalue(who).id
    before = AuditEvent.objects.count()

    response = api.get(f"/persons/{person_id}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Findes ikke.", "errors": []}
    assert AuditEvent.objects.count() == before


def test_a_malformed_id_is_not_found_in_the_apis_error_shape(api: Api) -> None:
    response = api.get("/persons/ikke-et-id")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


# Search


def test_a_search_by_cpr_finds_the_person_and_is_audited_with_the_number_masked(
    api: Api, caseworker_jobcenter: User
) -> None:
    person = register(caseworker_jobcenter, cpr="121085-1234")
    register(caseworker_jobcenter)
    before = AuditEvent.objects.count()

    response = api.post("/persons/search", {"cpr": "1210851234"})

    assert _ids(response) == [str(person.id)]
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("occurred_at")
    assert event.action == Action.SEARCH
    assert event.search_criterion == "CPR 121085-xxxx"
    assert "1234" not in event.search_criterion


def test_a_search_by_cpr_does_not_find_a_person_outside_the_caseload(
    api: Api, caseworker_sprogcenter: User, caseworker_other_municipality: User
) -> None:
    register(caseworker_sprogcenter, cpr="121085-1234")
    register(caseworker_other_municipality, cpr="121085-4321")

    assert _ids(api.post("/persons/search", {"cpr": "121085-1234"})) == []
    assert _ids(api.post("/persons/search", {"cpr": "121085-4321"})) == []


def test_a_search_by_name_finds_matching_persons_of_the_caseload_only(
    api: Api,
    own_person: Person,
    caseworker_jobcenter: User,
    caseworker_sprogcenter: User,
    caseworker_other_municipality: User,
) -> None:
    register(caseworker_jobcenter, first_name="Omar", last_name="Said")
    register(caseworker_jobcenter, first_name="Zaid", last_name="Haddadi")
    # namesakes outside the caseload
    register(caseworker_sprogcenter, first_name="Lina", last_name="Haddad")
    register(caseworker_other_municipality, first_name="Rami", last_name="Haddad")

    found = api.post("/persons/search", {"name": "haddad"}).json()["items"]

    assert sorted(p["last_name"] for p in found) == ["Haddad", "Haddadi"]
    event = AuditEvent.objects.latest("occurred_at")
    assert event.search_criterion == "name: haddad"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cpr": "12345"}, "cpr"),
        ({"cpr": "321385-1234"}, "cpr"),
        ({"cpr": "x" * 12}, "cpr"),
        ({}, None),
        ({"cpr": "121085-1234", "name": "Ali"}, None),
        ({"name": ""}, "name"),
        ({"name": "Ali", "limit": 1000}, "limit"),
        ({"name": "Ali", "city": "Horsens"}, "city"),
    ],
)
def test_a_bad_search_is_refused_on_its_field_and_audits_nothing(
    api: Api, own_person: Person, body: dict, field: str | None
) -> None:
    before = AuditEvent.objects.count()

    response = api.post("/persons/search", body)

    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert AuditEvent.objects.count() == before


def test_a_searched_cpr_number_is_never_echoed_in_an_error(api: Api) -> None:
    response = api.post("/persons/search", {"cpr": "991385-1234"})

    assert response.status_code == 422
    assert "991385" not in response.content.decode()
    assert "1234" not in response.content.decode()


# Registration


REGISTRATION = {
    "cpr": "020290-1234",
    "first_name": "Dalia",
    "last_name": "Nasser",
    "country_of_origin": "SY",
    "education_level": "vocational",
    "arrived_on": "2024-05-01",
    "source": "quota_refugee",
}


def test_registering_a_person_puts_them_in_the_departments_caseload(
    api: Api, integration: Integration, jobcenter: Department
) -> None:
    before = AuditEvent.objects.count()

    response = api.post("/persons", REGISTRATION)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["cpr_masked"] == "020290-xxxx"
    assert body["birth_date"] == "1990-02-02"
    person = Person.objects.get(pk=body["id"])
    assert person.assignments.get().department == jobcenter
    assert person.arrivals.get().source == "quota_refugee"
    # one event: the creation, by the integration's service account
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("occurred_at")
    assert (event.action, event.user_id) == (Action.CREATE, integration.service_user_id)
    # and the person is now in the integration's list
    assert _ids(api.get("/persons")) == [body["id"]]


def test_an_integration_of_two_departments_must_name_the_department(
    client: Client, make_integration, jobcenter: Department, sprogcenter: Department
) -> None:
    _, token = make_integration(departments=[jobcenter, sprogcenter], name="Begge")
    api = Api(client, token)

    refused = api.post("/persons", REGISTRATION)
    accepted = api.post("/persons", {**REGISTRATION, "department_id": str(sprogcenter.id)})

    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["department_id"]
    assert accepted.status_code == 201
    assert Person.objects.get().assignments.get().department == sprogcenter


def test_a_department_the_integration_does_not_work_for_is_refused(
    api: Api, sprogcenter: Department, other_municipality
) -> None:
    foreign = other_municipality.departments.get(name="Jobcenter")
    before = counts()
    for department in (sprogcenter, foreign):
        response = api.post("/persons", {**REGISTRATION, "department_id": str(department.id)})
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["department_id"]
    assert counts() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cpr": "020290"}, "cpr"),
        ({"cpr": "310290-1234"}, "cpr"),
        ({"cpr": "0202901234567"}, "cpr"),
        ({"first_name": ""}, "first_name"),
        ({"first_name": "   "}, "first_name"),
        ({"first_name": "D" * 101}, "first_name"),
        ({"last_name": "Nas\x00ser"}, "last_name"),
        ({"country_of_origin": "QQ"}, "country_of_origin"),
        ({"country_of_origin": "SYR"}, "country_of_origin"),
        ({"education_level": "phd"}, "education_level"),
        ({"arrived_on": "2024-02-30"}, "arrived_on"),
        ({"arrived_on": "2999-01-01"}, "arrived_on"),
        ({"arrived_on": "1980-01-01"}, "arrived_on"),
        ({"source": "tourist"}, "source"),
        ({"source": "moved"}, "from_kommunekode"),
        ({"from_kommunekode": "190"}, "from_kommunekode"),
        ({"source": "moved", "from_kommunekode": "1a0"}, "from_kommunekode"),
        ({"source": "moved", "from_kommunekode": "1900"}, "from_kommunekode"),
        ({"unaccompanied_minor": "måske"}, "unaccompanied_minor"),
        ({"department_id": "not-a-uuid"}, "department_id"),
        ({"household": "x"}, "household"),
    ],
)
def test_bad_registration_input_is_refused_on_its_field_and_writes_nothing(
    api: Api, change: dict, field: str
) -> None:
    before = counts()

    response = api.post("/persons", {**REGISTRATION, **change})

    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]], response.json()
    assert counts() == before


@pytest.mark.parametrize(
    "missing", ["cpr", "first_name", "last_name", "country_of_origin", "arrived_on", "source"]
)
def test_a_registration_missing_a_required_field_names_it(api: Api, missing: str) -> None:
    body = {k: v for k, v in REGISTRATION.items() if k != missing}

    response = api.post("/persons", body)

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": missing, "message": "Dette felt er påkrævet."}]


def test_a_person_registered_twice_is_refused_on_the_cpr_field(api: Api) -> None:
    assert api.post("/persons", REGISTRATION).status_code == 201
    before = counts()

    response = api.post("/persons", {**REGISTRATION, "first_name": "Anden"})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["cpr"]
    assert "020290" not in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize(
    "raw", ["{not json", "[1, 2]", '"text"', "null", "", '{"cpr": ' + "1" * 5000 + "}"]
)
def test_a_body_that_is_not_a_json_object_is_refused_with_a_message(api: Api, raw: str) -> None:
    before = counts()

    response = api.post("/persons", raw=raw)

    assert response.status_code in (400, 422), response.content
    assert response.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_error_answers_500_in_the_error_shape_without_a_trace(
    api: Api, own_person: Person, monkeypatch: pytest.MonkeyPatch, settings, debug: bool
) -> None:
    # given a fault deep in the registry, and nothing must be written
    settings.DEBUG = debug

    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("helhed.api.registry.decrypt_cpr", broken)
    before = counts()
    # when
    response = api.get(f"/persons/{own_person.id}")
    # then
    assert response.status_code == 500
    assert response.json() == {"detail": "Noget gik galt. Intet blev gemt.", "errors": []}
    assert "Traceback" not in response.content.decode()
    assert "fire" not in response.content.decode()
    assert counts() == before  # the read's audit event went with the failed transaction
