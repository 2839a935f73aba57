# SPDX-License-Identifier: MPL-2.0
"""The status of a target against its straight-line trajectory (docs/adr/0021), worked
by hand: a baseline of 20 % on 1 January 2020 towards at least 45 % on 1 January 2024."""

from datetime import date

import pytest

from helhed.indicators.selectors import TargetStatus, trajectory_status

START, DEADLINE = date(2020, 1, 1), date(2024, 1, 1)  # 1461 days
HALFWAY = date(2022, 1, 1)  # 731 days in: expected 20 + 25 * 731/1461 = 32.508...


def status(
    current: float | None,
    *,
    comparator: str = "gte",
    baseline: float | None = 20.0,
    today: date = HALFWAY,
) -> str:
    found, _expected = trajectory_status(
        comparator=comparator,
        target=45.0,
        baseline=baseline,
        current=current,
        start=START,
        deadline=DEADLINE,
        today=today,
    )
    return found


def test_the_expected_value_lies_on_the_line_from_baseline_to_target() -> None:
    _status, expected = trajectory_status(
        comparator="gte",
        target=45.0,
        baseline=20.0,
        current=30.0,
        start=START,
        deadline=DEADLINE,
        today=HALFWAY,
    )
    assert expected == pytest.approx(20 + 25 * 731 / 1461)


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (33.0, TargetStatus.ON_TRACK),  # above the line
        (45.0, TargetStatus.ON_TRACK),  # the target itself
        (30.1, TargetStatus.AT_RISK),  # 2.4 below: within 10 % of 25 = 2.5
        (29.9, TargetStatus.OFF_TRACK),  # 2.6 below
        (None, TargetStatus.NO_DATA),
    ],
)
def test_at_least(current: float | None, expected: str) -> None:
    assert status(current) == expected


def test_at_most_mirrors_the_band() -> None:
    # from 20 down to at most... a target of 45 upwards is not 'at most'; use 45 -> baseline 70
    assert status(57.0, comparator="lte", baseline=70.0) == TargetStatus.ON_TRACK  # line: 57.49
    assert status(59.9, comparator="lte", baseline=70.0) == TargetStatus.AT_RISK
    assert status(60.1, comparator="lte", baseline=70.0) == TargetStatus.OFF_TRACK


def test_after_the_deadline_the_target_itself_is_the_line() -> None:
    assert status(44.0, today=date(2025, 1, 1)) == TargetStatus.AT_RISK  # band 2.5
    assert status(42.0, today=date(2025, 1, 1)) == TargetStatus.OFF_TRACK


def test_without_a_baseline_the_target_is_the_line_with_a_band_of_five_per_cent() -> None:
    assert status(45.0, baseline=None) == TargetStatus.ON_TRACK
    assert status(43.0, baseline=None) == TargetStatus.AT_RISK  # band 2.25
    assert status(42.0, baseline=None) == TargetStatus.OFF_TRACK


def test_exactly_is_judged_both_ways() -> None:
    assert status(32.5, comparator="eq") == TargetStatus.ON_TRACK
    assert status(34.9, comparator="eq") == TargetStatus.ON_TRACK  # 2.4 off the line
    assert status(36.0, comparator="eq") == TargetStatus.AT_RISK  # 3.5 off
    assert status(40.0, comparator="eq") == TargetStatus.OFF_TRACK
