# SPDX-License-Identifier: MPL-2.0
"""Backup and restore of the PostgreSQL database with pg_dump -Fc and pg_restore.

The client programs must be of the server's major version: they are looked for in
HELHED_PG_BIN_DIR when set, in Debian's /usr/lib/postgresql/<major>/bin, then on PATH.
The connection comes from the settings; the password goes in the environment, never on
a command line. A restore runs in one transaction: all of the backup, or nothing.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from helhed.operations.backup_files import BackupError

PG_DUMP_HEADER = b"PGDMP"
_VERSION = re.compile(r"\(PostgreSQL\) (\d+)")
_MIGRATIONS_ENTRY = re.compile(r"^\d+; \d+ \d+ TABLE \S+ django_migrations ", re.MULTILINE)


def server_major() -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def _major_of(program: Path) -> int | None:
    try:
        out = subprocess.run(  # noqa: S603 - a fixed program path, no shell
            [str(program), "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = _VERSION.search(out)
    return int(match.group(1)) if match else None


def pg_program(name: str) -> Path:
    """PostgreSQL's client program `name` of the server's major version."""
    major = server_major()
    candidates: list[Path] = []
    configured = getattr(settings, "HELHED_PG_BIN_DIR", "")
    if configured:
        candidates.append(Path(configured) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin") / name)
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and _major_of(candidate) == major:
            return candidate
    raise BackupError(
        _(
            "%(program)s of PostgreSQL %(major)d was not found (set HELHED_PG_BIN_DIR to "
            "its directory); nothing was done."
        )
        % {"program": name, "major": major}
    )


def pg_environment() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        {
            "PGDATABASE": str(db["NAME"]),
            "PGHOST": str(db.get("HOST") or ""),
            "PGPORT": str(db.get("PORT") or ""),
            "PGUSER": str(db.get("USER") or ""),
        }
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return {key: value for key, value in env.items() if value}


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed program paths and arguments, no shell
        args, capture_output=True, text=True, env=pg_environment(), check=False
    )


def _failure(program: str, result: subprocess.CompletedProcess[str]) -> BackupError:
    last = (result.stderr.strip().splitlines() or ["?"])[-1][:300]
    return BackupError(_("%(program)s failed: %(error)s") % {"program": program, "error": last})


def postgres_backup(target: Path) -> None:
    result = _run(
        [
            str(pg_program("pg_dump")),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target}",
        ]
    )
    if result.returncode != 0:
        raise _failure("pg_dump", result)


def postgres_backup_check(source: Path) -> None:
    """Refuse a file that is not a pg_dump archive of a Helhed database."""
    with source.open("rb") as file:
        header = file.read(len(PG_DUMP_HEADER))
    if header != PG_DUMP_HEADER:
        raise BackupError(
            _(
                "%(name)s is not a backup of a PostgreSQL database (pg_dump -Fc); nothing was "
                "restored."
            )
            % {"name": source.name}
        )
    listing = _run([str(pg_program("pg_restore")), "--list", str(source)])
    if listing.returncode != 0:
        raise BackupError(
            _("%(name)s is damaged (pg_restore cannot read it); nothing was restored.")
            % {"name": source.name}
        )
    if not _MIGRATIONS_ENTRY.search(listing.stdout):
        raise BackupError(
            _("%(name)s is a PostgreSQL backup but not of Helhed; nothing was restored.")
            % {"name": source.name}
        )


def postgres_restore(source: Path) -> None:
    # our own connection holds no lock on the tables pg_restore drops and recreates
    connection.close()
    result = _run(
        [
            str(pg_program("pg_restore")),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ]
    )
    if result.returncode != 0:
        raise _failure("pg_restore", result)
