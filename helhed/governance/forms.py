# SPDX-License-Identifier: MPL-2.0
"""Forms for committees, meetings, agenda items, decisions, attachments and milestones.
Every choice of a related object is limited to the user's municipality."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from helhed.core.forms import DesignSystemFormMixin
from helhed.core.tenancy import scope_to_municipality
from helhed.governance.models import (
    AgendaEntry,
    AgendaItem,
    Committee,
    Meeting,
    Milestone,
    Outcome,
)
from helhed.governance.pdf_files import MAX_BYTES
from helhed.governance.selectors import follow_up_versions_for_item, hearings_for_item
from helhed.hearings.models import Hearing
from helhed.policies.models import Policy, PolicyVersion


def add_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's ValidationError on the form: on its field where the form has it,
    otherwise among the general errors (helhed.core.forms, for model forms too)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class MeetingChoiceField(forms.ModelChoiceField[Meeting]):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.committee.name} {obj.date:%d-%m-%Y}"


class VersionChoiceField(forms.ModelChoiceField[PolicyVersion]):
    def label_from_instance(self, obj: PolicyVersion) -> str:
        return str(
            _("%(title)s %(period)s, version %(number)s (%(status)s)")
            % {
                "title": obj.title,
                "period": obj.period_label,
                "number": obj.number,
                "status": obj.get_status_display(),
            }
        )


def _committees(municipality_id: object) -> QuerySet[Committee]:
    return scope_to_municipality(Committee.objects.all(), municipality_id)


def _versions(municipality_id: object) -> QuerySet[PolicyVersion]:
    return scope_to_municipality(
        PolicyVersion.objects.select_related("policy").order_by("policy", "-number"),
        municipality_id,
    )


class CommitteeForm(DesignSystemFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    is_city_council = forms.BooleanField(
        label=_("This is the city council"),
        required=False,
        help_text=_("The city council adopts the policy; there is one per municipality."),
    )


class MeetingForm(DesignSystemFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=TimeInput(),
        help_text=_("Danish time. Leave empty if not known."),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class AgendaItemForm(DesignSystemFormMixin, forms.ModelForm[AgendaItem]):
    """An agenda item in the Danish layout. On creation, the meeting on whose agenda it
    is placed can be chosen."""

    meeting = MeetingChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("Put the item on the agenda of this meeting."),
    )

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "case_number",
            "decision_authority",
            "policy_version",
            "decision_theme",
            "case_description",
            "financial_consequences",
            "citizen_involvement",
            "legal_basis",
            "next_steps",
            "recommendation",
        ]
        field_classes = {"policy_version": VersionChoiceField}
        widgets = {
            name: forms.Textarea(attrs={"rows": rows})
            for name, rows in (
                ("decision_theme", 3),
                ("case_description", 12),
                ("financial_consequences", 3),
                ("citizen_involvement", 5),
                ("legal_basis", 3),
                ("next_steps", 4),
                ("recommendation", 3),
            )
        }

    def __init__(
        self, *args: Any, municipality_id: object, creating: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality_id = municipality_id  # type: ignore[assignment]
        authority = self.fields["decision_authority"]
        version = self.fields["policy_version"]
        assert isinstance(authority, forms.ModelChoiceField)  # noqa: S101
        assert isinstance(version, forms.ModelChoiceField)  # noqa: S101
        authority.queryset = _committees(municipality_id)
        version.queryset = _versions(municipality_id)
        if creating:
            meeting = self.fields["meeting"]
            assert isinstance(meeting, forms.ModelChoiceField)  # noqa: S101
            meeting.queryset = scope_to_municipality(
                Meeting.objects.select_related("committee"), municipality_id
            ).order_by("-date")
        else:
            del self.fields["meeting"]


class AgendaEntryForm(DesignSystemFormMixin, forms.Form):
    meeting = MeetingChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = (
            scope_to_municipality(Meeting.objects.select_related("committee"), item.municipality_id)
            .exclude(entries__item=item)
            .order_by("-date")
        )


class EntryChoiceField(forms.ModelChoiceField[AgendaEntry]):
    def label_from_instance(self, obj: AgendaEntry) -> str:
        return f"{obj.meeting.committee.name} {obj.meeting.date:%d-%m-%Y}"


class DecisionForm(DesignSystemFormMixin, forms.Form):
    entry = EntryChoiceField(
        label=_("Committee and meeting"),
        queryset=AgendaEntry.objects.none(),
        help_text=_("The meetings whose agenda has the item and no decision yet."),
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    text = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("As it stands in the minutes, for example: Drøftet som indstillet."),
    )

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["entry"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = (
            AgendaEntry.objects.filter(item=item, decision__isnull=True)
            .select_related("meeting__committee")
            .order_by("meeting__date", "meeting__committee__name")
        )


class AttachmentForm(DesignSystemFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    policy_version = VersionChoiceField(
        label=_("Policy version"),
        queryset=PolicyVersion.objects.none(),
        required=False,
        help_text=_("Attach this version of the policy as a PDF."),
    )
    pdf = forms.FileField(
        label=_("PDF file"),
        required=False,
        help_text=_("Or upload a PDF, at most %(max)s MB.") % {"max": MAX_BYTES // 1024 // 1024},
    )

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["policy_version"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = _versions(item.municipality_id)
        self.fields["pdf"].widget.attrs["accept"] = "application/pdf,.pdf"

    def clean_pdf(self) -> Any:
        """Refuse a file that is too large before it is read into memory."""
        upload = self.cleaned_data.get("pdf")
        if upload is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; an attachment can be at most %(max)s MB.")
                % {"size": round(upload.size / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024}
            )
        return upload


class HearingChoiceField(forms.ModelChoiceField[Hearing]):
    def label_from_instance(self, obj: Hearing) -> str:
        return str(
            _("%(title)s (version %(number)s)") % {"title": obj.title, "number": obj.version.number}
        )


class GeneratedAttachmentForm(DesignSystemFormMixin, forms.Form):
    """Attach the hearing memo and/or the follow-up report of the item's policy: only
    what exists for that policy in the item's municipality is offered."""

    hearing = HearingChoiceField(
        label=_("Hearing memo"),
        queryset=Hearing.objects.none(),
        required=False,
        help_text=_("The memo of a hearing on the item's policy, as it stands now."),
    )
    report_version = VersionChoiceField(
        label=_("Follow-up report"),
        queryset=PolicyVersion.objects.none(),
        required=False,
        help_text=_(
            "The committee follow-up report of a version of the item's policy, as it stands "
            "now, with disclosure-controlled figures."
        ),
    )

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hearing = self.fields["hearing"]
        version = self.fields["report_version"]
        assert isinstance(hearing, forms.ModelChoiceField)  # noqa: S101
        assert isinstance(version, forms.ModelChoiceField)  # noqa: S101
        hearing.queryset = hearings_for_item(item=item)
        version.queryset = follow_up_versions_for_item(item=item)


class MilestoneForm(DesignSystemFormMixin, forms.ModelForm[Milestone]):
    class Meta:
        model = Milestone
        fields = ["kind", "committee", "date", "precision", "description"]
        widgets = {"date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, policy: Policy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.policy = policy
        committee = self.fields["committee"]
        assert isinstance(committee, forms.ModelChoiceField)  # noqa: S101
        committee.queryset = _committees(policy.municipality_id)
