# SPDX-License-Identifier: MPL-2.0
"""The import page, an import job's progress and report, the templates and the export.

Caseworkers only: they import into their departments' caseload and export the persons
they may see. Uploaded files are stored under a generated name and removed after the
import; the download names are generated too, never taken from input.
"""

import os
import tempfile
import uuid
from pathlib import Path
from typing import cast

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from helhed.imports import blanks, jobs
from helhed.imports.export import export_file_name, registry_export
from helhed.imports.forms import ImportForm
from helhed.imports.reading import FORMATS, file_format
from helhed.imports.report import ImportRefusedError
from helhed.imports.services import display_name, size_problem
from helhed.imports.sheets import SHEETS
from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Role

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
POLL_SECONDS = 1


def _page(request: HttpRequest, form: ImportForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "imports/import_page.html",
        {
            "form": form,
            "sheets": SHEETS.values(),
            "formats": FORMATS,
            "limit_mb": int(settings.HELHED_IMPORT_MAX_BYTES) // (1024 * 1024),
        },
        status=status,
    )


def _store_upload(form: ImportForm, suffix: str) -> Path:
    """The upload, copied chunk by chunk to a file with a generated name (after removing
    the copies that crashed imports left)."""
    jobs.stale_uploads_remove()
    handle, name = tempfile.mkstemp(prefix=jobs.UPLOAD_PREFIX, suffix=f".{suffix}")
    with os.fdopen(handle, "wb") as target:
        for chunk in form.cleaned_data["file"].chunks():
            target.write(chunk)
    return Path(name)


@never_cache
@municipal_view(Role.CASEWORKER)
def import_page(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, form, status=400 if form.is_bound else 200)
    upload = form.cleaned_data["file"]
    too_big = size_problem(upload.size or 0)
    if too_big is not None:
        form.add_error("file", too_big.message)
        return _page(request, form, status=400)
    try:
        suffix = file_format(upload.name or "")
    except ImportRefusedError as refusal:
        form.add_error("file", refusal.problems[0].message)
        return _page(request, form, status=400)
    path = _store_upload(form, suffix)
    job = jobs.job_create(
        owner=user, kind=form.cleaned_data["kind"], file_name=display_name(upload.name or "")
    )
    jobs.job_start(job=job, actor=user, path=path, language=get_language())
    return redirect("imports:job", job_id=job.id)


@never_cache
@municipal_view(Role.CASEWORKER)
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = jobs.job_for_user(user=staff_user(request), job_id=job_id)
    if job is None:
        raise Http404
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    context = {"job": job, "sheet": SHEETS[job.kind], "poll_seconds": POLL_SECONDS}
    if request.headers.get("HX-Request") == "true":
        return render(request, "imports/includes/job_progress.html", context)
    return render(request, "imports/job_detail.html", context)


@never_cache
@municipal_view(Role.CASEWORKER)
def template_download(request: HttpRequest) -> HttpResponse:
    kind, fmt = request.GET.get("ark", ""), request.GET.get("format", "")
    if kind not in SHEETS or fmt not in FORMATS:
        raise Http404
    content = blanks.template_csv(kind) if fmt == "csv" else blanks.template_xlsx(kind)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="helhed-skabelon-{kind}.{fmt}"'
    return response


@never_cache
@municipal_view(Role.CASEWORKER)
def export_download(request: HttpRequest) -> HttpResponse:
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    user = staff_user(request)
    assert user.municipality is not None  # noqa: S101 - municipal_view
    file = tempfile.TemporaryFile(prefix="helhed-export-")  # noqa: SIM115 - FileResponse closes it
    registry_export(actor=user, file=file)
    file.seek(0)
    response: HttpResponseBase = FileResponse(
        file,
        as_attachment=True,
        filename=export_file_name(kommunekode=user.municipality.kommunekode),
        content_type=CONTENT_TYPES["xlsx"],
    )
    # A streamed response: municipal_view's type names HttpResponse, which it passes on.
    return cast(HttpResponse, response)
