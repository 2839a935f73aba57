# SPDX-License-Identifier: MPL-2.0
"""The follow-up report's page and downloads, and the page linking an initiative to what
measures it: who may, in which formats, and never a small number in a politician's file."""

import io
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document as WordDocument
from openpyxl import load_workbook

from helhed.indicators.models import InitiativeMeasure
from helhed.indicators.tests.follow_up_world import FollowUpWorld, build_follow_up_world
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies.models import InitiativeProgressUpdate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


@pytest.fixture
def world(policy_officer: User, caseworker: User) -> FollowUpWorld:
    return build_follow_up_world(officer=policy_officer, caseworker=caseworker)


def signed_in(user: User) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def url(world: FollowUpWorld) -> str:
    return f"/app/indikatorer/opfoelgning/{world.version.id}/"


def test_the_current_policy_is_found(world: FollowUpWorld, manager: User) -> None:
    response = signed_in(manager).get("/app/indikatorer/opfoelgning/")
    assert response.status_code == 302
    assert response["Location"] == url(world)


def test_without_an_adopted_policy_the_page_says_so(manager: User) -> None:
    response = signed_in(manager).get("/app/indikatorer/opfoelgning/")
    assert response.status_code == 200
    assert "Kommunen har ingen vedtaget politik at følge op på." in response.content.decode()


def test_staff_read_exact_figures_in_the_page(world: FollowUpWorld, manager: User) -> None:
    body = signed_in(manager).get(url(world)).content.decode()
    assert "Opfølgningsrapport: Integrationspolitik" in body
    assert "42,9 %" in body  # 3 of 7
    assert "kan ikke måles: indikatornøglen “made_up_indicator”" in body
    assert "<svg" in body
    assert "Hent som PDF" in body


def test_a_politician_reads_the_page_disclosure_controlled(
    world: FollowUpWorld, politician: User
) -> None:
    body = signed_in(politician).get(url(world)).content.decode()
    assert "Tallene er diskretionerede" in body
    assert "42,9" not in body
    assert "for få" in body


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_each_download(world: FollowUpWorld, manager: User, fmt: str, content_type: str) -> None:
    response = signed_in(manager).get(url(world), {"format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    assert "opfoelgning-integrationspolitik-2025-2026" in response["Content-Disposition"]


def _docx_text(content: bytes) -> str:
    document = WordDocument(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(texts)


def _xlsx_values(content: bytes) -> list[object]:
    book = load_workbook(io.BytesIO(content))
    return [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]


def test_the_politicians_downloads_hold_no_hidden_small_number(
    world: FollowUpWorld, politician: User, manager: User
) -> None:
    client = signed_in(politician)
    word = _docx_text(client.get(url(world), {"format": "docx"}).content)
    assert "42,9" not in word
    assert "for få" in word
    assert "skjult" in word
    cells = _xlsx_values(client.get(url(world), {"format": "xlsx"}).content)
    assert not any(isinstance(c, float) and abs(c - 300 / 7) < 0.1 for c in cells)
    assert 3.0 not in [c for c in cells if isinstance(c, float)]  # the three arrivals
    assert "for få" in cells
    # the control: the staff's spreadsheet does hold them
    staff = _xlsx_values(signed_in(manager).get(url(world), {"format": "xlsx"}).content)
    assert any(isinstance(c, float) and abs(c - 300 / 7) < 0.01 for c in staff)
    pdf = client.get(url(world), {"format": "pdf"})
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_an_unknown_format_is_a_clear_400(world: FollowUpWorld, manager: User) -> None:
    response = signed_in(manager).get(url(world), {"format": "exe"})
    assert response.status_code == 400
    assert "Rapporten kan ikke hentes som “exe”. Vælg PDF, DOCX eller XLSX." in (
        response.content.decode()
    )


def test_another_municipalitys_version_is_404(
    world: FollowUpWorld, other_policy_officer: User
) -> None:
    client = signed_in(other_policy_officer)
    assert client.get(url(world)).status_code == 404
    assert client.get(url(world), {"format": "pdf"}).status_code == 404
    assert client.get(f"/app/indikatorer/opfoelgning/{uuid.uuid4()}/").status_code == 404


def test_a_caseworker_is_refused(world: FollowUpWorld, caseworker: User) -> None:
    assert signed_in(caseworker).get(url(world)).status_code == 403


def test_the_report_in_english(world: FollowUpWorld, manager: User) -> None:
    client = signed_in(manager)
    client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    body = client.get(url(world)).content.decode()
    assert "Follow-up report: Integrationspolitik" in body
    assert "cannot be measured: the indicator key “made_up_indicator”" in body
    assert "Trajectory to the target" in body


# --- linking an initiative --------------------------------------------------------------


def measures_url(world: FollowUpWorld) -> str:
    return f"/app/indikatorer/initiativer/{world.initiative.id}/maaling/"


def test_a_policy_officer_links_a_target_and_sees_the_computed_progress(
    world: FollowUpWorld, policy_officer: User
) -> None:
    client = signed_in(policy_officer)
    response = client.post(measures_url(world), {"target": str(world.daycare.id)})
    assert response.status_code == 302
    body = client.get(measures_url(world)).content.decode()
    assert "73 %" in body
    assert "Beregnet ud fra målet “Flere børn i dagtilbud”." in body
    measure = InitiativeMeasure.objects.get()
    response = client.post(measures_url(world), {"remove": str(measure.id)})
    assert response.status_code == 302
    assert InitiativeMeasure.objects.count() == 0


def test_a_bad_link_is_named_and_nothing_saved(world: FollowUpWorld, policy_officer: User) -> None:
    client = signed_in(policy_officer)
    response = client.post(measures_url(world), {"intervention_kind": "job_search"})
    assert response.status_code == 400
    assert "Angiv det antal indsatser, initiativet planlægger." in response.content.decode()
    response = client.post(measures_url(world), {})
    assert response.status_code == 400
    assert "Vælg enten et mål eller en type af indsats." in response.content.decode()
    assert InitiativeMeasure.objects.count() == 0


def test_a_manager_may_not_link(world: FollowUpWorld, manager: User) -> None:
    response = signed_in(manager).post(measures_url(world), {"target": str(world.daycare.id)})
    assert response.status_code == 403
    assert InitiativeMeasure.objects.count() == 0


def test_setting_progress_by_hand_without_a_reason_is_refused_in_the_form(
    world: FollowUpWorld, policy_officer: User
) -> None:
    response = signed_in(policy_officer).post(
        f"/app/indsatser/{world.initiative.id}/opfoelgning/",
        {"status": "in_progress", "progress": "50", "note": ""},
    )
    assert response.status_code == 400
    assert "Dette felt er påkrævet." in response.content.decode()
    assert InitiativeProgressUpdate.objects.count() == 0
