# SPDX-License-Identifier: MPL-2.0
"""The exact simplex on problems small enough to solve by hand."""

from fractions import Fraction

import pytest

from helhed.indicators.disclosure.lp import InfeasibleError, Polytope


def test_bounds_of_two_cells_with_a_known_sum() -> None:
    # x + y = 7, x - z = 2 (z >= 0): x in [2, 7], y in [0, 5]
    polytope = Polytope([[1, 1, 0], [1, 0, -1]], [7, 2], 3)
    assert polytope.minimum(0) == 2
    assert polytope.maximum(0) == 7
    assert polytope.maximum(1) == 5
    assert polytope.minimum(1) == 0


def test_fractional_corner_is_exact() -> None:
    # 2x + 2y = 7: x at most 7/2, exactly
    assert Polytope([[2, 2]], [7], 2).maximum(0) == Fraction(7, 2)


def test_unbounded_cell_has_no_maximum() -> None:
    # x - y = 3: x can grow without end
    polytope = Polytope([[1, -1]], [3], 2)
    assert polytope.maximum(0) is None
    assert polytope.minimum(0) == 3


def test_redundant_equations_are_dropped() -> None:
    polytope = Polytope([[1, 1], [1, 1], [2, 2]], [4, 4, 8], 2)
    assert polytope.maximum(1) == 4


def test_contradiction_is_infeasible() -> None:
    with pytest.raises(InfeasibleError):
        Polytope([[1, 1], [1, 1]], [4, 5], 2)
    with pytest.raises(InfeasibleError):
        Polytope([[1]], [-1], 1)
