# SPDX-License-Identifier: MPL-2.0
"""Disclosure control of counts of persons and of rates (ADR 0022).

A table is a set of cells (each a count of persons, with a key the caller chooses) and a
set of additive relations ``total = part + part + ...`` between them: the cells of a
one-way table and its total, the rows and columns of a two-way table and its margins, or a
year and its months. Tables that share a cell (the same key, e.g. the year's arrivals in
"arrivals by source" and "arrivals by education") or that a relation ties together are
protected jointly by ``protect_linked``, so a value hidden in one cannot be worked out from
the other.

Rules:
1. *Primary*: a count of 1-4 persons is not published (0 is).
2. *Secondary*: more cells are hidden until, for every primary cell, the largest value that
   is consistent with everything published (every published cell, every relation, counts
   not negative) is at least 5. An attacker who solves the linear programme then cannot
   tell that the hidden cell is a small count, let alone which one.
3. *Rates*: see ``protect_rate``.
"""

import enum
import functools
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhed.indicators.disclosure.lp import InfeasibleError, Polytope

SMALLEST_PUBLISHED = 5
"""Counts of 1 up to (not including) this are suppressed."""
SMALLEST_DENOMINATOR = 20
"""A rate is only published when its denominator is at least this."""

Key = tuple[str, ...]


class DisclosureError(ValueError):
    """The figures handed in are not a table (negative count, total that does not add up)."""


class Reason(enum.Enum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    SMALL_DENOMINATOR = "small_denominator"


# Primary and secondary cells share one public text on purpose (ADR 0022): a page that told
# them apart would tell the attacker which hidden cell is the small one.
_PUBLIC_LABELS = {
    Reason.PRIMARY: gettext_lazy(
        "fewer than 5, or hidden so that a number under 5 cannot be worked out"
    ),
    Reason.SECONDARY: gettext_lazy(
        "fewer than 5, or hidden so that a number under 5 cannot be worked out"
    ),
    Reason.SMALL_DENOMINATOR: gettext_lazy("too few to calculate a share"),
}
_SHORT_LABELS = {
    Reason.PRIMARY: gettext_lazy("hidden"),
    Reason.SECONDARY: gettext_lazy("hidden"),
    Reason.SMALL_DENOMINATOR: gettext_lazy("too few"),
}


@dataclass(frozen=True)
class Relation:
    """``total`` is the sum of ``parts``."""

    total: Key
    parts: tuple[Key, ...]


@dataclass(frozen=True)
class ProtectedCell:
    """What may leave the staff: the value, or None and why not."""

    value: int | None
    reason: Reason | None = None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def label(self) -> str:
        """The text a page shows in the cell's place (the number, or a short marker)."""
        if self.reason is None:
            return str(self.value)
        return str(_SHORT_LABELS[self.reason])

    @property
    def explanation(self) -> str:
        """The longer text for a legend or a screen reader; empty for a published number."""
        return "" if self.reason is None else str(_PUBLIC_LABELS[self.reason])


@dataclass(frozen=True)
class Table:
    """Counts with their additive relations. Build with ``one_way`` or ``two_way``."""

    name: str
    cells: Mapping[Key, int]
    relations: tuple[Relation, ...] = ()
    rows: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()

    @classmethod
    def one_way(
        cls,
        name: str,
        counts: Mapping[str, int],
        total: int | None = None,
        *,
        total_key: Key | None = None,
        with_total: bool = True,
    ) -> "Table":
        """Cells ``(name, label)`` and, unless ``with_total`` is False, their total under
        ``total_key`` (default ``(name, "total")``; give two tables the same key to say they
        share it). ``total`` given is checked against the cells; omitted, it is computed."""
        cells: dict[Key, int] = {(name, label): value for label, value in counts.items()}
        relations: tuple[Relation, ...] = ()
        if with_total:
            key = total_key or (name, "total")
            cells[key] = _sum_or_given(name, list(cells.values()), total, key)
            relations = (Relation(key, tuple((name, label) for label in counts)),)
        return cls(name, cells, relations, rows=tuple(counts))

    @classmethod
    def two_way(
        cls,
        name: str,
        rows: Sequence[str],
        columns: Sequence[str],
        counts: Sequence[Sequence[int]],
        *,
        row_totals: Sequence[int] | None = None,
        column_totals: Sequence[int] | None = None,
        grand_total: int | None = None,
        total_key: Key | None = None,
    ) -> "Table":
        """Cells ``(name, row, column)``, row totals ``(name, row, "total")``, column totals
        ``(name, "total", column)`` and the grand total ``total_key`` (default
        ``(name, "total")``). Totals given are checked; omitted, they are computed."""
        if len(counts) != len(rows) or any(len(r) != len(columns) for r in counts):
            raise DisclosureError(
                _("Table %(name)s: the counts are not %(rows)d rows of %(columns)d.")
                % {"name": name, "rows": len(rows), "columns": len(columns)}
            )
        cells: dict[Key, int] = {}
        relations: list[Relation] = []
        for i, row in enumerate(rows):
            for j, column in enumerate(columns):
                cells[(name, row, column)] = counts[i][j]
        for i, row in enumerate(rows):
            key = (name, row, "total")
            given = None if row_totals is None else row_totals[i]
            cells[key] = _sum_or_given(name, list(counts[i]), given, key)
            relations.append(Relation(key, tuple((name, row, c) for c in columns)))
        for j, column in enumerate(columns):
            key = (name, "total", column)
            given = None if column_totals is None else column_totals[j]
            cells[key] = _sum_or_given(name, [r[j] for r in counts], given, key)
            relations.append(Relation(key, tuple((name, r, column) for r in rows)))
        grand = total_key or (name, "total")
        row_keys = tuple((name, r, "total") for r in rows)
        column_keys = tuple((name, "total", c) for c in columns)
        cells[grand] = _sum_or_given(name, [cells[k] for k in row_keys], grand_total, grand)
        relations.append(Relation(grand, row_keys))
        relations.append(Relation(grand, column_keys))
        return cls(name, cells, tuple(relations), rows=tuple(rows), columns=tuple(columns))


def _sum_or_given(name: str, values: Sequence[int], given: int | None, key: Key) -> int:
    computed = sum(values)
    if given is not None and given != computed:
        raise DisclosureError(
            _("Table %(name)s: the total %(key)s is %(given)s, but its cells add up to %(sum)s.")
            % {"name": name, "key": "/".join(key), "given": given, "sum": computed}
        )
    return computed


@dataclass(frozen=True)
class ProtectedTable:
    """A table as it may be published: every cell with its value or None and a reason."""

    name: str
    cells: Mapping[Key, ProtectedCell]
    rows: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = field(default=(), repr=False)

    def __getitem__(self, key: Key) -> ProtectedCell:
        return self.cells[key]

    def cell(self, *labels: str) -> ProtectedCell:
        """``cell("syria")`` or ``cell("syria", "total")``: the key without the table name."""
        return self.cells[(self.name, *labels)]

    @property
    def suppressed(self) -> frozenset[Key]:
        return frozenset(k for k, c in self.cells.items() if c.suppressed)


def _validate(tables: Sequence[Table], extra: Sequence[Relation]) -> dict[Key, int]:
    values: dict[Key, int] = {}
    names: set[str] = set()
    for table in tables:
        if table.name in names:
            raise DisclosureError(_("Two tables are both called %(name)s.") % {"name": table.name})
        names.add(table.name)
        for key, value in table.cells.items():
            if isinstance(value, bool) or not isinstance(value, int):
                raise DisclosureError(
                    _("Cell %(key)s is not a whole number of persons: %(value)r.")
                    % {"key": "/".join(key), "value": value}
                )
            if value < 0:
                raise DisclosureError(
                    _("Cell %(key)s is a negative count (%(value)s).")
                    % {"key": "/".join(key), "value": value}
                )
            if key in values and values[key] != value:
                raise DisclosureError(
                    _("Cell %(key)s is %(one)s in one table and %(other)s in another.")
                    % {"key": "/".join(key), "one": values[key], "other": value}
                )
            values[key] = value
    for relation in _every_relation(tables, extra):
        missing = [k for k in (relation.total, *relation.parts) if k not in values]
        if missing:
            raise DisclosureError(
                _("A total refers to a cell that no table has: %(key)s.")
                % {"key": "/".join(missing[0])}
            )
        parts = sum(values[k] for k in relation.parts)
        if parts != values[relation.total]:
            raise DisclosureError(
                _("The total %(key)s is %(given)s, but its cells add up to %(sum)s.")
                % {"key": "/".join(relation.total), "given": values[relation.total], "sum": parts}
            )
    return values


Equation = tuple[tuple[tuple[Key, int], ...], int]
"""``sum(coefficient * cell) = right-hand side``: the terms sorted by cell."""


class _Feasible:
    """The attacker's feasible set: hidden cells as variables, x >= 0, every relation with
    the published cells moved to the right-hand side. Hidden cells that no equation ties
    together are independent, so the set is split into its connected parts, each its own
    linear programme (``_optimum_of``): a joint system of many versions (docs/adr/0049) is
    many small programmes, not one large one, and a part that has not changed is not
    solved again."""

    def __init__(
        self, values: Mapping[Key, int], relations: Iterable[Relation], hidden: Iterable[Key]
    ) -> None:
        self._hidden = set(hidden)
        root = {k: k for k in self._hidden}

        def find(key: Key) -> Key:
            while root[key] != key:
                root[key] = root[root[key]]
                key = root[key]
            return key

        equations: dict[Equation, None] = {}
        for relation in relations:
            row: dict[Key, int] = {}
            rhs = 0
            for key, sign in [(relation.total, 1)] + [(p, -1) for p in relation.parts]:
                if key in self._hidden:
                    row[key] = row.get(key, 0) + sign
                else:
                    rhs -= sign * values[key]
            # the same equation twice (versions that agree on a relation's hidden cells
            # and its sum) says nothing new and is kept once
            terms = tuple(sorted((k, c) for k, c in row.items() if c))
            if terms:
                equations[terms, rhs] = None
                first = find(terms[0][0])
                for key, _c in terms[1:]:
                    root[find(key)] = first
        parts: dict[Key, list[Equation]] = {}
        for equation in equations:
            parts.setdefault(find(equation[0][0][0]), []).append(equation)
        self._parts = {part: tuple(sorted(found)) for part, found in parts.items()}
        self._find = find

    def maximum(self, key: Key) -> Fraction | None:
        equations = self._parts.get(self._find(key))
        return None if equations is None else _optimum_of(equations, key, -1)

    def minimum(self, key: Key) -> Fraction:
        equations = self._parts.get(self._find(key))
        if equations is None:
            return Fraction(0)
        low = _optimum_of(equations, key, 1)
        assert low is not None  # noqa: S101 (x >= 0 bounds every minimum)
        return low


@functools.lru_cache(maxsize=256)
def _polytope_of(equations: tuple[Equation, ...]) -> tuple[Polytope, dict[Key, int]]:
    order = sorted({k for terms, _rhs in equations for k, _c in terms})
    index = {k: i for i, k in enumerate(order)}
    a = []
    for terms, _rhs in equations:
        row = [0] * len(order)
        for k, c in terms:
            row[index[k]] = c
        a.append(row)
    try:
        return Polytope(a, [rhs for _terms, rhs in equations], len(order)), index
    except InfeasibleError as error:  # cannot happen after _validate: the truth solves it
        raise DisclosureError(str(error)) from error


@functools.lru_cache(maxsize=65536)
def _optimum_of(equations: tuple[Equation, ...], key: Key, sign: int) -> Fraction | None:
    """The largest (sign -1) or smallest (sign 1) value of ``key`` over one connected part
    of the attacker's feasible set. A pure function of the part's equations, so it is kept:
    the protection asks about the same parts again and again as it hides and publishes
    cells elsewhere, and a series' earlier versions bring the same parts every time."""
    polytope, index = _polytope_of(equations)
    if sign < 0:
        return polytope.maximum(index[key])
    return polytope.minimum(index[key])


def feasible_maxima(
    values: Mapping[Key, int],
    relations: Iterable[Relation],
    hidden: Iterable[Key],
    of: Iterable[Key] | None = None,
) -> dict[Key, Fraction | None]:
    """For each hidden cell (or each of ``of``) the largest value consistent with the
    published cells, the relations and non-negative counts (None: unbounded)."""
    hidden = set(hidden)
    feasible = _Feasible(values, relations, hidden)
    return {k: feasible.maximum(k) for k in sorted(hidden if of is None else of)}


def feasible_intervals(
    values: Mapping[Key, int], relations: Iterable[Relation], hidden: Iterable[Key]
) -> dict[Key, tuple[Fraction, Fraction | None]]:
    """For each hidden cell the exact interval [min, max] (max None: unbounded) of values
    consistent with everything published, by linear programming."""
    hidden = set(hidden)
    feasible = _Feasible(values, relations, hidden)
    return {k: (feasible.minimum(k), feasible.maximum(k)) for k in sorted(hidden)}


def _complement(
    members: Sequence[Key],
    hidden: set[Key],
    values: Mapping[Key, int],
    need: int,
    groups: Sequence[tuple[Key, ...]],
    fixed: AbstractSet[Key] = frozenset(),
) -> Key | None:
    """The published member of a relation to hide next, chosen in this order:

    1. a count of at least ``need`` (what the hidden cells fall short of 5; at least 1,
       since hiding a zero protects nothing) before a smaller one;
    2. a cell whose other relations already hide something (it closes two gaps at once)
       before one that would leave a new relation with a single hidden cell;
    3. the smallest count (the least information lost), then the key: deterministic.

    A ``fixed`` cell (one an earlier publication already decided) is never chosen.
    """
    candidates = sorted({k for k in members if k not in hidden and k not in fixed})
    if not candidates:
        return None

    def opens(key: Key) -> int:
        return sum(
            1 for g in groups if key in g and g is not members and not any(k in hidden for k in g)
        )

    def score(key: Key) -> tuple[int, int, int, Key]:
        enough = values[key] >= need
        return (0 if enough else 1, opens(key), values[key] if enough else -values[key], key)

    return min(candidates, key=score)


def _exposed(
    values: Mapping[Key, int],
    relations: Sequence[Relation],
    hidden: set[Key],
    primary: Iterable[Key],
) -> list[Key]:
    """Primary cells whose largest feasible value is under 5, in key order."""
    maxima = feasible_maxima(values, relations, hidden, primary)
    return sorted(k for k in primary if (hi := maxima[k]) is not None and hi < SMALLEST_PUBLISHED)


def _nearest(
    target: Key,
    hidden: set[Key],
    values: Mapping[Key, int],
    groups: Sequence[tuple[Key, ...]],
    fixed: AbstractSet[Key] = frozenset(),
) -> Key | None:
    """The published cell to hide for an exposed ``target``: from the relations nearest to
    it (its own first, then those of the hidden cells it is tied to, and so on outwards),
    the smallest count of at least 5, else the largest. Hiding everything connected to a
    cell makes it unbounded, so without ``fixed`` cells repeating this always ends with the
    cell protected. None: every cell tied to it is hidden or fixed."""
    seen = {target}
    frontier = [target]
    while frontier:
        near = [g for g in groups if any(k in g for k in frontier)]
        candidates = sorted({k for g in near for k in g if k not in hidden and k not in fixed})
        if candidates:
            enough = [k for k in candidates if values[k] >= SMALLEST_PUBLISHED]
            if enough:
                return min(enough, key=lambda k: (values[k], k))
            return max(candidates, key=lambda k: (values[k], [-ord(c) for c in "/".join(k)]))
        frontier = sorted({k for g in near for k in g} - seen)
        seen.update(frontier)
    return None


class UnprotectableError(DisclosureError):
    """A count under 5 would be revealed whatever more is hidden: the cells that could
    protect it were decided by an earlier publication."""

    def __init__(self, key: Key) -> None:
        super().__init__(
            _(
                "The number %(key)s could be worked out from what has already been published, "
                "whatever else is hidden now."
            )
            % {"key": "/".join(key)}
        )
        self.key = key


def _suppress(
    values: Mapping[Key, int],
    relations: Sequence[Relation],
    *,
    fixed_hidden: AbstractSet[Key] = frozenset(),
    fixed_published: AbstractSet[Key] = frozenset(),
    lost: AbstractSet[Key] = frozenset(),
) -> dict[Key, Reason]:
    """The cells to hide, with their reasons. ``fixed_hidden`` cells are hidden and
    ``fixed_published`` cells published whatever the protection would choose: an earlier
    publication decided them (docs/adr/0048); only the other cells are hidden to protect.
    ``lost`` counts (fixed hidden, given away by earlier publications alone, ADR 0049) are
    hidden but not protected: nothing hidden now could protect them."""
    primary = sorted(k for k, v in values.items() if 0 < v < SMALLEST_PUBLISHED and k not in lost)
    shown = sorted(set(primary) & set(fixed_published))
    if shown:
        raise UnprotectableError(shown[0])
    if not primary:
        return dict.fromkeys(fixed_hidden, Reason.SECONDARY)
    fixed = frozenset(fixed_hidden) | frozenset(fixed_published)
    hidden = set(primary) | set(fixed_hidden)
    groups = [(r.total, *r.parts) for r in relations]
    while True:
        # 1. Cheap pass to a fixed point: in every relation either nothing is hidden, or
        #    at least two cells are and the hidden ones add up to 5 or more.
        changed = True
        while changed:
            changed = False
            for members in groups:
                inside = {k for k in members if k in hidden}
                if not inside:
                    continue
                amount = sum(values[k] for k in inside)
                if len(inside) >= 2 and amount >= SMALLEST_PUBLISHED:
                    continue
                need = max(1, SMALLEST_PUBLISHED - amount)
                pick = _complement(members, hidden, values, need, groups, fixed)
                if pick is not None:
                    hidden.add(pick)
                    changed = True
        # 2. Exact check: the attacker's linear programme for every primary cell. The
        #    cheap pass is not always enough when relations interlock.
        exposed = _exposed(values, relations, hidden, primary)
        if not exposed:
            break
        pick = _nearest(exposed[0], hidden, values, groups, fixed)
        if pick is None:
            raise UnprotectableError(exposed[0])
        hidden.add(pick)
    # 3. Prune: publish again every complementary cell that the protection does not need,
    #    the largest first (they carry the most information), checked exactly each time.
    for key in sorted(hidden - set(primary) - fixed, key=lambda k: (-values[k], k)):
        hidden.discard(key)
        if _exposed(values, relations, hidden, primary):
            hidden.add(key)
    reasons = dict.fromkeys(hidden, Reason.SECONDARY)
    reasons.update(dict.fromkeys(primary, Reason.PRIMARY))
    return reasons


def sum_relations(total: Table, parts: Sequence[Table]) -> list[Relation]:
    """Relations saying that each cell of ``total`` is the sum of the cell with the same
    labels in each of ``parts``: a year and its months, a country and its municipalities."""
    relations = []
    for key in total.cells:
        labels = key[1:] if key[0] == total.name else None
        part_keys = []
        for part in parts:
            candidate = (part.name, *labels) if labels is not None else None
            if candidate is None or candidate not in part.cells:
                raise DisclosureError(
                    _("Table %(part)s has no cell matching %(key)s of table %(total)s.")
                    % {"part": part.name, "key": "/".join(key), "total": total.name}
                )
            part_keys.append(candidate)
        relations.append(Relation(key, tuple(part_keys)))
    return relations


def _every_relation(tables: Sequence[Table], relations: Sequence[Relation]) -> list[Relation]:
    """The tables' own relations and those tying them together."""
    return [r for t in tables for r in t.relations] + list(relations)


def _reasons_of(values: Mapping[Key, int], hidden: Iterable[Key]) -> dict[Key, Reason]:
    """Why each hidden cell is hidden, told by its count: under 5 primary, else secondary."""
    return {
        k: Reason.PRIMARY if 0 < values[k] < SMALLEST_PUBLISHED else Reason.SECONDARY
        for k in hidden
    }


def protect_linked(
    tables: Sequence[Table], relations: Sequence[Relation] = ()
) -> list[ProtectedTable]:
    """Protect tables that share cells (the same key) or are tied by ``relations`` (e.g. a
    year cell that is the sum of its months in other tables) together, so that nothing
    hidden in one can be worked out from another. Raises DisclosureError on bad input."""
    values = _validate(tables, relations)
    return _protected_tables(tables, _suppress(values, _every_relation(tables, relations)))


def _protected_tables(
    tables: Sequence[Table], reasons: Mapping[Key, Reason]
) -> list[ProtectedTable]:
    return [
        ProtectedTable(
            t.name,
            {
                k: ProtectedCell(None, reasons[k]) if k in reasons else ProtectedCell(v)
                for k, v in t.cells.items()
            },
            t.rows,
            t.columns,
            t.relations,
        )
        for t in tables
    ]


def protect_table(table: Table) -> ProtectedTable:
    """Protect one table with its totals."""
    return protect_linked([table])[0]


@dataclass(frozen=True)
class ProtectedRate:
    """A share as it may be published: numerator, denominator and the rate (or None)."""

    numerator: ProtectedCell
    denominator: ProtectedCell
    rate: Fraction | None
    reason: Reason | None = None

    @property
    def suppressed(self) -> bool:
        return self.rate is None

    @property
    def explanation(self) -> str:
        return "" if self.reason is None else str(_PUBLIC_LABELS[self.reason])

    def percent(self, decimals: int = 0) -> str | None:
        """The rate in per cent, rounded half up, e.g. "45"; None when suppressed."""
        if self.rate is None:
            return None
        scaled = self.rate * 100 * 10**decimals
        whole = int(scaled + Fraction(1, 2))
        if decimals == 0:
            return str(whole)
        return f"{whole // 10**decimals},{whole % 10**decimals:0{decimals}d}"


def protect_rate(numerator: int, denominator: int) -> ProtectedRate:
    """A share ``numerator / denominator`` of persons.

    - denominator under 20 (including 0): no rate (SMALL_DENOMINATOR); the counts follow the
      count rule (a denominator of 1-4 is hidden, and so then is the numerator);
    - a numerator of 1-4, or a remainder (denominator - numerator) of 1-4: the rate and the
      numerator are hidden (PRIMARY), since rate x denominator would give the small count
      back (the remainder is the persons *not* in work: just as identifying);
    - otherwise all three are published.
    """
    for value, message in (
        (
            numerator,
            gettext_lazy("The numerator of a share must be a count of persons, not %(value)r."),
        ),
        (
            denominator,
            gettext_lazy("The denominator of a share must be a count of persons, not %(value)r."),
        ),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DisclosureError(str(message) % {"value": value})
    if numerator > denominator:
        raise DisclosureError(
            _(
                "The numerator of a share (%(numerator)s) is larger than its "
                "denominator (%(denominator)s)."
            )
            % {"numerator": numerator, "denominator": denominator}
        )

    def small(v: int) -> bool:
        return 0 < v < SMALLEST_PUBLISHED

    hidden = ProtectedCell(None, Reason.PRIMARY)
    if small(denominator):
        return ProtectedRate(hidden, hidden, None, Reason.SMALL_DENOMINATOR)
    exposed = small(numerator) or small(denominator - numerator)
    num = hidden if exposed else ProtectedCell(numerator)
    den = ProtectedCell(denominator)
    if denominator < SMALLEST_DENOMINATOR:
        return ProtectedRate(num, den, None, Reason.SMALL_DENOMINATOR)
    if exposed:
        return ProtectedRate(num, den, None, Reason.PRIMARY)
    return ProtectedRate(num, den, Fraction(numerator, denominator))
