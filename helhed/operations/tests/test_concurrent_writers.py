# SPDX-License-Identifier: MPL-2.0
"""No "database is locked" under concurrent writers on SQLite (config/settings/database.py:
WAL, synchronous=FULL, BEGIN IMMEDIATE, a busy timeout).

Several processes, each a child of the driver (driver.py) with its own connection to one
SQLite file opened with the application's settings, register persons through the
registry's service and record an audit event for each, all at once. Every write succeeds
(a lock error fails its process) and every row is there. The test database is not used.
"""

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from helhed.operations.tests.subprocesses import Driver, migrated_database

WORKERS = 4
PER_WORKER = 40

WRITER = f"""
import os
from datetime import date, timedelta

from django.db import connection, transaction

from helhed.audit.services import audit_record
from helhed.citizens.services import person_register
from helhed.organisations.models import Department, User



def say(line):
    # one write per line, so that the processes' lines do not interleave
    os.write(1, (line + "\\n").encode())


worker = int(os.environ["HELHED_TEST_WORKER"])
actor = User.objects.get(username="sagsbehandler")
department = Department.objects.get(name="Jobcenter")
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
    cursor.execute("PRAGMA synchronous")
    synchronous = cursor.fetchone()[0]
say(f"PRAGMAS {{journal}} {{synchronous}} {{connection.transaction_mode}}")
for number in range({PER_WORKER}):
    born = date(1960, 1, 1) + timedelta(days=worker * 1000 + number)
    person = person_register(
        actor=actor,
        department=department,
        cpr=f"{{born:%d%m%y}}-{{1000 + worker:04d}}",
        first_name="Amal",
        last_name=f"Skriver {{worker}} {{number}}",
        country_of_origin="SY",
        education_level="none",
        unaccompanied_minor=False,
        arrived_on=date(2024, 1, 1),
        source="asylum",
    )
    with transaction.atomic():
        audit_record(actor=actor, action="read", purpose="Samtidige skrivere", person_id=person.id)
say(f"DONE {{worker}}")
"""


@pytest.fixture(scope="module")
def driver() -> Iterator[Driver]:
    driver = Driver()
    yield driver
    driver.close()


@pytest.fixture(scope="module")
def template(driver: Driver, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("concurrent-writers")
    path = directory / "template.sqlite3"
    migrated_database(driver, path, directory)
    return path


@pytest.fixture
def database(template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(template, tmp_path / "helhed.sqlite3"))


def test_concurrent_writers_all_succeed_and_every_row_is_there(
    driver: Driver, database: Path, tmp_path: Path
) -> None:
    # when several processes write at once
    child = driver.run("shell", "-c", WRITER, database=database, temp=tmp_path, workers=WORKERS)

    # then none failed (a "database is locked" error fails its process), and every row is there
    output = "\n".join(child.lines)
    assert child.code == 0, output
    assert "locked" not in output
    assert sorted(line for line in child.lines if line.startswith("DONE")) == [
        f"DONE {worker}" for worker in range(WORKERS)
    ]
    db = sqlite3.connect(database)
    try:
        persons = db.execute("SELECT count(*) FROM citizens_person").fetchone()[0]
        reads = db.execute(
            "SELECT count(*) FROM audit_auditevent WHERE purpose = 'Samtidige skrivere'"
        ).fetchone()[0]
    finally:
        db.close()
    assert persons == WORKERS * PER_WORKER
    assert reads == WORKERS * PER_WORKER


def test_each_writer_s_connection_runs_wal_synchronous_full_and_begin_immediate(
    driver: Driver, database: Path, tmp_path: Path
) -> None:
    child = driver.run("shell", "-c", WRITER, database=database, temp=tmp_path, workers=2)

    assert child.code == 0, child.lines
    pragmas = [line for line in child.lines if line.startswith("PRAGMAS")]
    # journal_mode=wal, synchronous=2 (FULL), transactions BEGIN IMMEDIATE
    assert pragmas == ["PRAGMAS wal 2 IMMEDIATE"] * 2
