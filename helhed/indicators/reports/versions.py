# SPDX-License-Identifier: MPL-2.0
"""A frozen version of a report as a reader gets it: the frozen Document with its
revision stated (and, for a revision, its reason and changed cells), for the page and
the downloads. Composed when shown; the stored documents are never touched."""

from dataclasses import dataclass, replace
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from helhed.indicators.reports import services
from helhed.indicators.reports.differences import Difference
from helhed.indicators.reports.models import PublishedReport
from helhed.indicators.reports.services import Version
from helhed.reports.document import Column, Document, Paragraph, Section, Table
from helhed.reports.render.numbers import display
from helhed.reports.responses import (
    FORMAT_PARAMETER,
    FORMATS,
    UnknownFormatError,
    document_response,
    requested_format,
)

REVISION_PARAMETER = "revision"


@dataclass(frozen=True)
class DifferenceRow:
    table: str
    row: str
    column: str
    old: str
    new: str


def difference_rows(differences: tuple[Difference, ...] | list[Difference]) -> list[DifferenceRow]:
    return [
        DifferenceRow(
            d.table,
            d.row,
            d.column,
            display(d.old, d.display_column),
            display(d.new, d.display_column),
        )
        for d in differences
    ]


def _when(moment: object) -> str:
    return date_format(timezone.localtime(moment), "j. F Y")  # type: ignore[arg-type]


def version_label(version: Version) -> str:
    if version.number == 0:
        return _("As first published on %(date)s") % {"date": _when(version.created_at)}
    return _("Revision %(number)d of %(date)s") % {
        "number": version.number,
        "date": _when(version.created_at),
    }


def version_document(version: Version, *, published_at: object) -> Document:
    """The version's Document with its revision stated, for a download."""
    document = version.document
    if version.number == 0:
        note = _("Revision 0: the numbers as first published on %(date)s.") % {
            "date": _when(published_at)
        }
        return replace(document, notes=[note, *document.notes])
    note = _(
        "Revision %(number)d of %(date)s. It replaces the numbers published on %(first)s; "
        "the reason and the changed numbers are in the first section."
    ) % {"number": version.number, "date": _when(version.created_at), "first": _when(published_at)}
    changes = Section(
        _("Revision %(number)d") % {"number": version.number},
        blocks=[
            Paragraph(_("Reason: %(reason)s") % {"reason": version.reason}),
            Table(
                caption=_("Numbers changed in revision %(number)d") % {"number": version.number},
                columns=[
                    Column(_("Table")),
                    Column(_("Row")),
                    Column(_("Column")),
                    Column(_("Previously")),
                    Column(_("Now")),
                ],
                rows=[
                    [r.table, r.row, r.column, r.old, r.new]
                    for r in difference_rows(version.differences)
                ],
            ),
        ],
    )
    subtitle = ", ".join(
        part for part in (document.subtitle, _("revision %(n)d") % {"n": version.number}) if part
    )
    return replace(
        document,
        subtitle=subtitle,
        notes=[note, *document.notes],
        sections=[changes, *document.sections],
    )


def requested_version(request: HttpRequest, versions: list[Version]) -> Version:
    """The version `?revision=N` names (the latest without one); 404 for one not there."""
    raw = request.GET.get(REVISION_PARAMETER)
    if raw is None:
        return versions[-1]
    if not raw.isdigit() or int(raw) >= len(versions):
        raise Http404
    return versions[int(raw)]


def download_links(version: Version) -> list[tuple[str, str]]:
    return [
        (fmt.upper(), f"?{REVISION_PARAMETER}={version.number}&{FORMAT_PARAMETER}={fmt}")
        for fmt in FORMATS
    ]


def versions_context(versions: list[Version], report: PublishedReport) -> dict[str, Any]:
    shown = [
        {
            "version": v,
            "label": version_label(v),
            "links": download_links(v),
            "differences": difference_rows(v.differences),
        }
        for v in reversed(versions)
    ]
    return {"latest": shown[0], "revisions": shown[:-1], "original": shown[-1]}


def version_download(request: HttpRequest, report: PublishedReport) -> HttpResponse | None:
    """The download `?format=...&revision=N` asks for, or None for the page."""
    try:
        fmt = requested_format(request)
    except UnknownFormatError:
        return HttpResponseBadRequest(_("Choose a download as PDF, DOCX or XLSX."))
    if fmt is None:
        return None
    versions = services.report_versions(report=report)
    version = requested_version(request, versions)
    document = version_document(version, published_at=report.published_at)
    stem = f"{report.kind}-{report.municipality.slug}-revision-{version.number}"
    return document_response(document, fmt, stem=stem)
