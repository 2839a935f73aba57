# SPDX-License-Identifier: MPL-2.0
"""The data protection officer's forms. The CPR field never echoes its value back."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from helhed.audit.models import Action
from helhed.core.forms import DesignSystemFormMixin
from helhed.organisations.models import User
from helhed.policies.forms import DateInput

PURPOSE_LENGTH = 200


def _cpr_field(*, required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("CPR number"),
        max_length=11,
        required=required,
        help_text=_("DDMMYY-XXXX. Sent in the form, never in the address."),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )


def _purpose_field(*, required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("Purpose"),
        max_length=PURPOSE_LENGTH,
        required=required,
        help_text=_("Why you look at this person's data, e.g. the journal number of the request."),
    )


class AuditFilterForm(DesignSystemFormMixin, forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    user = forms.ModelChoiceField(
        label=_("User"), queryset=User.objects.none(), required=False, empty_label=_("All users")
    )
    action = forms.ChoiceField(
        label=_("Type of use"),
        choices=[("", _("All types")), *Action.choices],
        required=False,
    )
    cpr = _cpr_field(required=False)
    purpose = _purpose_field(required=False)

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        if data.get("cpr") and not data.get("purpose"):
            self.add_error(
                "purpose", _("State the purpose when you look at one person's audit trail.")
            )
        return data


OUTPUTS = (
    ("report_html", _("Show the look-up report")),
    ("report_pdf", _("Download the look-up report (PDF)")),
    ("export_json", _("Download everything on the person (JSON)")),
    ("export_pdf", _("Download everything on the person (PDF)")),
)


class SubjectAccessForm(DesignSystemFormMixin, forms.Form):
    cpr = _cpr_field(required=True)
    purpose = _purpose_field(required=True)
    include_names = forms.BooleanField(
        label=_("Include the names of the employees"),
        required=False,
        help_text=_(
            "Normally left out: the citizen has a right to the dates and purposes of the "
            "look-ups, not to the employees' identities (CJEU C-579/21)."
        ),
    )


# archival holds (ADR 0037)
HOLD_REASON_LENGTH = 300


class HoldPlaceForm(DesignSystemFormMixin, forms.Form):
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        required=False,
        help_text=_(
            "DDMMYY-XXXX of the person whose records must be kept. Leave empty to hold the "
            "municipality's whole registry."
        ),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("Reason (the archival rule that applies)"),
        max_length=HOLD_REASON_LENGTH,
        help_text=_("E.g. Rigsarkivet's decision on preservation, with its journal number."),
    )


class HoldReleaseForm(DesignSystemFormMixin, forms.Form):
    hold = forms.UUIDField(widget=forms.HiddenInput)
    release_reason = forms.CharField(
        label=_("Reason for lifting the hold"), max_length=HOLD_REASON_LENGTH
    )
