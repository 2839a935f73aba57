# SPDX-License-Identifier: MPL-2.0
"""An uploaded attachment must be a real PDF: a PDF header, an end-of-file marker, and a
size the case and meeting systems accept. The name or content type a browser sends
proves nothing (an executable renamed .pdf has both)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
HEADER = re.compile(rb"^%PDF-[12]\.[0-9]")
# The end-of-file marker stands in the last kilobyte (a writer may add a little after it).
TAIL = 1024


def ensure_pdf(data: bytes, *, field: str) -> None:
    if len(data) > MAX_BYTES:
        raise ValidationError(
            {
                field: _("The file is %(size)s MB; an attachment can be at most %(max)s MB.")
                % {"size": round(len(data) / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024}
            },
            code="too_large",
        )
    if not HEADER.match(data[:16]) or b"%%EOF" not in data[-TAIL:]:
        raise ValidationError(
            {field: _("The file is not a PDF. Upload the attachment as a PDF file.")},
            code="not_pdf",
        )
