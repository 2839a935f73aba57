# SPDX-License-Identifier: MPL-2.0
"""`short_date`: a date as "3. Dec 2026" (Danish: "17. Maj 2025"), as the
`date:"j. M Y"` filter writes it, for the lists that show many of them.

Django's `date` filter parses its format and translates the month's name on every call
(about 40 µs); a list of 50 rows with two dates pays that a hundred times. A list shows
few distinct dates, so each (date, language) is formatted once and kept.
"""

from datetime import date, datetime
from functools import lru_cache

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.formats import date_format
from django.utils.translation import get_language

register = template.Library()

SHORT_DATE = "j. M Y"


@lru_cache(maxsize=8192)
def _formatted(day: date, language: str | None) -> str:
    return date_format(day, SHORT_DATE)


@register.filter(expects_localtime=True)
def short_date(value: date | None) -> str:
    """The date in the active language; "" for no date (so `|default:` still applies).
    Anything but a plain date (a datetime, already in local time) goes to `date`."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime) or not isinstance(value, date):
        return str(date_filter(value, SHORT_DATE))
    return _formatted(value, get_language())
