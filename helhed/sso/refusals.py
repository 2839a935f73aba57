# SPDX-License-Identifier: MPL-2.0
"""The page a refused single sign-on login shows: a reason in Danish, never a trace."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

REFUSAL_ATTRIBUTE = "helhed_sso_refusal"


def refusal_note(request: HttpRequest, message: str) -> None:
    """Remember why a backend refused, for the view that answers the request."""
    setattr(request, REFUSAL_ATTRIBUTE, message)


def refusal_response(request: HttpRequest, message: str = "", status: int = 403) -> HttpResponse:
    message = (
        message
        or getattr(request, REFUSAL_ATTRIBUTE, "")
        or _(
            "The login could not be verified. Nothing has been changed. Try again, or ask your "
            "municipality's administrator."
        )
    )
    return render(request, "sso/sso_refused.html", {"message": message}, status=status)
