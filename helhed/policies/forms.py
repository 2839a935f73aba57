# SPDX-License-Identifier: MPL-2.0
"""Forms for editing a policy. Choices of related objects are limited to the version
being edited; model validation (Model.clean) runs as part of form validation."""

from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from helhed.core.forms import DesignSystemFormMixin
from helhed.core.tenancy import scope_to_municipality
from helhed.organisations.models import Department
from helhed.policies.models import (
    FocusArea,
    Initiative,
    InitiativeStatus,
    Objective,
    PolicyValue,
    PolicyVersion,
    Status,
    Target,
    TargetGroupEntry,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodFieldsMixin:
    """The years of a policy's period: a clear range on the field itself."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("period_start", "period_end"):
            field = self.fields[name]
            assert isinstance(field, forms.IntegerField)  # noqa: S101
            field.min_value, field.max_value = 2000, 2100
            field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator)]
            field.widget.attrs.update({"min": 2000, "max": 2100})


class PolicyCreateForm(PeriodFieldsMixin, DesignSystemFormMixin, forms.ModelForm[PolicyVersion]):
    class Meta:
        model = PolicyVersion
        fields = ["title", "subtitle", "period_start", "period_end"]


class PolicyVersionForm(PeriodFieldsMixin, DesignSystemFormMixin, forms.ModelForm[PolicyVersion]):
    class Meta:
        model = PolicyVersion
        fields = [
            "title",
            "subtitle",
            "period_start",
            "period_end",
            "introduction",
            "vision",
            "values_introduction",
            "target_group_description",
        ]


class VersionPartForm(DesignSystemFormMixin, forms.ModelForm[Any]):
    """A form for one part of `version`; related choices are limited to that version."""

    def __init__(self, *args: Any, version: PolicyVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.instance.version = version


class PolicyValueForm(VersionPartForm):
    class Meta:
        model = PolicyValue
        fields = ["name", "description"]


class TargetGroupEntryForm(VersionPartForm):
    class Meta:
        model = TargetGroupEntry
        fields = ["kind", "text"]


class FocusAreaForm(VersionPartForm):
    class Meta:
        model = FocusArea
        fields = ["title", "description"]


class ObjectiveForm(VersionPartForm):
    class Meta:
        model = Objective
        fields = ["focus_area", "text"]

    def __init__(self, *args: Any, version: PolicyVersion, **kwargs: Any) -> None:
        super().__init__(*args, version=version, **kwargs)
        field = self.fields["focus_area"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = FocusArea.objects.filter(version=version)
        field.empty_label = str(_("— Overall strategic objective —"))


class TargetForm(VersionPartForm):
    class Meta:
        model = Target
        fields = [
            "objective",
            "description",
            "indicator_key",
            "comparator",
            "value",
            "unit",
            "deadline",
        ]
        widgets = {"deadline": DateInput()}
        localized_fields = ["value"]  # accepts "45,5" in Danish as well as "45.5"

    def __init__(self, *args: Any, version: PolicyVersion, **kwargs: Any) -> None:
        super().__init__(*args, version=version, **kwargs)
        field = self.fields["objective"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = Objective.objects.filter(version=version)


class InitiativeForm(VersionPartForm):
    class Meta:
        model = Initiative
        fields = [
            "focus_area",
            "title",
            "description",
            "owner_department",
            "start_date",
            "end_date",
            "status",
            "progress",
            "budget",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        error_messages = {
            "budget": {
                "invalid": _("Write the budget in whole kroner, for example 250000."),
                "min_value": _("The budget cannot be less than 0 kroner."),
                "max_value": _("The budget can be at most 1,000,000,000,000 kroner."),
            }
        }

    def __init__(self, *args: Any, version: PolicyVersion, **kwargs: Any) -> None:
        super().__init__(*args, version=version, **kwargs)
        area = self.fields["focus_area"]
        department = self.fields["owner_department"]
        assert isinstance(area, forms.ModelChoiceField)  # noqa: S101
        assert isinstance(department, forms.ModelChoiceField)  # noqa: S101
        area.queryset = FocusArea.objects.filter(version=version)
        department.queryset = scope_to_municipality(
            Department.objects.all(), version.policy.municipality_id
        )


TRANSITION_CHOICES = [
    (Status.HEARING.value, _("Send to public hearing")),
    (Status.ADOPTED.value, _("Record adoption")),
    (Status.ARCHIVED.value, _("Archive")),
]


class TransitionForm(DesignSystemFormMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("Step"), choices=TRANSITION_CHOICES)
    effective_on = forms.DateField(
        label=_("Effective on"),
        required=False,
        widget=DateInput(),
        help_text=_("The date of the decision, for example the city council's meeting."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class InitiativeProgressForm(DesignSystemFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=InitiativeStatus.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, or why the status changed. Kept in the history."),
    )
