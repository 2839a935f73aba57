# SPDX-License-Identifier: MPL-2.0
"""Helpers for the governance page tests."""

from typing import Any

from django.contrib.messages import get_messages
from django.utils.html import escape
from django.utils.translation import gettext, override


def da(message: str) -> str:
    """`message` as the page shows it: in Danish and HTML-escaped."""
    with override("da"):
        return escape(gettext(message))


def flashed(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def page(response: Any) -> str:
    text: str = response.content.decode()
    return text
