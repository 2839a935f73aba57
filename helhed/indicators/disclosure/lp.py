# SPDX-License-Identifier: MPL-2.0
"""An exact linear-programming solver for the attacker's question: given what is published,
how small and how large can a suppressed cell be?

Two-phase simplex in exact rational arithmetic with Bland's rule, for problems of the form
``A x = b, x >= 0``. Exact, so a bound of 4 is 4 and not 4.0000000001; Bland's rule makes it
terminate on the degenerate problems that tables give (many zero right-hand sides).

The tables' equations are sums of cells (coefficients 0 and 1), so nearly every pivot is on a
1 and nearly every entry stays whole: an entry is a Python ``int`` while it is whole and a
``Fraction`` only when a division makes it one, and a pivot touches only the pivot row's
nonzero columns. Both keep the arithmetic exact and make a joint system of many versions
(docs/adr/0048) cheap enough; ``bench/disclosure_chain.py`` measures it.
"""

from collections.abc import Sequence
from fractions import Fraction

Number = int | Fraction


class InfeasibleError(ValueError):
    """No non-negative x satisfies A x = b (the published figures contradict each other)."""


def _whole(value: Fraction) -> Number:
    return value.numerator if value.denominator == 1 else value


def _pivot(tableau: list[list[Number]], row: int, col: int) -> None:
    """Pivot on (row, col) in place, touching only the pivot row's nonzero columns."""
    pivot_row = tableau[row]
    factor = pivot_row[col]
    if factor == -1:
        pivot_row = tableau[row] = [-v for v in pivot_row]
    elif factor != 1:
        pivot_row = tableau[row] = [_whole(Fraction(v) / factor) if v else 0 for v in pivot_row]
    nonzero = [(j, p) for j, p in enumerate(pivot_row) if p]
    for i, other in enumerate(tableau):
        if i != row and (f := other[col]):
            for j, p in nonzero:
                other[j] -= f * p
            # a Fraction that has become whole goes back to int (exactly the same value)
            for j, _ in nonzero:
                if type(v := other[j]) is Fraction and v.denominator == 1:
                    other[j] = v.numerator


def _minimise(
    tableau: list[list[Number]], basis: list[int], cost: Sequence[Number], columns: int
) -> bool:
    """Minimise ``cost . x`` over the first ``columns`` columns in place; False if unbounded.
    The reduced costs are kept as one more row and pivoted with the tableau."""
    width = len(tableau[0]) if tableau else columns + 1
    reduced: list[Number] = [cost[j] if j < columns else 0 for j in range(width)]
    for i, j in enumerate(basis):
        if c := cost[j]:
            for k, v in enumerate(tableau[i]):
                if v:
                    reduced[k] -= c * v
    while True:
        # Bland: the lowest index with a negative reduced cost (basic columns have 0)
        entering = next((j for j in range(columns) if reduced[j] < 0), -1)
        if entering < 0:
            return True
        leaving = -1
        best: Fraction | None = None
        for i, row in enumerate(tableau):
            if row[entering] > 0:
                ratio = Fraction(row[-1]) / row[entering]
                if best is None or ratio < best or (ratio == best and basis[i] < basis[leaving]):
                    best, leaving = ratio, i
        if leaving < 0:
            return False
        tableau.append(reduced)
        _pivot(tableau, leaving, entering)
        reduced = tableau.pop()
        basis[leaving] = entering


class Polytope:
    """``{x >= 0 : A x = b}`` with a feasible basis found once (phase 1), then queried."""

    def __init__(self, a: Sequence[Sequence[int]], b: Sequence[int], variables: int) -> None:
        self.variables = variables
        m, n = len(a), variables
        tableau: list[list[Number]] = []
        for i, (coefficients, rhs) in enumerate(zip(a, b, strict=True)):
            sign = -1 if rhs < 0 else 1
            row: list[Number] = [sign * c for c in coefficients]
            tableau.append(row + [1 if k == i else 0 for k in range(m)] + [sign * rhs])
        basis = [n + i for i in range(m)]
        _minimise(tableau, basis, [0] * n + [1] * m, n + m)
        if sum(tableau[i][-1] for i, j in enumerate(basis) if j >= n) != 0:
            raise InfeasibleError("no non-negative solution")
        # Drive the artificial variables (all at zero now) out of the basis; a row where
        # that is impossible is a redundant equation and is dropped.
        i = 0
        while i < len(basis):
            if basis[i] >= n:
                col = next((j for j in range(n) if tableau[i][j] != 0), -1)
                if col < 0:
                    del tableau[i], basis[i]
                    continue
                _pivot(tableau, i, col)
                basis[i] = col
            i += 1
        self._tableau = [[*row[:n], row[-1]] for row in tableau]
        self._basis = basis

    def maximum(self, variable: int) -> Fraction | None:
        """The largest value of x[variable]; None if it is unbounded."""
        return self._optimum(variable, -1)

    def minimum(self, variable: int) -> Fraction:
        low = self._optimum(variable, 1)
        return Fraction(0) if low is None else low  # x >= 0 bounds every minimum

    def _optimum(self, variable: int, sign: int) -> Fraction | None:
        tableau = [list(row) for row in self._tableau]
        basis = list(self._basis)
        cost = [0] * self.variables
        cost[variable] = sign
        if not _minimise(tableau, basis, cost, self.variables):
            return None
        for i, j in enumerate(basis):
            if j == variable:
                return Fraction(tableau[i][-1])
        return Fraction(0)
