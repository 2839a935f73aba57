# SPDX-License-Identifier: MPL-2.0
"""The person page and the status-spell form: only for the caseworkers whose department
has the person, one read event per view, the CPR only masked; a refused spell answers 400
and writes nothing."""

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, override

from helhed.audit.models import Action, AuditEvent
from helhed.citizens.models import Person, StatusSpell
from helhed.citizens.services import status_spell_add
from helhed.citizens.tests.factories import register
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified

pytestmark = pytest.mark.django_db

CPR = "150385-1234"


@pytest.fixture
def person(caseworker: User) -> Person:
    return register(caseworker, cpr=CPR, first_name="Amal", last_name="Haddad")


def _detail(person: Person) -> str:
    return reverse("citizens:person_detail", kwargs={"person_id": person.id})


def _spell(person: Person) -> str:
    return reverse("citizens:spell_create", kwargs={"person_id": person.id})


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# --- person_detail ---------------------------------------------------------------------------


def test_the_person_page_shows_the_person_with_the_masked_cpr_only(
    client: Client, caseworker: User, person: Person
) -> None:
    login_verified(client, caseworker)

    response = client.get(_detail(person))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Amal Haddad" in body
    assert "150385-xxxx" in body
    assert "1503851234" not in body
    assert "150385-1234" not in body


def test_each_view_of_the_person_page_writes_exactly_one_read_event(
    client: Client, caseworker: User, person: Person
) -> None:
    login_verified(client, caseworker)
    before = AuditEvent.objects.count()

    client.get(_detail(person))
    assert AuditEvent.objects.count() == before + 1
    client.get(_detail(person))
    assert AuditEvent.objects.count() == before + 2

    events = AuditEvent.objects.order_by("-occurred_at")[:2]
    for event in events:
        assert (event.action, event.person_id, event.user) == (Action.READ, person.id, caseworker)
        with override("da"):
            assert event.purpose == gettext("Case work")


def test_the_person_page_derives_self_support_from_todays_spell(
    client: Client, caseworker: User, person: Person
) -> None:
    status_spell_add(actor=caseworker, person=person, kind="job", starts_on=date(2024, 1, 1))
    login_verified(client, caseworker)

    response = client.get(_detail(person))

    assert response.context["self_supporting"] is True


@pytest.mark.parametrize("persona", ["other_department_caseworker", "other_caseworker"])
def test_a_caseworker_without_the_person_gets_404_and_no_event_is_written(
    client: Client, request: pytest.FixtureRequest, persona: str, person: Person
) -> None:
    login_verified(client, request.getfixturevalue(persona))
    before = AuditEvent.objects.count()

    response = client.get(_detail(person))

    assert response.status_code == 404
    assert AuditEvent.objects.count() == before
    assert "Haddad" not in response.content.decode()


@pytest.mark.parametrize("persona", ["policy_officer", "manager", "politician", "administrator"])
def test_users_who_are_not_caseworkers_are_forbidden_and_no_event_is_written(
    client: Client, request: pytest.FixtureRequest, persona: str, person: Person
) -> None:
    login_verified(client, request.getfixturevalue(persona))
    before = AuditEvent.objects.count()

    assert client.get(_detail(person)).status_code == 403
    assert client.get(_spell(person)).status_code == 403
    assert AuditEvent.objects.count() == before


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, person: Person) -> None:
    response = client.get(_detail(person))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- spell_create ---------------------------------------------------------------------------


def _spell_data(**overrides: str) -> dict[str, Any]:
    data = {"kind": "job", "benefit_name": "", "starts_on": "2024-01-01", "ends_on": ""}
    data.update(overrides)
    return data


def test_the_spell_form_is_shown_with_one_read_event(
    client: Client, caseworker: User, person: Person
) -> None:
    login_verified(client, caseworker)
    before = _events(Action.READ)

    response = client.get(_spell(person))

    assert response.status_code == 200
    assert _events(Action.READ) == before + 1


def test_a_spell_is_added_and_the_caseworker_returns_to_the_person(
    client: Client, caseworker: User, person: Person
) -> None:
    login_verified(client, caseworker)
    reads, updates = _events(Action.READ), _events(Action.UPDATE)

    response = client.post(_spell(person), _spell_data(ends_on="2024-06-30"))

    assert response.status_code == 302
    assert response["Location"] == _detail(person)
    spell = StatusSpell.objects.get(person=person)
    assert (spell.kind, spell.starts_on, spell.ends_on) == (
        "job",
        date(2024, 1, 1),
        date(2024, 6, 30),
    )
    assert _events(Action.READ) == reads + 1
    assert _events(Action.UPDATE) == updates + 1


def test_an_overlapping_spell_is_refused_with_400_and_nothing_is_written(
    client: Client, caseworker: User, person: Person
) -> None:
    status_spell_add(actor=caseworker, person=person, kind="job", starts_on=date(2024, 1, 1))
    login_verified(client, caseworker)
    spells, updates = StatusSpell.objects.count(), _events(Action.UPDATE)

    response = client.post(_spell(person), _spell_data(kind="education", starts_on="2024-03-01"))

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"starts_on"}
    assert StatusSpell.objects.count() == spells
    assert _events(Action.UPDATE) == updates


def test_a_benefit_without_its_name_is_refused_with_400_on_that_field(
    client: Client, caseworker: User, person: Person
) -> None:
    login_verified(client, caseworker)

    response = client.post(_spell(person), _spell_data(kind="benefit"))

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"benefit_name"}
    assert StatusSpell.objects.count() == 0


def test_a_spell_ending_before_it_starts_is_refused_with_400_on_the_end(
    client: Client, caseworker: User, person: Person
) -> None:
    login_verified(client, caseworker)

    response = client.post(_spell(person), _spell_data(ends_on="2023-12-31"))

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"ends_on"}
    assert StatusSpell.objects.count() == 0


@pytest.mark.parametrize("persona", ["other_department_caseworker", "other_caseworker"])
def test_a_caseworker_without_the_person_cannot_add_a_spell(
    client: Client, request: pytest.FixtureRequest, persona: str, person: Person
) -> None:
    login_verified(client, request.getfixturevalue(persona))
    before = AuditEvent.objects.count()

    response = client.post(_spell(person), _spell_data())

    assert response.status_code == 404
    assert StatusSpell.objects.count() == 0
    assert AuditEvent.objects.count() == before
