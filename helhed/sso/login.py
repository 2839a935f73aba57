# SPDX-License-Identifier: MPL-2.0
"""What a single sign-on login leaves in the session."""

from django.http import HttpRequest

from helhed.organisations.second_factor import mark_second_factor_verified


def _mark_verified_by_idp(request: HttpRequest, method: str) -> None:
    """The identity provider has verified the second factor (NSIS level substantial or
    the municipality's own MFA): the session counts as second-factor verified, the same
    mark a TOTP code gives (helhed/organisations/second_factor.py)."""
    mark_second_factor_verified(request, method=method)
