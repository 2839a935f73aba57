# SPDX-License-Identifier: MPL-2.0
"""Lockout after repeated failed logins (django-axes, settings AXES_*).

After AXES_FAILURE_LIMIT failures for one username from one address, that pair is
refused for AXES_COOLOFF_TIME, even with the right password. The refusal is the login
page with a message that says why and for how long, and a log line; neither the page,
the log nor axes' table holds a CPR number typed as a username (it becomes a keyed hash).
"""

import hashlib
import hmac
import logging
import re
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from helhed.organisations.forms import LoginForm

logger = logging.getLogger("helhed.security")

CPR_SHAPED = re.compile(r"\d{6}\s*-?\s*\d{4}")
LOCKED_OUT_STATUS = 429


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The username axes counts failures for: as typed, unless it contains a CPR number."""
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username")
    if not isinstance(username, str):
        return None
    if CPR_SHAPED.search(username):
        digest = hmac.new(
            settings.SECRET_KEY.encode(), username.encode(), hashlib.sha256
        ).hexdigest()
        return f"cpr-shaped:{digest[:16]}"
    return username


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed logins: logging in with this username from your address is "
        "blocked for %(minutes)s minutes. Try again later, or ask your municipality's "
        "administrator."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The login page, refusing a locked-out username and address (AXES_LOCKOUT_CALLABLE)."""
    username = lockout_username(request, credentials)
    logger.warning(
        "Login refused: locked out after repeated failures (username %r, address %s)",
        username,
        request.META.get("REMOTE_ADDR", ""),
    )
    return render(
        request,
        "organisations/login.html",
        {
            "form": LoginForm(request),
            "next": request.POST.get("next", ""),
            "refusal": lockout_message(),
        },
        status=LOCKED_OUT_STATUS,
    )
