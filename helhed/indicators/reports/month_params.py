# SPDX-License-Identifier: MPL-2.0
"""The month a published report's figures are taken at (``aar``, ``maaned``): a month that
has ended, so that a recomputation later (for a revision, docs/adr/0030) is of the same
month and shows the registry's corrections, not the months that have passed since."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhed.core.forms import DesignSystemFormMixin
from helhed.indicators.definitions.base import Month, month_of, month_start
from helhed.indicators.forms import FIRST_YEAR, MONTHS


class MonthParamsForm(DesignSystemFormMixin, forms.Form):
    """The month whose end the figures are taken at (it must have ended)."""

    aar = forms.IntegerField(
        label=gettext_lazy("Year"),
        error_messages={"invalid": gettext_lazy("Write the year as four digits, e.g. 2016.")},
    )
    maaned = forms.TypedChoiceField(
        label=gettext_lazy("Month"),
        choices=[(value, label) for value, label in MONTHS if value],
        coerce=int,
        help_text=gettext_lazy("The figures are those at the end of this month."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, month = data.get("aar"), data.get("maaned")
        if year is None or month is None:
            return data
        today = timezone.localdate()
        if year < FIRST_YEAR:
            self.add_error("aar", _("Choose a year from %(first)s.") % {"first": FIRST_YEAR})
        elif (year, month) >= (today.year, today.month):
            self.add_error("maaned", _("Choose a month that has ended."))
        return data


def default_params(today: date) -> dict[str, int]:
    """The last month that has ended."""
    last = month_start(month_of(today) - 1)
    return {"aar": last.year, "maaned": last.month}


def params_month(params: dict[str, Any]) -> Month:
    """The month the params name."""
    return int(params["aar"]) * 12 + int(params["maaned"]) - 1
