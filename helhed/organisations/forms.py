# SPDX-License-Identifier: MPL-2.0
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from helhed.core.forms import DesignSystemFormMixin
from helhed.organisations.models import Department, Municipality


class LoginForm(DesignSystemFormMixin, AuthenticationForm):
    """Django's login form in the design system; its messages are translated by Django."""


class DepartmentForm(DesignSystemFormMixin, forms.ModelForm[Department]):
    class Meta:
        model = Department
        fields = ["name", "kind"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality


class RecoveryCodeForm(DesignSystemFormMixin, forms.Form):
    """One of the user's recovery codes, instead of the authenticator's code."""

    recovery_code = forms.CharField(
        label=_("Recovery code"),
        help_text=_("One of the ten codes you saved when you set up the authenticator."),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class TotpCodeForm(DesignSystemFormMixin, forms.Form):
    """The six digits an authenticator app shows now; spaces are ignored."""

    token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Six digits. A new code comes every 30 seconds."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if len(token) != 6 or not token.isdigit():
            raise forms.ValidationError(_("Type the six digits your authenticator app shows."))
        return token
