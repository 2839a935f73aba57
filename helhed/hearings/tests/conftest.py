# SPDX-License-Identifier: MPL-2.0
from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> Iterator[None]:
    """The hourly count per address lives in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english() -> Iterator[None]:
    """Service messages in English (the pages' tests read them in Danish)."""
    from django.utils import translation

    with translation.override("en"):
        yield
