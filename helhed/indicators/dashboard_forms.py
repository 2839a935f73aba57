# SPDX-License-Identifier: MPL-2.0
"""The addresses of the dashboard (?aar=2026&maaned=11) and of its drill-down
(?indikator=<key>&maaned=2026-11&gruppe=<breakdown>&del=taeller|naevner): read and checked
here, each error naming its field in the user's language. Never a CPR number: the
drill-down's cursor is a person's id and its purpose may not hold a run of digits."""

import re
import uuid
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from helhed.core.forms import DesignSystemFormMixin
from helhed.core.indicator_keys import BY_KEY
from helhed.indicators.definitions import DEFINITIONS
from helhed.indicators.definitions.base import Month, month_of
from helhed.indicators.forms import FIRST_YEAR, MONTHS
from helhed.indicators.models import IndicatorValue

TOTAL = "*"  # the drill-down's group for an indicator's total over its breakdowns
NUMERATOR, DENOMINATOR = "taeller", "naevner"
MONTH_CODE = re.compile(r"(\d{4})-(\d{2})")
DIGIT_RUN = re.compile(r"\d{6}")
PURPOSE_LENGTH = 200


def _last_month_error(today: date) -> Any:
    return _("Choose a month from January %(first)s to %(month)s.") % {
        "first": FIRST_YEAR,
        "month": f"{today.month}/{today.year}",
    }


class DashboardMonthForm(DesignSystemFormMixin, forms.Form):
    """The dashboard's month; without an address, the last month that has ended."""

    aar = forms.IntegerField(
        label=_("Year"), error_messages={"invalid": _("Write the year as four digits, e.g. 2016.")}
    )
    maaned = forms.TypedChoiceField(label=_("Month"), choices=MONTHS[1:], coerce=int)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    @classmethod
    def default_data(cls, today: date) -> dict[str, str]:
        last = month_of(today) - 1
        return {"aar": str(last // 12), "maaned": str(last % 12 + 1)}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        year, month = cleaned.get("aar"), cleaned.get("maaned")
        if year is not None and month is not None:
            chosen = year * 12 + month - 1
            if not FIRST_YEAR * 12 <= chosen <= month_of(self.today):
                self.add_error("aar", _last_month_error(self.today))
            else:
                cleaned["month"] = chosen
        return cleaned


class DrilldownForm(DesignSystemFormMixin, forms.Form):
    """One cell of the dashboard: an indicator, a month, a group and numerator or
    denominator; the page to start after, and the purpose of the look-up."""

    indikator = forms.ChoiceField(
        label=_("Indicator"),
        error_messages={
            "invalid_choice": _("The indicator is unknown. Choose a number on the dashboard."),
            "required": _("Say which indicator: choose a number on the dashboard."),
        },
    )
    maaned = forms.CharField(
        label=_("Month"),
        error_messages={"required": _("Say which month, as year and month, e.g. 2026-11.")},
    )
    gruppe = forms.CharField(label=_("Group"), required=False, strip=False, max_length=160)
    # 'del' is a Python keyword: the field is named by its address
    part = forms.ChoiceField(
        label=_("Numerator or denominator"),
        choices=[(NUMERATOR, _("Numerator")), (DENOMINATOR, _("Denominator"))],
        error_messages={
            "invalid_choice": _("Choose the numerator or the denominator."),
            "required": _("Choose the numerator or the denominator."),
        },
    )
    efter = forms.CharField(required=False, widget=forms.HiddenInput)
    formaal = forms.CharField(
        label=_("Purpose of the look-up"),
        required=False,
        max_length=PURPOSE_LENGTH,
        help_text=_("Logged with the look-up. Never write a CPR number."),
    )

    def __init__(self, data: Any, *, municipality_id: uuid.UUID, today: date) -> None:
        data = data.copy()
        if "del" in data:
            data["part"] = data["del"]
        super().__init__(data)
        self.municipality_id = municipality_id
        self.today = today
        indicator = self.fields["indikator"]
        assert isinstance(indicator, forms.ChoiceField)  # noqa: S101
        indicator.choices = [(key, BY_KEY[key].label) for key in DEFINITIONS if key in BY_KEY]

    def clean_maaned(self) -> Month:
        value: str = self.cleaned_data["maaned"]
        found = MONTH_CODE.fullmatch(value.strip())
        if found is None or not 1 <= int(found.group(2)) <= 12:
            raise forms.ValidationError(_("Write the month as year and month, e.g. 2026-11."))
        month = int(found.group(1)) * 12 + int(found.group(2)) - 1
        if not FIRST_YEAR * 12 <= month <= month_of(self.today):
            raise forms.ValidationError(_last_month_error(self.today))
        return month

    def clean_efter(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(self.cleaned_data["efter"])
        except ValueError:
            return None  # a hand-edited cursor: the first page

    def clean_formaal(self) -> str:
        purpose: str = self.cleaned_data["formaal"].strip()
        if DIGIT_RUN.search(purpose.replace("-", "").replace(" ", "")):
            raise forms.ValidationError(
                _("Write the purpose without numbers of six digits or more (never a CPR number).")
            )
        return purpose

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        key, group = cleaned.get("indikator"), cleaned.get("gruppe")
        if key is None or group is None:
            return cleaned
        if group == TOTAL:
            exists = DEFINITIONS[key].total
        else:
            exists = IndicatorValue.objects.filter(
                municipality_id=self.municipality_id, key=key, breakdown=group
            ).exists()
        if not exists:
            self.add_error(
                "gruppe",
                _("The indicator has no such group here. Choose a number on the dashboard."),
            )
        return cleaned
