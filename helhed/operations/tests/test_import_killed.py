# SPDX-License-Identifier: MPL-2.0
"""kill -9 during a large import loses no committed row and leaves no partial file.

`import_registry` runs in a process of its own (a child of the driver, driver.py) on a
SQLite file of its own and is killed with SIGKILL at seeded random points: after a random
number of its progress lines (each written after a chunk, inside the import's one
transaction), plus a random fraction of a chunk's time. After each kill the database
holds the whole file or none of it, passes SQLite's integrity check, and a re-run imports
the file completely; nothing is left in the process's temporary directory. The test
database is not used.
"""

import contextlib
import os
import random
import shutil
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helhed.operations.tests.subprocesses import Driver, migrated_database, persons_csv

ROWS = 2000
BATCH = 250
KILLS = 4
SEED = 20151
IMPORT = ("import_registry", "--kind", "persons", "--municipality", "615")


@pytest.fixture(scope="module")
def driver() -> Iterator[Driver]:
    driver = Driver()
    yield driver
    driver.close()


@pytest.fixture(scope="module")
def template(driver: Driver, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("killed-import")
    database = directory / "template.sqlite3"
    migrated_database(driver, database, directory)
    return database


def _state(database: Path) -> tuple[str, int, int]:
    db = sqlite3.connect(database)
    try:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        persons = db.execute("SELECT count(*) FROM citizens_person").fetchone()[0]
        events = db.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0]
    finally:
        db.close()
    return integrity, persons, events


def test_an_import_killed_at_random_points_writes_all_or_nothing(
    driver: Driver, template: Path, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    upload = tmp_path / "personer.csv"
    persons_csv(upload, ROWS)
    original = upload.read_bytes()
    args = (*IMPORT, "--user", "sagsbehandler", str(upload))
    outcomes = []

    for round_number in range(KILLS):
        work = tmp_path / f"round-{round_number}"
        temp = work / "tmp"
        temp.mkdir(parents=True)
        database = work / "helhed.sqlite3"
        shutil.copy(template, database)
        where: dict[str, Any] = {
            "database": database,
            "temp": temp,
            "settings": {"HELHED_IMPORT_BATCH": BATCH},
        }

        # given an import running, when it is killed after some of its chunks
        child = driver.start(*args, **where)
        wanted = rng.randint(1, ROWS // BATCH)
        progress = 0
        for line in driver.output(child):
            progress += "rækker læst" in line
            if progress == wanted:
                time.sleep(rng.uniform(0, 0.2))
                with contextlib.suppress(ProcessLookupError):
                    os.kill(driver.pid(child), signal.SIGKILL)
        # near the end the import may finish before the kill lands (a process that has
        # ended but is not yet reaped takes the signal without error): then it exited 0
        finished_first = child.code == 0
        assert child.code in (0, -signal.SIGKILL), child.lines
        if finished_first:
            assert child.lines[-1].startswith("Importeret:"), child.lines

        # then the database holds the whole file or none of it, and is sound
        integrity, persons, events = _state(database)
        assert integrity == "ok"
        assert (persons, events) in (((ROWS, ROWS),) if finished_first else ((0, 0), (ROWS, ROWS)))
        outcomes.append((wanted, persons))
        # and no temporary or partial file is left behind
        assert list(temp.iterdir()) == []
        assert upload.read_bytes() == original
        assert {p.name for p in work.iterdir()} <= {
            "tmp",
            "helhed.sqlite3",
            "helhed.sqlite3-wal",
            "helhed.sqlite3-shm",
        }

        # and a re-run imports the whole file
        rerun = driver.run(*args, **where)
        assert rerun.code == 0, rerun.lines
        integrity, persons_after, events_after = _state(database)
        assert (integrity, persons_after) == ("ok", ROWS)
        assert events_after >= ROWS
        assert list(temp.iterdir()) == []

    # the kills landed inside the import's transaction (else the test proves nothing)
    assert any(persons == 0 for _, persons in outcomes), outcomes
