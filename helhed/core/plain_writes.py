# SPDX-License-Identifier: MPL-2.0
"""Inserting many plain rows into one table: the bulk path of the import, the audit
events it writes and the indicators' store it keeps (docs/adr/0045-plain-sql-lists-and-copy.md).

The values are what the database driver takes (the callers adapt them: on SQLite a UUID
as its hex digits). On PostgreSQL the rows go with COPY, streamed in one statement, each
value dumped by the driver; with Django's client-side binding cursor an `executemany`
quotes every parameter into the statement's text, about five times the client's time a
row. On SQLite, one prepared statement executed for all the rows.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

# Rows per executemany on SQLite: one list of parameters held at a time.
BATCH = 2000


def insert_plain(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert `rows` (values in the order of `columns`, database column names) into
    `table`. The names come from the models, never from input; the values are bound."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
