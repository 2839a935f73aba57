# SPDX-License-Identifier: MPL-2.0
"""The worklist's and plan's display filters: deadlines in words, overdue, rule sources."""

from datetime import date

import pytest
from django.utils import translation

from helhed.caseplans.models import Rule
from helhed.caseplans.rules import RULE_SOURCES
from helhed.caseplans.templatetags.plan_display import due_text, is_overdue, rule_source

TODAY = date(2024, 5, 1)


@pytest.mark.parametrize(
    ("due_on", "text"),
    [
        (date(2024, 4, 28), "Overdue by 3 days"),
        (date(2024, 4, 30), "Overdue by 1 day"),
        (date(2024, 5, 1), "Due today"),
        (date(2024, 5, 2), "Due in 1 day"),
        (date(2024, 5, 6), "Due in 5 days"),
    ],
)
def test_a_deadline_is_told_in_words(due_on: date, text: str) -> None:
    with translation.override("en"):
        assert due_text(due_on, TODAY) == text


def test_a_deadline_is_overdue_from_the_day_after() -> None:
    assert is_overdue(date(2024, 4, 30), TODAY)
    assert not is_overdue(TODAY, TODAY)
    assert not is_overdue(date(2024, 5, 2), TODAY)


def test_every_rule_cites_its_source_and_an_unknown_rule_none() -> None:
    for rule in Rule.values:
        assert rule_source(rule) == str(RULE_SOURCES[rule])
        assert rule_source(rule)
    assert rule_source("unknown") == ""
