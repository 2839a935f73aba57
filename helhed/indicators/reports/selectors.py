# SPDX-License-Identifier: MPL-2.0
"""Reading published reports: a municipality's own, and the public ones by slug."""

import uuid

from django.db.models import Count, QuerySet
from django.http import Http404

from helhed.core.tenancy import scope_to_municipality
from helhed.indicators.reports.models import Audience, PublishedReport
from helhed.organisations.models import Municipality, User


def published_reports_for(*, user: User) -> QuerySet[PublishedReport]:
    return (
        scope_to_municipality(PublishedReport.objects.all(), user.municipality_id)
        .select_related("published_by")
        .annotate(revision_count=Count("revisions"))
        .order_by("-published_at")
    )


def published_report_for(*, user: User, report_id: uuid.UUID) -> PublishedReport:
    """The user's municipality's report; 404 for anyone else's."""
    report = (
        scope_to_municipality(PublishedReport.objects.all(), user.municipality_id)
        .select_related("municipality", "published_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise Http404
    return report


def public_municipality(*, slug: str) -> Municipality:
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        raise Http404
    return municipality


def public_reports(*, municipality: Municipality) -> QuerySet[PublishedReport]:
    return (
        scope_to_municipality(PublishedReport.objects.all(), municipality.id)
        .filter(audience=Audience.PUBLIC)
        .annotate(revision_count=Count("revisions"))
        .order_by("-published_at")
    )


def public_report(*, municipality: Municipality, report_id: uuid.UUID) -> PublishedReport:
    """A report published to the public; 404 for a committee's or another municipality's."""
    report = public_reports(municipality=municipality).filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report
