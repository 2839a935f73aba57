# SPDX-License-Identifier: MPL-2.0
"""The registration page: success sends the caseworker to the person's page (no CPR in its
URL, only the masked CPR on it); every refusal answers 400 with the message on its field,
never echoes the typed CPR and writes nothing."""

import logging
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override

from helhed.audit.models import Action, AuditEvent
from helhed.citizens.models import Arrival, Person
from helhed.citizens.tests.factories import register, registry_counts
from helhed.organisations.models import Department, User
from helhed.organisations.tests.sessions import login_verified

pytestmark = pytest.mark.django_db

URL = reverse("citizens:person_register")
CPR = "150385-1234"
CPR_DIGITS = "1503851234"


def _da(message: str) -> str:
    with override("da"):
        return escape(gettext(message))


def _data(department: Department, **overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "cpr": CPR,
        "first_name": "Amal",
        "last_name": "Haddad",
        "country_of_origin": "SY",
        "education_level": "none",
        "arrived_on": "2024-03-01",
        "source": "quota_refugee",
        "from_kommunekode": "",
        "department": str(department.id),
    }
    data.update(overrides)
    return data


def _assert_no_cpr(text: str, digits: str = CPR_DIGITS) -> None:
    assert digits not in text
    assert f"{digits[:6]}-{digits[6:]}" not in text


def _refused(client: Client, data: dict[str, Any]) -> Any:
    before = registry_counts()
    response = client.post(URL, data)
    assert response.status_code == 400
    assert registry_counts() == before
    return response


# --- the form ----------------------------------------------------------------------------


def test_the_form_offers_only_the_caseworkers_departments(
    client: Client, caseworker: User, jobcenter: Department
) -> None:
    login_verified(client, caseworker)

    response = client.get(URL)

    assert response.status_code == 200
    assert list(response.context["form"].fields["department"].queryset) == [jobcenter]


def test_the_cpr_field_is_a_password_field_without_autocomplete(
    client: Client, caseworker: User
) -> None:
    login_verified(client, caseworker)

    body = client.get(URL).content.decode()

    assert 'type="password" name="cpr"' in body
    assert 'autocomplete="off"' in body


# --- success ------------------------------------------------------------------------------


def test_registering_redirects_to_the_persons_page_without_the_cpr_in_the_url(
    client: Client, caseworker: User, jobcenter: Department
) -> None:
    login_verified(client, caseworker)

    response = client.post(URL, _data(jobcenter))

    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "citizens:person_detail", kwargs={"person_id": person.id}
    )
    _assert_no_cpr(response["Location"])
    assert "150385" not in response["Location"]


def test_registering_creates_the_person_arrival_and_one_create_event(
    client: Client, caseworker: User, jobcenter: Department
) -> None:
    login_verified(client, caseworker)
    before = registry_counts()

    client.post(URL, _data(jobcenter))

    after = registry_counts()
    assert after["persons"] == before["persons"] + 1
    assert after["arrivals"] == before["arrivals"] + 1
    assert after["assignments"] == before["assignments"] + 1
    assert after["audit events"] == before["audit events"] + 1
    person = Person.objects.get()
    assert (person.first_name, person.last_name) == ("Amal", "Haddad")
    assert Arrival.objects.get(person=person).in_target_group is True
    assert AuditEvent.objects.get().action == Action.CREATE


def test_the_persons_page_after_registering_shows_only_the_masked_cpr(
    client: Client, caseworker: User, jobcenter: Department
) -> None:
    login_verified(client, caseworker)

    response = client.post(URL, _data(jobcenter), follow=True)

    assert response.status_code == 200
    body = response.content.decode()
    assert "150385-xxxx" in body
    _assert_no_cpr(body)
    _assert_no_cpr(response.wsgi_request.get_full_path())


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("310299-1234", "The first six digits of the CPR number are not a date (DDMMYY)."),
        ("290221-1234", "The first six digits of the CPR number are not a date (DDMMYY)."),
        ("15038-51234", "A CPR number is ten digits, written DDMMYY-XXXX."),
        ("150385123", "A CPR number is ten digits, written DDMMYY-XXXX."),
        ("010130-4001", "The CPR number gives a birth date in the future."),
    ],
)
def test_a_bad_cpr_is_refused_on_the_cpr_field_and_not_echoed_back(
    client: Client, caseworker: User, jobcenter: Department, typed: str, message: str
) -> None:
    login_verified(client, caseworker)

    response = _refused(client, _data(jobcenter, cpr=typed))

    with override("da"):
        assert response.context["form"].errors["cpr"] == [gettext(message)]
    body = response.content.decode()
    assert _da(message) in body
    digits = typed.replace("-", "")
    assert typed not in body
    assert digits not in body
    assert digits[-4:] not in body


def test_a_cpr_already_registered_is_refused_on_the_cpr_field(
    client: Client, caseworker: User, jobcenter: Department
) -> None:
    register(caseworker, cpr=CPR)
    login_verified(client, caseworker)

    response = _refused(client, _data(jobcenter, first_name="Anden"))

    with override("da"):
        expected = gettext("A person with this CPR number is already registered.")
    assert response.context["form"].errors["cpr"] == [expected]
    _assert_no_cpr(response.content.decode())


def test_a_move_without_the_municipality_moved_from_is_refused_on_that_field(
    client: Client, caseworker: User, jobcenter: Department
) -> None:
    login_verified(client, caseworker)

    response = _refused(client, _data(jobcenter, source="moved"))

    assert set(response.context["form"].errors) == {"from_kommunekode"}
    _assert_no_cpr(response.content.decode())


def test_an_arrival_before_the_birth_date_is_refused_on_its_field(
    client: Client, caseworker: User, jobcenter: Department
) -> None:
    login_verified(client, caseworker)

    response = _refused(client, _data(jobcenter, arrived_on="1985-03-14"))

    assert set(response.context["form"].errors) == {"arrived_on"}


def test_a_department_the_caseworker_does_not_belong_to_is_refused(
    client: Client, caseworker: User, jobcenter: Department, forvaltningen: Department
) -> None:
    login_verified(client, caseworker)

    response = _refused(client, _data(forvaltningen))

    assert set(response.context["form"].errors) == {"department"}


def test_a_refused_registration_does_not_put_the_cpr_in_a_log_line(
    client: Client,
    caseworker: User,
    jobcenter: Department,
    caplog: pytest.LogCaptureFixture,
) -> None:
    login_verified(client, caseworker)

    with caplog.at_level(logging.DEBUG):
        client.post(URL, _data(jobcenter, cpr="310299-1234"))
        client.post(URL, _data(jobcenter))

    assert "310299" not in caplog.text
    assert "3102991234" not in caplog.text
    _assert_no_cpr(caplog.text)


# --- who may enter ----------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_log_in_and_nothing_is_written(
    client: Client, jobcenter: Department
) -> None:
    before = registry_counts()

    response = client.post(URL, _data(jobcenter))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    _assert_no_cpr(response["Location"])
    assert registry_counts() == before


@pytest.mark.parametrize("persona", ["policy_officer", "jobcenter_policy_officer", "manager"])
def test_users_who_are_not_caseworkers_are_forbidden_and_nothing_is_written(
    client: Client, request: pytest.FixtureRequest, persona: str, jobcenter: Department
) -> None:
    login_verified(client, request.getfixturevalue(persona))
    before = registry_counts()

    assert client.get(URL).status_code == 403
    assert client.post(URL, _data(jobcenter)).status_code == 403
    assert registry_counts() == before
