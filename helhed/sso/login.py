# SPDX-License-Identifier: MPL-2.0
"""What a single sign-on login leaves in the session."""

from django.http import HttpRequest

SECOND_FACTOR_SESSION_KEY = "helhed_second_factor"


def _mark_verified_by_idp(request: HttpRequest) -> None:
    """The identity provider has verified the second factor (NSIS level substantial or
    the municipality's own MFA). The one call site for the TOTP work's marker: replace the
    body with its function when it lands."""
    request.session[SECOND_FACTOR_SESSION_KEY] = "sso"
