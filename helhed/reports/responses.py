# SPDX-License-Identifier: MPL-2.0
"""A Document as a download: `?format=pdf|docx|xlsx` on any report page.

File names are built from a stem the caller gives (never a person's name or CPR number)
and the date; downloads are never cached by a shared cache."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from helhed.reports.document import Document
from helhed.reports.render.docx import render_docx
from helhed.reports.render.pdf import render_pdf
from helhed.reports.render.xlsx import render_xlsx

FORMAT_PARAMETER = "format"
FORMATS: dict[str, tuple[str, Callable[[Document], bytes]]] = {
    "pdf": ("application/pdf", render_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render_docx,
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", render_xlsx),
}


class UnknownFormatError(ValueError):
    pass


def requested_format(request: HttpRequest) -> str | None:
    """The download the request asks for, None for the page; an unknown one is refused."""
    fmt = request.GET.get(FORMAT_PARAMETER)
    if fmt is None or fmt == "html":
        return None
    if fmt not in FORMATS:
        raise UnknownFormatError(fmt)
    return fmt


def document_response(document: Document, fmt: str, *, stem: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise UnknownFormatError(fmt)
    content_type, render = FORMATS[fmt]
    response = HttpResponse(render(document), content_type=content_type)
    name = f"{slugify(stem) or 'rapport'}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
