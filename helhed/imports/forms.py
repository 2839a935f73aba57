# SPDX-License-Identifier: MPL-2.0
"""The import page's form: the kind of file and the file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from helhed.core.forms import DesignSystemFormMixin
from helhed.imports.sheets import SHEETS


def kind_choices() -> list[tuple[str, str]]:
    return [(kind, str(sheet.title)) for kind, sheet in SHEETS.items()]


class ImportForm(DesignSystemFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=kind_choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV in UTF-8 (separated by ; or ,) or an Excel workbook (.xlsx)."),
    )
