# SPDX-License-Identifier: MPL-2.0
"""Exactly one audit event per read of a person, per search and per exported person.

Every page and API operation that reads persons is requested once by the owner of the
objects (tests/test_url_auth.py's world: Amina and Sara of one household in the
Jobcenter's caseload, Amina's intervention and referral), and the audit events written by
that one request are compared with what it read: one `read` event per person shown, one
`search` event with the criterion (never a CPR number) for a list or a search, one
`export` event per exported person. The same requests by a caseworker of another
department are refused and write no event at all. A guard fails when an API operation
that reads is missing from the table.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from helhed.api.models import Scope
from helhed.api.services import integration_create
from helhed.audit.models import Action, AuditEvent
from helhed.citizens.models import Person
from helhed.organisations.models import Role, User
from helhed.organisations.tests.factories import make_user
from helhed.organisations.tests.sessions import login_verified
from tests.test_url_auth import API_DOCUMENT, World, _build_world

CPR = "010190-1234"  # Amina's, in tests/test_url_auth.py's world
# The caseload's criterion is written in the request's language (Danish by default).


@dataclass(frozen=True)
class Read:
    """One request and the events it must write: (action, whose) where whose is
    "person" (Amina), "household" (each member), "visible" (each person in the
    caseload) or a search criterion."""

    name: str
    request: Callable[["Setup"], Any]
    action: str
    whose: str


@dataclass
class Setup:
    world: World
    client: Client  # signed in as the world's caseworker
    token: str  # an integration of the caseworker's departments, every scope
    service_user: User  # the integration's account, which the API reads as

    @property
    def person(self) -> Person:
        assert self.world.person is not None
        return self.world.person

    def api_get(self, path: str) -> Any:
        return self.client.get(f"/api/v1{path}", headers={"authorization": f"Bearer {self.token}"})

    def api_post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(body),
            content_type="application/json",
            headers={"authorization": f"Bearer {self.token}"},
        )


def _page(name: str, **kwargs: Callable[[World], Any]) -> Callable[[Setup], Any]:
    def request(setup: Setup) -> Any:
        return setup.client.get(
            reverse(name, kwargs={k: f(setup.world).pk for k, f in kwargs.items()})
        )

    return request


PERSON = {"person_id": lambda w: w.person}

PAGE_READS = [
    Read("person page", _page("citizens:person_detail", **PERSON), Action.READ, "person"),
    Read(
        "household and family page",
        _page("citizens:household_edit", **PERSON),
        Action.READ,
        "person",
    ),
    Read("plan page", _page("caseplans:person_plan", **PERSON), Action.READ, "person"),
    Read(
        "household page",
        _page("caseplans:household_detail", household_id=lambda w: w.household),
        Action.READ,
        "household",
    ),
    Read(
        "intervention page",
        _page("caseplans:intervention_detail", intervention_id=lambda w: w.intervention),
        Action.READ,
        "person",
    ),
    Read(
        "referral page",
        _page("caseplans:referral_detail", referral_id=lambda w: w.referral),
        Action.READ,
        "person",
    ),
    Read("caseload", _page("citizens:caseload"), Action.SEARCH, "sagsstamme"),
    Read(
        "search by name",
        lambda s: s.client.post(reverse("citizens:caseload"), {"query": "Amina"}),
        Action.SEARCH,
        "name: Amina",
    ),
    Read(
        "search by CPR",
        lambda s: s.client.post(reverse("citizens:caseload"), {"query": CPR}),
        Action.SEARCH,
        "CPR 010190-xxxx",
    ),
    Read("worklist", _page("caseplans:worklist"), Action.SEARCH, "worklist: mine"),
    Read("XLSX export", _page("imports:export"), Action.EXPORT, "visible"),
    # the dashboard's drill-down to the persons behind a number (ADR 0029)
    Read(
        "dashboard drill-down",
        lambda s: s.client.get(
            reverse("indicators:dashboard_persons"),
            {
                "indikator": "arrivals_by_source",
                "maaned": "2024-03",
                "gruppe": "quota_refugee",
                "del": "taeller",
            },
        ),
        Action.SEARCH,
        "indikator arrivals_by_source, 2024-03, gruppe Kvoteflygtning, tæller",
    ),
]


def _person_path(suffix: str) -> Callable[[Setup], Any]:
    return lambda s: s.api_get(f"/persons/{s.person.pk}{suffix}")


# The API's operations that read persons, by operationId.
API_READS = {
    "person_detail": Read("API person", _person_path(""), Action.READ, "person"),
    "arrival_list": Read("API arrivals", _person_path("/arrivals"), Action.READ, "person"),
    "housing_placement_list": Read(
        "API housing", _person_path("/housing-placements"), Action.READ, "person"
    ),
    "danish_education_list": Read(
        "API Danish", _person_path("/danish-education"), Action.READ, "person"
    ),
    "programme_enrolment_list": Read(
        "API programme", _person_path("/programme-enrolments"), Action.READ, "person"
    ),
    "status_spell_list": Read(
        "API status spells", _person_path("/status-spells"), Action.READ, "person"
    ),
    "intervention_list": Read(
        "API interventions", _person_path("/interventions"), Action.READ, "person"
    ),
    "flag_list": Read("API flags", _person_path("/flags"), Action.READ, "person"),
    "referral_list": Read("API referrals", _person_path("/referrals"), Action.READ, "person"),
    "intervention_detail": Read(
        "API intervention",
        lambda s: s.api_get(f"/interventions/{s.world.intervention.pk}"),  # type: ignore[union-attr]
        Action.READ,
        "person",
    ),
    "household_detail": Read(
        "API household",
        lambda s: s.api_get(f"/households/{s.world.household.pk}"),  # type: ignore[union-attr]
        # the API audits a household as one search with the household as its criterion
        Action.SEARCH,
        "*",
    ),
    "person_list": Read("API person list", lambda s: s.api_get("/persons"), Action.SEARCH, "*"),
    "person_search": Read(
        "API person search",
        lambda s: s.api_post("/persons/search", {"name": "Amina"}),
        Action.SEARCH,
        "*",
    ),
}
# Operations that read no person, or write (audited by the write's own event).
API_NOT_READS = frozenset({"partner_list"})


@pytest.fixture
def setup(policy_officer: User) -> Setup:
    world = _build_world(policy_officer)
    assert world.caseworker is not None
    client = Client()
    login_verified(client, world.caseworker)
    made = integration_create(
        actor=None,
        municipality=world.municipality,
        name="Tælling",
        departments=list(world.caseworker.departments.all()),
        scopes=Scope.values,
    )
    return Setup(world, client, made.token, made.integration.service_user)


def _expected_people(setup: Setup, whose: str) -> list[Any]:
    world = setup.world
    if whose == "person":
        return [setup.person.pk]
    if whose == "household":
        return sorted(Person.objects.filter(household=world.household).values_list("pk", flat=True))
    if whose == "visible":
        return sorted(
            Person.objects.filter(municipality=world.municipality).values_list("pk", flat=True)
        )
    return []


def _check(setup: Setup, read: Read) -> None:
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = read.request(setup)
    assert response.status_code == 200, (read.name, response.status_code)
    new = list(AuditEvent.objects.exclude(pk__in=before))
    assert {e.action for e in new} == {read.action}, (read.name, [e.action for e in new])
    reader = setup.service_user if read.name.startswith("API") else setup.world.caseworker
    assert {e.user_id for e in new} == {reader.pk}, read.name  # type: ignore[union-attr]
    if read.action == Action.SEARCH:
        assert len(new) == 1, (read.name, len(new))
        if read.whose != "*":
            assert new[0].search_criterion == read.whose
        assert new[0].person_id is None
        assert "1234" not in new[0].search_criterion
    else:
        read_ids = sorted(str(e.person_id) for e in new)
        assert read_ids == sorted(str(pk) for pk in _expected_people(setup, read.whose)), read.name


@pytest.mark.django_db
@pytest.mark.parametrize("read", PAGE_READS, ids=lambda r: r.name)
def test_a_page_that_reads_persons_writes_one_event_per_person_or_search(
    setup: Setup, read: Read
) -> None:
    _check(setup, read)


@pytest.mark.django_db
@pytest.mark.parametrize("operation_id", sorted(API_READS))
def test_an_api_operation_that_reads_persons_writes_one_event_per_person_or_search(
    setup: Setup, operation_id: str
) -> None:
    _check(setup, API_READS[operation_id])


def test_every_api_operation_that_reads_is_counted() -> None:
    reads = {
        spec["operationId"]
        for methods in API_DOCUMENT["paths"].values()
        for method, spec in methods.items()
        if method == "get" or spec["operationId"].endswith("_search")
    }
    assert reads - set(API_READS) - API_NOT_READS == set()


@pytest.mark.django_db
@pytest.mark.parametrize("read", PAGE_READS[:5], ids=lambda r: r.name)
def test_a_refused_read_writes_no_event(setup: Setup, read: Read) -> None:
    outsider = make_user(
        municipality=setup.world.municipality,
        roles=[Role.CASEWORKER],
        username="anden-afdeling",
        departments=[setup.world.municipality.departments.get(name="Forvaltningen")],
    )
    login_verified(setup.client, outsider)
    before = AuditEvent.objects.count()
    assert read.request(setup).status_code == 404
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_each_read_of_the_same_person_writes_its_own_event(setup: Setup) -> None:
    url = reverse("citizens:person_detail", args=[setup.person.pk])
    before = AuditEvent.objects.count()
    for _ in range(3):
        setup.client.get(url)
    assert AuditEvent.objects.count() == before + 3
