# SPDX-License-Identifier: MPL-2.0
"""An attachment is only ever served as a download: never shown in the browser."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from helhed.hearings.models import ResponseAttachment


def attachment_response(attachment: ResponseAttachment, *, public: bool) -> HttpResponse:
    response = HttpResponse(bytes(attachment.content), content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=attachment.file_name)
        or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response
