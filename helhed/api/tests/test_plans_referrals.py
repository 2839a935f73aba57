# SPDX-License-Identifier: MPL-2.0
"""A person's rule flags and referrals, and the municipality's partners, through the API."""

import uuid
from datetime import date

import pytest
from django.utils import translation

from helhed.api.models import Integration
from helhed.api.tests.conftest import Api, counts
from helhed.audit.models import Action, AuditEvent
from helhed.caseplans import services as plans
from helhed.caseplans.models import Partner, Referral, ReferralStatus
from helhed.caseplans.rules import RULE_SOURCES
from helhed.citizens import services as registry
from helhed.citizens.models import CaseAssignment, Person
from helhed.organisations.models import Department, User
from helhed.organisations.services import department_create

pytestmark = pytest.mark.django_db


# Rule flags


def test_the_open_flags_come_with_their_deadlines_and_sources(api: Api, own_person: Person) -> None:
    response = api.get(f"/persons/{own_person.id}/flags")

    assert response.status_code == 200, response.content
    body = response.json()
    assert [f["rule"] for f in body["open"]] == ["company_offer", "danish_referral"]
    assert body["resolved"] == []
    flag = body["open"][1]
    assert (flag["opened_on"], flag["due_on"], flag["resolved_at"]) == (
        "2024-03-01",
        "2024-03-31",
        None,
    )
    with translation.override("da"):
        assert flag["source"] == str(RULE_SOURCES["danish_referral"])
    assert flag["source"].startswith("Integrationsloven § 21")


def test_a_resolved_flag_moves_to_the_history_with_its_resolution(
    api: Api, own_person: Person, caseworker_jobcenter: User
) -> None:
    registry.danish_education_add(
        actor=caseworker_jobcenter,
        person=own_person,
        track="du2",
        module=1,
        referred_on=date(2024, 3, 20),
    )

    body = api.get(f"/persons/{own_person.id}/flags").json()

    assert [f["rule"] for f in body["open"]] == ["company_offer"]
    [resolved] = body["resolved"]
    assert (resolved["rule"], resolved["resolution"]) == ("danish_referral", "danish_referred")
    assert resolved["resolved_at"] is not None


def test_the_flags_are_audited_as_one_read_of_the_person(
    api: Api, integration: Integration, own_person: Person
) -> None:
    before = AuditEvent.objects.count()

    api.get(f"/persons/{own_person.id}/flags")

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("occurred_at")
    assert (event.action, event.person_id, event.user_id) == (
        Action.READ,
        own_person.id,
        integration.service_user_id,
    )


# Referrals


@pytest.fixture
def sent_referral(
    own_person: Person, caseworker_jobcenter: User, jobcenter: Department, sprogcenter: Department
) -> Referral:
    return plans.referral_create(
        actor=caseworker_jobcenter,
        person=own_person,
        from_department=jobcenter,
        to_department=sprogcenter,
        reason="Danskundervisning.",
    )


def test_the_persons_referrals_are_listed_and_the_read_audited(
    api: Api, own_person: Person, sent_referral: Referral
) -> None:
    before = AuditEvent.objects.count()

    response = api.get(f"/persons/{own_person.id}/referrals")

    assert response.status_code == 200, response.content
    [item] = response.json()
    assert item["id"] == str(sent_referral.id)
    assert (item["from_department"]["name"], item["to_department"]["name"]) == (
        "Jobcenter",
        "Sprogcentret",
    )
    assert (item["status"], item["reason"]) == ("pending", "Danskundervisning.")
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("occurred_at").action == Action.READ


def test_referrals_between_other_departments_are_not_listed(
    api: Api,
    shared_person: Person,
    caseworker_sprogcenter: User,
    sprogcenter: Department,
    school: Department,
) -> None:
    # given the Jobcenter's referral to Sprogcentret (accepted), and Sprogcentret's to the school
    plans.referral_create(
        actor=caseworker_sprogcenter,
        person=shared_person,
        from_department=sprogcenter,
        to_department=school,
        reason="Skole.",
    )
    # when / then only the Jobcenter's is listed
    items = api.get(f"/persons/{shared_person.id}/referrals").json()
    assert [(r["to_department"]["name"], r["status"]) for r in items] == [
        ("Sprogcentret", "accepted")
    ]


@pytest.fixture
def school(own_municipality) -> Department:
    return department_create(municipality=own_municipality, name="Skolen", kind="school")


def test_a_referral_is_sent_and_the_write_audited_by_the_service(
    api: Api, integration: Integration, own_person: Person, sprogcenter: Department
) -> None:
    before = AuditEvent.objects.count()

    response = api.post(
        f"/persons/{own_person.id}/referrals",
        {"to_department_id": str(sprogcenter.id), "reason": "Dansk på modul 2."},
    )

    assert response.status_code == 201, response.content
    referral = Referral.objects.get(pk=response.json()["id"])
    assert (referral.to_department, referral.created_by, referral.status) == (
        sprogcenter,
        integration.service_user,
        ReferralStatus.PENDING,
    )
    new = AuditEvent.objects.order_by("occurred_at", "id")[before:]
    assert [(e.action, e.person_id) for e in new] == [(Action.UPDATE, own_person.id)]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "Dansk."}, "to_department_id"),
        ({"to_department_id": "ikke-et-id", "reason": "Dansk."}, "to_department_id"),
        ({"to_department_id": "{random}", "reason": "Dansk."}, "to_department_id"),
        ({"to_department_id": "{foreign}", "reason": "Dansk."}, "to_department_id"),
        ({"to_department_id": "{jobcenter}", "reason": "Dansk."}, "to_department_id"),
        ({"to_department_id": "{sprogcenter}", "reason": "Dansk."}, "to_department_id"),
        ({"to_department_id": "{sprogcenter}"}, "reason"),
        ({"to_department_id": "{school}", "reason": ""}, "reason"),
        ({"to_department_id": "{sprogcenter}", "reason": "x" * 2001}, "reason"),
        (
            {"to_department_id": "{sprogcenter}", "reason": "a", "from_department_id": "{random}"},
            "from_department_id",
        ),
        ({"to_department_id": "{sprogcenter}", "reason": "a", "status": "accepted"}, "status"),
    ],
)
def test_a_bad_referral_is_refused_on_its_field_and_nothing_is_written(
    api: Api,
    own_person: Person,
    sent_referral: Referral,
    jobcenter: Department,
    sprogcenter: Department,
    school: Department,
    other_municipality,
    body: dict,
    field: str,
) -> None:
    # given a pending referral to Sprogcentret already (so a second one is refused)
    ids = {
        "random": uuid.uuid4(),
        "foreign": other_municipality.departments.get(name="Jobcenter").id,
        "jobcenter": jobcenter.id,
        "sprogcenter": sprogcenter.id,
        "school": school.id,
    }
    filled = {k: v.format(**ids) if isinstance(v, str) else v for k, v in body.items()}
    before = counts()

    response = api.post(f"/persons/{own_person.id}/referrals", filled)

    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert counts() == before


def test_a_referral_of_a_person_outside_the_caseload_is_not_found(
    api: Api, sprog_person: Person, foreign_person: Person, sprogcenter: Department
) -> None:
    before = counts()

    for person in (sprog_person, foreign_person):
        response = api.post(
            f"/persons/{person.id}/referrals",
            {"to_department_id": str(sprogcenter.id), "reason": "Dansk."},
        )
        assert response.status_code == 404
    assert counts() == before


def test_the_receiving_department_accepts_and_the_person_joins_its_caseload(
    api: Api, integration: Integration, incoming_referral: Referral, jobcenter: Department
) -> None:
    person = incoming_referral.person
    assert api.get(f"/persons/{person.id}").status_code == 404
    before = AuditEvent.objects.count()

    response = api.post(f"/referrals/{incoming_referral.id}/accept", {"decision_note": "Ja."})

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["decision_note"]) == ("accepted", "Ja.")
    assert CaseAssignment.objects.filter(person=person, department=jobcenter).exists()
    assert api.get(f"/persons/{person.id}").status_code == 200
    new = AuditEvent.objects.order_by("occurred_at", "id")[before:]
    assert [(e.action, e.person_id) for e in new][:2] == [
        (Action.READ, person.id),
        (Action.UPDATE, person.id),
    ]


def test_the_receiving_department_declines_with_the_reason(
    api: Api, incoming_referral: Referral
) -> None:
    response = api.post(f"/referrals/{incoming_referral.id}/decline", {"decision_note": "Nej."})

    assert response.status_code == 200, response.content
    incoming_referral.refresh_from_db()
    assert incoming_referral.status == ReferralStatus.DECLINED


def test_a_decline_without_a_reason_is_refused_and_nothing_is_written(
    api: Api, incoming_referral: Referral
) -> None:
    before = counts()

    response = api.post(f"/referrals/{incoming_referral.id}/decline", {})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["decision_note"]
    assert counts() == before


def test_a_decided_referral_cannot_be_decided_again(api: Api, incoming_referral: Referral) -> None:
    api.post(f"/referrals/{incoming_referral.id}/accept", {})
    api.language = "en"
    before = counts()

    response = api.post(f"/referrals/{incoming_referral.id}/decline", {"decision_note": "Nej."})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": None, "message": "The referral was already accepted."}
    ]
    assert counts() == before


def test_the_sending_department_may_not_decide_its_own_referral(
    api: Api, sent_referral: Referral
) -> None:
    before = counts()

    response = api.post(f"/referrals/{sent_referral.id}/accept", {})

    assert response.status_code == 403
    assert response.json()["detail"] == "Integrationen må ikke gøre dette."
    assert counts() == before


def test_a_referral_between_other_departments_is_not_found(
    api: Api,
    shared_person: Person,
    caseworker_sprogcenter: User,
    sprogcenter: Department,
    school: Department,
) -> None:
    referral = plans.referral_create(
        actor=caseworker_sprogcenter,
        person=shared_person,
        from_department=sprogcenter,
        to_department=school,
        reason="Skole.",
    )
    before = counts()

    assert api.post(f"/referrals/{referral.id}/accept", {}).status_code == 404
    assert api.post(f"/referrals/{uuid.uuid4()}/accept", {}).status_code == 404
    assert counts() == before


# Partners


def test_the_municipalitys_partners_are_listed_by_kind_and_name(
    api: Api, caseworker_jobcenter: User, caseworker_other_municipality: User
) -> None:
    for name in ("Ø-foreningen", "A-foreningen"):
        plans.partner_register(actor=caseworker_jobcenter, kind="association", name=name)
    plans.partner_register(actor=caseworker_jobcenter, kind="company", name="Bo", cvr="10000009")
    plans.partner_register(actor=caseworker_other_municipality, kind="volunteer", name="Furesø")

    response = api.get("/partners")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 3
    assert [(p["kind"], p["name"]) for p in body["items"]] == [
        ("association", "A-foreningen"),
        ("association", "Ø-foreningen"),
        ("company", "Bo"),
    ]
    assert body["items"][2]["cvr"] == "10000009"
    assert [p["name"] for p in api.get("/partners", limit=1, offset=1).json()["items"]] == [
        "Ø-foreningen"
    ]


def test_a_partner_is_registered(api: Api, integration: Integration) -> None:
    response = api.post("/partners", {"kind": "company", "name": "Gedved VVS", "cvr": "10000009"})

    assert response.status_code == 201, response.content
    partner = Partner.objects.get(pk=response.json()["id"])
    assert (partner.municipality_id, partner.cvr) == (integration.municipality_id, "10000009")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "company", "name": "Gedved VVS", "cvr": "12345678"}, "cvr"),
        ({"kind": "company", "name": "Gedved VVS", "cvr": "1234"}, "cvr"),
        ({"kind": "company", "name": "Gedved VVS"}, "cvr"),
        ({"kind": "association", "name": "Gedved IF", "cvr": "10000009"}, "cvr"),
        ({"kind": "company", "name": "Andet navn", "cvr": "10000017"}, "cvr"),
        ({"kind": "association", "name": "Hanne"}, "name"),
        ({"kind": "association", "name": ""}, "name"),
        ({"kind": "cult", "name": "Gedved IF"}, "kind"),
        ({"kind": "association", "name": "Gedved IF", "municipality_id": "x"}, "municipality_id"),
    ],
)
def test_a_bad_partner_is_refused_on_its_field_and_nothing_is_written(
    api: Api, caseworker_jobcenter: User, body: dict, field: str
) -> None:
    plans.partner_register(actor=caseworker_jobcenter, kind="company", name="VVS", cvr="10000017")
    plans.partner_register(actor=caseworker_jobcenter, kind="association", name="Hanne")
    before = counts()

    response = api.post("/partners", body)

    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert counts() == before


def test_a_bad_cvr_is_explained_in_english_when_asked_for(api: Api) -> None:
    api.language = "en"

    response = api.post("/partners", {"kind": "company", "name": "X", "cvr": "12345678"})

    assert response.json()["errors"] == [
        {"field": "cvr", "message": "A CVR number is eight digits that pass the modulus-11 check."}
    ]
