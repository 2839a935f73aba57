# SPDX-License-Identifier: MPL-2.0
"""A new version of linked tables protected together with the version before it (ADR 0048).

The attacker reads both versions. It knows every published cell of each, every relation
of each, that counts are whole and not negative, and which cells did not change between
them (a revision's reason may say so): an unchanged cell is one unknown in both. The
criterion is ADR 0022's, over the pair: every count of 1-4 of either version can be 5 or
more in some whole-number pair of tables agreeing with all of that. The attacker's model
is built here, apart from the library's, and searched by the independent whole-number
search of attacker.py.
"""

from collections.abc import Mapping, Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helhed.indicators.disclosure import (
    SMALLEST_PUBLISHED,
    DisclosureError,
    Key,
    ProtectedCell,
    ProtectedTable,
    Reason,
    Relation,
    Released,
    Table,
    UnprotectableError,
    fingerprint,
    protect_after,
    protect_linked,
    protected_as,
)
from helhed.indicators.tests.disclosure.attacker import (
    can_be_at_least,
    published,
    revealed_among,
)

JOINT = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
count = st.one_of(st.integers(0, 6), st.integers(0, 20))


class Version:
    """One published version as the attacker holds it."""

    def __init__(self, tables: Sequence[Table], protected: Sequence[ProtectedTable]) -> None:
        self.truth: dict[Key, int] = {k: v for t in tables for k, v in t.cells.items()}
        self.relations = [r for t in tables for r in t.relations]
        self.visible, self.hidden = published(protected)


def _attack_pair(before: Version, now: Version) -> tuple[dict[Key, int], set[Key], list[Relation]]:
    """The pair as one system: an unchanged cell is ("same", ...), the others carry their
    version."""
    same = {k for k, v in now.truth.items() if before.truth.get(k) == v}

    def name(version: str, key: Key) -> Key:
        return ("same", *key) if key in same else (version, *key)

    visible: dict[Key, int] = {}
    hidden: set[Key] = set()
    relations: list[Relation] = []
    for version, held in (("before", before), ("now", now)):
        visible.update({name(version, k): v for k, v in held.visible.items()})
        hidden.update(name(version, k) for k in held.hidden)
        relations.extend(
            Relation(name(version, r.total), tuple(name(version, p) for p in r.parts))
            for r in held.relations
        )
    # a cell both published and hidden is known: the attacker has its number
    hidden -= set(visible)
    return visible, hidden, relations


def _revealed(before: Version, now: Version) -> list[Key]:
    """The counts of 1-4 of either version that the attacker can show to be under 5."""
    visible, hidden, relations = _attack_pair(before, now)
    ceiling = max([*before.truth.values(), *now.truth.values()]) + 2 * SMALLEST_PUBLISHED
    same = {k for k, v in now.truth.items() if before.truth.get(k) == v}
    found = []
    for version, held in (("before", before), ("now", now)):
        for key, value in sorted(held.truth.items()):
            if not 0 < value < SMALLEST_PUBLISHED:
                continue
            joint = ("same", *key) if key in same else (version, *key)
            if joint in visible or not can_be_at_least(
                visible, hidden, relations, joint, SMALLEST_PUBLISHED, ceiling
            ):
                found.append(joint)
    return found


def _values(protected: ProtectedTable) -> dict[Key, int | None]:
    return {k: c.value for k, c in protected.cells.items()}


# --- a worked example ------------------------------------------------------------------------


def test_a_revision_protected_on_its_own_gives_an_old_hidden_count_away() -> None:
    """3 was hidden with 6 beside it; the correction moves c from 10 to 11 and a from 3
    to 5. On its own the revision publishes everything, and with b unchanged the first
    version's a is 19 - 10 - 6 = 3. Together with the first version, b stays hidden and
    one more cell is hidden."""
    first = Table.one_way("t", {"a": 3, "b": 6, "c": 10})
    published_first, released = protect_after([first])
    assert _values(published_first[0]) == {
        ("t", "a"): None,
        ("t", "b"): None,
        ("t", "c"): 10,
        ("t", "total"): 19,
    }
    corrected = Table.one_way("t", {"a": 5, "b": 6, "c": 11})

    alone = protect_linked([corrected])
    assert _revealed(Version([first], published_first), Version([corrected], alone)) == [
        ("before", "t", "a")
    ]

    jointly, _ = protect_after([corrected], (), released)
    assert _revealed(Version([first], published_first), Version([corrected], jointly)) == []
    assert jointly[0].cell("b").value is None  # unchanged and hidden before: still hidden
    assert jointly[0].cell("b").reason is Reason.SECONDARY
    assert jointly[0].cell("c").value == 11


def test_unchanged_cells_keep_the_earlier_decision() -> None:
    """An unchanged hidden cell stays hidden even where the new version alone would not
    need it; an unchanged published cell is published again."""
    first = Table.two_way("g", ["r0", "r1"], ["c0", "c1"], [[2, 9], [7, 8]])
    (first_protected,), released = protect_after([first])
    hidden_first = {k for k, c in first_protected.cells.items() if c.value is None}
    # only r1/c1 changes (8 to 30), and with it its margins
    corrected = Table.two_way("g", ["r0", "r1"], ["c0", "c1"], [[2, 9], [7, 30]])
    (now,), kept = protect_after([corrected], (), released)
    changed = {("g", "r1", "c1"), ("g", "r1", "total"), ("g", "total", "c1"), ("g", "total")}
    for key, cell in now.cells.items():
        if key in changed:
            continue
        if key in hidden_first:
            assert cell.value is None, key
        else:
            assert cell.value == corrected.cells[key], key
    assert kept.hidden == frozenset(k for k, c in now.cells.items() if c.value is None)
    assert kept.values == dict(corrected.cells)


def test_a_new_row_may_be_hidden_to_protect() -> None:
    """A row the earlier version did not have is a cell of the new version only."""
    first = Table.one_way("t", {"a": 7, "b": 6})
    protected_first, released = protect_after([first])
    corrected = Table.one_way("t", {"a": 7, "b": 6, "new": 2})
    (now,), _ = protect_after([corrected], (), released)
    assert now.cell("new").value is None
    assert now.cell("new").reason is Reason.PRIMARY
    assert _revealed(Version([first], protected_first), Version([corrected], [now])) == []


def test_a_count_that_earlier_publications_pin_is_refused_by_name() -> None:
    """Before: a = 3 and b = 6 hidden, their total 9 published, and d = 6 published in a
    table of its own. The new version adds that d is b: with both unchanged, b is known and
    so a is; nothing the new version could hide changes that."""
    before = [Table.one_way("t", {"a": 3, "b": 6}), Table.one_way("d", {"d": 6}, with_total=False)]
    _protected, released = protect_after(before)
    assert released.hidden == {("t", "a"), ("t", "b")}
    with pytest.raises(UnprotectableError) as refused:
        protect_after(before, [Relation(("d", "d"), (("t", "b"),))], released)
    assert refused.value.key == ("t", "a")
    assert "t/a" in str(refused.value)


# --- what is kept for the next version ---------------------------------------------------------


def test_what_is_kept_reads_back_as_it_was() -> None:
    tables = [
        Table.one_way("x", {"a": 1, "b": 12}, total_key=("all",)),
        Table.one_way("y", {"c": 13}, total_key=("all",)),
    ]
    _protected, released = protect_after(tables)
    again = Released.from_data(released.to_data())
    assert again == released


@pytest.mark.parametrize(
    ("data", "names"),
    [
        ({"values": "not a list"}, ""),
        ({"values": [[["t", "a"], 3]], "hidden": [], "relations": []}, "t/a"),
        ({"values": [[["t", "a"], 7]], "hidden": [["t", "zz"]], "relations": []}, "t/zz"),
        (
            {
                "values": [[["t", "a"], 7], [["t", "total"], 8]],
                "hidden": [],
                "relations": [[["t", "total"], [["t", "a"]]]],
            },
            "t/total",
        ),
        ({"values": [[["t", "a"], -1]], "hidden": [], "relations": []}, "t/a"),
    ],
)
def test_a_kept_state_that_is_not_a_protected_table_is_refused(
    data: Mapping[str, object], names: str
) -> None:
    with pytest.raises(DisclosureError) as refused:
        Released.from_data(data)
    assert names in str(refused.value)


# --- properties ----------------------------------------------------------------------------


def _corrected(counts: list[list[int]], changes: list[tuple[int, int, int]]) -> list[list[int]]:
    new = [list(row) for row in counts]
    for i, j, delta in changes:
        i, j = i % len(new), j % len(new[0])
        new[i][j] = max(0, new[i][j] + delta)
    return new


def _check_pair(before_tables: list[Table], now_tables: list[Table]) -> None:
    before_protected, released = protect_after(before_tables)
    before = Version(before_tables, before_protected)
    assert _revealed(before, before) == []  # the first version is safe with itself
    try:
        now_protected, kept = protect_after(now_tables, (), released)
    except UnprotectableError:
        # refused only when it must be: with every unchanged cell as the first version
        # decided it and every changed cell hidden, a count is still revealed
        every_changed = [
            ProtectedTable(
                t.name,
                {
                    k: (
                        ProtectedCell(None if k in released.hidden else v)
                        if released.values.get(k) == v
                        else ProtectedCell(None, Reason.SECONDARY)
                    )
                    for k, v in t.cells.items()
                },
            )
            for t in now_tables
        ]
        assert _revealed(before, Version(now_tables, every_changed)) != []
        return
    now = Version(now_tables, now_protected)
    assert _revealed(before, now) == []
    for key, value in now.visible.items():
        assert value == now.truth[key]
        assert not 0 < value < SMALLEST_PUBLISHED, key
    for key, value in now.truth.items():
        if released.values.get(key) == value:
            assert (key in now.hidden) == (key in released.hidden), key
    assert kept.hidden == frozenset(now.hidden)


@JOINT
@given(
    st.lists(count, min_size=2, max_size=5),
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 0), st.integers(-4, 4)), max_size=3),
)
def test_a_corrected_one_way_table_reveals_nothing_with_the_first(
    counts: list[int], changes: list[tuple[int, int, int]]
) -> None:
    new = _corrected([counts], [(0, i, d) for i, _j, d in changes])[0]
    _check_pair(
        [Table.one_way("t", {f"c{i}": v for i, v in enumerate(counts)})],
        [Table.one_way("t", {f"c{i}": v for i, v in enumerate(new)})],
    )


def _grid(counts: list[list[int]]) -> Table:
    return Table.two_way(
        "g", [f"r{i}" for i in range(len(counts))], [f"c{j}" for j in range(len(counts[0]))], counts
    )


@JOINT
@given(
    st.tuples(st.integers(1, 3), st.integers(2, 3)).flatmap(
        lambda shape: st.lists(
            st.lists(count, min_size=shape[1], max_size=shape[1]),
            min_size=shape[0],
            max_size=shape[0],
        )
    ),
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(-4, 4)), max_size=3),
)
def test_a_corrected_two_way_table_reveals_nothing_with_the_first(
    counts: list[list[int]], changes: list[tuple[int, int, int]]
) -> None:
    _check_pair([_grid(counts)], [_grid(_corrected(counts, changes))])


@JOINT
@given(
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), max_size=30),
    st.lists(st.tuples(st.integers(0, 29), st.integers(0, 2), st.integers(0, 2)), max_size=3),
)
def test_corrected_persons_in_two_tables_that_share_a_total(
    persons: list[tuple[int, int]], corrections: list[tuple[int, int, int]]
) -> None:
    """Arrivals by source and by education, the same persons; a correction changes some
    persons' source or education, or removes them."""

    def tables(of: list[tuple[int, int]]) -> list[Table]:
        return [
            Table.one_way(
                "source",
                {f"s{i}": sum(1 for s, _ in of if s == i) for i in range(3)},
                total_key=("all",),
            ),
            Table.one_way(
                "education",
                {f"e{i}": sum(1 for _, e in of if e == i) for i in range(3)},
                total_key=("all",),
            ),
        ]

    corrected = list(persons)
    for index, source, education in corrections:
        if index < len(corrected):
            corrected[index] = (source, education)
        elif corrected:
            corrected.pop()
    _check_pair(tables(persons), tables(corrected))


# --- more than two versions ----------------------------------------------------------------


def _revealed_among(versions: Sequence[Version]) -> list[Key]:
    """The counts of 1-4 of any version that the attacker shows to be under 5 from all of
    them, knowing every cell whose count is the same in two versions."""
    return revealed_among([(v.truth, v.hidden, v.relations) for v in versions], SMALLEST_PUBLISHED)


def _chain(series: list[list[int]]) -> list[Version]:
    versions: list[Version] = []
    kept: list[Released] = []
    for counts in series:
        tables = [Table.one_way("t", {f"c{i}": v for i, v in enumerate(counts)})]
        protected, released = protect_after(tables, (), kept)
        versions.append(Version(tables, protected))
        kept.append(released)
    return versions


def test_a_cell_that_changes_and_changes_back_is_protected_against_both_earlier_versions() -> None:
    """c2 is 10, then 9, then 10 again: against the first version it is unchanged."""
    assert _revealed_among(_chain([[10, 1, 10, 12], [12, 1, 9, 13], [14, 1, 10, 15]])) == []


def test_a_publication_is_protected_against_every_earlier_version_of_its_series() -> None:
    """October, November, October revised, December: December is read beside all three."""
    assert (
        _revealed_among(_chain([[0, 6, 7, 10], [0, 6, 8, 11], [0, 6, 7, 12], [1, 6, 8, 13]])) == []
    )


@JOINT
@given(
    st.lists(count, min_size=2, max_size=4),
    st.lists(
        st.lists(st.tuples(st.integers(0, 3), st.integers(-4, 4)), max_size=2),
        min_size=2,
        max_size=3,
    ),
)
def test_a_chain_of_corrections_reveals_nothing_among_all_its_versions(
    counts: list[int], corrections: list[list[tuple[int, int]]]
) -> None:
    series = [counts]
    for changes in corrections:
        new = list(series[-1])
        for i, delta in changes:
            new[i % len(new)] = max(0, new[i % len(new)] + delta)
        series.append(new)
    try:
        versions = _chain(series)
    except UnprotectableError:
        return  # refusals are checked pairwise above
    assert _revealed_among(versions) == []


# --- showing kept counts again (docs/adr/0050) ---------------------------------------------


def test_the_fingerprint_is_of_the_counts_and_relations_only() -> None:
    one = [Table.one_way("t", {"a": 3, "b": 6, "c": 10})]
    same_in_other_order = [Table.one_way("t", {"c": 10, "b": 6, "a": 3})]
    other = [Table.one_way("t", {"a": 3, "b": 7, "c": 9})]
    _protected, released = protect_after(one, (), [])
    assert fingerprint(one) == fingerprint(same_in_other_order) == released.fingerprint
    assert fingerprint(other) != fingerprint(one)


def test_kept_counts_are_shown_again_as_decided_and_other_counts_are_refused() -> None:
    first = [Table.one_way("t", {"a": 3, "b": 6, "c": 10})]
    protected, released = protect_after(first, (), [])
    again = protected_as(first, (), released)
    assert [_values(t) for t in again] == [_values(t) for t in protected]
    assert released.hidden == {("t", "a"), ("t", "b")}
    with pytest.raises(DisclosureError):
        protected_as([Table.one_way("t", {"a": 3, "b": 6, "c": 11})], (), released)


def test_counts_earlier_versions_already_give_away_do_not_block_the_next_version() -> None:
    """Versions kept pairwise (ADR 0048) can leak together: c1 changes and changes back.
    No cell hidden now can take that back, so the next version is protected for every
    other count and not refused for that one (ADR 0049)."""
    kept: list[Released] = []
    versions: list[Version] = []
    for counts in ([10, 1, 10, 12], [12, 1, 9, 13], [14, 1, 10, 15]):
        tables = [
            Table.one_way("t", {f"c{i}": v for i, v in enumerate(counts)}),
            Table.one_way("u", {"small": 3, "beside": 7}),  # protected, and stays so
        ]
        protected, released = protect_after(tables, (), kept[-1:])  # pairwise, as 0048
        versions.append(Version(tables, protected))
        kept.append(released)
    lost = _revealed_among(versions)
    assert lost == [("count", "1", "t", "c1")]

    # the new version's u-table would give the 3 away if its own 7 were published
    tables = [
        Table.one_way("t", {"c0": 20, "c1": 6, "c2": 30, "c3": 2}),
        Table.one_way("u", {"small": 3, "beside": 8}),
    ]
    protected, _released = protect_after(tables, (), kept)

    assert _revealed_among([*versions, Version(tables, protected)]) == lost
    assert protected[0].cells[("t", "c3")].value is None
    assert protected[1].cells[("u", "beside")].value is None
