# SPDX-License-Identifier: MPL-2.0
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from helhed.api.models import Scope
from helhed.core.forms import DesignSystemFormMixin
from helhed.organisations.models import Department


class IntegrationForm(DesignSystemFormMixin, forms.Form):
    name = forms.CharField(label=_("Name of the integration"), max_length=100)
    departments = forms.ModelMultipleChoiceField(
        label=_("Works for the caseload of"),
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, departments: "QuerySet[Department]", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["departments"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
        field.queryset = departments
