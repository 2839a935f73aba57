# SPDX-License-Identifier: MPL-2.0
"""Comparing two versions of a document cell by cell (no database)."""

from decimal import Decimal

from helhed.indicators.reports.differences import Difference, document_differences
from helhed.reports.document import Column, Document, Hidden, Section, Table, Value


def doc(
    rows: list[list[Value]], *, caption: str = "Modtagne", extra: Table | None = None
) -> Document:
    table = Table(
        caption=caption,
        columns=[Column("Kilde"), Column("Personer", "count"), Column("Andel", "percent", 1)],
        rows=rows,
    )
    blocks: list[Table] = [table] + ([extra] if extra else [])
    return Document(title="T", sections=[Section("S", blocks=list(blocks))])


def changes(old: Document, new: Document) -> list[tuple[str, str, str, Value, Value]]:
    return [(d.table, d.row, d.column, d.old, d.new) for d in document_differences(old, new)]


def test_the_same_numbers_are_no_difference() -> None:
    rows: list[list[Value]] = [["Asyl", 12, 45.26], ["Kvote", Hidden("skjult"), None]]
    assert changes(doc(rows), doc([list(r) for r in rows])) == []


def test_a_changed_number_names_table_row_and_column() -> None:
    old = doc([["Asyl", 12, 45.26], ["Kvote", 30, 54.74]])
    new = doc([["Asyl", 13, 45.26], ["Kvote", 30, 54.74]])
    assert changes(old, new) == [("Modtagne", "Asyl", "Personer", 12, 13)]


def test_numbers_are_compared_as_a_reader_sees_them() -> None:
    # 45.26 and 45.31 both read 45,3 %; 45.34 and 45.36 do not
    assert changes(doc([["Asyl", 12, 45.26]]), doc([["Asyl", 12, 45.31]])) == []
    assert changes(doc([["Asyl", 12, 45.34]]), doc([["Asyl", 12, 45.36]])) == [
        ("Modtagne", "Asyl", "Andel", 45.34, 45.36)
    ]
    assert changes(doc([["Asyl", 12, Decimal("45.3")]]), doc([["Asyl", 12, 45.3]])) == []


def test_a_hidden_cell_differs_only_by_its_label() -> None:
    hidden = doc([["Asyl", Hidden("skjult"), None]])
    assert changes(hidden, doc([["Asyl", Hidden("skjult"), None]])) == []
    assert changes(hidden, doc([["Asyl", 7, None]])) == [
        ("Modtagne", "Asyl", "Personer", Hidden("skjult"), 7)
    ]
    assert changes(doc([["Asyl", 7, None]]), hidden) == [
        ("Modtagne", "Asyl", "Personer", 7, Hidden("skjult"))
    ]
    assert changes(
        doc([["Asyl", 30, Hidden("skjult")]]), doc([["Asyl", 30, Hidden("for få")]])
    ) == [("Modtagne", "Asyl", "Andel", Hidden("skjult"), Hidden("for få"))]


def test_a_row_that_appears_or_goes_is_a_difference_in_each_of_its_cells() -> None:
    old = doc([["Asyl", 12, 40.0]])
    new = doc([["Asyl", 12, 40.0], ["Kvote", 18, 60.0]])
    assert changes(old, new) == [
        ("Modtagne", "Kvote", "Personer", None, 18),
        ("Modtagne", "Kvote", "Andel", None, 60.0),
    ]
    assert changes(new, old) == [
        ("Modtagne", "Kvote", "Personer", 18, None),
        ("Modtagne", "Kvote", "Andel", 60.0, None),
    ]


def test_rows_with_the_same_label_are_matched_in_order() -> None:
    old = doc([["I alt", 1, 2.0], ["I alt", 3, 4.0]])
    new = doc([["I alt", 1, 2.0], ["I alt", 5, 4.0]])
    assert changes(old, new) == [("Modtagne", "I alt", "Personer", 3, 5)]


def test_a_table_that_goes_is_compared_with_nothing() -> None:
    extra = Table(caption="Andet", columns=[Column("A"), Column("B", "count")], rows=[["x", 9]])
    assert changes(doc([["Asyl", 1, None]], extra=extra), doc([["Asyl", 1, None]])) == [
        ("Andet", "x", "B", 9, None)
    ]


def test_a_difference_round_trips_through_json() -> None:
    for old, new in ((Hidden("skjult"), 7), (Decimal("1.5"), None), ("På rette spor", "I risiko")):
        difference = Difference("T", "r", "c", "number", 1, old, new)
        assert Difference.from_data(difference.to_data()) == difference
