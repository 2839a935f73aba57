# SPDX-License-Identifier: MPL-2.0
"""The API's world: Horsens' Jobcenter with an integration working for it, a second
department (Sprogcentret) and Furesø, each with persons of its own; for the plans, a
planned and an active intervention of the Jobcenter and a referral from Sprogcentret to it.

`api` is a small client that sends the bearer token and JSON; `counts()` says how many
rows the registry, the audit log and the integrations hold, so that a refusal can be
shown to have written nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from helhed.api.models import Integration, Scope
from helhed.api.services import integration_create
from helhed.caseplans import services as plans
from helhed.caseplans.models import Intervention, Partner, Referral, RuleFlag
from helhed.citizens.models import (
    DanishEducation,
    Household,
    HousingPlacement,
    Locality,
    Person,
    ProgrammeEnrolment,
)
from helhed.citizens.tests.factories import register, registry_counts
from helhed.organisations.models import Department, Municipality, Role, User
from helhed.organisations.services import department_create
from helhed.organisations.tests.factories import make_user

ALL_SCOPES = tuple(Scope.values)


@dataclass
class Api:
    """A JSON client holding one token (or none)."""

    client: Client
    token: str | None
    language: str | None = None

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self.token is not None:
            headers["authorization"] = f"Bearer {self.token}"
        if self.language:
            headers["accept-language"] = self.language
        headers.update(extra or {})
        return headers

    def get(self, path: str, headers: dict[str, str] | None = None, **query: Any) -> Any:
        return self.client.get(f"/api/v1{path}", query, headers=self._headers(headers))

    def post(
        self,
        path: str,
        body: Any = None,
        *,
        raw: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        import json

        data = raw if raw is not None else json.dumps(body)
        return self.client.post(
            f"/api/v1{path}", data, content_type="application/json", headers=self._headers(headers)
        )


MakeIntegration = Callable[..., tuple[Integration, str]]


@pytest.fixture
def jobcenter(own_municipality: Municipality) -> Department:
    return own_municipality.departments.get(name="Jobcenter")


@pytest.fixture
def sprogcenter(own_municipality: Municipality) -> Department:
    return department_create(
        municipality=own_municipality, name="Sprogcentret", kind="language_centre"
    )


@pytest.fixture
def make_integration(administrator: User) -> MakeIntegration:
    def make(
        *,
        departments: Iterable[Department],
        scopes: Iterable[str] = ALL_SCOPES,
        name: str = "Jobcenter-system",
        municipality: Municipality | None = None,
    ) -> tuple[Integration, str]:
        departments = list(departments)
        new = integration_create(
            actor=None,
            municipality=municipality or departments[0].municipality,
            name=name,
            departments=departments,
            scopes=scopes,
        )
        return new.integration, new.token

    return make


@pytest.fixture
def integration_and_token(
    make_integration: MakeIntegration, jobcenter: Department
) -> tuple[Integration, str]:
    return make_integration(departments=[jobcenter])


@pytest.fixture
def integration(integration_and_token: tuple[Integration, str]) -> Integration:
    return integration_and_token[0]


@pytest.fixture
def api(client: Client, integration_and_token: tuple[Integration, str]) -> Api:
    """The Jobcenter-system's client, with every scope."""
    return Api(client, integration_and_token[1])


@pytest.fixture
def api_for(
    client: Client, make_integration: MakeIntegration, jobcenter: Department
) -> Callable[..., Api]:
    """A client of a new Jobcenter integration holding only `scopes`."""

    def make(*scopes: str) -> Api:
        _, token = make_integration(
            departments=[jobcenter], scopes=scopes, name=f"kun {' '.join(scopes)}"
        )
        return Api(client, token)

    return make


@pytest.fixture
def caseworker_jobcenter(jobcenter: Department) -> User:
    return make_user(
        municipality=jobcenter.municipality,
        roles=[Role.CASEWORKER],
        username="sagsbehandler-jobcenter",
        departments=[jobcenter],
    )


@pytest.fixture
def caseworker_sprogcenter(sprogcenter: Department) -> User:
    return make_user(
        municipality=sprogcenter.municipality,
        roles=[Role.CASEWORKER],
        username="sagsbehandler-sprog",
        departments=[sprogcenter],
    )


@pytest.fixture
def caseworker_other_municipality(other_municipality: Municipality) -> User:
    return make_user(
        municipality=other_municipality,
        roles=[Role.CASEWORKER],
        username="sagsbehandler-furesoe",
        departments=[other_municipality.departments.get(name="Jobcenter")],
    )


@pytest.fixture
def own_person(caseworker_jobcenter: User) -> Person:
    """A person in the Jobcenter's caseload: the integration sees them."""
    return register(caseworker_jobcenter, first_name="Amal", last_name="Haddad")


@pytest.fixture
def sprog_person(caseworker_sprogcenter: User) -> Person:
    """A person of Horsens in Sprogcentret's caseload only: hidden from the integration."""
    return register(caseworker_sprogcenter, first_name="Bashir", last_name="Sprog")


@pytest.fixture
def foreign_person(caseworker_other_municipality: User) -> Person:
    """A person of Furesø: hidden from every Horsens integration."""
    return register(caseworker_other_municipality, first_name="Carim", last_name="Fures")


@pytest.fixture
def locality(own_municipality: Municipality) -> Locality:
    return Locality.objects.create(municipality=own_municipality, name="Gedved")


@pytest.fixture
def household(own_person: Person) -> Household:
    household = Household.objects.create(municipality=own_person.municipality, name="Haddad")
    Person.objects.filter(pk=own_person.pk).update(household=household)
    own_person.refresh_from_db()
    return household


@pytest.fixture
def household_member(caseworker_jobcenter: User, household: Household) -> Person:
    """A second member of the Haddad household, in the Jobcenter's caseload."""
    return register(
        caseworker_jobcenter, first_name="Nour", last_name="Haddad", household=household
    )


NEWCOMER_CPR = "150310-4234"


@pytest.fixture
def newcomer(caseworker_jobcenter: User) -> Person:
    """A person in the Jobcenter's caseload in no household, born on 15 March 2010 (the
    CPR number above): old enough to be no one's parent, young enough to be a child."""
    return register(caseworker_jobcenter, cpr=NEWCOMER_CPR, first_name="Rami", last_name="Haddad")


@pytest.fixture
def planned_intervention(
    caseworker_jobcenter: User, own_person: Person, jobcenter: Department
) -> Intervention:
    return plans.intervention_create(
        actor=caseworker_jobcenter,
        person=own_person,
        kind="job_search",
        owner_department=jobcenter,
        starts_on=timezone.localdate() + timedelta(days=30),
    )


@pytest.fixture
def active_intervention(
    caseworker_jobcenter: User, own_person: Person, jobcenter: Department
) -> Intervention:
    return plans.intervention_create(
        actor=caseworker_jobcenter,
        person=own_person,
        kind="danish_course",
        owner_department=jobcenter,
        starts_on=timezone.localdate() - timedelta(days=30),
    )


@pytest.fixture
def incoming_referral(
    caseworker_sprogcenter: User,
    sprog_person: Person,
    sprogcenter: Department,
    jobcenter: Department,
) -> Referral:
    """Sprogcentret asks the Jobcenter to take part in its person's plan."""
    return plans.referral_create(
        actor=caseworker_sprogcenter,
        person=sprog_person,
        from_department=sprogcenter,
        to_department=jobcenter,
        reason="Klar til jobsøgning.",
    )


@pytest.fixture
def shared_person(
    own_person: Person,
    caseworker_jobcenter: User,
    caseworker_sprogcenter: User,
    jobcenter: Department,
    sprogcenter: Department,
) -> Person:
    """The Jobcenter's person, referred to Sprogcentret, which took part: both see them."""
    referral = plans.referral_create(
        actor=caseworker_jobcenter,
        person=own_person,
        from_department=jobcenter,
        to_department=sprogcenter,
        reason="Danskundervisning.",
    )
    plans.referral_accept(actor=caseworker_sprogcenter, referral=referral)
    return own_person


@pytest.fixture
def path_values(
    own_person: Person,
    household: Household,
    household_member: Person,
    newcomer: Person,
    planned_intervention: Intervention,
    active_intervention: Intervention,
    incoming_referral: Referral,
    jobcenter: Department,
    sprogcenter: Department,
) -> dict[str, object]:
    """What fills every operation's URL and body (operations.py) in this world."""
    return {
        "person_id": own_person.id,
        "household_id": household.id,
        "member_id": household_member.id,
        "relative_cpr": NEWCOMER_CPR,
        "intervention_id": planned_intervention.id,
        "active_intervention_id": active_intervention.id,
        "referral_id": incoming_referral.id,
        "owner_department_id": jobcenter.id,
        "to_department_id": sprogcenter.id,
        "focus_area_id": None,
        "today": timezone.localdate().isoformat(),
    }


def counts() -> dict[str, int]:
    return {
        **registry_counts(),
        "placements": HousingPlacement.objects.count(),
        "danish": DanishEducation.objects.count(),
        "programmes": ProgrammeEnrolment.objects.count(),
        "integrations": Integration.objects.count(),
        "interventions": Intervention.objects.count(),
        "referrals": Referral.objects.count(),
        "partners": Partner.objects.count(),
        "flags": RuleFlag.objects.count(),
        "households": Household.objects.count(),
        "household members": Person.objects.filter(household__isnull=False).count(),
    }
