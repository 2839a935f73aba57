# SPDX-License-Identifier: MPL-2.0
"""`{% report_document doc %}` renders a Document's body (its chart ids unique in the
page); `{% report_downloads %}` links to the same page as PDF, DOCX and XLSX, keeping the
page's other query parameters."""

from typing import Any

from django import template
from django.http import HttpRequest
from django.utils.safestring import SafeString

from helhed.reports.document import Document
from helhed.reports.render.html import render_html, unique_id_prefix
from helhed.reports.responses import FORMAT_PARAMETER, FORMATS

register = template.Library()


@register.simple_tag
def report_document(document: Document, first_level: int = 2) -> SafeString:
    """Each document rendered in a page gets its own chart ids: a page may show two."""
    return render_html(document, first_level=first_level, id_prefix=unique_id_prefix())


@register.inclusion_tag("reports/includes/downloads.html", takes_context=True)
def report_downloads(context: dict[str, Any]) -> dict[str, Any]:
    request: HttpRequest = context["request"]
    links = []
    for fmt in FORMATS:
        query = request.GET.copy()
        query[FORMAT_PARAMETER] = fmt
        links.append((fmt.upper(), f"?{query.urlencode()}"))
    return {"links": links}
