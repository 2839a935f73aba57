# SPDX-License-Identifier: MPL-2.0
"""Bad input at the access layer (issue 6): a CPR number searched by someone without the
right, an API token without the operation's scope, a path traversal in an export's name
and a 10,000-character name. Each is refused with a clear message naming what is wrong,
logged without the CPR number, and changes nothing."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from helhed.api.models import Scope
from helhed.api.services import integration_create
from helhed.audit.models import AuditEvent
from helhed.caseplans.models import Partner
from helhed.citizens.tests.factories import register, registry_counts
from helhed.organisations.models import Department, Municipality, Role, User
from helhed.organisations.tests.factories import make_user
from helhed.organisations.tests.sessions import login_verified

CPR = "010190-1234"
LONG = "A" * 10_000


def _client(user: User) -> Client:
    client = Client()
    login_verified(client, user)
    return client


@pytest.fixture
def jobcenter(own_municipality: Municipality) -> Department:
    return own_municipality.departments.get(name="Jobcenter")


@pytest.fixture
def other_department_caseworker(own_municipality: Municipality) -> User:
    return make_user(
        municipality=own_municipality,
        roles=[Role.CASEWORKER],
        username="sagsbehandler-forvaltning",
        departments=[own_municipality.departments.get(name="Forvaltningen")],
    )


@pytest.fixture
def amina(caseworker: User) -> object:
    return register(caseworker, cpr=CPR, first_name="Amina", last_name="Haddad")


# a CPR number in the search box


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["manager", "policy_officer", "politician", "administrator"])
def test_a_cpr_search_by_a_user_without_the_right_is_refused_and_logged_without_the_cpr(
    request: pytest.FixtureRequest,
    caplog: pytest.LogCaptureFixture,
    amina: object,
    persona: str,
) -> None:
    client = _client(request.getfixturevalue(persona))
    before = registry_counts()
    with caplog.at_level(logging.INFO):
        response = client.post(reverse("citizens:caseload"), {"query": CPR})
    # refused, with a clear message in Danish
    assert response.status_code == 403
    content = response.content.decode()
    assert "Ingen adgang" in content
    assert "Din rolle giver ikke adgang til denne side" in content
    assert "010190" not in content
    # logged: the refusal, with the address and never the number
    refusals = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any(reverse("citizens:caseload") in r.getMessage() for r in refusals)
    for record in caplog.records:
        assert "010190" not in record.getMessage()
        assert "1234" not in record.getMessage()
    # nothing changed, nothing read
    assert registry_counts() == before


@pytest.mark.django_db
def test_a_cpr_search_outside_the_caseload_finds_nothing_and_audits_the_number_masked(
    other_department_caseworker: User, amina: object
) -> None:
    response = _client(other_department_caseworker).post(
        reverse("citizens:caseload"), {"query": CPR}
    )
    assert response.status_code == 200
    assert list(response.context["persons"]) == []
    assert "010190" not in response.content.decode()
    event = AuditEvent.objects.get(action="search")
    assert event.search_criterion == "CPR 010190-xxxx"


# an API token with the wrong scope


@pytest.mark.django_db
def test_an_api_token_without_the_scope_gets_403_in_the_api_error_shape_and_writes_nothing(
    jobcenter: Department, amina: object
) -> None:
    token = integration_create(
        actor=None,
        municipality=jobcenter.municipality,
        name="Kun læsning",
        departments=[jobcenter],
        scopes=[Scope.REGISTRY_READ],
    ).token
    before = registry_counts()
    response = Client().post(
        "/api/v1/persons",
        json.dumps(
            {
                "cpr": "020290-1234",
                "first_name": "Dalia",
                "last_name": "Nasser",
                "country_of_origin": "SY",
                "arrived_on": "2024-05-01",
                "source": "quota_refugee",
            }
        ),
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert Scope.REGISTRY_WRITE.value in body["detail"]
    assert registry_counts() == before


# a path traversal in an export's name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?ark=../../etc/passwd&format=csv",
        "?ark=persons&format=../../etc/passwd",
        "?ark=..%2F..%2Fsettings&format=xlsx",
        "?ark=persons/../../x&format=csv",
    ],
)
def test_a_path_traversal_in_a_template_name_answers_404(caseworker: User, query: str) -> None:
    response = _client(caseworker).get(reverse("imports:template") + query)
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/app/import/eksport/../../../etc/passwd",
        "/app/import/eksport/..%2F..%2Fetc%2Fpasswd",
        "/app/import/eksport/%2e%2e/%2e%2e/config/settings/base.py",
    ],
)
def test_a_path_traversal_after_the_export_address_answers_404(caseworker: User, path: str) -> None:
    response = _client(caseworker).get(path)
    assert response.status_code in (404, 302)
    if response.status_code == 302:  # a normalised path lands on a page, never a file
        assert "passwd" not in response["Location"]
        assert "settings" not in response["Location"]


@pytest.mark.django_db
def test_the_export_takes_its_file_name_from_nothing_the_user_sends(
    caseworker: User, amina: object
) -> None:
    response = _client(caseworker).get(
        reverse("imports:export") + "?navn=../../etc/passwd&filename=../../x.xlsx"
    )
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert ".." not in disposition
    assert "passwd" not in disposition
    assert "/" not in disposition.split("filename=")[1]
    assert disposition.endswith('.xlsx"')


# a 10,000-character name


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_a_10000_character_name_on_registration_is_refused_naming_the_field(
    caseworker: User, jobcenter: Department, field: str
) -> None:
    data = {
        "cpr": "020290-1234",
        "first_name": "Dalia",
        "last_name": "Nasser",
        "country_of_origin": "SY",
        "education_level": "none",
        "arrived_on": "2024-05-01",
        "source": "quota_refugee",
        "department": str(jobcenter.pk),
        field: LONG,
    }
    before = registry_counts()
    response = _client(caseworker).post(reverse("citizens:person_register"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert "100" in errors[field][0]
    assert "tegn" in errors[field][0]  # Danish
    assert "020290" not in response.content.decode()
    assert registry_counts() == before


@pytest.mark.django_db
def test_a_10000_character_partner_name_is_refused_naming_the_field(caseworker: User) -> None:
    response = _client(caseworker).post(
        reverse("caseplans:partner_create"), {"kind": "association", "name": LONG}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["name"]
    assert not Partner.objects.exists()


@pytest.mark.django_db
def test_a_10000_character_reason_for_break_the_glass_is_refused_naming_the_field(
    other_department_caseworker: User, amina: object
) -> None:
    before = registry_counts()
    response = _client(other_department_caseworker).post(
        reverse("citizens:break_the_glass_by_cpr"), {"cpr": CPR, "reason": LONG}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["reason"]
    assert "300" in response.context["form"].errors["reason"][0]
    assert registry_counts() == before


@pytest.mark.django_db
def test_a_10000_character_name_in_the_api_is_refused_naming_the_field(
    jobcenter: Department,
) -> None:
    token = integration_create(
        actor=None,
        municipality=jobcenter.municipality,
        name="Skrivning",
        departments=[jobcenter],
        scopes=[Scope.REGISTRY_WRITE],
    ).token
    before = registry_counts()
    response = Client().post(
        "/api/v1/persons",
        json.dumps(
            {
                "cpr": "020290-1234",
                "first_name": LONG,
                "last_name": "Nasser",
                "country_of_origin": "SY",
                "arrived_on": "2024-05-01",
                "source": "quota_refugee",
            }
        ),
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    body = response.json()
    assert [e["field"] for e in body["errors"]] == ["first_name"]
    assert LONG not in response.content.decode()
    assert registry_counts() == before
