# SPDX-License-Identifier: MPL-2.0
"""is_valid_cvr: eight ASCII digits, no leading zero, weighted sum (2,7,6,5,4,3,2,1)
divisible by 11."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helhed.caseplans.catalogue import is_valid_cvr
from helhed.caseplans.tests.factories import VALID_CVRS

WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def weighted_sum(number: str) -> int:
    return sum(int(d) * w for d, w in zip(number, WEIGHTS, strict=True))


@pytest.mark.parametrize("number", VALID_CVRS)
def test_real_cvr_numbers_are_valid(number: str) -> None:
    # given a number that passes the check by hand
    assert weighted_sum(number) % 11 == 0

    assert is_valid_cvr(number)


@pytest.mark.parametrize("number", VALID_CVRS)
def test_every_other_check_digit_is_refused(number: str) -> None:
    for digit in "0123456789":
        if digit == number[-1]:
            continue
        assert not is_valid_cvr(number[:-1] + digit)


@pytest.mark.parametrize(
    "number",
    [
        "2425679",  # 7 digits
        "242567900",  # 9 digits
        "",
        "2425 6790",  # a space (the service strips it, the check does not)
        "2425679O",  # a letter O for the zero
        "ABCDEFGH",
        "-2425679",
        "+2425679",
        "2425679.",
    ],
)
def test_a_number_that_is_not_eight_digits_is_refused(number: str) -> None:
    assert not is_valid_cvr(number)


def _in_script(zero: int, number: str = "24256790") -> str:
    """`number` written with the digits of the Unicode script whose zero is `zero`."""
    return "".join(chr(zero + int(d)) for d in number)


@pytest.mark.parametrize(
    "number",
    [
        _in_script(0xFF10),  # full-width digits
        _in_script(0x0660),  # Arabic-Indic digits
        _in_script(0x0966),  # Devanagari digits
        "2425679" + chr(0x0660),  # one Arabic-Indic zero at the end
    ],
)
def test_non_ascii_digits_are_refused(number: str) -> None:
    # given digits that str.isdigit() accepts and int() reads
    assert number.isdigit()
    assert int(number) == 24256790

    assert not is_valid_cvr(number)


def test_a_leading_zero_is_refused_even_when_the_sum_passes() -> None:
    # given 0 followed by seven digits whose weighted sum is divisible by 11
    candidates = [f"0{n:07d}" for n in range(1, 200) if weighted_sum(f"0{n:07d}") % 11 == 0]
    assert candidates
    number = candidates[0]

    assert not is_valid_cvr(number)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_eight_ascii_digits_are_valid_exactly_when_the_check_passes(number: str) -> None:
    assert is_valid_cvr(number) == (number[0] != "0" and weighted_sum(number) % 11 == 0)
