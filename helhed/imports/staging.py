# SPDX-License-Identifier: MPL-2.0
"""The keys an import has seen, kept in the database instead of in memory.

An import must remember, for the whole file, the first row of every external id (two rows
of a file never share one), for persons the first row of every CPR number, and which
persons it has audited and must recompute the rule flags of. Held in Python these grow
with the file (~150 bytes a row); here they live in a temporary table of the import's own
connection, created inside its transaction and dropped at its end (rolled back with it),
and each chunk asks it only about its own keys through the table's primary key. Memory
then holds one chunk whatever the size of the file (ADR 0025).

A temporary table is private to its connection: two imports running at once never see
each other's keys, and nothing of it is left in the database.
"""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection

TABLE = "helhed_import_seen"
# Values per look-up statement: well under SQLite's and PostgreSQL's limits on parameters.
LOOKUP_BATCH = 900


def _server_side_cursor() -> Any:
    """On PostgreSQL, a cursor of the import's connection (so in its transaction) that
    sends the values apart from the statement: a chunk's keys go as arrays, dumped by the
    driver, instead of being quoted one by one into the text by Django's client-side
    binding cursor (five times the client's time). Only for this module's own table."""
    import psycopg  # PostgreSQL only

    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


class Seen:
    """Keys by namespace (`space`): each with the row that first used it and a note
    (e.g. the external id of the first row with a CPR number)."""

    def __init__(self) -> None:
        self.created = False

    def create(self) -> None:
        """Create the table; call inside the import's transaction."""
        # The names are constants of this module, never from the file; values are bound.
        on_commit = " ON COMMIT DROP" if connection.vendor == "postgresql" else ""
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {TABLE} (space VARCHAR(16) NOT NULL, "
                "item VARCHAR(200) NOT NULL, first_row INTEGER NOT NULL, "
                f"note VARCHAR(200) NOT NULL, PRIMARY KEY (space, item)){on_commit}"
            )
        self.created = True

    def drop(self) -> None:
        if self.created:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            self.created = False

    def _stored(self, space: str, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
        found: dict[str, tuple[int, str]] = {}
        if connection.vendor == "postgresql":
            with _server_side_cursor() as cursor:
                cursor.execute(
                    f"SELECT item, first_row, note FROM {TABLE} "  # noqa: S608
                    "WHERE space = %s AND item = ANY(%s::text[])",
                    [space, list(keys)],
                )
                for key, row, note in cursor.fetchall():
                    found[key] = (row, note)
            return found
        with connection.cursor() as cursor:
            for start in range(0, len(keys), LOOKUP_BATCH):
                part = keys[start : start + LOOKUP_BATCH]
                cursor.execute(
                    f"SELECT item, first_row, note FROM {TABLE} WHERE space = %s "  # noqa: S608
                    f"AND item IN ({', '.join(['%s'] * len(part))})",
                    [space, *part],
                )
                for key, row, note in cursor.fetchall():
                    found[key] = (row, note)
        return found

    def _add(self, space: str, rows: Sequence[tuple[str, int, str]]) -> set[str]:
        """Add the (key, row, note) whose key is not stored yet; the keys added. The ones
        stored already are left as they are (ON CONFLICT DO NOTHING) and the new ones
        come back (RETURNING): one statement per LOOKUP_BATCH keys on SQLite, one for the
        chunk on PostgreSQL (the keys as three arrays)."""
        added: set[str] = set()
        if not rows:
            return added
        if connection.vendor == "postgresql":
            with _server_side_cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {TABLE} (space, item, first_row, note) "  # noqa: S608
                    "SELECT %s, * FROM unnest(%s::text[], %s::integer[], %s::text[]) "
                    "ON CONFLICT (space, item) DO NOTHING RETURNING item",
                    [
                        space,
                        [key for key, _row, _note in rows],
                        [row for _key, row, _note in rows],
                        [note for _key, _row, note in rows],
                    ],
                )
                added.update(key for (key,) in cursor.fetchall())
            return added
        with connection.cursor() as cursor:
            for start in range(0, len(rows), LOOKUP_BATCH):
                part = rows[start : start + LOOKUP_BATCH]
                params: list[str | int] = []
                for key, row, note in part:
                    params += [space, key, row, note]
                cursor.execute(
                    f"INSERT INTO {TABLE} (space, item, first_row, note) VALUES "  # noqa: S608
                    f"{', '.join(['(%s, %s, %s, %s)'] * len(part))} "
                    "ON CONFLICT (space, item) DO NOTHING RETURNING item",
                    params,
                )
                added.update(key for (key,) in cursor.fetchall())
        return added

    def first(self, space: str, uses: Iterable[tuple[str, int, str]]) -> dict[str, tuple[int, str]]:
        """For each (key, row, note) used by a chunk, in the file's order: the (row, note)
        that first used the key, in an earlier chunk or in this one. Keys used for the
        first time are remembered."""
        own: dict[str, tuple[int, str]] = {}
        for key, row, note in uses:
            if key not in own:
                own[key] = (row, note)
        added = self._add(space, [(key, row, note) for key, (row, note) in own.items()])
        if len(added) == len(own):
            return own
        # some keys were used in an earlier chunk: their first use is the stored one
        return {**own, **self._stored(space, [key for key in own if key not in added])}

    def unseen(self, space: str, keys: Iterable[str]) -> list[str]:
        """The keys not seen before in this space, in order; all of them are seen after."""
        keys = list(dict.fromkeys(keys))
        added = self._add(space, [(key, 0, "") for key in keys])
        return [key for key in keys if key in added]

    def keys(self, space: str, batch: int) -> Iterator[list[str]]:
        """Every key of a space, `batch` at a time, in the order of the primary key (each
        batch read by a look-up from the last key of the one before, not held whole)."""
        last = ""
        with connection.cursor() as cursor:
            while True:
                cursor.execute(
                    f"SELECT item FROM {TABLE} WHERE space = %s AND item > %s "  # noqa: S608
                    "ORDER BY item LIMIT %s",
                    [space, last, batch],
                )
                found = [key for (key,) in cursor.fetchall()]
                if not found:
                    return
                yield found
                last = found[-1]
