# SPDX-License-Identifier: MPL-2.0
"""The policy officers' pages, end to end through the client, with their refusals."""

import io
import zipfile
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from helhed.hearings import services
from helhed.hearings.models import Disposition, Hearing, HearingResponse, ResponsePoint, Source
from helhed.hearings.tests.factories import checked_pdf, make_hearing, submit
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies import services as policies
from helhed.policies.models import Status
from helhed.policies.tests.factories import make_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client: Client, policy_officer: User) -> Client:
    login_verified(client, policy_officer)
    return client


def test_a_hearing_is_prepared_in_danish_time(officer_client: Client, policy_officer: User) -> None:
    draft = make_policy(actor=policy_officer)
    url = reverse("hearings:hearing_create", kwargs={"version_id": draft.id})
    response = officer_client.post(
        url,
        {"title": "Høring", "opens_at": "2018-08-07T00:00", "closes_at": "2018-08-29T00:00"},
    )
    assert response.status_code == 302
    hearing = Hearing.objects.get()
    assert hearing.opens_at == datetime(2018, 8, 6, 22, 0, tzinfo=UTC)
    assert hearing.closes_at == datetime(2018, 8, 28, 22, 0, tzinfo=UTC)
    page = officer_client.get(reverse("hearings:hearing_detail", kwargs={"hearing_id": hearing.id}))
    assert "7. august 2018 kl. 00:00" in page.content.decode()
    edit = officer_client.get(reverse("hearings:hearing_edit", kwargs={"hearing_id": hearing.id}))
    assert 'value="2018-08-07T00:00"' in edit.content.decode()


def test_a_hearing_that_closes_before_it_opens_gets_a_clear_message(
    officer_client: Client, policy_officer: User
) -> None:
    draft = make_policy(actor=policy_officer)
    url = reverse("hearings:hearing_create", kwargs={"version_id": draft.id})
    response = officer_client.post(
        url,
        {"title": "Høring", "opens_at": "2018-08-29T00:00", "closes_at": "2018-08-07T00:00"},
    )
    assert response.status_code == 400
    assert "Høringen skal slutte, efter den begynder." in response.content.decode()
    assert not Hearing.objects.exists()


def test_starting_the_hearing_puts_the_version_in_hearing(
    officer_client: Client, policy_officer: User
) -> None:
    hearing = make_hearing(actor=policy_officer, start=False)
    url = reverse("hearings:hearing_start", kwargs={"hearing_id": hearing.id})
    assert officer_client.get(url).status_code == 405
    officer_client.post(url)
    hearing.refresh_from_db()
    assert hearing.version.status == Status.HEARING
    again = officer_client.post(url, follow=True)
    assert "Høringen er allerede startet." in again.content.decode()


def test_staff_register_the_citizen_dialogue_meeting(
    officer_client: Client, policy_officer: User
) -> None:
    hearing = make_hearing(actor=policy_officer)
    url = reverse("hearings:response_register", kwargs={"hearing_id": hearing.id})
    response = officer_client.post(
        url,
        {
            "source": Source.DIALOGUE_MEETING,
            "author_name": "Borgerdialogmøde om integrationsindsatsen",
            "received_on": "2018-04-25",
            "section": "",
            "text": "Deltagerne foreslog flere mentorer.",
        },
    )
    assert response.status_code == 302
    saved = HearingResponse.objects.get()
    assert saved.source == Source.DIALOGUE_MEETING
    assert saved.received_at.date().isoformat() == "2018-04-25"
    assert saved.registered_by == policy_officer


def test_a_response_is_summarised_split_and_dispositioned(
    officer_client: Client, policy_officer: User
) -> None:
    hearing = make_hearing(actor=policy_officer)
    response = submit(hearing, attachment=checked_pdf()).response
    detail = reverse("hearings:response_detail", kwargs={"response_id": response.id})
    page = officer_client.get(detail).content.decode()
    assert "svar@example.org" in page  # staff see the e-mail
    assert officer_client.post(detail, {"summary": "Foreningslivet."}).status_code == 302
    point_url = reverse("hearings:point_create", kwargs={"response_id": response.id})
    officer_client.post(point_url, {"text": "Mere om foreningslivet", "section": ""})
    point = ResponsePoint.objects.get()
    disposition_url = reverse("hearings:disposition_edit", kwargs={"response_id": response.id})
    form = officer_client.get(disposition_url + f"?punkt={point.id}")
    assert form.context["form"]["point"].value() == point.pk
    saved = officer_client.post(
        disposition_url,
        {"point": str(point.id), "outcome": "passed_on", "reason": "Givet videre."},
    )
    assert saved.status_code == 302
    assert Disposition.objects.get().point == point
    download = officer_client.get(
        reverse("hearings:attachment_download", kwargs={"response_id": response.id})
    )
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-store"


def test_incorporated_with_no_changed_section_gets_a_clear_message_and_nothing_saved(
    officer_client: Client, policy_officer: User
) -> None:
    hearing = make_hearing(actor=policy_officer)
    response = submit(hearing).response
    policies.policy_version_revise(actor=policy_officer, version=hearing.version)
    url = reverse("hearings:disposition_edit", kwargs={"response_id": response.id})
    answer = officer_client.post(
        url, {"outcome": "incorporated", "reason": "Indarbejdet.", "changed_section": ""}
    )
    assert answer.status_code == 400
    message = (
        "Vælg det afsnit i den næste version, der blev ændret: "
        "&quot;indarbejdet&quot; skal vise hvor."
    )
    assert message in answer.content.decode()
    assert not Disposition.objects.exists()


def test_incorporated_before_the_next_version_gets_a_clear_message(
    officer_client: Client, policy_officer: User
) -> None:
    response = submit(make_hearing(actor=policy_officer)).response
    url = reverse("hearings:disposition_edit", kwargs={"response_id": response.id})
    page = officer_client.get(url).content.decode()
    assert "Politikken har endnu ingen næste version" in page
    answer = officer_client.post(
        url, {"outcome": "incorporated", "reason": "x", "changed_section": "vision"}
    )
    assert answer.status_code == 400
    assert not Disposition.objects.exists()


def test_a_point_of_another_response_answers_404(
    officer_client: Client, policy_officer: User
) -> None:
    hearing = make_hearing(actor=policy_officer)
    first, second = submit(hearing).response, submit(hearing).response
    point = services.point_add(actor=policy_officer, response=first, text="Punkt")
    url = reverse("hearings:disposition_edit", kwargs={"response_id": second.id})
    assert officer_client.get(url + f"?punkt={point.id}").status_code == 404
    assert officer_client.get(url + "?punkt=ikke-et-id").status_code == 404


def test_the_memo_groups_by_section_and_downloads_as_pdf_and_docx(
    officer_client: Client, policy_officer: User
) -> None:
    from pypdf import PdfReader

    hearing = make_hearing(actor=policy_officer)
    council = services.response_register(
        actor=policy_officer,
        hearing=hearing,
        source=Source.INTEGRATION_COUNCIL,
        section="vision",
        author_name="Integrationsrådet",
        text="Visionen bør nævne fællesskab.",
        received_at=hearing.opens_at,
    ).response
    private = submit(hearing, consent=False, author_name="Hemmelig Borger").response
    following = policies.policy_version_revise(actor=policy_officer, version=hearing.version)
    policies.policy_version_update(
        actor=policy_officer, version=following, vision="Vi skaber fællesskab sammen"
    )
    services.disposition_set(
        actor=policy_officer,
        response=council,
        outcome="incorporated",
        reason="Visionen er ændret.",
        changed_section="vision",
    )
    services.disposition_set(actor=policy_officer, response=private, outcome="noted", reason="Ok.")
    url = reverse("hearings:memo", kwargs={"hearing_id": hearing.id})
    page = officer_client.get(url).content.decode()
    assert "Integrationsrådet (Integrationsrådet)" in page
    assert "Høringspart 2 (ikke offentliggjort)" in page
    assert "Hemmelig Borger" not in page
    assert "svar@example.org" not in page
    assert "Vi skaber fællesskab sammen" in page  # the comparison
    assert page.index("Hele udkastet") < page.index("Visionen bør nævne")  # grouped by section
    pdf = officer_client.get(url + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Høringsnotat" in text
    assert "Visionen er ændret." in text
    docx = officer_client.get(url + "?format=docx")
    assert docx["Content-Disposition"].startswith("attachment;")
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        body = archive.read("word/document.xml").decode()
    assert "Indarbejdet i politikken" in body
    assert "Hemmelig Borger" not in body
    bad = officer_client.get(url + "?format=exe")
    assert bad.status_code == 302


def test_a_politician_reads_the_memo_but_not_the_responses(
    client: Client, politician: User, policy_officer: User
) -> None:
    hearing = make_hearing(actor=policy_officer)
    response = submit(hearing).response
    login_verified(client, politician)
    assert (
        client.get(reverse("hearings:memo", kwargs={"hearing_id": hearing.id})).status_code == 200
    )
    detail = reverse("hearings:response_detail", kwargs={"response_id": response.id})
    assert client.get(detail).status_code == 403


def test_the_list_shows_hearings_and_drafts_without_one(
    officer_client: Client, policy_officer: User
) -> None:
    hearing = make_hearing(actor=policy_officer)
    draft = make_policy(actor=policy_officer, title="Ny kladde")
    page = officer_client.get(reverse("hearings:hearing_list")).content.decode()
    assert hearing.title in page
    assert reverse("hearings:hearing_create", kwargs={"version_id": draft.id}) in page
