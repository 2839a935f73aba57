# SPDX-License-Identifier: MPL-2.0
"""Property tests that act as an attacker and must fail.

The attacker sees every published cell and knows every additive relation (totals,
margins, a year as the sum of its months, a total two tables share) and that counts are
whole and not negative. It does not know which hidden cell is primary: primary and
secondary cells carry the same public text (ADR 0022). The criterion: for every hidden
cell whose true count is 1-4 there must be a whole-number table that agrees with all that
is published and puts that cell at 5 or more. Then the attacker can neither pin the value
nor tell that it is a small count. The search (attacker.py) is independent of the
library's linear programme, and a second property checks that programme against it.
"""

from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helhed.indicators.disclosure import (
    SMALLEST_PUBLISHED,
    Key,
    ProtectedTable,
    Reason,
    Relation,
    Table,
    feasible_intervals,
    protect_linked,
    sum_relations,
)
from helhed.indicators.tests.disclosure.attacker import can_be_at_least, published

ATTACK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Small counts are what matter: draw them often.
count = st.one_of(st.integers(0, 6), st.integers(0, 25))


def grid(low: int, high: int) -> st.SearchStrategy[list[list[int]]]:
    """A rectangle of counts with low..high rows and low..high columns."""
    return st.tuples(st.integers(low, high), st.integers(low, high)).flatmap(
        lambda shape: st.lists(
            st.lists(count, min_size=shape[1], max_size=shape[1]),
            min_size=shape[0],
            max_size=shape[0],
        )
    )


def assert_safe(
    tables: Sequence[Table], protected: Sequence[ProtectedTable], extra: Sequence[Relation] = ()
) -> None:
    relations = [r for t in tables for r in t.relations] + list(extra)
    truth = {k: v for t in tables for k, v in t.cells.items()}
    ceiling = max(truth.values(), default=0) + 2 * SMALLEST_PUBLISHED
    visible, hidden = published(protected)
    for key, value in visible.items():
        assert value == truth[key]
        assert not 0 < value < SMALLEST_PUBLISHED, key
    for table in protected:
        for key, cell in table.cells.items():
            if 0 < truth[key] < SMALLEST_PUBLISHED:
                assert cell.reason is Reason.PRIMARY, key
            if cell.reason is Reason.PRIMARY:
                assert can_be_at_least(
                    visible, hidden, relations, key, SMALLEST_PUBLISHED, ceiling
                ), f"{key} (true value {truth[key]}) is revealed as a count under 5"


@ATTACK
@given(st.lists(count, min_size=1, max_size=6))
def test_one_way_table_with_total(counts: list[int]) -> None:
    table = Table.one_way("t", {f"c{i}": v for i, v in enumerate(counts)})
    assert_safe([table], protect_linked([table]))


@ATTACK
@given(grid(1, 4))
def test_two_way_table_with_margins(counts: list[list[int]]) -> None:
    table = Table.two_way(
        "t", [f"r{i}" for i in range(len(counts))], [f"c{j}" for j in range(len(counts[0]))], counts
    )
    assert_safe([table], protect_linked([table]))


@ATTACK
@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2)), max_size=40),
)
def test_two_tables_that_share_their_total(persons: list[tuple[int, int]]) -> None:
    """Arrivals by source and arrivals by education: the same persons counted two ways."""
    by_source = {f"s{i}": sum(1 for s, _ in persons if s == i) for i in range(4)}
    by_education = {f"e{i}": sum(1 for _, e in persons if e == i) for i in range(3)}
    tables = [
        Table.one_way("source", by_source, total_key=("arrivals",)),
        Table.one_way("education", by_education, total_key=("arrivals",)),
    ]
    assert_safe(tables, protect_linked(tables))


@ATTACK
@given(st.lists(st.lists(count, min_size=3, max_size=3), min_size=2, max_size=3))
def test_months_and_their_year(months: list[list[int]]) -> None:
    """The same one-way table for each month and for the year, which is their sum."""
    labels = ["a", "b", "c"]
    month_tables = [
        Table.one_way(f"m{i}", dict(zip(labels, m, strict=True))) for i, m in enumerate(months)
    ]
    year = Table.one_way("year", {lab: sum(m[j] for m in months) for j, lab in enumerate(labels)})
    relations = sum_relations(year, month_tables)
    tables = [year, *month_tables]
    assert_safe(tables, protect_linked(tables, relations), relations)


@ATTACK
@given(grid(2, 3))
def test_two_way_table_and_its_row_dimension_on_its_own(counts: list[list[int]]) -> None:
    """Source x sex, and source alone: the second repeats the first's row margins under
    its own keys, tied by relations."""
    rows = [f"r{i}" for i in range(len(counts))]
    cols = [f"c{j}" for j in range(len(counts[0]))]
    grid = Table.two_way("grid", rows, cols, counts, total_key=("all",))
    alone = Table.one_way(
        "alone", {r: sum(c) for r, c in zip(rows, counts, strict=True)}, total_key=("all",)
    )
    relations = [Relation(("alone", r), (("grid", r, "total"),)) for r in rows]
    tables = [grid, alone]
    assert_safe(tables, protect_linked(tables, relations), relations)


@ATTACK
@given(
    grid(2, 3),
    st.sets(st.tuples(st.integers(0, 2), st.integers(0, 2)), max_size=5),
)
def test_linear_programme_agrees_with_the_whole_number_search(
    counts: list[list[int]], hide: set[tuple[int, int]]
) -> None:
    """The library's exact bounds are what the independent search finds: the largest value
    is reachable and one more is not (these tables' relations give whole-number corners)."""
    rows = [f"r{i}" for i in range(len(counts))]
    cols = [f"c{j}" for j in range(len(counts[0]))]
    table = Table.two_way("t", rows, cols, counts)
    hidden: set[Key] = {("t", rows[i], cols[j]) for i, j in hide if i < len(rows) and j < len(cols)}
    hidden.add(("t", rows[0], "total"))
    visible = {k: v for k, v in table.cells.items() if k not in hidden}
    ceiling = sum(sum(r) for r in counts) + 5
    for key, (low, high) in feasible_intervals(table.cells, table.relations, hidden).items():
        assert low.denominator == 1
        assert low <= table.cells[key]
        assert high is not None
        assert high.denominator == 1
        assert table.cells[key] <= high
        top = int(high)
        assert can_be_at_least(visible, hidden, list(table.relations), key, top, ceiling)
        assert not can_be_at_least(visible, hidden, list(table.relations), key, top + 1, ceiling)


@ATTACK
@given(grid(1, 4))
def test_no_secondary_cell_is_hidden_in_vain(counts: list[list[int]]) -> None:
    """As little as reasonably can: publishing any one secondary cell again would let the
    attacker show that some primary cell is under 5."""
    table = Table.two_way(
        "t", [f"r{i}" for i in range(len(counts))], [f"c{j}" for j in range(len(counts[0]))], counts
    )
    (protected,) = protect_linked([table])
    visible, hidden = published([protected])
    relations = list(table.relations)
    ceiling = table.cells[("t", "total")] + 2 * SMALLEST_PUBLISHED
    primary = [k for k, c in protected.cells.items() if c.reason is Reason.PRIMARY]
    for key, cell in protected.cells.items():
        if cell.reason is not Reason.SECONDARY:
            continue
        more = {**visible, key: table.cells[key]}
        fewer = hidden - {key}
        assert any(
            not can_be_at_least(more, fewer, relations, p, SMALLEST_PUBLISHED, ceiling)
            for p in primary
        ), f"{key} is hidden but need not be"
