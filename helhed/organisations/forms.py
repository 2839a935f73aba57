# SPDX-License-Identifier: MPL-2.0
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

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
