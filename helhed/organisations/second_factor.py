# SPDX-License-Identifier: MPL-2.0
"""Two-factor authentication: who needs a second factor, and the one chokepoint that
keeps a user who needs one and has not given it out of every /app/ and /admin/ page.

A role that sees persons needs it (ADR 0015): caseworkers see their caseload; an
administrator creates API integrations whose tokens read the registry and decides who
belongs to which department (and so whose caseload a caseworker sees); a superuser can
grant any role. `PERSON_DATA_ROLES` is checked against `persons_visible_to` by a test in
helhed/citizens/tests, so a role that starts to see persons cannot skip this.

The second factor is a TOTP code (helhed/organisations/totp.py) or, for single sign-on, the
identity provider's own: SSO calls `mark_second_factor_verified(request, method="saml")`
after it has logged the user in.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from helhed.organisations.models import Role, User

PERSON_DATA_ROLES: tuple[str, ...] = (
    Role.CASEWORKER,
    Role.ADMINISTRATOR,
    Role.DATA_PROTECTION_OFFICER,
)
# The parts of the site behind the second factor. The JSON API (/api/) authenticates each
# request by token and is not affected; the public pages and the login pages need none.
PROTECTED_PREFIXES = ("/app/", "/admin/")
SESSION_KEY = "helhed_second_factor"
METHODS = ("totp", "recovery", "saml", "oidc")


def second_factor_required(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    assert isinstance(user, User)  # noqa: S101 - AUTH_USER_MODEL
    return user.is_superuser or user.has_role(*PERSON_DATA_ROLES)


def session_mark_second_factor_verified(session: SessionBase, *, method: str) -> None:
    """Record in `session` that its user gave a second factor by `method`."""
    if method not in METHODS:
        raise ValueError(f"Unknown second-factor method {method!r}")
    session[SESSION_KEY] = {"method": method, "at": timezone.now().isoformat()}


def mark_second_factor_verified(request: HttpRequest, *, method: str) -> None:
    """The user of `request` has given a second factor (a TOTP code, or SSO's IdP).

    The session gets a new key, as at login: a session id known before the step up is
    worth nothing after it.
    """
    request.session.cycle_key()
    session_mark_second_factor_verified(request.session, method=method)


def second_factor_verified(request: HttpRequest) -> bool:
    return SESSION_KEY in request.session


def second_factor_method(request: HttpRequest) -> str | None:
    mark = request.session.get(SESSION_KEY)
    return mark["method"] if isinstance(mark, dict) else None


def second_factor_url(next_path: str) -> str:
    return f"{reverse('otp_verify')}?{urlencode({'next': next_path})}"


class SecondFactorMiddleware:
    """Send a user who needs a second factor and has not given one to the TOTP step."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith(PROTECTED_PREFIXES)
            and second_factor_required(request.user)
            and not second_factor_verified(request)
        ):
            return self._to_second_factor(request)
        return self.get_response(request)

    @staticmethod
    def _to_second_factor(request: HttpRequest) -> HttpResponse:
        if request.headers.get("HX-Request"):
            # an htmx request would swap the redirect's page into a fragment: htmx
            # loads the whole page instead when told so by this header
            target = second_factor_url(request.headers.get("HX-Current-URL", request.path))
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        next_path = request.get_full_path() if request.method == "GET" else request.path
        return HttpResponseRedirect(second_factor_url(next_path))
