# SPDX-License-Identifier: MPL-2.0
"""Session lifetime: a signed-in session ends after HELHED_SESSION_IDLE_TIMEOUT without a
request, and HELHED_SESSION_ABSOLUTE_TIMEOUT after login, whichever comes first.

The session records when it was first seen signed in and when it was last used (whole
seconds since the epoch, UTC). An expired session is logged out and the user lands on the
login page with a message saying why; the JSON API authenticates by token, not session,
and is not affected.
"""

import logging
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("helhed.security")

STARTED_KEY = "helhed_session_started"
LAST_SEEN_KEY = "helhed_session_last_seen"
# The last-seen time is written at most this often (seconds), not on every request.
LAST_SEEN_RESOLUTION = 60


def session_expiry_reason(*, started: int, last_seen: int, now: int) -> str | None:
    """Why a session started and last used at these times has expired at `now`, if it has."""
    absolute = settings.HELHED_SESSION_ABSOLUTE_TIMEOUT.total_seconds()
    idle = settings.HELHED_SESSION_IDLE_TIMEOUT.total_seconds()
    if now - started >= absolute:
        return _(
            "You have been logged out because you logged in more than %(hours)s hours ago. "
            "Log in again."
        ) % {"hours": f"{absolute / 3600:g}"}
    if now - last_seen >= idle:
        return _(
            "You have been logged out because the session was idle for more than "
            "%(minutes)s minutes. Log in again."
        ) % {"minutes": f"{idle / 60:g}"}
    return None


def session_lifetime_start(session: SessionBase) -> None:
    """Start the clocks of a newly signed-in session."""
    now = int(timezone.now().timestamp())
    session[STARTED_KEY] = now
    session[LAST_SEEN_KEY] = now


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            session = request.session
            started = session.get(STARTED_KEY)
            last_seen = session.get(LAST_SEEN_KEY)
            if not isinstance(started, int) or not isinstance(last_seen, int):
                # the first request after login (by the login page, SSO or a test client)
                session_lifetime_start(session)
            else:
                reason = session_expiry_reason(started=started, last_seen=last_seen, now=now)
                if reason is not None:
                    return self._logged_out(request, reason)
                if now - last_seen >= LAST_SEEN_RESOLUTION:
                    session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _logged_out(request: HttpRequest, reason: str) -> HttpResponse:
        user_id = request.user.pk
        logout(request)
        logger.info("Session expired and logged out (user id %s)", user_id)
        messages.info(request, reason)
        login_url = reverse("login")
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        next_path = request.get_full_path() if request.method == "GET" else request.path
        return HttpResponseRedirect(f"{login_url}?{urlencode({'next': next_path})}")
