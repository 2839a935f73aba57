# SPDX-License-Identifier: MPL-2.0
"""Hearings, responses and PDFs for tests, made through the services."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from helhed.hearings import services
from helhed.hearings.models import Hearing
from helhed.hearings.services import SubmittedResponse
from helhed.hearings.uploads import CheckedPdf, check_pdf
from helhed.organisations.models import User
from helhed.policies.models import PolicyVersion
from helhed.policies.tests.factories import make_policy


def pdf_bytes(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name: str = "svar.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, "application/pdf")


def checked_pdf(name: str = "svar.pdf") -> CheckedPdf:
    return check_pdf(pdf_upload(name))


def make_hearing(
    *,
    actor: User,
    version: PolicyVersion | None = None,
    start: bool = True,
    opens_in: timedelta = timedelta(days=-1),
    lasts: timedelta = timedelta(days=21),
    title: str = "Høring over integrationspolitikken",
) -> Hearing:
    """A hearing on `version` (a new draft policy if None), open now unless told."""
    version = version or make_policy(actor=actor, title="Politik i høring")
    opens = timezone.now() + opens_in
    hearing = services.hearing_create(
        actor=actor, version=version, title=title, opens_at=opens, closes_at=opens + lasts
    )
    if start:
        hearing = services.hearing_start(actor=actor, hearing=hearing)
    return hearing


def submit(
    hearing: Hearing,
    *,
    text: str = "Vi foreslår mere fokus på foreningslivet.",
    section: str = "",
    consent: bool = True,
    attachment: CheckedPdf | None = None,
    author_name: str = "Foreningen Fællesskab",
) -> SubmittedResponse:
    return services.response_submit(
        hearing=hearing,
        section=section,
        author_name=author_name,
        email="svar@example.org",
        text=text,
        consent_to_publication=consent,
        attachment=attachment,
    )
