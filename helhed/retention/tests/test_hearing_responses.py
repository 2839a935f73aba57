# SPDX-License-Identifier: MPL-2.0
"""Hearing responses as a record type: the respondents' name, e-mail, private link and
attachment are erased 12 months after the hearing closed (a body's name is kept), unless
the whole municipality is under an archival hold; the text and disposition stay."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from helhed.hearings import services as hearings
from helhed.hearings.models import (
    Hearing,
    HearingLogEntry,
    HearingResponse,
    LogAction,
    Outcome,
    ResponseAttachment,
    Source,
)
from helhed.hearings.services import SubmittedResponse
from helhed.hearings.tests.factories import checked_pdf, make_hearing, submit
from helhed.organisations.models import User
from helhed.retention.models import RetentionPeriods, RetentionRun
from helhed.retention.services import archival_hold_place, archival_hold_release, retention_run

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)
CUTOFF = datetime(2025, 12, 1, 23, 0, tzinfo=UTC)  # 2 December 2025 00:00 Danish time


def _closed_at(hearing: Hearing, moment: datetime) -> None:
    Hearing.objects.filter(pk=hearing.pk).update(
        opens_at=moment - timedelta(days=21), closes_at=moment
    )


@pytest.fixture
def old(policy_officer: User) -> tuple[Hearing, SubmittedResponse, HearingResponse]:
    """A hearing that closed just before the cut-off, with a citizen's response with an
    attachment and the Integration Council's input, both dispositioned."""
    hearing = make_hearing(actor=policy_officer)
    citizen = submit(hearing, attachment=checked_pdf(), author_name="Amina Haddad")
    council = hearings.response_register(
        actor=policy_officer,
        hearing=hearing,
        source=Source.INTEGRATION_COUNCIL,
        section="",
        author_name="Integrationsrådet",
        email="raadet@example.org",
        text="Rådet støtter udkastet.",
        received_at=hearing.opens_at,
    ).response
    hearings.disposition_set(
        actor=policy_officer, response=citizen.response, outcome=Outcome.NOTED, reason="Noteret."
    )
    _closed_at(hearing, CUTOFF - timedelta(minutes=1))
    return hearing, citizen, council


def test_personal_data_are_erased_after_the_period_and_the_substance_kept(
    client: Client, old: tuple[Hearing, SubmittedResponse, HearingResponse]
) -> None:
    _hearing, citizen, council = old
    text = citizen.response.text

    outcome = retention_run(today=TODAY)[0]

    assert outcome.hearing_responses == 2
    erased = HearingResponse.objects.get(pk=citizen.response.pk)
    assert (erased.author_name, erased.email, erased.token_hash) == ("", "", None)
    assert erased.text == text
    assert erased.dispositions.get().outcome == Outcome.NOTED
    assert not ResponseAttachment.objects.filter(response=erased).exists()
    body = HearingResponse.objects.get(pk=council.pk)
    assert (body.author_name, body.email) == ("Integrationsrådet", "")
    # the private link no longer opens anything
    assert (
        client.get(reverse("hearings:follow", kwargs={"token": citizen.token})).status_code == 404
    )
    assert HearingLogEntry.objects.filter(action=LogAction.ERASED, actor=None).count() == 2
    run = RetentionRun.objects.get()
    assert (run.hearing_responses, run.hearing_responses_held) == (2, 0)


def test_a_hearing_that_closed_inside_the_period_is_untouched(
    old: tuple[Hearing, SubmittedResponse, HearingResponse],
) -> None:
    hearing, citizen, _council = old
    _closed_at(hearing, CUTOFF)

    outcome = retention_run(today=TODAY)[0]

    assert outcome.hearing_responses == 0
    kept = HearingResponse.objects.get(pk=citizen.response.pk)
    assert kept.email == "svar@example.org"
    assert ResponseAttachment.objects.filter(response=kept).exists()


def test_a_municipalitys_own_period_counts(
    old: tuple[Hearing, SubmittedResponse, HearingResponse], policy_officer: User
) -> None:
    hearing, citizen, _council = old
    _closed_at(hearing, datetime(2026, 10, 1, tzinfo=UTC))
    assert policy_officer.municipality is not None
    RetentionPeriods.objects.create(
        municipality=policy_officer.municipality, hearing_response_months=1
    )

    retention_run(today=TODAY)

    assert HearingResponse.objects.get(pk=citizen.response.pk).email == ""


def test_a_hold_of_the_whole_municipality_keeps_them_and_its_release_lets_them_go(
    old: tuple[Hearing, SubmittedResponse, HearingResponse], administrator: User
) -> None:
    _hearing, citizen, _council = old
    assert administrator.municipality is not None
    hold = archival_hold_place(
        actor=administrator, municipality=administrator.municipality, reason="Rigsarkivet."
    )

    outcome = retention_run(today=TODAY)[0]

    assert (outcome.hearing_responses, outcome.hearing_responses_held) == (0, 2)
    assert HearingResponse.objects.get(pk=citizen.response.pk).email == "svar@example.org"

    archival_hold_release(actor=administrator, hold=hold)
    retention_run(today=TODAY)

    assert HearingResponse.objects.get(pk=citizen.response.pk).email == ""


def test_a_dry_run_counts_and_erases_nothing(
    old: tuple[Hearing, SubmittedResponse, HearingResponse],
) -> None:
    _hearing, citizen, _council = old

    outcome = retention_run(today=TODAY, dry_run=True)[0]

    assert outcome.hearing_responses == 2
    assert HearingResponse.objects.get(pk=citizen.response.pk).email == "svar@example.org"
    assert not HearingLogEntry.objects.filter(action=LogAction.ERASED).exists()


def test_a_second_run_erases_nothing_again(
    old: tuple[Hearing, SubmittedResponse, HearingResponse],
) -> None:
    retention_run(today=TODAY)

    assert retention_run(today=TODAY)[0].hearing_responses == 0
    assert HearingLogEntry.objects.filter(action=LogAction.ERASED).count() == 2


def test_staff_reads_in_the_log_follow_the_audit_period_and_changes_stay(
    old: tuple[Hearing, SubmittedResponse, HearingResponse], policy_officer: User
) -> None:
    hearing, _citizen, _council = old
    hearings.log_read(actor=policy_officer, hearing=hearing, action=LogAction.RESPONSES_READ)
    HearingLogEntry.objects.update(occurred_at=datetime(2026, 5, 1, tzinfo=UTC))

    retention_run(today=TODAY)

    assert not HearingLogEntry.objects.filter(action=LogAction.RESPONSES_READ).exists()
    assert HearingLogEntry.objects.filter(action=LogAction.DISPOSITIONED).exists()


@time_machine.travel("2026-12-02 10:00 +0100", tick=False)
def test_the_command_reports_the_erased_responses(
    old: tuple[Hearing, SubmittedResponse, HearingResponse],
) -> None:
    out = StringIO()

    call_command("retention_run", language="en", stdout=out)

    assert (
        "Horsens Kommune: erased the personal data of 2 hearing responses to hearings closed "
        "before 2025-12-02; 0 kept under an archival hold.\n"
    ) in out.getvalue()
    assert HearingResponse.objects.filter(personal_data_erased_at__isnull=False).count() == 2
