# SPDX-License-Identifier: MPL-2.0
"""The public's published reports: only the frozen, disclosure-controlled documents of
reports published to the public, never a recomputation."""

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from helhed.indicators.reports import services
from helhed.indicators.reports.selectors import public_municipality, public_report, public_reports
from helhed.indicators.reports.versions import version_download, versions_context


def public_report_list(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = public_municipality(slug=slug)
    return render(
        request,
        "indicators/publications/public_report_list.html",
        {"municipality": municipality, "reports": public_reports(municipality=municipality)},
    )


def public_report_detail(request: HttpRequest, slug: str, report_id: uuid.UUID) -> HttpResponse:
    municipality = public_municipality(slug=slug)
    report = public_report(municipality=municipality, report_id=report_id)
    response = version_download(request, report)
    if response is not None:
        return response
    context = versions_context(services.report_versions(report=report), report)
    context.update({"report": report, "municipality": municipality, "staff": False})
    return render(request, "indicators/publications/public_report.html", context)
