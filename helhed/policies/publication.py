# SPDX-License-Identifier: MPL-2.0
"""A policy version as a PDF that looks like a municipal publication (WeasyPrint)."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import get_language

from helhed.policies.models import PolicyVersion
from helhed.policies.selectors import VersionContent, version_content

CACHE_SECONDS = 60 * 60 * 24


def policy_pdf(*, version: PolicyVersion, content: VersionContent | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "policies/publication.html",
        {
            "version": version,
            "content": content or version_content(version=version),
            "font_dir": (settings.NODE_MODULES / "dkfds/dist/fonts/IBMPlexSans").as_uri(),
        },
    )
    document: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return document


def cached_policy_pdf(*, version: PolicyVersion) -> bytes:
    """The PDF, rendered once per content and language: rendering takes up to seconds, and
    the public URL must not let anyone make the server do that at will."""
    content = version_content(version=version)
    key = f"policy-pdf:{version.id}:{content.stamp}:{get_language()}"
    document: bytes | None = cache.get(key)
    if document is None:
        document = policy_pdf(version=version, content=content)
        cache.set(key, document, CACHE_SECONDS)
    return document


def pdf_response(*, version: PolicyVersion, public: bool) -> HttpResponse:
    municipality = version.policy.municipality
    name = slugify(f"{municipality.name} {version.title} {version.period_label} v{version.number}")
    response = HttpResponse(cached_policy_pdf(version=version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response
