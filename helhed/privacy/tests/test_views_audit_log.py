# SPDX-License-Identifier: MPL-2.0
"""/app/logning/: the officer's view of the municipality's audit log. Only the officer
enters; a person's trail is asked for by CPR number in the form and is itself audited;
the number never appears in the page or an address."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helhed.audit.models import Action, AuditEvent, SecurityEvent, SecurityEventKind
from helhed.audit.services import audit_record
from helhed.citizens.models import Person
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.privacy import views
from helhed.privacy.tests.conftest import CPR

pytestmark = pytest.mark.django_db

URL = reverse("privacy:audit_log")


def signed_in(client: Client, user: User) -> Client:
    login_verified(client, user)
    return client


def test_the_address_is_danish() -> None:
    assert URL == "/app/logning/"


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "persona", ["caseworker", "manager", "administrator", "policy_officer", "politician"]
)
def test_every_other_role_gets_403(
    client: Client, request: pytest.FixtureRequest, persona: str, amal: Person
) -> None:
    signed_in(client, request.getfixturevalue(persona))
    before = AuditEvent.objects.count()

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"cpr": CPR, "purpose": "x"}).status_code == 403
    assert AuditEvent.objects.count() == before


def test_the_officer_sees_the_municipalitys_events_and_the_chain_head(
    client: Client, data_protection_officer: User, caseworker: User, amal: Person
) -> None:
    response = signed_in(client, data_protection_officer).get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sagsbehandling" in html
    assert str(caseworker) in html
    assert str(amal.id)[:8] in html
    assert "Amal" not in html  # no person's name without a look-up of that person
    head = AuditEvent.objects.order_by("-sequence").first()
    assert head is not None
    assert head.hash in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_officer_does_not_see_another_municipalitys_events(
    client: Client, data_protection_officer: User, other_policy_officer: User
) -> None:
    with transaction.atomic():
        audit_record(actor=other_policy_officer, action=Action.READ, purpose="Fremmed formål")

    response = signed_in(client, data_protection_officer).get(URL)

    assert "Fremmed formål" not in response.content.decode()


def test_a_persons_trail_is_found_by_cpr_and_the_review_is_audited(
    client: Client, data_protection_officer: User, caseworker: User, amal: Person
) -> None:
    with transaction.atomic():
        audit_record(
            actor=caseworker, action=Action.READ, purpose="Om en anden", person_id=uuid.uuid4()
        )
    before = AuditEvent.objects.count()

    response = signed_in(client, data_protection_officer).post(
        URL, {"cpr": CPR, "purpose": "Borgerens anmodning j.nr. 7"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Amal Haddad" in html
    assert "Om en anden" not in html
    assert CPR not in html
    assert CPR.replace("-", "") not in html
    assert AuditEvent.objects.count() == before + 1
    review = AuditEvent.objects.order_by("-sequence").first()
    assert review is not None
    assert (review.action, review.person_id, review.user) == (
        Action.READ,
        amal.id,
        data_protection_officer,
    )
    assert review.purpose.endswith("Borgerens anmodning j.nr. 7")


def test_a_cpr_without_a_purpose_is_refused_and_nothing_is_audited(
    client: Client, data_protection_officer: User, amal: Person
) -> None:
    before = AuditEvent.objects.count()

    response = signed_in(client, data_protection_officer).post(URL, {"cpr": CPR})

    assert response.status_code == 400
    assert response.context["form"].errors["purpose"]
    assert AuditEvent.objects.count() == before
    assert CPR not in response.content.decode()


def test_an_unknown_cpr_is_refused_naming_the_field_and_audited_as_a_search(
    client: Client, data_protection_officer: User, amal: Person
) -> None:
    response = signed_in(client, data_protection_officer).post(
        URL, {"cpr": "150385-9999", "purpose": "j.nr. 8"}, HTTP_ACCEPT_LANGUAGE="da"
    )

    assert response.status_code == 400
    assert "cpr" in response.context["form"].errors
    assert "150385-9999" not in response.content.decode()
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    assert (event.action, event.search_criterion) == (Action.SEARCH, "CPR 150385-xxxx")


def test_a_malformed_cpr_is_refused_and_nothing_is_audited(
    client: Client, data_protection_officer: User, amal: Person
) -> None:
    before = AuditEvent.objects.count()

    response = signed_in(client, data_protection_officer).post(
        URL, {"cpr": "12345", "purpose": "j.nr. 9"}
    )

    assert response.status_code == 400
    assert "cpr" in response.context["form"].errors
    assert AuditEvent.objects.count() == before


def test_events_are_filtered_by_type_user_and_dates(
    client: Client, data_protection_officer: User, caseworker: User, manager: User, amal: Person
) -> None:
    with transaction.atomic():
        audit_record(actor=manager, action=Action.EXPORT, purpose="Ledelsens udtræk")
    signed_in(client, data_protection_officer)

    by_action = client.post(URL, {"action": Action.EXPORT}).content.decode()
    by_user = client.post(URL, {"user": caseworker.pk}).content.decode()
    today = timezone.localdate()
    yesterday = (today - timedelta(days=1)).isoformat()
    before_today = client.post(URL, {"date_from": yesterday, "date_to": yesterday})

    assert "Ledelsens udtræk" in by_action
    assert "Sagsbehandling" not in by_action
    assert "Sagsbehandling" in by_user
    assert "Ledelsens udtræk" not in by_user
    assert before_today.context["page"].paginator.count == 0
    assert client.post(URL, {"date_from": today.isoformat()}).context["page"].paginator.count > 0


def test_a_date_range_that_ends_before_it_starts_is_refused(
    client: Client, data_protection_officer: User
) -> None:
    response = signed_in(client, data_protection_officer).post(
        URL, {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )

    assert response.status_code == 400
    assert "date_to" in response.context["form"].errors


def test_the_next_page_of_a_persons_trail_is_reached_without_the_cpr_and_audited(
    client: Client,
    data_protection_officer: User,
    caseworker: User,
    amal: Person,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    with transaction.atomic():
        for _ in range(3):
            audit_record(
                actor=caseworker, action=Action.READ, purpose="Opfølgning", person_id=amal.id
            )
    signed_in(client, data_protection_officer)
    first = client.post(URL, {"cpr": CPR, "purpose": "j.nr. 10"})
    token = first.context["token"]
    assert token
    assert CPR.replace("-", "") not in token
    before = AuditEvent.objects.count()

    second = client.post(URL, {"person": token, "purpose": "j.nr. 10", "page": "2"})

    assert second.status_code == 200
    assert second.context["person"] == amal
    assert second.context["page"].number == 2
    assert AuditEvent.objects.count() == before + 1
    assert all(e.person_id == amal.id for e in second.context["events"])


def test_a_token_of_another_officer_does_not_reach_the_person(
    client: Client, data_protection_officer: User, amal: Person
) -> None:
    token = views._person_token(User(pk=data_protection_officer.pk + 1000), amal)
    before = AuditEvent.objects.count()

    response = signed_in(client, data_protection_officer).post(
        URL, {"person": token, "purpose": "x"}
    )

    assert response.status_code == 200
    assert response.context["person"] is None
    assert AuditEvent.objects.count() == before


def test_a_forged_token_is_ignored(client: Client, data_protection_officer: User) -> None:
    response = signed_in(client, data_protection_officer).post(
        URL, {"person": "forged:token", "purpose": "x"}
    )

    assert response.status_code == 200
    assert response.context["person"] is None


def test_the_chain_is_verified_on_request(
    client: Client, data_protection_officer: User, amal: Person
) -> None:
    signed_in(client, data_protection_officer)

    sound = client.post(URL, {"verify": "1"})
    assert sound.context["chain_report"].ok
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET purpose = 'Skjult' WHERE sequence = 1"  # noqa: S608
        )
    broken = client.post(URL, {"verify": "1"})

    assert not broken.context["chain_report"].ok
    assert broken.context["chain_report"].bad_sequence == 1
    assert broken.context["chain_report"].problem in broken.content.decode()


def test_the_events_page_has_a_bounded_number_of_queries(
    client: Client,
    data_protection_officer: User,
    caseworker: User,
    amal: Person,
    django_assert_max_num_queries: object,
) -> None:
    signed_in(client, data_protection_officer)
    client.get(URL)
    with transaction.atomic():
        for _ in range(30):
            audit_record(actor=caseworker, action=Action.READ, purpose="x", person_id=amal.id)

    with django_assert_max_num_queries(15):  # type: ignore[operator]
        client.get(URL)


def test_the_officer_sees_the_municipalitys_logins_and_refusals_only(
    client: Client, data_protection_officer: User, manager: User, other_policy_officer: User
) -> None:
    SecurityEvent.objects.create(
        kind=SecurityEventKind.LOGIN_FAILED,
        user=manager,
        municipality_id=manager.municipality_id,
        username=manager.username,
        ip_address="10.9.8.7",
    )
    SecurityEvent.objects.create(
        kind=SecurityEventKind.LOCKED_OUT,
        user=other_policy_officer,
        municipality_id=other_policy_officer.municipality_id,
        username=other_policy_officer.username,
        ip_address="10.6.6.6",
    )
    SecurityEvent.objects.create(
        kind=SecurityEventKind.LOGIN_FAILED, username="ukendt-bruger", ip_address="10.5.5.5"
    )

    text = signed_in(client, data_protection_officer).get(URL).content.decode()

    assert "10.9.8.7" in text
    assert "Mislykket log ind" in text
    assert "10.6.6.6" not in text
    assert "ukendt-bruger" not in text
