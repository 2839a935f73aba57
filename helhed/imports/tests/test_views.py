# SPDX-License-Identifier: MPL-2.0
"""The import page, the job page, the templates and the export, end to end through the
client, with every refusal: anonymous, wrong role, another user's job, bad files."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from helhed.audit.models import Action, AuditEvent
from helhed.citizens.models import Person, StatusSpell
from helhed.citizens.tests.factories import register
from helhed.imports import jobs
from helhed.imports.sheets import SHEETS
from helhed.imports.tests.conftest import person_row, run, spell_row, table_counts, write_csv
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified

pytestmark = pytest.mark.django_db

PAGE = reverse("imports:import_page")
EXPORT = reverse("imports:export")
TEMPLATE = reverse("imports:template")


def _client(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    login_verified(client, user)
    return client


def _upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def _post(client: Client, kind: str, path: Path):
    return client.post(PAGE, {"kind": kind, "file": _upload(path)}, follow=True)


def test_anonymous_visitor_is_sent_to_login(client: Client) -> None:
    response = client.get(PAGE)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("persona", ["policy_officer", "manager", "politician", "administrator"])
@pytest.mark.parametrize("url", [PAGE, EXPORT, f"{TEMPLATE}?ark=persons&format=csv"])
def test_roles_other_than_caseworker_are_refused(
    request: pytest.FixtureRequest, persona: str, url: str
) -> None:
    client = _client(request.getfixturevalue(persona))
    before = AuditEvent.objects.count()

    assert client.get(url).status_code == 403
    assert AuditEvent.objects.count() == before


def test_the_page_documents_every_kind_and_column(caseworker: User) -> None:
    response = _client(caseworker).get(PAGE)

    assert response.status_code == 200
    body = response.content.decode()
    for sheet in SHEETS.values():
        assert f"?ark={sheet.kind}&amp;format=xlsx" in body
        for column in sheet.columns:
            assert f"<code>{column.name}</code>" in body


def test_the_page_runs_a_fixed_number_of_queries(caseworker: User) -> None:
    client = _client(caseworker)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as context:
        assert client.get(PAGE).status_code == 200
    assert len(context) <= 6, [q["sql"] for q in context]


def test_a_good_file_is_imported_and_the_job_page_shows_the_result(
    caseworker: User, persons_file: Path
) -> None:
    response = _post(_client(caseworker), "persons", persons_file)

    assert response.status_code == 200
    assert response.redirect_chain[0][0].startswith("/app/import/")
    body = response.content.decode()
    assert "The file was imported: 2 rows." in body
    assert Person.objects.count() == 2


def test_a_bad_file_shows_the_report_and_writes_nothing(caseworker: User, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "010190-1234.csv",
        [person_row("P1", "010190-1234"), person_row("P2", "321390-1234")],
    )
    before = table_counts()

    response = _post(_client(caseworker), "persons", path)

    body = response.content.decode()
    assert "Nothing was imported: the file has 1 problem." in body
    assert re.search(r"<td>3</td><td><code>cpr</code></td>", body)
    assert "010190-1234" not in body, "the CPR in the file name was shown"
    assert table_counts() == before


def test_the_job_page_answers_htmx_with_the_progress_fragment_only(
    caseworker: User, persons_file: Path
) -> None:
    client = _client(caseworker)
    job_url = _post(client, "persons", persons_file).redirect_chain[0][0]

    fragment = client.get(job_url, HTTP_HX_REQUEST="true").content.decode()

    assert fragment.startswith('<div id="import-job"')
    assert "<html" not in fragment
    assert "hx-get" not in fragment, "a finished job is no longer polled"


def test_a_running_job_is_polled(caseworker: User) -> None:
    job = jobs.job_create(owner=caseworker, kind="spells", file_name="s.csv")

    body = _client(caseworker).get(reverse("imports:job", kwargs={"job_id": job.id})).content

    assert b'hx-trigger="every 1s"' in body
    assert b"The import is waiting to start." in body


def test_another_users_job_is_not_found(
    caseworker: User, other_department_caseworker: User, other_caseworker: User
) -> None:
    job = jobs.job_create(owner=caseworker, kind="spells", file_name="s.csv")
    url = reverse("imports:job", kwargs={"job_id": job.id})

    assert _client(other_department_caseworker).get(url).status_code == 404
    assert _client(other_caseworker).get(url).status_code == 404
    assert _client(other_caseworker).post(url).status_code == 404
    assert _client(caseworker).get(url).status_code == 200
    assert _client(caseworker).post(url).status_code == 405


@override_settings(HELHED_IMPORT_MAX_BYTES=1024)
def test_a_file_over_the_upload_limit_is_refused_on_the_form(
    caseworker: User, tmp_path: Path
) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"x" * 2048)

    response = _client(caseworker).post(PAGE, {"kind": "persons", "file": _upload(path)})

    assert response.status_code == 400
    assert (
        "files up to 0 MB" in response.content.decode()
        or "files up to" in response.content.decode()
    )
    assert table_counts()["Person"] == 0


def test_a_file_of_another_type_is_refused_on_the_form(caseworker: User, tmp_path: Path) -> None:
    path = tmp_path / "p.exe"
    path.write_bytes(b"MZ")

    response = _client(caseworker).post(PAGE, {"kind": "persons", "file": _upload(path)})

    assert response.status_code == 400
    assert "Upload a CSV file (.csv) or an Excel workbook (.xlsx)." in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", list(SHEETS))
def test_each_template_holds_the_header_row(caseworker: User, kind: str, fmt: str) -> None:
    response = _client(caseworker).get(TEMPLATE, {"ark": kind, "format": fmt})

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="helhed-skabelon-{kind}.{fmt}"'
    names = [c.name for c in SHEETS[kind].columns]
    if fmt == "csv":
        assert response.content.decode("utf-8-sig").strip() == ",".join(names)
    else:
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
        assert [list(r) for r in sheet.iter_rows(values_only=True)] == [names]


@pytest.mark.parametrize(
    "query", [{"ark": "../../etc/passwd", "format": "csv"}, {"ark": "persons", "format": "exe"}]
)
def test_an_unknown_template_is_not_found(caseworker: User, query: dict) -> None:
    assert _client(caseworker).get(TEMPLATE, query).status_code == 404


def _workbook(response) -> dict[str, list[list]]:
    content = b"".join(response.streaming_content)
    # data_only: a formula (without a computed value) would read as None
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def test_the_export_holds_the_caseload_masked_and_audited(
    caseworker: User, other_department_caseworker: User, tmp_path: Path, imported
) -> None:
    hidden = register(other_department_caseworker, cpr="030391-3003", first_name="Skjult")
    mine = register(caseworker, cpr="040492-4004", first_name='=HYPERLINK("x")')
    spells = write_csv(tmp_path / "s.csv", [spell_row("S1", "P1", "2020-01-01")])
    assert run(caseworker, "spells", spells).ok
    before = AuditEvent.objects.filter(action=Action.EXPORT).count()

    response = _client(caseworker).get(EXPORT)

    assert response.status_code == 200
    assert re.fullmatch(
        r'attachment; filename="helhed-register-615-\d{4}-\d{2}-\d{2}\.xlsx"',
        response["Content-Disposition"],
    )
    book = _workbook(response)
    assert list(book) == list(SHEETS)
    persons = book["persons"]
    assert persons[0] == [c.name for c in SHEETS["persons"].columns]
    cprs = sorted(row[1] for row in persons[1:])
    assert cprs == ["010190-xxxx", "020215-xxxx", "040492-xxxx"]
    names = {row[2] for row in persons[1:]}
    assert "Skjult" not in names
    assert '=HYPERLINK("x")' in names
    assert book["spells"][1][:3] == ["S1", "P1", "job"]
    exported = AuditEvent.objects.filter(action=Action.EXPORT)
    assert exported.count() == before + 3
    assert hidden.pk not in set(exported.values_list("person_id", flat=True))
    assert mine.pk in set(exported.values_list("person_id", flat=True))
    assert StatusSpell.objects.count() == 1
