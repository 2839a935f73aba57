# SPDX-License-Identifier: MPL-2.0
"""Interventions through the API: a person's plan as the integration may see it, one
intervention, adding one and its transitions, end to end through the client."""

import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from helhed.api.models import Integration
from helhed.api.tests.conftest import Api, counts
from helhed.audit.models import Action, AuditEvent
from helhed.caseplans import services as plans
from helhed.caseplans.catalogue import InterventionStatus
from helhed.caseplans.models import Intervention
from helhed.citizens.models import Household, Person
from helhed.citizens.tests.factories import register
from helhed.organisations.models import Department, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def sprog_interventions(
    shared_person: Person, caseworker_sprogcenter: User, sprogcenter: Department
) -> dict[str, Intervention]:
    """Sprogcentret's part of the shared person's plan: a mentor (with its partner, a note
    and, once completed, an outcome) and a confidential health assessment."""
    mentor = plans.partner_register(
        actor=caseworker_sprogcenter, kind="volunteer", name="Hanne Mentor"
    )
    started = timezone.localdate() - timedelta(days=20)
    mentoring = plans.intervention_create(
        actor=caseworker_sprogcenter,
        person=shared_person,
        kind="volunteer_mentor",
        owner_department=sprogcenter,
        partner=mentor,
        starts_on=started,
        note="Fortroligt om familien.",
    )
    plans.intervention_complete(
        actor=caseworker_sprogcenter,
        intervention=mentoring,
        outcome="completed",
        ends_on=timezone.localdate(),
    )
    health = plans.intervention_create(
        actor=caseworker_sprogcenter,
        person=shared_person,
        kind="health_assessment",
        owner_department=sprogcenter,
        starts_on=started + timedelta(days=1),
        note="Helbred.",
    )
    return {"mentoring": mentoring, "health": health}


def _items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["items"]


# The plan's interventions


def test_the_integrations_own_interventions_are_listed_in_full(
    api: Api, own_person: Person, active_intervention: Intervention
) -> None:
    Intervention.objects.filter(pk=active_intervention.pk).update(note="Mødes tirsdag.")

    [item] = _items(api.get(f"/persons/{own_person.id}/interventions"))

    assert item["id"] == str(active_intervention.id)
    assert item["own"] is True
    assert item["kind"] == "danish_course"
    assert item["label"] == "Danskkursus"
    assert item["note"] == "Mødes tirsdag."
    assert item["status"] == "active"
    assert item["department"]["name"] == "Jobcenter"


def test_another_departments_interventions_show_only_what_whose_when_and_status(
    api: Api, shared_person: Person, sprog_interventions: dict[str, Intervention]
) -> None:
    items = _items(api.get(f"/persons/{shared_person.id}/interventions"))

    mentoring = next(i for i in items if i["kind"] == "volunteer_mentor")
    assert mentoring["own"] is False
    assert mentoring["department"]["name"] == "Sprogcentret"
    assert mentoring["status"] == "completed"
    assert mentoring["starts_on"] == sprog_interventions["mentoring"].starts_on.isoformat()
    assert mentoring["ends_on"] == timezone.localdate().isoformat()
    assert (mentoring["id"], mentoring["note"], mentoring["outcome"], mentoring["partner"]) == (
        None,
        None,
        None,
        None,
    )
    body = api.get(f"/persons/{shared_person.id}/interventions").content.decode()
    assert "Hanne Mentor" not in body
    assert "Fortroligt" not in body


def test_another_departments_confidential_intervention_shows_only_that_there_is_one(
    api: Api, shared_person: Person, sprog_interventions: dict[str, Intervention]
) -> None:
    response = api.get(f"/persons/{shared_person.id}/interventions")

    starts_on = sprog_interventions["health"].starts_on.isoformat()
    health = next(i for i in _items(response) if i["starts_on"] == starts_on)
    assert health["kind"] == "confidential"
    assert health["label"] == "Fortrolig indsats"
    assert "health_assessment" not in response.content.decode()
    assert "Helbred" not in response.content.decode()


def test_the_owner_department_sees_its_own_confidential_intervention(
    client, make_integration, sprogcenter: Department, sprog_interventions
) -> None:
    _, token = make_integration(departments=[sprogcenter], name="Sprogsystem")
    person = sprog_interventions["health"].person

    items = _items(Api(client, token).get(f"/persons/{person.id}/interventions"))

    health = next(i for i in items if i["id"] == str(sprog_interventions["health"].id))
    assert (health["kind"], health["note"]) == ("health_assessment", "Helbred.")
    mentoring = next(i for i in items if i["kind"] == "volunteer_mentor")
    assert (mentoring["partner"], mentoring["outcome"]) == (
        "Hanne Mentor",
        "Gennemført som planlagt",
    )


def test_the_households_interventions_are_in_each_members_plan(
    api: Api,
    own_person: Person,
    household: Household,
    caseworker_jobcenter: User,
    jobcenter: Department,
) -> None:
    plans.intervention_create(
        actor=caseworker_jobcenter,
        household=household,
        kind="parent_meetings",
        owner_department=jobcenter,
        starts_on=date(2024, 4, 1),
    )

    [item] = _items(api.get(f"/persons/{own_person.id}/interventions"))

    assert (item["kind"], item["subject"]) == ("parent_meetings", "Haddad")


def test_the_plan_is_audited_as_one_read_of_the_person(
    api: Api,
    integration: Integration,
    own_person: Person,
    active_intervention,
    planned_intervention,
) -> None:
    before = AuditEvent.objects.count()

    api.get(f"/persons/{own_person.id}/interventions")

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("occurred_at")
    assert (event.action, event.person_id, event.user_id) == (
        Action.READ,
        own_person.id,
        integration.service_user_id,
    )


@pytest.mark.parametrize("who", ["sprog_person", "foreign_person", "nobody"])
def test_the_plan_of_a_person_outside_the_caseload_is_not_found(
    api: Api, request: pytest.FixtureRequest, who: str
) -> None:
    person_id = uuid.uuid4() if who == "nobody" else request.getfixturevalue(who).id
    before = counts()

    for path in ("interventions", "flags", "referrals"):
        response = api.get(f"/persons/{person_id}/{path}")
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Findes ikke.", "errors": []}
    assert counts() == before


def test_the_plan_is_paged(api: Api, own_person: Person, caseworker_jobcenter: User, jobcenter):
    for day in range(5):
        plans.intervention_create(
            actor=caseworker_jobcenter,
            person=own_person,
            kind="job_search",
            owner_department=jobcenter,
            starts_on=date(2024, 3, 1) + timedelta(days=day),
        )

    pages = [
        api.get(f"/persons/{own_person.id}/interventions", limit=2, offset=o).json()
        for o in (0, 2, 4)
    ]

    assert [len(p["items"]) for p in pages] == [2, 2, 1]
    assert {p["count"] for p in pages} == {5}
    starts = [i["starts_on"] for p in pages for i in p["items"]]
    assert starts == sorted(starts)
    assert len(set(starts)) == 5
    assert api.get(f"/persons/{own_person.id}/interventions", limit=0).status_code == 422


# One intervention


def test_an_own_intervention_is_shown_in_full_and_its_read_audited(
    api: Api, own_person: Person, active_intervention: Intervention
) -> None:
    before = AuditEvent.objects.count()

    response = api.get(f"/interventions/{active_intervention.id}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["person_id"], body["status"]) == (
        str(active_intervention.id),
        str(own_person.id),
        "active",
    )
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("occurred_at")
    assert (event.action, event.person_id) == (Action.READ, own_person.id)


def test_another_departments_intervention_is_not_found_though_its_person_is_seen(
    api: Api, sprog_interventions: dict[str, Intervention]
) -> None:
    before = counts()

    for intervention in sprog_interventions.values():
        response = api.get(f"/interventions/{intervention.id}")
        assert response.status_code == 404
        assert api.post(f"/interventions/{intervention.id}/start").status_code == 404
        cancel = {"closing_note": "Nej."}
        assert api.post(f"/interventions/{intervention.id}/cancel", cancel).status_code == 404
    assert counts() == before


def test_another_municipalitys_intervention_is_not_found(
    api: Api, foreign_person: Person, caseworker_other_municipality: User
) -> None:
    intervention = plans.intervention_create(
        actor=caseworker_other_municipality,
        person=foreign_person,
        kind="job_search",
        owner_department=caseworker_other_municipality.departments.get(),
        starts_on=date(2024, 4, 1),
    )

    assert api.get(f"/interventions/{intervention.id}").status_code == 404


# Adding one


def test_an_intervention_is_added_and_the_write_audited_by_the_service(
    api: Api, integration: Integration, own_person: Person, jobcenter: Department
) -> None:
    before = AuditEvent.objects.count()

    response = api.post(
        f"/persons/{own_person.id}/interventions",
        {"kind": "job_search", "starts_on": "2024-04-01", "note": "Cv først."},
    )

    assert response.status_code == 201, response.content
    intervention = Intervention.objects.get(pk=response.json()["id"])
    assert (intervention.person_id, intervention.owner_department_id) == (
        own_person.id,
        jobcenter.id,
    )
    assert intervention.created_by == integration.service_user
    assert response.json()["note"] == "Cv først."
    events = list(
        AuditEvent.objects.order_by("-occurred_at")[: AuditEvent.objects.count() - before]
    )
    assert [(e.action, e.person_id) for e in events] == [(Action.UPDATE, own_person.id)]


BAD_INTERVENTIONS = [
    ({"starts_on": "2024-04-01"}, "kind"),
    ({"kind": "yoga", "starts_on": "2024-04-01"}, "kind"),
    ({"kind": "job_search"}, "starts_on"),
    ({"kind": "job_search", "starts_on": "1. april"}, "starts_on"),
    ({"kind": "job_search", "starts_on": "1900-01-01"}, "starts_on"),
    ({"kind": "job_search", "starts_on": "2024-04-01", "ends_on": "2024-03-01"}, "ends_on"),
    ({"kind": "company_internship", "starts_on": "2024-04-01"}, "partner_id"),
    (
        {"kind": "job_search", "starts_on": "2024-04-01", "partner_id": str(uuid.uuid4())},
        "partner_id",
    ),
    (
        {"kind": "job_search", "starts_on": "2024-04-01", "focus_area_id": str(uuid.uuid4())},
        "focus_area_id",
    ),
    ({"kind": "job_search", "starts_on": "2024-04-01", "sector": "Rengøring"}, "sector"),
    ({"kind": "job_search", "starts_on": "2024-04-01", "note": "a\x00b"}, "note"),
    ({"kind": "job_search", "starts_on": "2024-04-01", "status": "completed"}, "status"),
]


@pytest.mark.parametrize(("body", "field"), BAD_INTERVENTIONS)
def test_a_bad_intervention_is_refused_on_its_field_and_nothing_is_written(
    api: Api, own_person: Person, body: dict, field: str
) -> None:
    before = counts()

    response = api.post(f"/persons/{own_person.id}/interventions", body)

    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert counts() == before


def test_an_intervention_of_a_department_the_integration_does_not_work_for_is_refused(
    api: Api, own_person: Person, sprogcenter: Department
) -> None:
    before = counts()
    body = {"kind": "job_search", "starts_on": "2024-04-01"}

    response = api.post(
        f"/persons/{own_person.id}/interventions",
        {**body, "owner_department_id": str(sprogcenter.id)},
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "owner_department_id",
            "message": "Integrationen arbejder ikke for denne afdeling.",
        }
    ]
    assert counts() == before


def test_an_integration_of_two_departments_names_the_owner(
    client, make_integration, jobcenter: Department, sprogcenter: Department, own_person: Person
) -> None:
    _, token = make_integration(departments=[jobcenter, sprogcenter], name="Begge")
    api = Api(client, token, "en")
    body = {"kind": "job_search", "starts_on": "2024-04-01"}

    refused = api.post(f"/persons/{own_person.id}/interventions", body)
    added = api.post(
        f"/persons/{own_person.id}/interventions",
        {**body, "owner_department_id": str(jobcenter.id)},
    )

    assert refused.json()["errors"] == [
        {
            "field": "owner_department_id",
            "message": "Give the department that owns the intervention.",
        }
    ]
    assert added.status_code == 201


@pytest.mark.parametrize("who", ["sprog_person", "foreign_person"])
def test_no_intervention_is_added_for_a_person_outside_the_caseload(
    api: Api, request: pytest.FixtureRequest, who: str
) -> None:
    person = request.getfixturevalue(who)
    before = counts()

    response = api.post(
        f"/persons/{person.id}/interventions", {"kind": "job_search", "starts_on": "2024-04-01"}
    )

    assert response.status_code == 404
    assert counts() == before


def test_the_services_message_comes_in_english_when_asked_for(api: Api, own_person: Person) -> None:
    api.language = "en"

    response = api.post(
        f"/persons/{own_person.id}/interventions",
        {"kind": "job_search", "starts_on": "2024-04-01", "ends_on": "2024-03-01"},
    )

    assert response.json()["errors"] == [
        {"field": "ends_on", "message": "The intervention cannot end before it starts."}
    ]


# Transitions


def test_a_planned_intervention_starts(
    api: Api, own_person: Person, planned_intervention: Intervention
) -> None:
    before = AuditEvent.objects.count()

    response = api.post(f"/interventions/{planned_intervention.id}/start")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "active"
    assert response.json()["starts_on"] == timezone.localdate().isoformat()
    planned_intervention.refresh_from_db()
    assert planned_intervention.status == InterventionStatus.ACTIVE
    # the read through the access layer, and the service's write
    new = AuditEvent.objects.order_by("occurred_at", "id")[before:]
    assert [(e.action, e.person_id) for e in new] == [
        (Action.READ, own_person.id),
        (Action.UPDATE, own_person.id),
    ]


def test_an_intervention_under_way_is_completed_with_its_outcome(
    api: Api, active_intervention: Intervention
) -> None:
    today = timezone.localdate().isoformat()

    response = api.post(
        f"/interventions/{active_intervention.id}/complete",
        {"outcome": "ordinary_job", "ends_on": today, "closing_note": "Fastansat."},
    )

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["outcome"]) == ("completed", "ordinary_job")
    assert response.json()["closing_note"] == "Fastansat."


def test_an_intervention_is_cancelled_with_the_reason(
    api: Api, planned_intervention: Intervention
) -> None:
    response = api.post(
        f"/interventions/{planned_intervention.id}/cancel", {"closing_note": "Flyttet."}
    )

    assert response.status_code == 200, response.content
    planned_intervention.refresh_from_db()
    assert (planned_intervention.status, planned_intervention.closing_note) == (
        "cancelled",
        "Flyttet.",
    )


@pytest.mark.parametrize(
    ("cancel_first", "action", "body", "message"),
    [
        (
            False,
            "start",
            None,
            "An intervention with the status under way cannot change to under way.",
        ),
        (
            True,
            "complete",
            {"outcome": "completed", "ends_on": "{today}"},
            "An intervention with the status cancelled cannot change to completed.",
        ),
        (
            True,
            "start",
            None,
            "An intervention with the status cancelled cannot change to under way.",
        ),
    ],
)
def test_an_illegal_transition_is_refused_with_the_services_message(
    api: Api,
    caseworker_jobcenter: User,
    active_intervention: Intervention,
    cancel_first: bool,
    action: str,
    body,
    message: str,
) -> None:
    if cancel_first:
        plans.intervention_cancel(
            actor=caseworker_jobcenter, intervention=active_intervention, closing_note="Stop."
        )
    if body:
        body = {k: v.format(today=timezone.localdate()) for k, v in body.items()}
    api.language = "en"
    before = counts()

    response = api.post(f"/interventions/{active_intervention.id}/{action}", body)

    assert response.status_code == 422, response.content
    assert response.json()["errors"] == [{"field": None, "message": message}]
    assert counts() == before


def test_a_closed_intervention_cannot_be_cancelled(
    api: Api, active_intervention: Intervention
) -> None:
    api.post(f"/interventions/{active_intervention.id}/cancel", {"closing_note": "Stoppet."})
    api.language = "en"

    response = api.post(
        f"/interventions/{active_intervention.id}/cancel", {"closing_note": "Igen."}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == (
        "An intervention with the status cancelled cannot change to cancelled."
    )


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("complete", {"outcome": "vundet", "ends_on": "{today}"}, "outcome"),
        ("complete", {"outcome": "completed"}, "ends_on"),
        ("complete", {"outcome": "completed", "ends_on": "{tomorrow}"}, "ends_on"),
        ("complete", {"outcome": "completed", "ends_on": "2000-01-01"}, "ends_on"),
        ("cancel", {}, "closing_note"),
        ("cancel", {"closing_note": "   "}, "closing_note"),
        ("cancel", {"closing_note": "x" * 2001}, "closing_note"),
    ],
)
def test_a_bad_closing_is_refused_on_its_field_and_nothing_is_written(
    api: Api, active_intervention: Intervention, action: str, body: dict, field: str
) -> None:
    today = timezone.localdate()
    filled = {k: v.format(today=today, tomorrow=today + timedelta(days=1)) for k, v in body.items()}
    before = counts()

    response = api.post(f"/interventions/{active_intervention.id}/{action}", filled)

    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert counts() == before
    active_intervention.refresh_from_db()
    assert active_intervention.status == InterventionStatus.ACTIVE


def test_a_person_registered_elsewhere_gets_no_interventions_from_the_integration(
    api: Api, caseworker_sprogcenter: User
) -> None:
    person = register(caseworker_sprogcenter)

    assert api.get(f"/persons/{person.id}/interventions").status_code == 404
