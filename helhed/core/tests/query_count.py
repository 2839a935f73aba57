# SPDX-License-Identifier: MPL-2.0
"""Counting the queries of one page request, for the query-budget tests."""

from typing import TYPE_CHECKING

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

if TYPE_CHECKING:  # the test client's answer type exists only in django-stubs
    from django.test.client import _MonkeyPatchedWSGIResponse


def queries_of_page(
    client: Client, url: str, *, warm: bool = False
) -> tuple[int, "_MonkeyPatchedWSGIResponse"]:
    """The number of queries a GET of `url` runs, and its answer (which must be 200).
    `warm`: request the page once first, so the session and per-process caches are filled
    and only the page's own queries are counted."""
    if warm:
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries), response
