# SPDX-License-Identifier: MPL-2.0
"""An exact linear-programming solver for the attacker's question: given what is published,
how small and how large can a suppressed cell be?

Two-phase simplex over ``fractions.Fraction`` with Bland's rule, for problems of the form
``A x = b, x >= 0``. Exact arithmetic, so a bound of 4 is 4 and not 4.0000000001; Bland's rule
makes it terminate on the degenerate problems that tables give (many zero right-hand sides).
The tables leaving Helhed have tens of suppressed cells, so a dense tableau is enough.
"""

from collections.abc import Sequence
from fractions import Fraction


class InfeasibleError(ValueError):
    """No non-negative x satisfies A x = b (the published figures contradict each other)."""


def _pivot(tableau: list[list[Fraction]], row: int, col: int) -> None:
    pivot_row = tableau[row]
    factor = pivot_row[col]
    tableau[row] = pivot_row = [v / factor for v in pivot_row]
    for i, other in enumerate(tableau):
        if i != row and other[col] != 0:
            f = other[col]
            tableau[i] = [a - f * p for a, p in zip(other, pivot_row, strict=True)]


def _minimise(
    tableau: list[list[Fraction]], basis: list[int], cost: Sequence[Fraction], columns: int
) -> bool:
    """Minimise ``cost . x`` over the first ``columns`` columns in place; False if unbounded."""
    while True:
        entering = -1
        for j in range(columns):
            if j in basis:
                continue
            reduced = cost[j] - sum(
                (cost[basis[i]] * tableau[i][j] for i in range(len(basis))), Fraction(0)
            )
            if reduced < 0:
                entering = j  # Bland: the lowest index with a negative reduced cost
                break
        if entering < 0:
            return True
        leaving = -1
        best: Fraction | None = None
        for i, row in enumerate(tableau):
            if row[entering] > 0:
                ratio = row[-1] / row[entering]
                if best is None or ratio < best or (ratio == best and basis[i] < basis[leaving]):
                    best, leaving = ratio, i
        if leaving < 0:
            return False
        _pivot(tableau, leaving, entering)
        basis[leaving] = entering


class Polytope:
    """``{x >= 0 : A x = b}`` with a feasible basis found once (phase 1), then queried."""

    def __init__(self, a: Sequence[Sequence[int]], b: Sequence[int], variables: int) -> None:
        self.variables = variables
        rows: list[list[Fraction]] = []
        for coefficients, rhs in zip(a, b, strict=True):
            sign = -1 if rhs < 0 else 1
            rows.append([Fraction(sign * c) for c in coefficients] + [Fraction(sign * rhs)])
        m, n = len(rows), variables
        tableau = [
            row[:n] + [Fraction(1 if k == i else 0) for k in range(m)] + [row[n]]
            for i, row in enumerate(rows)
        ]
        basis = [n + i for i in range(m)]
        cost = [Fraction(0)] * n + [Fraction(1)] * m
        _minimise(tableau, basis, cost, n + m)
        if sum((tableau[i][-1] for i, j in enumerate(basis) if j >= n), Fraction(0)) != 0:
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
        return self._optimum(variable, Fraction(-1))

    def minimum(self, variable: int) -> Fraction:
        low = self._optimum(variable, Fraction(1))
        return Fraction(0) if low is None else low  # x >= 0 bounds every minimum

    def _optimum(self, variable: int, sign: Fraction) -> Fraction | None:
        tableau = [list(row) for row in self._tableau]
        basis = list(self._basis)
        cost = [Fraction(0)] * self.variables
        cost[variable] = sign
        if not _minimise(tableau, basis, cost, self.variables):
            return None
        for i, j in enumerate(basis):
            if j == variable:
                return tableau[i][-1]
        return Fraction(0)
