# SPDX-License-Identifier: MPL-2.0
"""The look-up report and the access export as files: PDF (WeasyPrint) and JSON.
File names carry the date only, never the CPR number or the name."""

import json
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from helhed.privacy.selectors import Data
from helhed.privacy.services import LookupReport


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        template,
        context | {"font_dir": (settings.NODE_MODULES / "dkfds/dist/fonts/IBMPlexSans").as_uri()},
    )
    document: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return document


def _download(content: bytes, *, stem: str, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def lookup_report_pdf(report: LookupReport) -> HttpResponse:
    content = _pdf("privacy/lookup_report_pdf.html", {"report": report})
    return _download(
        content, stem="opslagsrapport", extension="pdf", content_type="application/pdf"
    )


def subject_export_pdf(data: Data) -> HttpResponse:
    content = _pdf("privacy/subject_export_pdf.html", {"data": data})
    return _download(content, stem="indsigt", extension="pdf", content_type="application/pdf")


def subject_export_json(data: Data) -> HttpResponse:
    content = json.dumps(data, indent=2, ensure_ascii=False).encode()
    return _download(
        content, stem="indsigt", extension="json", content_type="application/json; charset=utf-8"
    )
