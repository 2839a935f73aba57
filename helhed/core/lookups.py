# SPDX-License-Identifier: MPL-2.0
"""`field__in_values=[...]`: `__in` for long lists of plain values (ids, external ids).

Django's `__in` prepares every value as a possible expression (three attribute checks
and a compile step per value); an import's look-ups and the derived parts' reads after it
pass thousands of ids per query, and that preparation was a tenth of an import's time.
This lookup takes plain values only (no expressions, no querysets), converts each with
the field's own `get_db_prep_value` and binds them: the same rows as `__in` (None dropped,
duplicates dropped, an empty list matches nothing).

On PostgreSQL the values go as one array, `column = ANY(%s)`: Django's client-side binding
cursor quotes each of a list's values into the statement's text, and the server parses
them one by one; an array is one value to dump and to parse (`in_sql`, also for the plain
reads and deletes by id; docs/adr/0045-plain-sql-lists-and-copy.md).
"""

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection as default_connection
from django.db.models import CharField, Lookup, TextField, UUIDField
from django.db.models.fields.related import ForeignObject

# Values per statement: SQLite binds each as a parameter (its limit is 32,766); on
# PostgreSQL they are one array, and a batch bounds only what one statement holds.
SQLITE_BATCH = 900
POSTGRESQL_BATCH = 10_000


def batch_size(connection: Any = default_connection) -> int:
    """How many values one `in_sql` condition of this connection takes at most."""
    return POSTGRESQL_BATCH if connection.vendor == "postgresql" else SQLITE_BATCH


def in_sql(
    column: str, values: list[Any], connection: Any = default_connection
) -> tuple[str, list[Any]]:
    """The condition `column IN (values)` and its parameters; the values as the driver
    takes them (on PostgreSQL all of one type: they are sent as an array of it)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


class InValues(Lookup[Any]):
    lookup_name = "in_values"
    prepare_rhs = False

    def get_prep_lookup(self) -> Any:
        return list(dict.fromkeys(v for v in self.rhs if v is not None))

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        if not self.rhs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        target = field.target_field if isinstance(field, ForeignObject) else field
        prep = target.get_db_prep_value
        condition, params = in_sql(
            lhs, [prep(value, connection, prepared=False) for value in self.rhs], connection
        )
        return condition, [*lhs_params, *params]


def register() -> None:
    for field in (CharField, TextField, UUIDField, ForeignObject):
        field.register_lookup(InValues)
