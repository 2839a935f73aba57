# SPDX-License-Identifier: MPL-2.0
"""The address of the monthly overview and the national comparison: ?aar=2015 and, for the
overview, &kommune=615; for the comparison, &indikator=<key>."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from helhed.core.forms import DesignSystemFormMixin
from helhed.indicators.forms import FIRST_YEAR


class ReportYearForm(DesignSystemFormMixin, forms.Form):
    aar = forms.IntegerField(
        label=_("Year"), error_messages={"invalid": _("Write the year as four digits, e.g. 2016.")}
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


class ComparisonForm(ReportYearForm):
    indikator = forms.ChoiceField(label=_("Indicator"), required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indikator"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 (declared above)
        field.choices = [("", _("All indicators")), *choices]
        field.error_messages["invalid_choice"] = _(
            "The indicator %(value)s is not one Helhed computes; choose one from the list."
        )
