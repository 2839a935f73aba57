# SPDX-License-Identifier: MPL-2.0
"""A larger SQLite page cache on this connection for one bulk operation (an import, the
indicators' rebuild), the previous sizes after; nothing on other databases."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def larger_sqlite_cache(*, kib: int, temp_kib: int | None = None) -> Iterator[None]:
    """`kib` KiB for the main database's pages and, if given, `temp_kib` for the temporary
    tables' (SQLite's default is 2 MiB each)."""
    if connection.vendor != "sqlite":
        yield
        return
    schemas = [("main", kib)] + ([("temp", temp_kib)] if temp_kib is not None else [])
    previous: list[tuple[str, int]] = []
    with connection.cursor() as cursor:
        for schema, size in schemas:
            cursor.execute(f"PRAGMA {schema}.cache_size")
            previous.append((schema, int(cursor.fetchone()[0])))
            cursor.execute(f"PRAGMA {schema}.cache_size = -{int(size)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for schema, size in previous:
                cursor.execute(f"PRAGMA {schema}.cache_size = {size}")
