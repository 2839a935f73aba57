# SPDX-License-Identifier: MPL-2.0
"""The policy officer's form linking an initiative to a target or a kind of intervention."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from helhed.caseplans.catalogue import InterventionKind
from helhed.core.forms import DesignSystemFormMixin
from helhed.policies.models import Initiative, Target


class TargetChoiceField(forms.ModelChoiceField[Target]):
    def label_from_instance(self, obj: Target) -> str:
        return f"{obj.description} ({obj.get_comparator_display()} {obj.value_label})"


class InitiativeMeasureForm(DesignSystemFormMixin, forms.Form):
    target = TargetChoiceField(
        label=_("Target"),
        queryset=Target.objects.none(),
        required=False,
        empty_label=_("(no target)"),
        help_text=_("Progress: the share of the way from the target's baseline to its value."),
    )
    intervention_kind = forms.ChoiceField(
        label=pgettext_lazy("follow-up report", "Kind of intervention"),
        choices=[("", _("(no intervention)")), *InterventionKind.choices],
        required=False,
        help_text=_(
            "Progress: the interventions of this kind started in the municipality in the "
            "initiative's period, against the number planned."
        ),
    )
    planned = forms.IntegerField(
        label=_("Planned number of interventions"), min_value=1, max_value=100000, required=False
    )

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (declared above)
        field.queryset = Target.objects.filter(version_id=initiative.version_id).order_by(
            "order", "created_at"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target, kind, planned = (
            data.get("target"),
            data.get("intervention_kind"),
            data.get("planned"),
        )
        if self.errors:
            return data
        if (target is None) == (not kind):
            raise forms.ValidationError(_("Choose either a target or a kind of intervention."))
        if kind and planned is None:
            self.add_error("planned", _("Give the number of interventions the initiative plans."))
        if target is not None and planned is not None:
            self.add_error("planned", _("A planned number belongs with a kind of intervention."))
        return data
