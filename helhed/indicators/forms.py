# SPDX-License-Identifier: MPL-2.0
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from helhed.core.forms import DesignSystemFormMixin

FIRST_YEAR = 2000
MONTHS = [
    ("", _("The whole year")),
    ("1", _("January")),
    ("2", _("February")),
    ("3", _("March")),
    ("4", _("April")),
    ("5", _("May")),
    ("6", _("June")),
    ("7", _("July")),
    ("8", _("August")),
    ("9", _("September")),
    ("10", _("October")),
    ("11", _("November")),
    ("12", _("December")),
]


class PeriodForm(DesignSystemFormMixin, forms.Form):
    """The period of the indicator page, from its address (?aar=2016&maaned=3)."""

    aar = forms.IntegerField(
        label=_("Year"), error_messages={"invalid": _("Write the year as four digits, e.g. 2016.")}
    )
    maaned = forms.TypedChoiceField(
        label=_("Month"), choices=MONTHS, required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, this_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.this_year = this_year

    def clean_aar(self) -> int:
        year: int = self.cleaned_data["aar"]
        if not FIRST_YEAR <= year <= self.this_year:
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": self.this_year}
            )
        return year
