# SPDX-License-Identifier: MPL-2.0
"""The hearing's own log: staff reads of respondents' data and every staff change are
recorded with who did it; another municipality's log is not touched."""

import pytest
from django.test import Client
from django.urls import reverse

from helhed.hearings import services
from helhed.hearings.models import Hearing, HearingLogEntry, LogAction, Outcome, Source
from helhed.hearings.tests.factories import checked_pdf, make_hearing, submit
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def hearing(policy_officer: User) -> Hearing:
    return make_hearing(actor=policy_officer)


def _actions(**filters: object) -> list[tuple[str, object]]:
    return list(
        HearingLogEntry.objects.filter(**filters)
        .order_by("occurred_at", "created_at")
        .values_list("action", "actor")
    )


def test_reading_the_list_a_response_and_its_attachment_is_logged_with_the_reader(
    client: Client, policy_officer: User, hearing: Hearing
) -> None:
    response = submit(hearing, attachment=checked_pdf()).response
    login_verified(client, policy_officer)

    client.get(reverse("hearings:hearing_detail", kwargs={"hearing_id": hearing.id}))
    client.get(reverse("hearings:response_detail", kwargs={"response_id": response.id}))
    client.get(reverse("hearings:attachment_download", kwargs={"response_id": response.id}))

    assert _actions(hearing=hearing) == [
        (LogAction.RESPONSES_READ, policy_officer.pk),
        (LogAction.RESPONSE_READ, policy_officer.pk),
        (LogAction.ATTACHMENT_READ, policy_officer.pk),
    ]
    entry = HearingLogEntry.objects.get(action=LogAction.RESPONSE_READ)
    assert entry.response_number == response.number
    assert entry.municipality_id == policy_officer.municipality_id


def test_an_outsider_is_refused_and_nothing_is_logged(
    client: Client, other_policy_officer: User, hearing: Hearing
) -> None:
    response = submit(hearing).response
    login_verified(client, other_policy_officer)

    page = client.get(reverse("hearings:response_detail", kwargs={"response_id": response.id}))

    assert page.status_code == 404
    assert not HearingLogEntry.objects.exists()


def test_staff_changes_are_logged_with_their_actor(policy_officer: User, hearing: Hearing) -> None:
    registered = services.response_register(
        actor=policy_officer,
        hearing=hearing,
        source=Source.INTEGRATION_COUNCIL,
        section="",
        author_name="Integrationsrådet",
        text="Rådet støtter udkastet.",
        received_at=hearing.opens_at,
    ).response
    services.response_summarise(actor=policy_officer, response=registered, summary="Støtte.")
    services.disposition_set(
        actor=policy_officer,
        response=registered,
        outcome=Outcome.NOTED,
        reason="Taget til efterretning.",
    )

    assert _actions(response=registered) == [
        (LogAction.REGISTERED, policy_officer.pk),
        (LogAction.SUMMARISED, policy_officer.pk),
        (LogAction.DISPOSITIONED, policy_officer.pk),
    ]
    note = HearingLogEntry.objects.get(action=LogAction.DISPOSITIONED).note
    assert note == "hele svaret: Taget til efterretning"


def test_the_response_page_shows_its_log(
    client: Client, policy_officer: User, hearing: Hearing
) -> None:
    response = submit(hearing).response
    services.response_hide(actor=policy_officer, response=response, reason="Personangreb.")
    login_verified(client, policy_officer)

    page = client.get(reverse("hearings:response_detail", kwargs={"response_id": response.id}))

    text = page.content.decode()
    assert "Fjernede svaret fra den offentlige side" in text
    assert "Personangreb." in text
