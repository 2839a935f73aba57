# SPDX-License-Identifier: MPL-2.0
"""The registry's personas (jobcenter, other_caseworker of Furesø, ...) and a frozen day."""

from collections.abc import Iterator
from datetime import date

import pytest

from helhed.caseplans.tests.conftest import travel
from helhed.citizens.tests.conftest import *  # noqa: F403

TODAY = date(2026, 12, 2)


@pytest.fixture
def today() -> Iterator[date]:
    with travel(TODAY):
        yield TODAY
