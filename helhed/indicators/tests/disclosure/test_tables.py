# SPDX-License-Identifier: MPL-2.0
"""Known tables worked by hand, and the refusals."""

import pytest

from helhed.indicators.disclosure import (
    DisclosureError,
    ProtectedTable,
    Reason,
    Relation,
    Table,
    protect_linked,
    protect_table,
    sum_relations,
)
from helhed.indicators.tests.disclosure.attacker import can_be_at_least, published


def hidden_labels(protected: ProtectedTable, name: str) -> dict[tuple[str, ...], Reason | None]:
    return {k[1:]: c.reason for k, c in protected.cells.items() if c.suppressed}


def test_nothing_small_publishes_everything() -> None:
    protected = protect_table(Table.one_way("src", {"a": 5, "b": 12, "c": 0}))
    assert {k: c.value for k, c in protected.cells.items()} == {
        ("src", "a"): 5,
        ("src", "b"): 12,
        ("src", "c"): 0,
        ("src", "total"): 17,
    }
    assert all(c.reason is None for c in protected.cells.values())


def test_zero_is_published_and_one_to_four_are_not() -> None:
    for value in (1, 2, 3, 4):
        protected = protect_table(Table.one_way("s", {"a": value}, with_total=False))
        assert protected.cell("a").value is None
        assert protected.cell("a").reason is Reason.PRIMARY
    protected = protect_table(Table.one_way("s", {"a": 0, "b": 5}, with_total=False))
    assert protected.cell("a").value == 0
    assert protected.cell("b").value == 5


def test_one_way_with_total_hides_the_smallest_cell_that_covers_the_gap() -> None:
    # a = 3 is primary; with the total (20) published a would be 20 - 10 - 7 - 0. The gap
    # to 5 is 2, so the smallest cell of at least 2 is hidden too: c = 7 (not d = 0, which
    # protects nothing). The attacker knows a + c = 10, so a can be anything in 0..10.
    protected = protect_table(Table.one_way("src", {"a": 3, "b": 10, "c": 7, "d": 0}))
    assert hidden_labels(protected, "src") == {("a",): Reason.PRIMARY, ("c",): Reason.SECONDARY}
    assert protected.cell("total").value == 20
    assert protected.cell("b").value == 10


def test_two_small_cells_that_add_up_to_five_protect_each_other() -> None:
    # a + b = 5 is known; either can be 5, so neither is revealed as a small number.
    protected = protect_table(Table.one_way("s", {"a": 2, "b": 3, "c": 10}))
    assert hidden_labels(protected, "s") == {("a",): Reason.PRIMARY, ("b",): Reason.PRIMARY}


def test_two_small_cells_that_add_up_to_less_than_five_need_a_third() -> None:
    # a + b = 3 would reveal both as small: the smallest cell of at least 2 joins them.
    protected = protect_table(Table.one_way("s", {"a": 1, "b": 2, "c": 10, "d": 6}))
    assert hidden_labels(protected, "s") == {
        ("a",): Reason.PRIMARY,
        ("b",): Reason.PRIMARY,
        ("d",): Reason.SECONDARY,
    }


def test_a_small_total_is_itself_hidden() -> None:
    protected = protect_table(Table.one_way("s", {"a": 1, "b": 2, "c": 0}))
    assert hidden_labels(protected, "s") == {
        ("a",): Reason.PRIMARY,
        ("b",): Reason.PRIMARY,
        ("total",): Reason.PRIMARY,
    }
    assert protected.cell("c").value == 0


def test_two_way_hides_one_rectangle() -> None:
    #            c1  c2  c3 | total
    #   r1        1   8   9 |  18
    #   r2        6   7  12 |  25
    #   r3       20   5   3 |  28
    # The two small cells sit on opposite corners of the rectangle r1/r3 x c1/c3; hiding
    # its other corners (9 and 20) leaves every margin published. The attacker can move
    # r1c1 up by as much as min(9, 20) = 9, so it may be anything in 0..10.
    table = Table.two_way(
        "x", ["r1", "r2", "r3"], ["c1", "c2", "c3"], [[1, 8, 9], [6, 7, 12], [20, 5, 3]]
    )
    protected = protect_table(table)
    assert hidden_labels(protected, "x") == {
        ("r1", "c1"): Reason.PRIMARY,
        ("r3", "c3"): Reason.PRIMARY,
        ("r1", "c3"): Reason.SECONDARY,
        ("r3", "c1"): Reason.SECONDARY,
    }
    assert protected.cell("r1", "total").value == 18
    assert protected.cell("total", "c1").value == 27
    assert protected.cell("total").value == 71
    visible, hidden = published([protected])
    assert can_be_at_least(visible, hidden, list(table.relations), ("x", "r1", "c1"), 10, 80)
    assert not can_be_at_least(visible, hidden, list(table.relations), ("x", "r1", "c1"), 11, 80)


def test_protection_is_deterministic() -> None:
    table = Table.two_way("x", ["a", "b"], ["p", "q", "r"], [[2, 7, 7], [7, 7, 2]])
    first = protect_table(table)
    for _ in range(3):
        assert protect_table(table) == first


def _half_years() -> tuple[Table, Table, Table]:
    year = Table.one_way("year", {"syria": 3, "other": 10})
    first = Table.one_way("h1", {"syria": 3, "other": 6})
    second = Table.one_way("h2", {"syria": 0, "other": 4})
    return year, first, second


def test_a_year_and_its_halves_protected_apart_leak_and_together_do_not() -> None:
    # Apart, each table looks safe. But year/syria = h1/syria + 0, so an attacker with all
    # three and year = h1 + h2 finds h2/other = (13 - t) - (9 - t) = 4 exactly.
    year, first, second = _half_years()
    relations = sum_relations(year, [first, second])
    every = [*relations, *year.relations, *first.relations, *second.relations]
    apart = [protect_table(t) for t in (year, first, second)]
    visible, hidden = published(apart)
    assert ("h2", "other") in hidden
    assert not can_be_at_least(visible, hidden, every, ("h2", "other"), 5, 50)

    together = protect_linked([year, first, second], relations)
    visible, hidden = published(together)
    for key in [k for t in together for k, c in t.cells.items() if c.reason is Reason.PRIMARY]:
        assert can_be_at_least(visible, hidden, every, key, 5, 50), key


def test_two_tables_that_share_their_total() -> None:
    # Arrivals by source and by education of the same year share the total (one key). The
    # total is small, so it is hidden in both.
    source = Table.one_way("source", {"refugee": 2, "family": 1}, total_key=("arrivals",))
    education = Table.one_way("education", {"none": 3, "higher": 0}, total_key=("arrivals",))
    by_source, by_education = protect_linked([source, education])
    assert by_source[("arrivals",)].suppressed
    assert by_education[("arrivals",)].suppressed
    assert by_education.cell("higher").value == 0


def test_shared_total_must_agree() -> None:
    source = Table.one_way("source", {"refugee": 20}, total_key=("arrivals",))
    education = Table.one_way("education", {"none": 21}, total_key=("arrivals",))
    with pytest.raises(DisclosureError, match=r"Cellen arrivals er 20 i én tabel og 21 i en anden"):
        protect_linked([source, education])


def test_negative_count_is_refused() -> None:
    with pytest.raises(DisclosureError, match=r"Cellen src/a er et negativt antal \(-1\)"):
        protect_table(Table.one_way("src", {"a": -1, "b": 7}))


def test_not_a_whole_number_is_refused() -> None:
    with pytest.raises(DisclosureError, match="Cellen src/a er ikke et helt antal personer"):
        protect_table(Table.one_way("src", {"a": 2.5, "b": 7}))  # type: ignore[dict-item]
    with pytest.raises(DisclosureError, match="Cellen src/a er ikke et helt antal personer"):
        protect_table(Table.one_way("src", {"a": True, "b": 7}))


def test_total_that_does_not_match_its_cells_is_refused() -> None:
    with pytest.raises(DisclosureError, match="totalen src/total er 12, men dens celler giver 10"):
        Table.one_way("src", {"a": 3, "b": 7}, total=12)
    with pytest.raises(DisclosureError, match="totalen x/r1/total er 5, men dens celler giver 3"):
        Table.two_way("x", ["r1"], ["a", "b"], [[1, 2]], row_totals=[5])
    with pytest.raises(DisclosureError, match="totalen x/total er 9"):
        Table.two_way("x", ["r1"], ["a", "b"], [[1, 2]], grand_total=9)


def test_relation_that_does_not_add_up_is_refused() -> None:
    a = Table.one_way("a", {"x": 3})
    b = Table.one_way("b", {"x": 5})
    with pytest.raises(DisclosureError, match="Totalen a/x er 3, men dens celler giver 5"):
        protect_linked([a, b], [Relation(("a", "x"), (("b", "x"),))])


def test_relation_to_an_unknown_cell_is_refused() -> None:
    a = Table.one_way("a", {"x": 3})
    with pytest.raises(DisclosureError, match="ingen tabel har: b/x"):
        protect_linked([a], [Relation(("a", "x"), (("b", "x"),))])
    with pytest.raises(DisclosureError, match="Tabel b har ingen celle, der svarer til a/y"):
        sum_relations(Table.one_way("a", {"y": 3}), [Table.one_way("b", {"x": 3})])


def test_ragged_two_way_is_refused() -> None:
    with pytest.raises(DisclosureError, match="ikke 2 rækker med 2"):
        Table.two_way("x", ["r1", "r2"], ["a", "b"], [[1, 2], [3]])


def test_two_tables_with_one_name_are_refused() -> None:
    with pytest.raises(DisclosureError, match="To tabeller hedder begge a"):
        protect_linked([Table.one_way("a", {"x": 3}), Table.one_way("a", {"y": 3})])
