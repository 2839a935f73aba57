# SPDX-License-Identifier: MPL-2.0
"""A table value as text for the reader's language: 1.234 and 45,3 % in Danish."""

import functools
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import date_format, get_format, number_format
from django.utils.translation import get_language

from helhed.reports.document import Column, Hidden, Value

NO_VALUE = "\u2013"  # an en dash, as in printed statistics


def display(value: Value, column: Column) -> str:
    if value is None:
        return NO_VALUE
    if isinstance(value, Hidden):
        return value.label
    if isinstance(value, str):
        return value
    if column.kind == "text":
        return str(value)
    decimals = 0 if column.kind == "count" else column.decimals
    # rounded here: Django's number_format cuts decimals off instead of rounding them
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = grouped(rounded, decimals)
    return f"{text} %" if column.kind == "percent" else text


def grouped(rounded: Decimal, decimals: int) -> str:
    """`number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)`,
    for a value already rounded to `decimals`: the same text (a property test says so),
    written by Python's own grouping in threes and the language's two separators, several
    times faster. A report's first view after a change formats hundreds of numbers.
    Another grouping than threes goes to Django's."""
    language = get_language()
    if (
        get_format("NUMBER_GROUPING", language) != 3
        or not rounded.is_finite()
        or abs(rounded.adjusted()) > 100
        or decimals > 100
    ):
        return str(number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True))
    if not rounded:
        rounded = Decimal(0)  # as Django does: no "-0"
    text = format(rounded, f",.{decimals}f")
    return text.translate(
        _separators(
            get_format("THOUSAND_SEPARATOR", language), get_format("DECIMAL_SEPARATOR", language)
        )
    )


@functools.lru_cache(maxsize=16)
def _separators(thousands: str, decimal: str) -> dict[int, str]:
    return str.maketrans({",": thousands, ".": decimal})


def as_of_text(moment: datetime) -> str:
    """When the data was read, in Danish time."""
    return date_format(timezone.localtime(moment), "j. F Y H:i")
