# SPDX-License-Identifier: MPL-2.0
"""Attachments to hearing responses: at most 10 MB, and real PDFs.

Django's own limits do not bound a multipart body: DATA_UPLOAD_MAX_MEMORY_SIZE counts
only the fields that are not files, and FILE_UPLOAD_MAX_MEMORY_SIZE only decides when an
upload goes from memory to a temporary file. So the public form reads its body through
`BodyLimitUploadHandler`, which refuses a body larger than MAX_BODY_BYTES before reading
it (by its Content-Length) and stops reading a file the moment it passes the limit.
"""

import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar, cast

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# the attachment, the text (20,000 characters, up to 4 bytes each) and the form's fields
MAX_BODY_BYTES = MAX_ATTACHMENT_BYTES + 512 * 1024
PDF_MAGIC = b"%PDF-"
TOO_LARGE = "hearing_body_too_large"

View = TypeVar("View", bound=Callable[..., HttpResponse])


def body_too_large(request: HttpRequest) -> bool:
    return bool(getattr(request, TOO_LARGE, False))


class BodyLimitUploadHandler(FileUploadHandler):
    """First of the request's upload handlers: refuses an oversized body unread."""

    def __init__(self, request: HttpRequest, limit: int = MAX_BODY_BYTES) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],  # noqa: N803 (Django's name)
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> tuple[QueryDict, MultiValueDict[str, UploadedFile]] | None:
        if content_length > self.limit:
            setattr(self.request, TOO_LARGE, True)
            return QueryDict(), MultiValueDict()
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            setattr(self.request, TOO_LARGE, True)
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def body_limited(view: View) -> View:
    """Read a POST's body through BodyLimitUploadHandler. An oversized body reaches the
    view with `body_too_large(request)` true and nothing else, and without the CSRF
    check (its token was never read): the view must only refuse it. Every other POST is
    CSRF-checked as usual."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            request.upload_handlers = [BodyLimitUploadHandler(request), *request.upload_handlers]
            request.POST  # noqa: B018 (parse the body now, through the limit)
            if body_too_large(request):
                return view(request, *args, **kwargs)
        return protected(request, *args, **kwargs)

    return cast(View, wrapper)


@dataclass(frozen=True)
class CheckedPdf:
    file_name: str
    content: bytes
    pages: int

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def too_large_message() -> str:
    return _("The attachment is too large: a PDF of at most %(mb)s MB can be attached.") % {
        "mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)
    }


def safe_file_name(name: str) -> str:
    stem = re.sub(r"[^\w.\- ]+", "_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip(" ._")
    stem = stem[:-4] if stem.lower().endswith(".pdf") else stem
    return f"{(stem or 'bilag')[:150]}.pdf"


def check_pdf(upload: UploadedFile) -> CheckedPdf:
    """The upload as a PDF that pypdf can read, or a ValidationError saying why not."""
    from pypdf import PdfReader

    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(too_large_message(), code="too_large")
    content = b"".join(upload.chunks())
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(too_large_message(), code="too_large")
    not_pdf = _(
        "The attachment is not a PDF file. Only PDF files can be attached; "
        "save or print the document as PDF and try again."
    )
    if not content.startswith(PDF_MAGIC):
        raise ValidationError(not_pdf, code="not_pdf")
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is password-protected. Attach a PDF without a password."),
                code="encrypted",
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds of error on broken input
        raise ValidationError(not_pdf, code="not_pdf") from error
    if pages < 1:
        raise ValidationError(not_pdf, code="not_pdf")
    return CheckedPdf(file_name=safe_file_name(upload.name or ""), content=content, pages=pages)
