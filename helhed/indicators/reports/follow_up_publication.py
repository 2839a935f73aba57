# SPDX-License-Identifier: MPL-2.0
"""The committee follow-up report of a policy version as a publishable report kind
(docs/adr/0030, ADR 0028).

The params name the policy version (``politik``, its id) and the month whose end the
figures are taken at; a recomputation for a revision is of the same month, so it shows
corrections only. What is published is always the disclosure-controlled report (as a
politician reads it), whether it is for a committee or the public.

Only an adopted or archived version of the publishing municipality can be published: a
draft or a version in hearing is not public yet. Any other id is refused with the same
message, whether the version exists in another municipality or not at all.
"""

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhed.indicators.definitions.base import month_start
from helhed.indicators.reports.follow_up import follow_up_document
from helhed.indicators.reports.kinds import ReportKind
from helhed.indicators.reports.month_params import MonthParamsForm, default_params, params_month
from helhed.indicators.selectors import current_version
from helhed.organisations.models import Municipality
from helhed.policies.models import PolicyVersion, Status
from helhed.reports.document import Document

KEY = "follow_up"
VERSION_FIELD = "politik"
PUBLISHABLE = (Status.ADOPTED, Status.ARCHIVED)


class FollowUpParamsForm(MonthParamsForm):
    """The policy version and the month whose end the figures are taken at."""

    politik = forms.CharField(
        label=gettext_lazy("Policy"),
        max_length=36,
        error_messages={"required": gettext_lazy("Choose the policy to follow up on.")},
    )

    field_order = ["politik", "aar", "maaned"]

    def clean_politik(self) -> str:
        raw = self.cleaned_data["politik"].strip()
        try:
            return str(uuid.UUID(raw))
        except ValueError:
            raise forms.ValidationError(
                _("Choose the policy to follow up on from the list.")
            ) from None


def _versions(municipality: Municipality) -> list[PolicyVersion]:
    return list(
        PolicyVersion.objects.filter(
            policy__municipality_id=municipality.id, status__in=PUBLISHABLE
        ).order_by("-period_end", "title", "-number")
    )


def _version(municipality: Municipality, version_id: str) -> PolicyVersion:
    version = (
        PolicyVersion.objects.filter(
            pk=version_id, policy__municipality_id=municipality.id, status__in=PUBLISHABLE
        )
        .select_related("policy__municipality")
        .first()
    )
    if version is None:
        raise ValidationError(
            {
                VERSION_FIELD: _(
                    "The municipality has no adopted policy with that id; choose the policy "
                    "from the list."
                )
            }
        )
    return version


def build(municipality: Municipality, params: dict[str, Any], audience: str) -> Document:
    """The follow-up report at the end of the month `params` name, disclosure-controlled."""
    version = _version(municipality, str(params[VERSION_FIELD]))
    # follow_up_document takes the month before `today` as the current one
    today = month_start(params_month(params) + 1)
    return follow_up_document(version=version, exact=False, today=today, now=timezone.now())


def initial(municipality: Municipality, today: Any) -> dict[str, Any]:
    params: dict[str, Any] = dict(default_params(today))
    version = current_version(municipality_id=municipality.id)
    if version is not None:
        params[VERSION_FIELD] = str(version.id)
    return params


def choices(municipality: Municipality) -> dict[str, list[tuple[str, str]]]:
    return {
        VERSION_FIELD: [
            (str(v.id), f"{v.title} {v.period_label} (v{v.number})")
            for v in _versions(municipality)
        ]
    }


KIND = ReportKind(
    key=KEY,
    label=gettext_lazy("Committee follow-up report"),
    build=build,
    form=FollowUpParamsForm,
    description=gettext_lazy(
        "Per focus area of a policy its objectives, targets with current values, trend "
        "charts and status, and the progress of its initiatives, at the end of a month."
    ),
    initial=initial,
    choices=choices,
)
