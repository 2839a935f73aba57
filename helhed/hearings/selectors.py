# SPDX-License-Identifier: MPL-2.0
"""Reads of hearings, with what each page needs fetched up front."""

import uuid

from django.db.models import Count, Prefetch, QuerySet

from helhed.core.tenancy import scope_to_municipality
from helhed.hearings.models import (
    Disposition,
    Hearing,
    HearingLogEntry,
    HearingResponse,
    ResponsePoint,
)
from helhed.hearings.models.response import ResponseAttachment
from helhed.policies.models import PolicyVersion, Status


def next_version(version: PolicyVersion) -> PolicyVersion | None:
    """The version made from `version` after its hearing (the first revision of it)."""
    return PolicyVersion.objects.filter(based_on=version).order_by("number").first()


def hearings_for_municipality(*, municipality_id: object) -> QuerySet[Hearing]:
    return scope_to_municipality(
        Hearing.objects.select_related("version").annotate(response_count=Count("responses")),
        municipality_id,
    )


def versions_without_hearing(*, municipality_id: object) -> QuerySet[PolicyVersion]:
    return scope_to_municipality(
        PolicyVersion.objects.filter(status=Status.DRAFT, hearings__isnull=True),
        municipality_id,
    )


def public_hearings(*, slug: str) -> QuerySet[Hearing]:
    return Hearing.objects.select_related("version__policy__municipality").filter(
        version__policy__municipality__slug=slug, started_at__isnull=False
    )


def public_hearing(*, slug: str, hearing_id: uuid.UUID | str) -> Hearing | None:
    return public_hearings(slug=slug).filter(pk=hearing_id).first()


def _attachment_info() -> QuerySet[ResponseAttachment]:
    return ResponseAttachment.objects.defer("content")


def responses_with_dispositions(*, hearing: Hearing) -> QuerySet[HearingResponse]:
    return hearing.responses.select_related("registered_by").prefetch_related(
        Prefetch("points", queryset=ResponsePoint.objects.select_related("disposition")),
        Prefetch(
            "dispositions",
            queryset=Disposition.objects.select_related("point", "changed_version"),
        ),
        Prefetch("attachment", queryset=_attachment_info()),
    )


def published_responses(*, hearing: Hearing) -> QuerySet[HearingResponse]:
    """The responses on the public page: consented and not withdrawn. A hidden one is in
    the list so the page can show its placeholder; its text, name and attachment are not
    shown (templates) nor served (access.py)."""
    return responses_with_dispositions(hearing=hearing).filter(
        consent_to_publication=True, withdrawn_at__isnull=True
    )


def responses_in_memo(*, hearing: Hearing) -> QuerySet[HearingResponse]:
    """Every response but the withdrawn ones: a hidden response is still a response."""
    return responses_with_dispositions(hearing=hearing).filter(withdrawn_at__isnull=True)


def response_log(*, response: HearingResponse) -> QuerySet[HearingLogEntry]:
    return response.log_entries.select_related("actor")
