# SPDX-License-Identifier: MPL-2.0
"""Reading what the versions of a series of linked tables showed outside the staff
(docs/adr/0048-0050): every publication, every revision and every live release. A new
version, published or live, is protected against all of them."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from helhed.indicators.disclosure import DisclosureError, Released
from helhed.indicators.reports.models import LiveRelease, PublishedReport, ReportRevision


def kept_state(data: dict[str, Any] | None) -> Released | None:
    """A kept state read back; None for a version kept before states were (ADR 0048).
    ValidationError with a message when it cannot be read: never protected without it."""
    if data is None:
        return None
    try:
        return Released.from_data(data)
    except DisclosureError as error:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "The disclosure control kept with an earlier version of these tables "
                    "cannot be read, so new numbers cannot be protected against it. Ask the "
                    "system's administrator; nothing has been published."
                )
            }
        ) from error


def series_states(municipality_id: Any, kind: str, series: str) -> list[Released]:
    """What every version of the series showed (every publication and revision whose state
    was kept, and every live release), the oldest first (docs/adr/0049, 0050)."""
    reports = PublishedReport.objects.filter(
        municipality_id=municipality_id,
        kind=kind,
        disclosure_series=series,
        disclosure__isnull=False,
    ).values_list("published_at", "disclosure")
    revisions = ReportRevision.objects.filter(
        report__municipality_id=municipality_id,
        report__kind=kind,
        report__disclosure_series=series,
        disclosure__isnull=False,
    ).values_list("created_at", "disclosure")
    live = LiveRelease.objects.filter(
        municipality_id=municipality_id, kind=kind, series=series
    ).values_list("created_at", "disclosure")
    kept = sorted([*reports, *revisions, *live], key=lambda row: row[0])
    return [state for _at, data in kept if (state := kept_state(data)) is not None]
