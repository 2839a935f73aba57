# SPDX-License-Identifier: MPL-2.0
"""The page for a form whose CSRF token is missing or forged: a 403 in the site's own
layout and language that says what to do, and never Django's technical page."""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger("helhed.security")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # The reason is Django's fixed text (e.g. "CSRF token incorrect."), never form data.
    logger.warning("CSRF check failed: %s (%s %s)", reason, request.method, request.path)
    return render(request, "core/csrf_failure.html", status=403)
