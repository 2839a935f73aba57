# SPDX-License-Identifier: MPL-2.0
"""The kinds of part a policy version is made of, named as they appear in URLs."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from helhed.policies import forms
from helhed.policies.models import (
    FocusArea,
    Initiative,
    Objective,
    PolicyValue,
    Target,
    TargetGroupEntry,
)
from helhed.policies.services import VersionPart


@dataclass(frozen=True)
class PartKind:
    slug: str
    model: type[VersionPart]
    form: type[forms.VersionPartForm]
    label: Promise
    anchor: str
    delete_note: Promise | None = None


PART_KINDS: dict[str, PartKind] = {
    kind.slug: kind
    for kind in (
        PartKind("vaerdier", PolicyValue, forms.PolicyValueForm, _("value"), "values"),
        PartKind(
            "maalgruppe",
            TargetGroupEntry,
            forms.TargetGroupEntryForm,
            _("target group"),
            "target-group",
        ),
        PartKind(
            "fokusomraader",
            FocusArea,
            forms.FocusAreaForm,
            _("focus area"),
            "focus-areas",
            _(
                "Its objectives and their targets are deleted with it. A focus area that has "
                "initiatives cannot be deleted: move or delete the initiatives first."
            ),
        ),
        PartKind(
            "maalsaetninger",
            Objective,
            forms.ObjectiveForm,
            _("objective"),
            "focus-areas",
            _("Its targets are deleted with it."),
        ),
        PartKind("maal", Target, forms.TargetForm, _("target"), "focus-areas"),
        PartKind("indsatser", Initiative, forms.InitiativeForm, _("initiative"), "focus-areas"),
    )
}


class PartKindConverter:
    regex = "|".join(PART_KINDS)

    def to_python(self, value: str) -> PartKind:
        return PART_KINDS[value]

    def to_url(self, value: PartKind | str) -> str:
        return value if isinstance(value, str) else value.slug
