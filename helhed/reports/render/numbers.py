# SPDX-License-Identifier: MPL-2.0
"""A table value as text for the reader's language: 1.234 and 45,3 % in Danish."""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format

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
    text = number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return f"{text} %" if column.kind == "percent" else text


def as_of_text(moment: datetime) -> str:
    """When the data was read, in Danish time."""
    return date_format(timezone.localtime(moment), "j. F Y H:i")
