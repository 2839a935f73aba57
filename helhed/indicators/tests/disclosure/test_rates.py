# SPDX-License-Identifier: MPL-2.0
"""Shares: published only with a denominator of at least 20 and no small count behind them."""

from fractions import Fraction

import pytest
from django.utils import translation

from helhed.indicators.disclosure import DisclosureError, Reason, Table, protect_rate, protect_table


def test_rate_with_enough_persons_is_published() -> None:
    rate = protect_rate(9, 20)
    assert rate.rate == Fraction(9, 20)
    assert rate.percent() == "45"
    assert rate.numerator.value == 9
    assert rate.denominator.value == 20
    assert rate.reason is None


def test_denominator_under_twenty_gives_no_rate() -> None:
    rate = protect_rate(10, 19)
    assert rate.rate is None
    assert rate.reason is Reason.SMALL_DENOMINATOR
    assert rate.denominator.value == 19  # the counts themselves are not small
    assert rate.numerator.value == 10


def test_zero_denominator_gives_no_rate() -> None:
    rate = protect_rate(0, 0)
    assert rate.rate is None
    assert rate.reason is Reason.SMALL_DENOMINATOR
    assert rate.denominator.value == 0


def test_small_denominator_hides_both_counts() -> None:
    rate = protect_rate(1, 3)
    assert rate.rate is None
    assert rate.reason is Reason.SMALL_DENOMINATOR
    assert rate.numerator.suppressed
    assert rate.denominator.suppressed


@pytest.mark.parametrize("numerator", [1, 2, 3, 4])
def test_small_numerator_hides_the_rate(numerator: int) -> None:
    # 3/200 = 1.5 % with 200 published gives back the 3.
    rate = protect_rate(numerator, 200)
    assert rate.rate is None
    assert rate.reason is Reason.PRIMARY
    assert rate.numerator.suppressed
    assert rate.denominator.value == 200


@pytest.mark.parametrize("numerator", [196, 197, 198, 199])
def test_small_remainder_hides_the_rate(numerator: int) -> None:
    # 198/200 says that 2 persons are not in work: as identifying as saying 2 are.
    rate = protect_rate(numerator, 200)
    assert rate.rate is None
    assert rate.reason is Reason.PRIMARY
    assert rate.numerator.suppressed


def test_zero_and_all_are_published() -> None:
    assert protect_rate(0, 25).rate == 0
    assert protect_rate(25, 25).rate == 1
    assert protect_rate(5, 20).percent(1) == "25,0"
    assert protect_rate(1, 3).percent() is None


def test_percent_rounds_half_up() -> None:
    assert protect_rate(5, 40).percent() == "13"  # 12.5
    assert protect_rate(7, 30).percent(1) == "23,3"


@pytest.mark.parametrize(
    ("numerator", "denominator", "message"),
    [
        (-1, 20, "Tælleren i en andel skal være et antal personer"),
        (3, -20, "Nævneren i en andel skal være et antal personer"),
        (2.5, 20, "Tælleren i en andel skal være et antal personer"),
        (21, 20, r"Tælleren i en andel \(21\) er større end nævneren \(20\)"),
    ],
)
def test_bad_shares_are_refused(numerator: int, denominator: int, message: str) -> None:
    with pytest.raises(DisclosureError, match=message):
        protect_rate(numerator, denominator)


def test_messages_in_english_for_an_english_user() -> None:
    with translation.override("en"):
        assert protect_rate(3, 10).explanation == "too few to calculate a share"
        with pytest.raises(DisclosureError, match="numerator of a share must be a count"):
            protect_rate(-1, 20)


def test_labels_are_danish() -> None:
    with translation.override("da"):
        hidden = protect_table(Table.one_way("s", {"a": 3, "b": 9})).cell("a")
        assert hidden.explanation.startswith("færre end 5")
        assert hidden.label == "skjult"
        assert protect_rate(3, 10).explanation == "for få til at beregne en andel"
        assert protect_table(Table.one_way("s", {"a": 7})).cell("a").label == "7"
        with pytest.raises(DisclosureError, match="negativt"):
            protect_rate(-1, 20)
