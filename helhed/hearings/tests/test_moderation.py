# SPDX-License-Identifier: MPL-2.0
"""Moderation: a policy officer hides a published response from the public page with a
reason, and may show it again; the hidden response stays a hearing response."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from helhed.hearings import services
from helhed.hearings.memo import hearing_memo
from helhed.hearings.models import Hearing, HearingLogEntry, HearingResponse, LogAction
from helhed.hearings.tests.factories import checked_pdf, make_hearing, submit
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified

pytestmark = pytest.mark.django_db

ATTACK = "Borgmester Hansen er en idiot, og hans nabo Jens Jensen snyder i skat."
REASON = "Personangreb og personoplysninger om en tredjemand."


@pytest.fixture
def hearing(policy_officer: User) -> Hearing:
    return make_hearing(actor=policy_officer)


@pytest.fixture
def published(hearing: Hearing) -> HearingResponse:
    return submit(
        hearing, text=ATTACK, attachment=checked_pdf(), author_name="Vred Borger"
    ).response


def _public_url(hearing: Hearing) -> str:
    return reverse(
        "hearings:public_hearing",
        kwargs={"slug": hearing.version.policy.municipality.slug, "hearing_id": hearing.id},
    )


def _attachment_url(response: HearingResponse) -> str:
    hearing = response.hearing
    return reverse(
        "hearings:public_attachment",
        kwargs={
            "slug": hearing.version.policy.municipality.slug,
            "hearing_id": hearing.id,
            "response_id": response.id,
        },
    )


def _moderate_url(response: HearingResponse) -> str:
    return reverse("hearings:response_moderate", kwargs={"response_id": response.id})


def test_a_hidden_response_shows_only_a_placeholder_and_its_attachment_is_not_served(
    client: Client, policy_officer: User, published: HearingResponse
) -> None:
    assert ATTACK in client.get(_public_url(published.hearing)).content.decode()

    services.response_hide(actor=policy_officer, response=published, reason=REASON)

    page = client.get(_public_url(published.hearing)).content.decode()
    assert ATTACK not in page
    assert "Vred Borger" not in page
    assert "Svaret er fjernet af kommunen." in page
    assert REASON not in page  # the reason may repeat what was removed
    assert client.get(_attachment_url(published)).status_code == 404


def test_the_reason_is_kept_and_showing_again_reverses_it(
    client: Client, policy_officer: User, published: HearingResponse
) -> None:
    services.response_hide(actor=policy_officer, response=published, reason=REASON)
    published.refresh_from_db()
    assert published.hidden_reason == REASON
    assert published.hidden_by == policy_officer

    services.response_show(actor=policy_officer, response=published, reason="Fejl: svaret er ok.")

    published.refresh_from_db()
    assert not published.is_hidden
    assert ATTACK in client.get(_public_url(published.hearing)).content.decode()
    assert client.get(_attachment_url(published)).status_code == 200
    notes = list(
        HearingLogEntry.objects.filter(response=published)
        .filter(action__in=[LogAction.HIDDEN, LogAction.SHOWN])
        .order_by("occurred_at")
        .values_list("action", "note", "actor")
    )
    assert notes == [
        (LogAction.HIDDEN, REASON, policy_officer.pk),
        (LogAction.SHOWN, "Fejl: svaret er ok.", policy_officer.pk),
    ]


def test_a_hidden_response_still_counts_in_the_memo_without_its_text_or_name(
    policy_officer: User, published: HearingResponse
) -> None:
    submit(published.hearing, text="Et godt forslag.")
    services.response_hide(actor=policy_officer, response=published, reason=REASON)

    memo = hearing_memo(hearing=published.hearing)

    assert memo.response_count == 2
    entries = [e for g in memo.groups for e in g.entries if e.response.pk == published.pk]
    assert len(entries) == 1
    assert ATTACK not in entries[0].summary
    assert entries[0].respondent == "Høringspart 1 (ikke offentliggjort)"


def test_hiding_without_a_reason_is_refused_with_a_message_and_nothing_changes(
    officer_client_for: Client, published: HearingResponse
) -> None:
    response = officer_client_for.post(_moderate_url(published), {"reason": "   "})

    assert response.status_code == 400
    assert "Dette felt er påkrævet." in response.content.decode()
    published.refresh_from_db()
    assert not published.is_hidden
    assert not HearingLogEntry.objects.filter(action=LogAction.HIDDEN).exists()


def test_the_moderation_page_hides_and_shows_with_a_clear_message(
    officer_client_for: Client, published: HearingResponse
) -> None:
    page = officer_client_for.get(_moderate_url(published))
    assert page.status_code == 200

    hidden = officer_client_for.post(_moderate_url(published), {"reason": REASON}, follow=True)
    assert "Svaret er fjernet fra den offentlige side." in hidden.content.decode()
    assert REASON in hidden.content.decode()  # staff see the reason on the response
    published.refresh_from_db()
    assert published.is_hidden

    shown = officer_client_for.post(_moderate_url(published), {"reason": "Ok."}, follow=True)
    assert "Svaret vises på den offentlige side igen." in shown.content.decode()
    published.refresh_from_db()
    assert not published.is_hidden


def test_hiding_twice_and_showing_a_visible_response_are_refused(
    policy_officer: User, published: HearingResponse, english: None
) -> None:
    with pytest.raises(ValidationError, match="not hidden"):
        services.response_show(actor=policy_officer, response=published, reason="x")
    services.response_hide(actor=policy_officer, response=published, reason=REASON)
    with pytest.raises(ValidationError, match="already hidden"):
        services.response_hide(actor=policy_officer, response=published, reason=REASON)


def test_a_reason_over_1000_characters_is_refused(
    policy_officer: User, published: HearingResponse, english: None
) -> None:
    with pytest.raises(ValidationError, match="1,000"):
        services.response_hide(actor=policy_officer, response=published, reason="x" * 1001)
    published.refresh_from_db()
    assert not published.is_hidden


def test_another_municipalitys_officer_cannot_hide(
    other_policy_officer: User, published: HearingResponse
) -> None:
    with pytest.raises(PermissionDenied):
        services.response_hide(actor=other_policy_officer, response=published, reason=REASON)
    published.refresh_from_db()
    assert not published.is_hidden


@pytest.fixture
def officer_client_for(client: Client, policy_officer: User) -> Client:
    login_verified(client, policy_officer)
    return client


def test_a_response_with_blank_text_is_refused_by_the_service_and_nothing_saved(
    policy_officer: User, hearing: Hearing
) -> None:
    with pytest.raises(ValidationError) as refusal:
        services.response_register(
            actor=policy_officer,
            hearing=hearing,
            source="letter",
            section="",
            author_name="  ",
            text="   ",
            received_at=hearing.opens_at,
        )
    assert set(refusal.value.message_dict) == {"text", "author_name"}
    assert not HearingResponse.objects.exists()
    assert not HearingLogEntry.objects.exists()
