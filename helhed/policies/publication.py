# SPDX-License-Identifier: MPL-2.0
"""A policy version as a PDF that looks like a municipal publication (WeasyPrint)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

from helhed.policies.models import PolicyVersion
from helhed.policies.selectors import version_content


def policy_pdf(*, version: PolicyVersion, request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "policies/publication.html",
        {
            "version": version,
            "content": version_content(version=version),
            "font_dir": (settings.NODE_MODULES / "dkfds/dist/fonts/IBMPlexSans").as_uri(),
        },
        request=request,
    )
    document: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return document


def pdf_response(request: HttpRequest, *, version: PolicyVersion) -> HttpResponse:
    municipality = version.policy.municipality
    name = slugify(f"{municipality.name} {version.title} {version.period_label} v{version.number}")
    response = HttpResponse(
        policy_pdf(version=version, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
