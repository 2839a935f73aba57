# SPDX-License-Identifier: MPL-2.0
"""The database settings (config/settings/database.py, docs/adr/0003-databases.md).

SQLite runs with WAL, synchronous=FULL and BEGIN IMMEDIATE; DATABASE_URL chooses
PostgreSQL. The PRAGMAs are read from a real connection to a file database opened
the way Django opens it, with the same settings.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.db.utils import ConnectionHandler

from config.settings.database import database_config

on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the test database is not SQLite (DATABASE_URL names another database)",
)

SYNCHRONOUS_FULL = 2


@pytest.fixture
def sqlite_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return database_config(tmp_path)


@pytest.fixture
def file_connection(
    sqlite_config: dict[str, Any], django_db_blocker: Any
) -> Iterator[DatabaseWrapper]:
    """A connection to a new file database, opened by Django's SQLite backend with the
    settings above (a handler of its own fills in Django's defaults)."""
    handler = ConnectionHandler({"default": sqlite_config})
    wrapper = handler.create_connection("default")
    assert isinstance(wrapper, DatabaseWrapper)
    with django_db_blocker.unblock():
        wrapper.ensure_connection()
        yield wrapper
        wrapper.close()


def _pragma(wrapper: DatabaseWrapper, name: str) -> Any:
    with wrapper.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_without_database_url_the_database_is_a_sqlite_file_under_the_base_dir(
    sqlite_config: dict[str, Any], tmp_path: Path
) -> None:
    assert sqlite_config["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite_config["NAME"] == str(tmp_path / "db.sqlite3")


def test_sqlite_transactions_begin_immediate(sqlite_config: dict[str, Any]) -> None:
    assert sqlite_config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@on_sqlite
def test_the_test_database_uses_the_same_sqlite_options() -> None:
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "PRAGMA journal_mode=WAL" in options["init_command"]


@on_sqlite
def test_a_sqlite_file_database_runs_in_wal_mode(file_connection: DatabaseWrapper) -> None:
    assert _pragma(file_connection, "journal_mode") == "wal"


@on_sqlite
def test_a_sqlite_file_database_syncs_every_commit_to_disk(
    file_connection: DatabaseWrapper,
) -> None:
    assert _pragma(file_connection, "synchronous") == SYNCHRONOUS_FULL


@on_sqlite
def test_a_sqlite_file_database_enforces_foreign_keys_and_waits_for_locks(
    file_connection: DatabaseWrapper,
) -> None:
    assert _pragma(file_connection, "foreign_keys") == 1
    assert _pragma(file_connection, "busy_timeout") == 20000


@on_sqlite
def test_the_connection_begins_its_transactions_immediate(
    file_connection: DatabaseWrapper,
) -> None:
    # set by the backend from OPTIONS when it connects (not in django-stubs)
    assert getattr(file_connection, "transaction_mode", None) == "IMMEDIATE"


def test_a_postgres_database_url_selects_postgresql(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://helhed:hemmelig@db.example.dk:5433/helhed")

    config = database_config(tmp_path)

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "helhed"
    assert config["HOST"] == "db.example.dk"
    assert config["PORT"] == 5433
    assert config["USER"] == "helhed"
    assert "init_command" not in config.get("OPTIONS", {})


def test_a_sqlite_database_url_keeps_the_sqlite_options(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'andet.sqlite3'}")

    config = database_config(tmp_path)

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "andet.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "PRAGMA synchronous=FULL" in config["OPTIONS"]["init_command"]
