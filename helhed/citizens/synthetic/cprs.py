# SPDX-License-Identifier: MPL-2.0
"""Synthetic CPR numbers, unique across all 98 municipalities.

Each municipality draws its numbers from a block of its own, so a number is never used
twice in the country although every municipality has its own random generator: digits
7-9 (the century digit and two serial digits) come from the municipality's slots, a
range of the 400 values 000-399 (born 1900-1999; 400 is added for 2000-2036, giving the
century digits 4-7). Each municipality has at least one slot and the rest by population
share, so København may draw from about 150 numbers per birth date and sex, Læsø from 4.

The numbers are valid (a real birth date, the right century digit, the last digit odd for
men and even for women) and chosen to FAIL the modulus-11 check, which every number CPR
issued before October 2007 passes; no birth date is 1 January (danish-domain.md, 6.5).
"""

import random
from collections.abc import Mapping
from datetime import date
from functools import cache

from helhed.citizens.models import Sex
from helhed.organisations.kommuner import KOMMUNER

SLOTS = 400
_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
_ATTEMPTS = 64


class CprBlockFullError(Exception):
    """A municipality's block has no free number left for a birth date and sex."""


def mod11(digits: str) -> int:
    return sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11


@cache
def cpr_slots() -> Mapping[str, range]:
    """The slots of each municipality: one each, the rest by population share."""
    spare = SLOTS - len(KOMMUNER)
    total = sum(k.population for k in KOMMUNER)
    exact = {k.code: spare * k.population / total for k in KOMMUNER}
    sizes = {code: 1 + int(x) for code, x in exact.items()}
    left = SLOTS - sum(sizes.values())
    for code in sorted(exact, key=lambda c: (int(exact[c]) - exact[c], c))[:left]:
        sizes[code] += 1
    slots: dict[str, range] = {}
    start = 0
    for kommune in KOMMUNER:
        slots[kommune.code] = range(start, start + sizes[kommune.code])
        start += sizes[kommune.code]
    return slots


class CprDrawer:
    """Draws unused synthetic numbers from one municipality's block."""

    def __init__(self, kommunekode: str, rng: random.Random) -> None:
        self.slots = cpr_slots()[kommunekode]
        self.rng = rng
        self.used: set[str] = set()  # membership only; never iterated

    def draw(self, born: date, sex: str) -> str:
        if 1900 <= born.year <= 1999:
            offset = 0
        elif 2000 <= born.year <= 2036:
            offset = SLOTS
        else:
            raise CprBlockFullError(f"No CPR century digit for the year {born.year}.")
        sex_digits = "13579" if sex == Sex.MALE else "02468"
        head = born.strftime("%d%m%y")
        for _ in range(_ATTEMPTS):
            serial = offset + self.rng.choice(self.slots)
            digits = f"{head}{serial:03d}{self.rng.choice(sex_digits)}"
            if mod11(digits) != 0 and digits not in self.used:
                self.used.add(digits)
                return digits
        for slot in self.slots:  # crowded: take the first free number in order
            for last in sex_digits:
                digits = f"{head}{offset + slot:03d}{last}"
                if mod11(digits) != 0 and digits not in self.used:
                    self.used.add(digits)
                    return digits
        raise CprBlockFullError(f"No synthetic CPR number is left for {born} ({sex}).")
