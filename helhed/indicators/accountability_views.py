# SPDX-License-Identifier: MPL-2.0
"""The public accountability page of a municipality's policy in force: what was promised
(the focus areas' objectives and targets), what has been done (the initiatives with
their status and progress) and where the targets' indicators stand — for anyone, without
an account, and disclosure-controlled like the politicians' follow-up report (ADR 0028).

An initiative's progress is computed from its linked indicators and interventions
wherever it can be (helhed/indicators/progress.py), and a figure set by hand says who set
it and why, so the page cannot go stale the way hand-typed progress does. The document is
built at most once an hour per policy version and language (its downloads likewise): a
public URL must not let anyone make the server compute at will.
"""

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from helhed.indicators.reports.follow_up import follow_up_document
from helhed.policies.models import PolicyVersion
from helhed.policies.selectors import adopted_version_for_municipality
from helhed.reports.document import Document, from_data, to_data
from helhed.reports.responses import (
    FORMATS,
    UnknownFormatError,
    document_response,
    requested_format,
)

CACHE_SECONDS = 60 * 60


def _document(version: PolicyVersion) -> Document:
    key = f"accountability:{version.id}:{version.updated_at.isoformat()}:{get_language()}"
    data = cache.get(key)
    if data is None:
        data = to_data(follow_up_document(version=version, exact=False))
        cache.set(key, data, CACHE_SECONDS)
    return from_data(data)


def _download(version: PolicyVersion, document: Document, fmt: str) -> HttpResponse:
    key = (
        f"accountability-file:{version.id}:{version.updated_at.isoformat()}:{get_language()}:{fmt}"
    )
    cached = cache.get(key)
    if cached is None:
        response = document_response(
            document,
            fmt,
            stem=_("accountability %(name)s") % {"name": version.policy.municipality.name},
        )
        cache.set(key, (response.content, response["Content-Disposition"]), CACHE_SECONDS)
    else:
        content, disposition = cached
        response = HttpResponse(content, content_type=FORMATS[fmt][0])
        response["Content-Disposition"] = disposition
        response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=300"
    return response


def public_accountability(request: HttpRequest, slug: str) -> HttpResponse:
    version = adopted_version_for_municipality(slug=slug)
    if version is None:
        raise Http404
    try:
        fmt = requested_format(request)
    except UnknownFormatError:
        return render(
            request,
            "indicators/accountability_bad_format.html",
            {"version": version, "requested": request.GET.get("format", "")},
            status=400,
        )
    document = _document(version)
    if fmt is not None:
        return _download(version, document, fmt)
    return render(
        request,
        "indicators/accountability.html",
        {"version": version, "document": document, "today": timezone.localdate()},
    )
