# SPDX-License-Identifier: MPL-2.0
"""A person's arrivals, housing placements, Danish education, programme enrolments and
status spells: lists and creates, through the registry's services."""

import uuid
from datetime import date

import pytest

from helhed.api.models import Integration
from helhed.api.tests.conftest import Api, counts
from helhed.audit.models import Action, AuditEvent
from helhed.citizens import services
from helhed.citizens.models import Locality, Person
from helhed.organisations.models import User

pytestmark = pytest.mark.django_db

FACTS = {
    # path: (a valid body, the rows it adds, the field of its list to check)
    "housing-placements": (
        {"locality": "Gedved", "permanent": True, "placed_on": "2024-04-01"},
        "placements",
    ),
    "danish-education": ({"track": "du2", "module": 2, "referred_on": "2024-04-01"}, "danish"),
    "programme-enrolments": ({"kind": "self_support", "starts_on": "2024-03-01"}, "programmes"),
    "status-spells": (
        {"kind": "benefit", "benefit_name": "Selvforsørgelsesydelse", "starts_on": "2024-03-01"},
        "spells",
    ),
}


@pytest.mark.parametrize("path", list(FACTS))
def test_a_fact_is_added_through_the_service_and_audited_once_as_a_change(
    api: Api, integration: Integration, own_person: Person, locality: Locality, path: str
) -> None:
    body, table = FACTS[path]
    before = counts()

    response = api.post(f"/persons/{own_person.id}/{path}", body)

    assert response.status_code == 201, response.content
    after = counts()
    assert after[table] == before[table] + 1
    assert after["audit events"] == before["audit events"] + 1
    event = AuditEvent.objects.latest("occurred_at")
    assert (event.action, event.person_id, event.user_id) == (
        Action.UPDATE,
        own_person.id,
        integration.service_user_id,
    )
    # and the list shows it
    listed = api.get(f"/persons/{own_person.id}/{path}").json()
    assert [item["id"] for item in listed] == [response.json()["id"]]


@pytest.mark.parametrize("path", [*FACTS, "arrivals"])
def test_a_list_of_facts_is_audited_as_one_read_of_the_person(
    api: Api, own_person: Person, path: str
) -> None:
    before = AuditEvent.objects.count()

    response = api.get(f"/persons/{own_person.id}/{path}")

    assert response.status_code == 200
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("occurred_at")
    assert (event.action, event.person_id) == (Action.READ, own_person.id)


def test_the_arrivals_are_listed(api: Api, own_person: Person) -> None:
    arrivals = api.get(f"/persons/{own_person.id}/arrivals").json()

    assert [(a["arrived_on"], a["source"], a["in_target_group"]) for a in arrivals] == [
        ("2024-03-01", "quota_refugee", True)
    ]


@pytest.mark.parametrize("path", [*FACTS, "arrivals"])
@pytest.mark.parametrize("who", ["sprog_person", "foreign_person", "nobody"])
def test_the_facts_of_a_person_outside_the_caseload_are_not_found(
    api: Api, request: pytest.FixtureRequest, locality: Locality, path: str, who: str
) -> None:
    person_id = uuid.uuid4() if who == "nobody" else request.getfixturevalue(who).id
    before = counts()

    listed = api.get(f"/persons/{person_id}/{path}")
    added = api.post(f"/persons/{person_id}/{path}", FACTS[path][0]) if path in FACTS else None

    assert listed.status_code == 404
    if added is not None:
        assert added.status_code == 404
    assert counts() == before


BAD_INPUT = [
    (
        "housing-placements",
        {"locality": "Atlantis", "permanent": True, "placed_on": "2024-04-01"},
        "locality",
    ),
    (
        "housing-placements",
        {"locality": "Gedved", "permanent": True, "placed_on": "1980-04-01"},
        "placed_on",
    ),
    (
        "housing-placements",
        {"locality": "G" * 101, "permanent": True, "placed_on": "2024-04-01"},
        "locality",
    ),
    ("housing-placements", {"locality": "Gedved", "placed_on": "2024-04-01"}, "permanent"),
    ("danish-education", {"track": "du9", "referred_on": "2024-04-01"}, "track"),
    ("danish-education", {"track": "du2", "module": 7, "referred_on": "2024-04-01"}, "module"),
    ("danish-education", {"track": "du2", "referred_on": "2999-04-01"}, "referred_on"),
    (
        "danish-education",
        {
            "track": "du2",
            "referred_on": "2024-04-01",
            "test": "pd3",
            "test_passed_on": "2024-06-01",
        },
        "test",
    ),
    (
        "danish-education",
        {"track": "du2", "referred_on": "2024-04-01", "test": "pd2"},
        "test_passed_on",
    ),
    ("programme-enrolments", {"kind": "holiday", "starts_on": "2024-03-01"}, "kind"),
    (
        "programme-enrolments",
        {"kind": "self_support", "starts_on": "2024-03-01", "ends_on": "2024-01-01"},
        "ends_on",
    ),
    ("programme-enrolments", {"kind": "self_support", "starts_on": "not a date"}, "starts_on"),
    ("status-spells", {"kind": "benefit", "starts_on": "2024-03-01"}, "benefit_name"),
    ("status-spells", {"kind": "job", "starts_on": "1970-03-01"}, "starts_on"),
    (
        "status-spells",
        {"kind": "job", "starts_on": "2024-03-01", "ends_on": "2024-02-01"},
        "ends_on",
    ),
    (
        "status-spells",
        {"kind": "job", "starts_on": "2024-03-01", "benefit_name": "x" * 121},
        "benefit_name",
    ),
    ("status-spells", {"kind": "job", "starts_on": "2024-03-01", "extra": 1}, "extra"),
]


@pytest.mark.parametrize(("path", "body", "field"), BAD_INPUT)
def test_bad_input_for_a_fact_is_refused_on_its_field_and_writes_nothing(
    api: Api, own_person: Person, locality: Locality, path: str, body: dict, field: str
) -> None:
    before = counts()

    response = api.post(f"/persons/{own_person.id}/{path}", body)

    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]], response.json()
    assert counts() == before


def test_an_overlapping_spell_is_refused_by_the_service(
    api: Api, own_person: Person, caseworker_jobcenter: User
) -> None:
    services.status_spell_add(
        actor=caseworker_jobcenter, person=own_person, kind="job", starts_on=date(2024, 1, 1)
    )
    before = counts()

    response = api.post(
        f"/persons/{own_person.id}/status-spells", {"kind": "job", "starts_on": "2024-05-01"}
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["starts_on"]
    assert counts() == before


def test_a_locality_of_another_municipality_is_not_one_of_ours(
    api: Api, own_person: Person, other_municipality
) -> None:
    Locality.objects.create(municipality=other_municipality, name="Farum")

    response = api.post(
        f"/persons/{own_person.id}/housing-placements",
        {"locality": "Farum", "permanent": False, "placed_on": "2024-04-01"},
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["locality"]
