# SPDX-License-Identifier: MPL-2.0
"""What `backup` and `restore` refuse: each with a message naming the problem, and
nothing changed (no file written, the database's fingerprint the same)."""

import os
import sqlite3
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from helhed.operations.backup import database_is_empty
from helhed.operations.fingerprint import database_fingerprint
from helhed.operations.tests.conftest import on_sqlite
from helhed.organisations.models import Municipality
from helhed.organisations.tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backup_file(own_municipality: Municipality, tmp_path: Path) -> Path:
    make_user(municipality=own_municipality, roles=["caseworker"], username="sagsbehandler")
    path = tmp_path / "helhed.backup"
    call_command("backup", output=str(path))
    return path


def _refused(command: str, **options: object) -> str:
    with pytest.raises(CommandError) as refusal:
        call_command(command, **options)
    return str(refusal.value)


def test_restore_onto_a_database_with_data_needs_force(backup_file: Path) -> None:
    before = database_fingerprint()

    message = _refused("restore", input=str(backup_file))

    assert "--force" in message
    assert "Nothing was restored" in message or "Intet blev gendannet" in message
    assert database_fingerprint() == before


def test_restore_onto_an_emptied_database_needs_no_force(backup_file: Path) -> None:
    before = database_fingerprint()
    call_command("flush", interactive=False, verbosity=0)
    assert database_is_empty()

    call_command("restore", input=str(backup_file))

    assert database_fingerprint() == before
    assert not database_is_empty()


def test_a_file_that_is_not_a_backup_is_refused(backup_file: Path, tmp_path: Path) -> None:
    before = database_fingerprint()
    text = tmp_path / "noter.txt"
    text.write_text("010190-1234 er ikke en backup\n", encoding="utf-8")

    message = _refused("restore", input=str(text), force=True, language="en")

    assert "noter.txt is not a backup" in message
    assert "010190" not in message
    assert database_fingerprint() == before


def test_a_truncated_backup_is_refused(backup_file: Path, tmp_path: Path) -> None:
    before = database_fingerprint()
    broken = tmp_path / "halv.backup"
    content = backup_file.read_bytes()
    broken.write_bytes(content[: len(content) // 2])

    message = _refused("restore", input=str(broken), force=True, language="en")

    assert "damaged" in message
    assert database_fingerprint() == before


@on_sqlite
def test_a_sqlite_database_that_is_not_helheds_is_refused(
    backup_file: Path, tmp_path: Path
) -> None:
    before = database_fingerprint()
    other = tmp_path / "andet.sqlite3"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE noter (tekst TEXT)")
    message = _refused("restore", input=str(other), force=True, language="en")

    assert "not a backup of Helhed" in message
    assert database_fingerprint() == before


def test_a_missing_backup_file_is_refused_in_danish(tmp_path: Path, db: None) -> None:
    message = _refused("restore", input=str(tmp_path / "findes-ikke.backup"))

    assert message == "--input: ingen backupfil findes-ikke.backup."


@pytest.mark.parametrize(
    "name",
    [
        "../udenfor.backup",
        "mappe/../../udenfor.backup",
        ".skjult.backup",
        "./-rf",
        "navn med mellemrum.backup",
        "semikolon;rm.backup",
        "æøå.backup",
        "",
    ],
)
def test_an_odd_output_name_is_refused_and_nothing_is_written(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db: None
) -> None:
    (tmp_path / "mappe").mkdir()
    monkeypatch.chdir(tmp_path / "mappe")

    message = _refused("backup", output=name, language="en")

    assert message.startswith("--output:")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["mappe"]


def test_an_existing_file_is_never_overwritten(tmp_path: Path, db: None) -> None:
    existing = tmp_path / "helhed.backup"
    existing.write_bytes(b"vigtigt")

    message = _refused("backup", output=str(existing), language="en")

    assert "exists already" in message
    assert existing.read_bytes() == b"vigtigt"


def test_a_directory_that_does_not_exist_is_refused(tmp_path: Path, db: None) -> None:
    message = _refused("backup", output=str(tmp_path / "mangler" / "helhed.backup"))

    assert message.startswith("--output: mappen")
    assert list(tmp_path.iterdir()) == []


def test_a_backup_that_fails_half_way_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db: None
) -> None:
    # the database has been copied into the temporary file; syncing it to disk fails
    def disk_full(fd: int) -> None:
        raise OSError("disken er fuld")

    monkeypatch.setattr(os, "fsync", disk_full)

    with pytest.raises(OSError, match="disken er fuld"):
        call_command("backup", output=str(tmp_path / "helhed.backup"))

    assert list(tmp_path.iterdir()) == []


def test_a_backup_is_one_file_of_the_database_s_own_format(backup_file: Path) -> None:
    header = backup_file.read_bytes()[:16]
    siblings = sorted(p.name for p in backup_file.parent.iterdir())

    if connection.vendor == "sqlite":
        assert header == b"SQLite format 3\x00"
    else:
        assert header.startswith(b"PGDMP")
    assert siblings == ["helhed.backup"]
