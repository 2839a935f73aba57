# SPDX-License-Identifier: MPL-2.0
"""Forms of the registry. The CPR field never echoes its value back into the page."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from helhed.citizens.break_the_glass import REASON_MAX_LENGTH, REASON_MIN_LENGTH
from helhed.citizens.countries import COUNTRIES
from helhed.citizens.models import (
    LAST_MODULE,
    ArrivalSource,
    DanishTestKind,
    DanishTrack,
    EducationLevel,
    ProgrammeKind,
    SpellKind,
)
from helhed.core.forms import DesignSystemFormMixin
from helhed.organisations.models import Department
from helhed.policies.forms import DateInput


class PersonRegisterForm(DesignSystemFormMixin, forms.Form):
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        help_text=_("DDMMYY-XXXX. Numbers without the modulus-11 check are valid."),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    country_of_origin = forms.ChoiceField(label=_("Country of origin"), choices=COUNTRIES)
    education_level = forms.ChoiceField(label=_("Education"), choices=EducationLevel.choices)
    unaccompanied_minor = forms.BooleanField(label=_("Unaccompanied minor"), required=False)
    arrived_on = forms.DateField(label=_("Arrived in the municipality on"), widget=DateInput())
    source = forms.ChoiceField(label=_("Arrived as"), choices=ArrivalSource.choices)
    from_kommunekode = forms.RegexField(
        label=_("Moved from (kommunekode)"),
        regex=r"^[0-9]{3}$",
        required=False,
        error_messages={"invalid": _("A kommunekode is three digits, for example 190 or 615.")},
    )
    department = forms.ModelChoiceField(label=_("Caseload of"), queryset=Department.objects.none())

    def __init__(self, *args: Any, departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = departments


class SearchInput(forms.TextInput):
    """Shows a searched name again, never a searched CPR number."""

    def format_value(self, value: Any) -> str | None:
        text = str(value or "")
        if any(ch.isdigit() for ch in text):
            return None
        return super().format_value(value)


class PersonSearchForm(DesignSystemFormMixin, forms.Form):
    query = forms.CharField(
        label=_("Name or CPR number"),
        max_length=100,
        widget=SearchInput(attrs={"autocomplete": "off"}),
    )


class StatusSpellForm(DesignSystemFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Status"), choices=SpellKind.choices)
    benefit_name = forms.CharField(
        label=_("Benefit (its name at the time)"), max_length=120, required=False
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), required=False, widget=DateInput())


class DanishEducationForm(DesignSystemFormMixin, forms.Form):
    track = forms.ChoiceField(label=_("Track"), choices=DanishTrack.choices)
    module = forms.IntegerField(label=_("Module reached"), min_value=1, max_value=LAST_MODULE)
    referred_on = forms.DateField(label=_("Referred on"), widget=DateInput())
    test = forms.ChoiceField(
        label=_("Final test passed"),
        choices=[("", _("None yet")), *DanishTestKind.choices],
        required=False,
    )
    test_passed_on = forms.DateField(label=_("Test passed on"), required=False, widget=DateInput())


class ProgrammeEnrolmentForm(DesignSystemFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Programme"), choices=ProgrammeKind.choices)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), required=False, widget=DateInput())


class HouseholdMemberForm(DesignSystemFormMixin, forms.Form):
    cpr = forms.CharField(
        label=_("The family member's CPR number"),
        max_length=11,
        help_text=_("DDMMYY-XXXX. The family member must be in your caseload."),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    relation = forms.ChoiceField(
        label=_("Related to this person as"),
        choices=[
            ("spouse", _("Spouse or partner")),
            ("parent", _("Parent")),
            ("child", _("Child")),
        ],
    )


class BreakTheGlassForm(DesignSystemFormMixin, forms.Form):
    """The reason for opening a person outside the caseload; with `with_cpr`, the
    person's CPR number too (when the caseworker has nothing else to go by)."""

    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        help_text=_("DDMMYY-XXXX."),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_(
            "Why you need the record now, for example the case or the enquiry. "
            "Your manager sees the reason."
        ),
        min_length=REASON_MIN_LENGTH,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("State the reason for opening the record."),
            "min_length": _("State the reason in at least %(limit_value)d characters."),
            "max_length": _("State the reason in at most %(limit_value)d characters."),
        },
    )

    def __init__(self, *args: Any, with_cpr: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_cpr:
            del self.fields["cpr"]
