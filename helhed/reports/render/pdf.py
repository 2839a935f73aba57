# SPDX-License-Identifier: MPL-2.0
"""A Document as PDF (WeasyPrint), in the municipality's publication style."""

from django.conf import settings
from django.template.loader import render_to_string

from helhed.reports.document import Document
from helhed.reports.render.html import render_html


def render_pdf(document: Document) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reports/document_pdf.html",
        {
            "document": document,
            "body": render_html(document),
            "font_dir": (settings.NODE_MODULES / "dkfds/dist/fonts/IBMPlexSans").as_uri(),
        },
    )
    pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return pdf
