# SPDX-License-Identifier: MPL-2.0
"""Reading some columns of a model's rows as plain tuples, by a list of ids, with one
statement per batch and no ORM query. The indicators' upkeep runs inside every registry
write and reads a few rows of one household from nine tables, where compiling nine ORM
queries cost more than running them (docs/benchmarks.md, incremental upkeep); the rule
flags and the indicators read every period of thousands of persons after an import
(citizens/shared_reads.py).

The values are what the ORM's `values_list` gives: UUIDs as `uuid.UUID`, dates as `date`,
booleans as `bool`. On SQLite a date column is read as its stored ISO text and parsed with
`date.fromisoformat`, not by the driver's converter for the declared type (a regular
expression a value). Internal reads for computations over the registry, inside the
transaction of an audited write; not a user's view of it.
"""

import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import cache
from typing import Any, cast

from django.db import connection, models

from helhed.core.lookups import batch_size, in_sql

Convert = Callable[[Any], Any] | None


def _uuid(value: Any) -> Any:
    return value if value is None or isinstance(value, uuid.UUID) else uuid.UUID(hex=value)


def _date(value: Any) -> Any:
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def _bool(value: Any) -> Any:
    return value if value is None else bool(value)


def _converter(field: models.Field[Any, Any]) -> Convert:
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if isinstance(target, models.UUIDField):
        return None if connection.features.has_native_uuid_field else _uuid
    if isinstance(target, models.DateTimeField):
        return None  # not read here; the ORM's own conversion would be needed
    if isinstance(target, models.DateField):
        return _date
    if isinstance(target, models.BooleanField):
        return _bool
    return None


def _hex(value: Any) -> Any:
    return value.hex if isinstance(value, uuid.UUID) else value


def _native_uuid(value: Any) -> Any:
    return value if value is None or isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _storer(field: models.Field[Any, Any]) -> Convert:
    """How a value of the key is sent: a UUID as its hex digits on SQLite; on PostgreSQL
    as a UUID (the values go as one array, of one type: ADR 0045). None: as it is."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if isinstance(target, models.UUIDField):
        return _native_uuid if connection.features.has_native_uuid_field else _hex
    return None


def _memo(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`convert` remembered per value within one read: a person's household, a
    municipality or a relative comes back on many rows and is converted once."""
    seen: dict[Any, Any] = {}

    def converted(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = result = convert(value)
            return result

    return converted


def _own(asked: dict[Any, Any], convert: Callable[[Any], Any]) -> dict[Any, Any]:
    """The stored keys -> the values they were asked as, converted where they were not
    given in the converted form (a UUID given as text)."""
    return {
        k: v if isinstance(v, uuid.UUID | date | bool) else convert(k) for k, v in asked.items()
    }


def _selected(field: models.Field[Any, Any], column: str, vendor: str) -> str:
    """The column as selected: a date as its ISO text on SQLite (see the module's note)."""
    is_date = isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
    return f"CAST({column} AS TEXT)" if is_date and vendor == "sqlite" else column


@cache
def _statement(
    model: type[models.Model], columns: tuple[str, ...], by: str, vendor: str
) -> tuple[str, tuple[Convert, ...], models.Field[Any, Any]]:
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in columns]
    key = cast("models.Field[Any, Any]", meta.get_field(by))
    selected = ", ".join(_selected(f, quote(str(f.column)), vendor) for f in fields)
    # names from the model; the values are bound
    sql = f"SELECT {selected} FROM {quote(meta.db_table)} WHERE "  # noqa: S608
    return sql, tuple(_converter(f) for f in fields), key


def rows_by(
    model: type[models.Model], columns: Sequence[str], *, by: str, values: Iterable[Any]
) -> Iterator[tuple[Any, ...]]:
    """`model.objects.filter(<by>__in=values).values_list(*columns)`, unordered."""
    sql, converters, key = _statement(model, tuple(columns), by, connection.vendor)
    store = _storer(key)
    # each key as stored -> as asked for: the key's own column holds one of them, so the
    # rows' keys come back as the caller's values (UUIDs), with nothing converted per row
    asked = {v: v for v in values} if store is None else {store(v): v for v in values}
    asked.pop(None, None)
    keys = list(asked)
    convert = tuple(
        (_own(asked, c).__getitem__ if name == by else _memo(c) if c is _uuid else c)
        if c is not None
        else None
        for name, c in zip(columns, converters, strict=True)
    )
    plain = all(c is None for c in convert)
    column = connection.ops.quote_name(str(key.column))
    batch = batch_size()
    with connection.cursor() as cursor:
        for start in range(0, len(keys), batch):
            condition, params = in_sql(column, keys[start : start + batch])
            cursor.execute(sql + condition, params)
            for row in cursor.fetchall():
                if plain:
                    yield tuple(row)
                else:
                    yield tuple(v if c is None else c(v) for c, v in zip(convert, row, strict=True))
