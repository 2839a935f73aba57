# SPDX-License-Identifier: MPL-2.0
"""Form widgets dressed in Det Fælles Designsystem's classes."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class DesignSystemFormMixin:
    """Adds DKFDS classes, and ties hints and errors to their inputs for screen readers."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.Select):
                css = "form-select"
            elif isinstance(widget, forms.CheckboxInput):
                css = "form-checkbox"
            else:
                css = "form-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}_hint"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        errors: dict[str, Any] = getattr(self, "_errors", None) or {}
        for name in errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            described = attrs.get("aria-describedby", "")
            attrs["aria-describedby"] = f"{described} id_{name}_error".strip()


def add_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where the form has that
    field, otherwise among the form's general errors (never an exception of its own)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
