# SPDX-License-Identifier: MPL-2.0
"""The chain's and the commands' messages are checked in English here (their Danish is in
the catalogue like every other message's)."""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield
