# SPDX-License-Identifier: MPL-2.0
"""The respondent's choices by the private link: withdraw consent to publication at any
time, or withdraw the response while the hearing is open. POST only, CSRF-checked, after a
confirmation page, with a clear message."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helhed.hearings import services
from helhed.hearings.memo import hearing_memo
from helhed.hearings.models import (
    Hearing,
    HearingLogEntry,
    HearingResponse,
    LogAction,
    Outcome,
    ResponseAttachment,
)
from helhed.hearings.services import SubmittedResponse
from helhed.hearings.tests.factories import checked_pdf, make_hearing, submit
from helhed.organisations.models import User

pytestmark = pytest.mark.django_db

TEXT = "Vi ønsker flere sprogcaféer i Furesø."


@pytest.fixture
def hearing(policy_officer: User) -> Hearing:
    return make_hearing(actor=policy_officer)


@pytest.fixture
def submitted(hearing: Hearing) -> SubmittedResponse:
    return submit(hearing, text=TEXT, attachment=checked_pdf(), author_name="Amina Haddad")


def _public_url(hearing: Hearing) -> str:
    return reverse(
        "hearings:public_hearing",
        kwargs={"slug": hearing.version.policy.municipality.slug, "hearing_id": hearing.id},
    )


def _close(hearing: Hearing) -> None:
    Hearing.objects.filter(pk=hearing.pk).update(closes_at=timezone.now() - timedelta(hours=1))


def test_the_private_page_offers_both_withdrawals_while_open(
    client: Client, submitted: SubmittedResponse
) -> None:
    page = client.get(reverse("hearings:follow", kwargs={"token": submitted.token}))
    text = page.content.decode()
    assert "Træk mit samtykke til offentliggørelse tilbage" in text
    assert "Træk mit høringssvar tilbage" in text


def test_withdrawing_consent_asks_first_then_unpublishes_with_a_message(
    client: Client, submitted: SubmittedResponse
) -> None:
    url = reverse("hearings:follow_consent_withdraw", kwargs={"token": submitted.token})
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert confirm["Cache-Control"] == "private, no-store"
    submitted.response.refresh_from_db()
    assert submitted.response.consent_to_publication  # a GET changes nothing

    done = client.post(url, follow=True)

    assert "Dit samtykke til offentliggørelse er trukket tilbage" in done.content.decode()
    submitted.response.refresh_from_db()
    assert not submitted.response.consent_to_publication
    assert TEXT not in client.get(_public_url(submitted.response.hearing)).content.decode()
    assert HearingLogEntry.objects.filter(
        response=submitted.response, action=LogAction.CONSENT_WITHDRAWN, actor=None
    ).exists()


def test_consent_can_be_withdrawn_after_the_hearing_closed(
    client: Client, submitted: SubmittedResponse
) -> None:
    _close(submitted.response.hearing)
    url = reverse("hearings:follow_consent_withdraw", kwargs={"token": submitted.token})

    client.post(url)

    submitted.response.refresh_from_db()
    assert not submitted.response.consent_to_publication


def test_withdrawing_without_consent_is_refused_with_a_message(
    client: Client, hearing: Hearing
) -> None:
    private = submit(hearing, consent=False)
    url = reverse("hearings:follow_consent_withdraw", kwargs={"token": private.token})

    response = client.post(url)

    assert response.status_code == 400
    assert "der er intet samtykke at trække tilbage" in response.content.decode()


def test_withdrawing_the_response_erases_its_content_and_leaves_it_out_of_the_memo(
    client: Client, policy_officer: User, submitted: SubmittedResponse
) -> None:
    response = submitted.response
    services.point_add(actor=policy_officer, response=response, text="Sprogcaféer.")
    url = reverse("hearings:follow_withdraw", kwargs={"token": submitted.token})
    assert "kan ikke fortrydes" in client.get(url).content.decode()

    done = client.post(url, follow=True)

    assert "Dit høringssvar er trukket tilbage, og indholdet er slettet." in done.content.decode()
    response.refresh_from_db()
    assert response.is_withdrawn
    assert (response.author_name, response.email, response.text) == ("", "", "")
    assert not ResponseAttachment.objects.filter(response=response).exists()
    assert not response.points.exists()
    assert TEXT not in client.get(_public_url(response.hearing)).content.decode()
    assert hearing_memo(hearing=response.hearing).response_count == 0
    # the next response does not take its number
    assert submit(response.hearing).response.number == 2


def test_a_withdrawn_response_cannot_be_dispositioned_summarised_split_or_hidden(
    policy_officer: User, submitted: SubmittedResponse, english: None
) -> None:
    response = submitted.response
    services.response_withdraw(response=response)
    attempts = [
        lambda: services.disposition_set(
            actor=policy_officer, response=response, outcome=Outcome.NOTED, reason="x"
        ),
        lambda: services.response_summarise(actor=policy_officer, response=response, summary="x"),
        lambda: services.point_add(actor=policy_officer, response=response, text="x"),
        lambda: services.response_hide(actor=policy_officer, response=response, reason="x"),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="withdrawn"):
            attempt()
    response.refresh_from_db()
    assert (response.summary, response.points.count(), response.is_hidden) == ("", 0, False)


def test_withdrawing_after_the_hearing_closed_is_refused_and_nothing_erased(
    client: Client, submitted: SubmittedResponse
) -> None:
    _close(submitted.response.hearing)
    url = reverse("hearings:follow_withdraw", kwargs={"token": submitted.token})
    assert (
        "Træk mit høringssvar tilbage"
        not in client.get(
            reverse("hearings:follow", kwargs={"token": submitted.token})
        ).content.decode()
    )

    response = client.post(url)

    assert response.status_code == 400
    assert "Høringen er afsluttet, så svaret kan ikke længere trækkes tilbage" in (
        response.content.decode()
    )
    refreshed = HearingResponse.objects.get(pk=submitted.response.pk)
    assert refreshed.text == TEXT
    assert not refreshed.is_withdrawn


def test_withdrawing_twice_is_refused(client: Client, submitted: SubmittedResponse) -> None:
    url = reverse("hearings:follow_withdraw", kwargs={"token": submitted.token})
    client.post(url)

    again = client.post(url)

    assert again.status_code == 400
    assert "Du har allerede trukket dit høringssvar tilbage." in again.content.decode()


def test_a_withdrawal_without_the_csrf_token_is_refused(submitted: SubmittedResponse) -> None:
    client = Client(enforce_csrf_checks=True)
    url = reverse("hearings:follow_withdraw", kwargs={"token": submitted.token})

    response = client.post(url)

    assert response.status_code == 403
    submitted.response.refresh_from_db()
    assert not submitted.response.is_withdrawn


@pytest.mark.parametrize("name", ["hearings:follow_withdraw", "hearings:follow_consent_withdraw"])
def test_a_wrong_token_finds_nothing(
    client: Client, submitted: SubmittedResponse, name: str
) -> None:
    assert client.post(reverse(name, kwargs={"token": "x" * 43})).status_code == 404
    submitted.response.refresh_from_db()
    assert submitted.response.consent_to_publication
