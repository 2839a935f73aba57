# SPDX-License-Identifier: MPL-2.0
from decimal import Decimal

import pytest

from helhed.reports.document import (
    Chart,
    Column,
    Document,
    Hidden,
    Section,
    Series,
    Table,
    from_data,
    to_data,
)
from helhed.reports.tests.samples import sample_document


def test_a_document_survives_freezing_exactly():
    document = sample_document()
    assert from_data(to_data(document)) == document


def test_a_decimal_and_a_hidden_cell_keep_their_type_when_frozen():
    table = Table(
        "T",
        [Column("a"), Column("b", "number", 2)],
        [["x", Decimal("1.10")], ["y", Hidden("skjult")]],
    )
    document = Document("D", [Section("S", [table])])
    thawed = from_data(to_data(document)).sections[0].blocks[0]
    assert isinstance(thawed, Table)
    assert thawed.rows == [["x", Decimal("1.10")], ["y", Hidden("skjult")]]


def test_a_row_of_the_wrong_width_is_refused_with_its_number():
    with pytest.raises(ValueError, match="row 2 has 1 cells, not 2"):
        Table("T", [Column("a"), Column("b")], [["x", 1], ["y"]])


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="series 'S' has 1 values for 2 categories"):
        Chart("C", "x", "y", "%", ["a", "b"], [Series("S", [1.0])])


def test_a_chart_gives_its_numbers_as_a_table():
    chart = Chart(
        "C",
        "År",
        "Andel",
        "%",
        ["2014", "2015"],
        [Series("A", [1.0, 2.0]), Series("B", [3.0, None])],
    )
    table = chart.table()
    assert [c.label for c in table.columns] == ["År", "A", "B"]
    assert table.rows == [["2014", 1.0, 3.0], ["2015", 2.0, None]]
    assert {c.kind for c in table.columns[1:]} == {"percent"}


def test_the_tables_of_a_document_are_listed_in_reading_order():
    captions = [t.caption for t in sample_document().tables()]
    assert captions == ["Modtagne efter kilde", "Selvforsørgede"]
