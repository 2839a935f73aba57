# SPDX-License-Identifier: MPL-2.0
"""The fast grouping of a report's numbers writes exactly what Django's number_format
writes, in Danish and in English."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import translation
from django.utils.formats import number_format
from hypothesis import given
from hypothesis import strategies as st

from helhed.reports.render.numbers import grouped

VALUES = (
    st.integers(min_value=-(10**15), max_value=10**15)
    | st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)
    | st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, places=4)
)


@pytest.mark.parametrize("language", ["da", "en"])
@given(value=VALUES, decimals=st.integers(min_value=0, max_value=3))
def test_grouped_is_djangos_number_format(language: str, value: object, decimals: int) -> None:
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    with translation.override(language):
        expected = number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)
        assert grouped(rounded, decimals) == expected


@pytest.mark.parametrize(
    ("language", "value", "decimals", "text"),
    [
        ("da", Decimal("1234567.9"), 1, "1.234.567,9"),
        ("en", Decimal("1234567.9"), 1, "1,234,567.9"),
        ("da", Decimal("-0.0"), 1, "0,0"),  # no minus on a zero, as Django writes it
        ("da", Decimal("-1234"), 0, "-1.234"),
        ("da", Decimal("999"), 0, "999"),
    ],
)
def test_examples(language: str, value: Decimal, decimals: int, text: str) -> None:
    with translation.override(language):
        assert grouped(value, decimals) == text
