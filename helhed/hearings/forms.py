# SPDX-License-Identifier: MPL-2.0
"""Forms of the hearing pages. Times are entered in Danish time; related choices are
limited to the hearing's own version, response and next version."""

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.core.forms import DesignSystemFormMixin
from helhed.hearings.danish_time import DANISH
from helhed.hearings.models import Outcome, ResponsePoint, Source
from helhed.hearings.models.response import MAX_TEXT_LENGTH
from helhed.hearings.uploads import CheckedPdf, check_pdf


class DanishDateTimeField(forms.DateTimeField):
    """A date and time in Danish time (Europe/Copenhagen), whatever the active zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime) and timezone.is_aware(value):
            return value.astimezone(DANISH).replace(tzinfo=None)
        return value

    def to_python(self, value: Any) -> datetime | None:
        with timezone.override(DANISH):
            return super().to_python(value)


class HearingForm(DesignSystemFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown at the top of the public hearing page."),
    )
    opens_at = DanishDateTimeField(
        label=_("Opens"), help_text=_("Danish time, e.g. 07-08-2018 00:00.")
    )
    closes_at = DanishDateTimeField(
        label=_("Closes"), help_text=_("Danish time. Responses are accepted until this moment.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The hearing must close after it opens."))
        return data


class PublicResponseForm(DesignSystemFormMixin, forms.Form):
    section = forms.ChoiceField(label=_("Your response concerns"), required=False)
    author_name = forms.CharField(label=_("Name or organisation"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Never published. We use it only to answer you about your response."),
    )
    text = forms.CharField(
        label=_("Your response"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("At most 20,000 characters."),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("One PDF file of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    consent_to_publication = forms.BooleanField(
        label=_("My response, name or organisation and attachment may be published"),
        required=False,
        help_text=_("Without consent, the response is read by the administration only."),
    )
    # the honeypot: hidden by CSS (class helhed-hp), filled in only by robots
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, sections: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        section = self.fields["section"]
        assert isinstance(section, forms.ChoiceField)  # noqa: S101
        section.choices = sections
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.checked_pdf: CheckedPdf | None = None

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload:
            self.checked_pdf = check_pdf(upload)
        return upload

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class ResponseRegisterForm(DesignSystemFormMixin, forms.Form):
    source = forms.ChoiceField(
        label=_("Source"), choices=[c for c in Source.choices if c[0] != Source.ONLINE]
    )
    author_name = forms.CharField(
        label=_("Name or organisation"),
        max_length=200,
        help_text=_("E.g. Integrationsrådet, or the meeting's name."),
    )
    received_on = forms.DateField(
        label=_("Received or held on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    section = forms.ChoiceField(label=_("Concerns"), required=False)
    text = forms.CharField(
        label=_("Input"), max_length=MAX_TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 8})
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    consent_to_publication = forms.BooleanField(
        label=_("May be published on the hearing page"), required=False
    )

    def __init__(self, *args: Any, sections: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        section = self.fields["section"]
        assert isinstance(section, forms.ChoiceField)  # noqa: S101
        section.choices = sections


class SummaryForm(DesignSystemFormMixin, forms.Form):
    summary = forms.CharField(
        label=_("Summary for the hearing memo"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PointForm(DesignSystemFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Point"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    section = forms.ChoiceField(label=_("Concerns"), required=False)

    def __init__(self, *args: Any, sections: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        section = self.fields["section"]
        assert isinstance(section, forms.ChoiceField)  # noqa: S101
        section.choices = sections


class DispositionForm(DesignSystemFormMixin, forms.Form):
    point = forms.ModelChoiceField(
        label=_("Point"),
        queryset=ResponsePoint.objects.none(),
        required=False,
        empty_label=_("The whole response"),
    )
    outcome = forms.ChoiceField(label=_("Disposition"), choices=Outcome.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    changed_section = forms.ChoiceField(
        label=_("Changed section of the next version"),
        required=False,
        help_text=_('Required for "incorporated".'),
    )

    def __init__(
        self,
        *args: Any,
        points: Any,
        changed_sections: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        point = self.fields["point"]
        assert isinstance(point, forms.ModelChoiceField)  # noqa: S101
        point.queryset = points
        section = self.fields["changed_section"]
        assert isinstance(section, forms.ChoiceField)  # noqa: S101
        section.choices = [("", "-"), *changed_sections]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Outcome.INCORPORATED and not data.get("changed_section"):
            self.add_error(
                "changed_section",
                ValidationError(
                    _(
                        "Choose the section of the next version that was changed: "
                        '"incorporated" must show where.'
                    )
                ),
            )
        return data


class ModerationForm(DesignSystemFormMixin, forms.Form):
    """Hide a response from the public page, or show it again: always with a reason."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "E.g. a personal attack, or personal data about others. Kept with the response "
            "and in the hearing's log; never shown on the public page."
        ),
    )
