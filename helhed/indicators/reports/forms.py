# SPDX-License-Identifier: MPL-2.0
"""The forms of publishing and revising a report."""

import copy
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from helhed.core.forms import DesignSystemFormMixin
from helhed.indicators.reports.kinds import ReportKind, report_kinds
from helhed.indicators.reports.models import Audience
from helhed.indicators.reports.services import REASON_LENGTH
from helhed.organisations.models import Municipality

KIND_PARAMETER = "rapport"


class KindForm(DesignSystemFormMixin, forms.Form):
    """The kind of report to publish, from the address (?rapport=target_status)."""

    rapport = forms.ChoiceField(
        label=_("Report"),
        error_messages={
            "invalid_choice": _("There is no report kind %(value)s. Choose one from the list.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields[KIND_PARAMETER]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [(k.key, k.label) for k in report_kinds().values()]


class PublishForm(DesignSystemFormMixin, forms.Form):
    """The kind's parameters, who the report is for and who receives it."""

    audience = forms.ChoiceField(
        label=_("Published to"),
        choices=[("", "---------"), *Audience.choices],
        help_text=_(
            "Both are disclosure-controlled: small numbers are hidden as for everything "
            "that leaves the staff. A public report can be read by anyone on the "
            "municipality's public page."
        ),
        error_messages={"required": _("Choose who the report is for.")},
    )
    recipient = forms.CharField(
        label=_("Recipient"),
        max_length=300,
        required=False,
        help_text=_("E.g. Beskæftigelses- og Integrationsudvalget, møde 12.3.2026"),
    )

    def __init__(
        self, *args: Any, kind: ReportKind, municipality: Municipality | None = None, **kwargs: Any
    ) -> None:
        self.kind = kind
        self.params: dict[str, Any] = {}
        super().__init__(*args, **kwargs)
        own = dict(self.fields)
        params = kind.form(initial=kwargs.get("initial"))
        self.fields = {**copy.deepcopy(params.fields), **own}
        # dress the kind's fields like the form's own (the mixin dressed only those)
        for name, field in self.fields.items():
            if name in own:
                continue
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}_hint"
        if kind.choices is not None and municipality is not None:
            # offered as a list; the kind's builder checks what it is given
            for name, options in kind.choices(municipality).items():
                field = self.fields[name]
                field.widget = forms.Select(
                    attrs={"class": "form-select"}, choices=[("", "---------"), *options]
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        params = self.kind.form(data=self.data)
        if params.is_valid():
            self.params = dict(params.cleaned_data)
        else:
            for name, errors in params.errors.items():
                field = name if name in self.fields else None
                for error in errors:
                    if field is None or not self.has_error(field):
                        self.add_error(field, error)
        return data


class ReviseForm(DesignSystemFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the revision"),
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The readers of the report see the reason with the changed numbers."),
        error_messages={"required": _("Write why the report is revised: the readers will see it.")},
    )
