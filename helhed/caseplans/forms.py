# SPDX-License-Identifier: MPL-2.0
"""Forms of the holistic plan. Choices are limited to what the user may choose; the
services check everything again."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from helhed.caseplans.catalogue import (
    CATALOGUE,
    INDUSTRY_SECTORS,
    InterventionKind,
    Outcome,
    PartnerKind,
)
from helhed.caseplans.models import Partner
from helhed.citizens.models import Person, RelationKind
from helhed.core.forms import DesignSystemFormMixin
from helhed.organisations.models import Department
from helhed.policies.forms import DateInput
from helhed.policies.models import FocusArea


def _set_queryset(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
    field.queryset = queryset


class InterventionForm(DesignSystemFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Intervention"), choices=InterventionKind.choices)
    owner_department = forms.ModelChoiceField(
        label=_("Owner department"), queryset=Department.objects.none(), empty_label=None
    )
    focus_area = forms.ModelChoiceField(
        label=_("Focus area of the policy"),
        queryset=FocusArea.objects.none(),
        required=False,
        help_text=_("The focus area of the adopted integration policy the intervention serves."),
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_("The company, association, volunteer or friendship family that carries it."),
    )
    sector = forms.ChoiceField(
        label=_("Sector (industry packages)"),
        choices=[("", _("None")), *((s, s) for s in INDUSTRY_SECTORS)],
        required=False,
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Note (seen by the owner department only)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        departments: QuerySet[Department],
        focus_areas: QuerySet[FocusArea],
        partners: QuerySet[Partner],
        for_household: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "owner_department", departments)
        _set_queryset(self, "focus_area", focus_areas)
        _set_queryset(self, "partner", partners)
        if for_household:
            field = self.fields["kind"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101
            field.choices = [
                (value, label)
                for value, label in InterventionKind.choices
                if CATALOGUE[value].household_allowed
            ]


class InterventionCompleteForm(DesignSystemFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    ends_on = forms.DateField(label=_("Ended on"), widget=DateInput())
    closing_note = forms.CharField(
        label=_("Remark"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class InterventionCancelForm(DesignSystemFormMixin, forms.Form):
    closing_note = forms.CharField(
        label=_("Reason for cancelling"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReferralForm(DesignSystemFormMixin, forms.Form):
    from_department = forms.ModelChoiceField(
        label=_("From department"), queryset=Department.objects.none(), empty_label=None
    )
    to_department = forms.ModelChoiceField(
        label=_("To department"), queryset=Department.objects.none()
    )
    reason = forms.CharField(
        label=_("Reason for the referral"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the receiving department is asked to do. Write only what it needs."),
    )

    def __init__(
        self,
        *args: Any,
        own: QuerySet[Department],
        municipality: QuerySet[Department],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "from_department", own)
        _set_queryset(self, "to_department", municipality)


class ReferralDecisionForm(DesignSystemFormMixin, forms.Form):
    """The note; the decision is the button pressed (accept or decline)."""

    decision_note = forms.CharField(
        label=_("Note on the decision"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when declining."),
    )


class PartnerForm(DesignSystemFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    cvr = forms.CharField(
        label=_("CVR number"),
        max_length=8,
        required=False,
        help_text=_("Companies only: eight digits."),
    )
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)


class HouseholdRelationForm(DesignSystemFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    kind = forms.ChoiceField(label=_("is"), choices=RelationKind.choices)
    relative = forms.ModelChoiceField(label=_("of"), queryset=Person.objects.none())

    def __init__(self, *args: Any, members: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "person", members)
        _set_queryset(self, "relative", members)
