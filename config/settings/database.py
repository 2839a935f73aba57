# SPDX-License-Identifier: MPL-2.0
"""Database settings: DATABASE_URL chooses PostgreSQL; the default is the embedded SQLite file.

SQLite runs in WAL mode with synchronous=FULL (every commit reaches the disk) and
BEGIN IMMEDIATE transactions, so concurrent writers wait instead of failing with
"database is locked" (see docs/adr/0003-databases.md).
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url

SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=FULL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def database_config(base_dir: Path) -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(base_dir / "db.sqlite3"),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = dict(SQLITE_OPTIONS)
    return config
