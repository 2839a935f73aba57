# SPDX-License-Identifier: MPL-2.0
"""Backup and restore of the SQLite database through SQLite's online backup API.

The backup copies the database as one consistent snapshot while the application keeps
writing (WAL: readers do not block writers). The copy is switched to a rollback journal so
that it is one self-contained file. A restore copies the backup into the live database in
one step, then sets WAL again.
"""

import sqlite3
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _

from helhed.operations.backup_files import BackupError

SQLITE_HEADER = b"SQLite format 3\x00"


def _raw() -> sqlite3.Connection:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise RuntimeError("A backup or restore cannot run inside a transaction")
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)  # noqa: S101 - the SQLite backend's connection
    return raw


def sqlite_backup(target: Path) -> None:
    """Copy the live database into the (empty) file `target`."""
    destination = sqlite3.connect(target)
    try:
        _raw().backup(destination)
        destination.execute("PRAGMA journal_mode=DELETE")
        destination.commit()
    finally:
        destination.close()


def sqlite_backup_check(source: Path) -> None:
    """Refuse a file that is not a sound SQLite backup of a Helhed database."""
    with source.open("rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise BackupError(
            _("%(name)s is not a backup of a SQLite database; nothing was restored.")
            % {"name": source.name}
        )
    backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        integrity = backup.execute("PRAGMA integrity_check").fetchone()[0]
        migrations = backup.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()[0]
    except sqlite3.DatabaseError:
        integrity, migrations = "unreadable", 0
    finally:
        backup.close()
    if integrity != "ok":
        raise BackupError(
            _("%(name)s is damaged (SQLite's integrity check fails); nothing was restored.")
            % {"name": source.name}
        )
    if not migrations:
        raise BackupError(
            _("%(name)s is a SQLite database but not a backup of Helhed; nothing was restored.")
            % {"name": source.name}
        )


def sqlite_restore(source: Path) -> None:
    """Replace the live database's content with the backup's, in one step."""
    live = _raw()
    backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        backup.backup(live)
    finally:
        backup.close()
    live.execute("PRAGMA journal_mode=WAL")
