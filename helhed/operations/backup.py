# SPDX-License-Identifier: MPL-2.0
"""Backing up the database to a file and restoring it from one (docs/operations.md).

SQLite through its online backup API, PostgreSQL through pg_dump -Fc and pg_restore.
Everything is checked before anything is written: an odd output name, a file that is not
a backup of this kind of database, or a restore onto a database that holds data (without
`force`) is refused with a message naming the problem, and nothing changes.
"""

from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils.translation import gettext as _

from helhed.operations.backup_files import (
    BackupError,
    input_path_check,
    output_path_check,
    write_complete,
)
from helhed.operations.backup_postgres import (
    postgres_backup,
    postgres_backup_check,
    postgres_restore,
)
from helhed.operations.backup_sqlite import sqlite_backup, sqlite_backup_check, sqlite_restore

# Rows that `migrate` itself creates: a freshly migrated database holds them and is empty.
_CREATED_BY_MIGRATE = (ContentType, Permission)


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    vendor: str
    size: int


def _vendor() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(
            _("Backups are made of SQLite and PostgreSQL databases, not %(vendor)s.")
            % {"vendor": connection.vendor}
        )
    return connection.vendor


def database_is_empty() -> bool:
    """True when no table of the application holds a row (a new database, migrated or not)."""
    existing = set(connection.introspection.table_names())
    for model in apps.get_models():
        if model in _CREATED_BY_MIGRATE or not model._meta.managed:
            continue
        if model._meta.db_table in existing and model._default_manager.exists():
            return False
    return True


def database_backup(*, output: str) -> BackupSummary:
    """Write a backup of the whole database to the new file `output`."""
    path = output_path_check(output)
    vendor = _vendor()
    writer = sqlite_backup if vendor == "sqlite" else postgres_backup
    size = write_complete(path, writer)
    return BackupSummary(path=path, vendor=vendor, size=size)


def database_restore(*, source: str, force: bool = False) -> Path:
    """Replace the database's content with the backup in `source`; a database that holds
    data is replaced only with `force`."""
    path = input_path_check(source)
    vendor = _vendor()
    if vendor == "sqlite":
        sqlite_backup_check(path)
    else:
        postgres_backup_check(path)
    if not force and not database_is_empty():
        raise BackupError(
            _(
                "The database holds data; a restore would replace all of it. Give --force "
                "to replace it (make a backup of it first). Nothing was restored."
            )
        )
    if vendor == "sqlite":
        sqlite_restore(path)
    else:
        postgres_restore(path)
    return path
