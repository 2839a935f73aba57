# SPDX-License-Identifier: MPL-2.0
"""Benefit names in force and the share on an employment curve (pure functions)."""

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise

from helhed.citizens.synthetic.data import (
    BENEFIT_RENAMES,
    INTEGRATIONSYDELSE,
    INTEGRATIONSYDELSE_FROM,
    KONTANTHJAELP,
    KONTANTHJAELP_FROM,
    SHO_YDELSE,
    SHO_YDELSE_FROM,
)


def benefit_name_on(start: date) -> str:
    """The name of a benefit that starts on `start`."""
    if start < INTEGRATIONSYDELSE_FROM:
        return KONTANTHJAELP
    if start < SHO_YDELSE_FROM:
        return INTEGRATIONSYDELSE
    if start < KONTANTHJAELP_FROM:
        return SHO_YDELSE
    return KONTANTHJAELP


def named_benefit_spells(start: date, end: date | None) -> list[tuple[date, date | None, str]]:
    """A benefit period cut into spells, each under the name in force during it."""
    pieces: list[tuple[date, date | None, str]] = []
    name = benefit_name_on(start)
    for day, old, new in BENEFIT_RENAMES:
        if name == old and start < day and (end is None or end >= day):
            pieces.append((start, day - timedelta(days=1), name))
            start, name = day, new
    pieces.append((start, end, name))
    return pieces


def share_on(curve: Sequence[tuple[float, float]], years: float) -> float:
    """The piecewise-linear curve's share after `years` (flat after its last point)."""
    for (t0, s0), (t1, s1) in pairwise(curve):
        if years <= t1:
            return s0 + (s1 - s0) * (years - t0) / (t1 - t0)
    return curve[-1][1]
