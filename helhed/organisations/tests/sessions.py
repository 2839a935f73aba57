# SPDX-License-Identifier: MPL-2.0
"""A signed-in session for page tests, with the second factor already given.

`login_verified(client, user)` is `client.force_login(user)` plus the same session marks
the TOTP step and the first signed-in request write (second factor given, session clocks
started). Page tests use
it to test the page, not the login; the login, the TOTP step and their refusals are
tested through the real pages in helhed/organisations/tests/test_login_*.py.
"""

from django.test import Client

from helhed.organisations.models import User
from helhed.organisations.second_factor import session_mark_second_factor_verified
from helhed.organisations.session_lifetime import session_lifetime_start


def login_verified(client: Client, user: User) -> None:
    client.force_login(user)
    session = client.session
    session_mark_second_factor_verified(session, method="totp")
    session_lifetime_start(session)
    session.save()
