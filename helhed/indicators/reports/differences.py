# SPDX-License-Identifier: MPL-2.0
"""The cells in which two versions of a report differ (docs/adr/0030).

Tables are matched by caption, rows by the text of their first cell and columns by label
(a second table, row or column with the same text is matched by its place among those).
Numbers are compared as a reader sees them: rounded half up to the column's decimals, so
that a change a reader cannot see is not a difference. A cell disclosure control hides is
compared by its label only: a difference shows "hidden", never the number behind it,
which the frozen document does not hold.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from helhed.reports.document import Column, ColumnKind, Document, Hidden, Table, Value


@dataclass(frozen=True)
class Difference:
    table: str
    row: str
    column: str
    kind: ColumnKind
    decimals: int
    old: Value
    new: Value

    @property
    def display_column(self) -> Column:
        return Column(self.column, self.kind, self.decimals)

    def to_data(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "kind": self.kind,
            "decimals": self.decimals,
            "old": _value_to_data(self.old),
            "new": _value_to_data(self.new),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "Difference":
        return cls(
            table=data["table"],
            row=data["row"],
            column=data["column"],
            kind=data["kind"],
            decimals=data["decimals"],
            old=_value_from_data(data["old"]),
            new=_value_from_data(data["new"]),
        )


def _value_to_data(value: Value) -> Any:
    if isinstance(value, Hidden):
        return {"hidden": value.label}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return value


def _value_from_data(data: Any) -> Value:
    if isinstance(data, dict):
        return Hidden(data["hidden"]) if "hidden" in data else Decimal(data["decimal"])
    return data  # type: ignore[no-any-return]


def _seen(value: Value, column: Column) -> Any:
    """What a reader sees of a cell, for comparing."""
    if value is None:
        return None
    if isinstance(value, Hidden):
        return ("hidden", value.label)
    if isinstance(value, str) or not column.numeric:
        return ("text", str(value))
    decimals = 0 if column.kind == "count" else column.decimals
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _keyed(items: list[str]) -> list[tuple[str, int]]:
    """Each text with its place among equal texts: ("a", 0), ("b", 0), ("a", 1)."""
    count: Counter[str] = Counter()
    keyed = []
    for item in items:
        keyed.append((item, count[item]))
        count[item] += 1
    return keyed


def _row_label(row: list[Value], number: int) -> str:
    first = row[0] if row else None
    if isinstance(first, str) and first:
        return first
    return str(number + 1)


def _table_differences(old: Table | None, new: Table | None) -> list[Difference]:
    either = new if new is not None else old
    assert either is not None  # noqa: S101 (one of the two is always there)
    old_columns = (
        dict(zip(_keyed([c.label for c in old.columns]), old.columns, strict=True)) if old else {}
    )
    new_columns = (
        dict(zip(_keyed([c.label for c in new.columns]), new.columns, strict=True)) if new else {}
    )
    column_keys = list(old_columns) + [k for k in new_columns if k not in old_columns]

    def rows(table: Table | None) -> dict[tuple[str, int], dict[tuple[str, int], Value]]:
        if table is None:
            return {}
        keys = _keyed([_row_label(r, n) for n, r in enumerate(table.rows)])
        labels = _keyed([c.label for c in table.columns])
        return {
            key: dict(zip(labels, row, strict=True))
            for key, row in zip(keys, table.rows, strict=True)
        }

    old_rows, new_rows = rows(old), rows(new)
    row_keys = list(old_rows) + [k for k in new_rows if k not in old_rows]
    found = []
    for row_key in row_keys:
        for column_key in column_keys[1:] if column_keys else []:
            column = new_columns.get(column_key) or old_columns[column_key]
            before = old_rows.get(row_key, {}).get(column_key)
            after = new_rows.get(row_key, {}).get(column_key)
            if _seen(before, column) != _seen(after, column):
                found.append(
                    Difference(
                        table=either.caption,
                        row=row_key[0],
                        column=column_key[0],
                        kind=column.kind,
                        decimals=column.decimals,
                        old=before,
                        new=after,
                    )
                )
    return found


def document_differences(old: Document, new: Document) -> list[Difference]:
    """Every cell of every table (and chart table) that differs, in reading order."""
    old_tables = dict(zip(_keyed([t.caption for t in old.tables()]), old.tables(), strict=True))
    new_tables = dict(zip(_keyed([t.caption for t in new.tables()]), new.tables(), strict=True))
    keys = list(old_tables) + [k for k in new_tables if k not in old_tables]
    found: list[Difference] = []
    for key in keys:
        found.extend(_table_differences(old_tables.get(key), new_tables.get(key)))
    return found
