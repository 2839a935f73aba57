# SPDX-License-Identifier: MPL-2.0
"""Months back from a day, and the cut-offs the periods give."""

from datetime import date

import pytest

from helhed.retention.periods import Periods, months_before


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 12, 2), 6, date(2026, 6, 2)),
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
        (date(2028, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 3, 15), 3, date(2025, 12, 15)),
        (date(2026, 12, 2), 60, date(2021, 12, 2)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


def test_the_audit_cutoff_is_midnight_copenhagen_time() -> None:
    cutoff = Periods(audit_event_months=6, ended_record_months=60).audit_cutoff(date(2026, 12, 2))

    assert cutoff.isoformat() == "2026-06-02T00:00:00+02:00"
