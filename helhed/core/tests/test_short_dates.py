# SPDX-License-Identifier: MPL-2.0
"""The cached short date writes what Django's `date:"j. M Y"` writes, in either language."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

SHORT = Template("{% load short_dates %}{{ value|short_date }}")
DJANGO = Template('{{ value|date:"j. M Y" }}')


def render(template: Template, value: object) -> str:
    return template.render(Context({"value": value}))


@pytest.mark.parametrize(("language", "expected"), [("da", "3. Dec 2026"), ("en", "3. Dec 2026")])
def test_a_date_is_written_as_the_date_filter_writes_it(language: str, expected: str) -> None:
    with translation.override(language):
        assert render(SHORT, date(2026, 12, 3)) == expected
        assert render(DJANGO, date(2026, 12, 3)) == expected


def test_the_language_is_part_of_what_is_kept() -> None:
    day = date(2025, 5, 17)
    with translation.override("da"):
        danish = render(SHORT, day)
    with translation.override("en"):
        english = render(SHORT, day)
    assert (danish, english) == ("17. Maj 2025", "17. May 2025")


def test_no_date_is_empty_so_that_default_applies() -> None:
    template = Template('{% load short_dates %}{{ value|short_date|default:"none" }}')
    assert template.render(Context({"value": None})) == "none"


@pytest.mark.django_db
def test_a_datetime_is_written_in_local_time_as_the_date_filter_does() -> None:
    # 23:30 UTC on 31 December is already 1 January in Copenhagen
    late = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    with translation.override("da"):
        assert render(SHORT, late) == render(DJANGO, late) == "1. Jan 2026"
