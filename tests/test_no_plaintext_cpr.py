# SPDX-License-Identifier: MPL-2.0
"""No plaintext CPR number in a dump of the database or in the logs.

A registry with known CPR numbers is built through the pages (registration, refused
registrations, an import, a refused import, searches by CPR with and without the hyphen,
the person's page, the export, a CPR typed into a URL), with every log record of every
logger, SQL included, written to a file. Then the database is dumped (SQLite: iterdump of
every table, blobs decoded; PostgreSQL: pg_dump in plain SQL) and the dump and the log are
searched for every CPR number, with and without the hyphen: none may be found.
"""

import logging
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from helhed.citizens.models import Person
from helhed.core.log_masking import install_cpr_masking
from helhed.operations.backup_postgres import pg_environment, pg_program
from helhed.operations.tests.subprocesses import persons_csv
from helhed.organisations.models import Department, User
from helhed.organisations.tests.sessions import login_verified

pytestmark = pytest.mark.django_db(transaction=True)

REGISTERED = ["150385-1234", "010190-2345"]
_BLOB = re.compile(r"X'([0-9A-Fa-f]*)'")


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """Every record of every logger, at DEBUG, SQL with its parameters included."""
    path = tmp_path / "helhed.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root, sql = logging.getLogger(), logging.getLogger("django.db.backends")
    old_level, old_sql_level = root.level, sql.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    sql.setLevel(logging.DEBUG)
    # Django logs SQL only with DEBUG on; force it for this test's connection
    old_debug = connection.force_debug_cursor
    connection.force_debug_cursor = True
    try:
        yield path
    finally:
        connection.force_debug_cursor = old_debug
        root.removeHandler(handler)
        root.setLevel(old_level)
        sql.setLevel(old_sql_level)
        handler.close()


def _dump() -> str:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        lines = list(connection.connection.iterdump())
        blobs = [
            bytes.fromhex(match).decode("latin-1")
            for line in lines
            for match in _BLOB.findall(line)
        ]
        return "\n".join(lines + blobs)
    result = subprocess.run(  # noqa: S603 - PostgreSQL's own pg_dump, no shell
        [str(pg_program("pg_dump")), "--format=plain", "--no-owner"],
        capture_output=True,
        text=True,
        env=pg_environment(),
        check=True,
    )
    return result.stdout


def _found(text: str, cprs: list[str]) -> list[str]:
    return [form for cpr in cprs for form in (cpr, cpr.replace("-", "")) if form in text]


def _registration(department: Department, cpr: str, **overrides: str) -> dict[str, object]:
    data: dict[str, object] = {
        "cpr": cpr,
        "first_name": "Amal",
        "last_name": "Haddad",
        "country_of_origin": "SY",
        "education_level": "none",
        "arrived_on": "2024-03-01",
        "source": "quota_refugee",
        "department": department.pk,
    }
    data.update(overrides)
    return data


def test_no_cpr_number_in_the_database_dump_or_the_logs(
    caseworker: User, log_file: Path, tmp_path: Path
) -> None:
    client = Client()
    login_verified(client, caseworker)
    jobcenter = caseworker.departments.get()
    imported = persons_csv(tmp_path / "personer.csv", 60)
    cprs = REGISTERED + imported

    # registrations through the page, and refused ones that carry a CPR number
    register = reverse("citizens:person_register")
    for cpr in REGISTERED:
        assert client.post(register, _registration(jobcenter, cpr)).status_code == 302
    assert client.post(register, _registration(jobcenter, REGISTERED[0])).status_code == 400
    refused = _registration(jobcenter, REGISTERED[1], first_name="")
    assert client.post(register, refused).status_code == 400

    # an import of many, and a refused import that repeats a CPR number in a wrong column
    page = reverse("imports:import_page")
    upload = SimpleUploadedFile("personer.csv", (tmp_path / "personer.csv").read_bytes())
    response = client.post(page, {"kind": "persons", "file": upload}, follow=True)
    assert response.status_code == 200
    bad = (
        "external_id,cpr,first_name,last_name,country_of_origin,department\n"
        f"X1,{imported[0]},Amal,Haddad,{imported[1]},Jobcenter\n"
    ).encode()
    upload = SimpleUploadedFile("forkert.csv", bad)
    client.post(page, {"kind": "persons", "file": upload}, follow=True)
    assert Person.objects.count() == len(REGISTERED) + len(imported)

    # searches by CPR number, the person's page, the export, a CPR number in a URL
    caseload = reverse("citizens:caseload")
    for query in (imported[2], imported[3].replace("-", ""), "320190-1234"):
        client.post(caseload, {"query": query})
    person = Person.objects.order_by("last_name").first()
    assert person is not None
    client.get(reverse("citizens:person_detail", kwargs={"person_id": person.pk}))
    b"".join(client.get(reverse("imports:export")).streaming_content)  # type: ignore[attr-defined]
    not_found = client.get(f"/app/borgere/{imported[4].replace('-', '')}/")
    assert not_found.status_code == 404
    assert imported[4].replace("-", "") not in not_found.content.decode()

    # then neither the dump nor the log holds any of the CPR numbers
    log = log_file.read_text(encoding="utf-8")
    assert "citizens_person" in log  # the SQL was logged: the scan saw it
    assert "Not Found" in log
    dump = _dump()
    assert "citizens_person" in dump
    assert _found(dump, cprs) == []
    assert _found(log, cprs) == []


def test_the_scan_finds_a_cpr_number_where_there_is_one(caseworker: User, log_file: Path) -> None:
    # the same scan, over a row that does hold a CPR number in clear
    caseworker.first_name = "150385-1234"
    caseworker.save(update_fields=["first_name"])

    assert _found(_dump(), ["150385-1234"]) == ["150385-1234"]


def test_a_cpr_number_in_a_log_message_or_traceback_is_masked(log_file: Path) -> None:
    install_cpr_masking()
    logger = logging.getLogger("helhed.test")

    logger.warning("Opslag på %s", "0101901234")
    try:
        raise ValueError("ugyldigt CPR 010190-1234")
    except ValueError:
        logger.exception("Fejl for %s", "010190-1234")

    log = log_file.read_text(encoding="utf-8")
    assert _found(log, ["010190-1234"]) == []
    assert "Opslag på 010190-xxxx" in log
    assert "ValueError: ugyldigt CPR 010190-xxxx" in log
