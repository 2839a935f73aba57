# SPDX-License-Identifier: MPL-2.0
"""/app/opbevaring/ (ADR 0037): the data protection officer sees the retention rules per
record type and places and lifts archival holds, each with a reason and one audit event.
Every other role is refused; bad input is refused with the field named and nothing
written."""

import pytest
from django.test import Client
from django.urls import reverse

from helhed.audit.models import Action, AuditEvent
from helhed.citizens.models import Person
from helhed.citizens.tests.conftest import other_caseworker  # noqa: F401 - fixture
from helhed.citizens.tests.factories import register
from helhed.organisations.models import Municipality, Role, User
from helhed.organisations.tests.factories import make_user
from helhed.organisations.tests.sessions import login_verified
from helhed.privacy.tests.conftest import CPR
from helhed.retention.models import ArchivalHold, RetentionPeriods
from helhed.retention.services import archival_hold_place

pytestmark = pytest.mark.django_db

URL = reverse("privacy:retention")
REASON = "Rigsarkivets bevaringsbeslutning j.nr. 2026-17"


@pytest.fixture
def officer_client(client: Client, data_protection_officer: User) -> Client:
    login_verified(client, data_protection_officer)
    return client


def place(client: Client, **data: str):
    return client.post(URL, {"action": "place", **data}, HTTP_ACCEPT_LANGUAGE="da")


def release(client: Client, **data: str):
    return client.post(URL, {"action": "release", **data}, HTTP_ACCEPT_LANGUAGE="da")


def test_the_address_is_danish() -> None:
    assert URL == "/app/opbevaring/"


@pytest.mark.parametrize("persona", ["caseworker", "manager", "administrator", "politician"])
def test_every_other_role_is_refused_and_nothing_is_written(
    client: Client, request: pytest.FixtureRequest, persona: str, amal: Person
) -> None:
    login_verified(client, request.getfixturevalue(persona))
    before = AuditEvent.objects.count()

    assert client.get(URL).status_code == 403
    assert place(client, cpr=CPR, reason=REASON).status_code == 403

    assert not ArchivalHold.objects.exists()
    assert AuditEvent.objects.count() == before


def test_the_officer_sees_the_rules_per_record_type(officer_client: Client) -> None:
    response = officer_client.get(URL, HTTP_ACCEPT_LANGUAGE="da")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Logning og sikkerhedshændelser" in body
    assert "6 måneder" in body
    assert "En persons oplysninger i registret" in body
    assert "60 måneder" in body
    assert "P1825D" in body
    assert "standardperioden" in body
    assert "Ingen arkivbevaringer er oprettet." in body


def test_the_officers_menu_leads_to_the_page(officer_client: Client) -> None:
    body = officer_client.get(reverse("privacy:audit_log"), HTTP_ACCEPT_LANGUAGE="da")

    assert f'href="{URL}"' in body.content.decode()


def test_the_municipalitys_own_period_is_shown_as_its_own(
    officer_client: Client, own_municipality: Municipality
) -> None:
    RetentionPeriods.objects.create(municipality=own_municipality, audit_event_months=12)

    body = officer_client.get(URL, HTTP_ACCEPT_LANGUAGE="da").content.decode()

    assert "12 måneder" in body
    assert "kommunens egen periode" in body


def test_the_officer_places_a_hold_on_a_person_with_one_audit_event(
    officer_client: Client, data_protection_officer: User, amal: Person
) -> None:
    before = AuditEvent.objects.count()

    response = place(officer_client, cpr=CPR, reason=REASON)

    assert response.status_code == 302
    hold = ArchivalHold.objects.get()
    assert (hold.person, hold.reason, hold.placed_by) == (amal, REASON, data_protection_officer)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    assert (event.action, event.person_id, event.user) == (
        Action.UPDATE,
        amal.pk,
        data_protection_officer,
    )
    assert REASON in event.purpose
    page = officer_client.get(URL, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Arkivbevaringen er oprettet." in page
    assert REASON in page
    assert CPR not in page


def test_without_a_cpr_number_the_whole_registry_is_held(
    officer_client: Client, own_municipality: Municipality
) -> None:
    response = place(officer_client, cpr="", reason=REASON)

    assert response.status_code == 302
    hold = ArchivalHold.objects.get()
    assert hold.person is None
    assert hold.municipality == own_municipality
    event = AuditEvent.objects.get()
    assert event.person_id is None
    assert REASON in event.purpose
    assert "Hele registret" in officer_client.get(URL, HTTP_ACCEPT_LANGUAGE="da").content.decode()


def test_an_unknown_cpr_number_is_refused_and_the_search_audited(
    officer_client: Client, amal: Person
) -> None:
    before = AuditEvent.objects.count()

    response = place(officer_client, cpr="010190-1239", reason=REASON)

    assert response.status_code == 400
    body = response.content.decode()
    assert "CPR-nummer" in body
    assert "Ingen person med dette CPR-nummer" in body
    assert "010190-1239" not in body
    assert not ArchivalHold.objects.exists()
    search = AuditEvent.objects.get(sequence__gt=before)
    assert search.action == Action.SEARCH
    assert "1239" not in search.search_criterion


def test_a_person_of_another_municipality_is_not_found(
    officer_client: Client,
    other_caseworker: User,  # noqa: F811 - fixture
) -> None:
    register(other_caseworker, cpr="020290-1234")

    response = place(officer_client, cpr="020290-1234", reason=REASON)

    assert response.status_code == 400
    assert "Ingen person med dette CPR-nummer" in response.content.decode()
    assert not ArchivalHold.objects.exists()


@pytest.mark.parametrize("cpr", ["12345", "321399-1234", "abcdef-ghij"])
def test_a_malformed_cpr_number_is_refused_and_nothing_is_written(
    officer_client: Client, cpr: str
) -> None:
    response = place(officer_client, cpr=cpr, reason=REASON)

    assert response.status_code == 400
    assert "CPR-nummer" in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert not ArchivalHold.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", "x" * 10_000])
def test_a_hold_without_a_sensible_reason_is_refused(
    officer_client: Client, amal: Person, reason: str
) -> None:
    before = AuditEvent.objects.count()

    response = place(officer_client, cpr=CPR, reason=reason)

    assert response.status_code == 400
    assert "Begrundelse (den arkivregel, der gælder)" in response.content.decode()
    assert not ArchivalHold.objects.exists()
    assert AuditEvent.objects.count() == before


def test_an_unknown_action_is_refused(officer_client: Client) -> None:
    response = officer_client.post(URL, {"action": "delete-everything"}, HTTP_ACCEPT_LANGUAGE="da")

    assert response.status_code == 400
    assert "Vælg, hvad du vil gøre." in response.content.decode()
    assert not ArchivalHold.objects.exists()


def _hold(officer: User, municipality: Municipality, person: Person | None = None) -> ArchivalHold:
    return archival_hold_place(actor=officer, municipality=municipality, person=person, reason="B")


def test_the_officer_lifts_a_hold_with_a_reason_and_one_audit_event(
    officer_client: Client, data_protection_officer: User, own_municipality: Municipality
) -> None:
    hold = _hold(data_protection_officer, own_municipality)
    before = AuditEvent.objects.count()

    response = release(officer_client, hold=str(hold.pk), release_reason="Kassation godkendt")

    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.released_at is not None
    assert hold.released_by == data_protection_officer
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    assert "Kassation godkendt" in event.purpose
    assert "Ophævet" in officer_client.get(URL, HTTP_ACCEPT_LANGUAGE="da").content.decode()


def test_lifting_without_a_reason_is_refused(
    officer_client: Client, data_protection_officer: User, own_municipality: Municipality
) -> None:
    hold = _hold(data_protection_officer, own_municipality)
    before = AuditEvent.objects.count()

    response = release(officer_client, hold=str(hold.pk), release_reason=" ")

    assert response.status_code == 400
    assert "Begrundelse for at ophæve bevaringen" in response.content.decode()
    hold.refresh_from_db()
    assert hold.released_at is None
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("which", ["other-municipality", "released", "unknown", "not-a-uuid"])
def test_a_hold_that_is_not_an_active_hold_of_the_municipality_is_not_lifted(
    officer_client: Client,
    data_protection_officer: User,
    own_municipality: Municipality,
    other_municipality: Municipality,
    which: str,
) -> None:
    other_officer = make_user(
        municipality=other_municipality, roles=[Role.DATA_PROTECTION_OFFICER], username="anden-dpo"
    )
    other_hold = _hold(other_officer, other_municipality)
    own_hold = _hold(data_protection_officer, own_municipality)
    if which == "released":
        release(officer_client, hold=str(own_hold.pk), release_reason="Kassation")
    hold_id = {
        "other-municipality": str(other_hold.pk),
        "released": str(own_hold.pk),
        "unknown": "00000000-0000-4000-8000-000000000000",
        "not-a-uuid": "../../etc",
    }[which]
    before = AuditEvent.objects.count()

    response = release(officer_client, hold=hold_id, release_reason="Kassation")

    assert response.status_code == 400
    assert "Traceback" not in response.content.decode()
    other_hold.refresh_from_db()
    assert other_hold.released_at is None
    assert AuditEvent.objects.count() == before
