# SPDX-License-Identifier: MPL-2.0
"""The running series read for some months only (`running_series(at=...)`, which the
dashboard reads): at each of those months the same values as the series of every month,
a refusal for any other month, and the same dashboard in every month and on every day."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helhed.indicators.definitions.base import month_start
from helhed.indicators.models import IndicatorValue
from helhed.indicators.reports import dashboard
from helhed.indicators.selectors import (
    SampledChanges,
    running_series,
    value_at,
)
from helhed.indicators.tests.follow_up_world import build_follow_up_world
from helhed.organisations.models import Municipality, User

pytestmark = pytest.mark.django_db

FIRST, LAST = 2014 * 12, 2026 * 12 + 11


@pytest.fixture
def municipality(policy_officer: User, caseworker: User) -> Municipality:
    """The follow-up world's policy and aggregates, and changes of other cells spread over
    twelve years, so that the months read have gaps between them."""
    build_follow_up_world(officer=policy_officer, caseworker=caseworker)
    municipality = policy_officer.municipality
    assert municipality is not None
    for number, month in enumerate(range(FIRST, LAST, 7)):
        for key, breakdown in (
            ("self_support_after_one_year", ""),
            ("arrivals_by_source", "asylum"),
            ("arrivals_by_source", "quota_refugee"),
        ):
            IndicatorValue.objects.create(
                municipality=municipality,
                key=key,
                breakdown=breakdown,
                month=month_start(month),
                numerator=number % 3,
                denominator=number % 5 - 1,
            )
    return municipality


def _value(series: dict, cell: tuple[str, str], month: int) -> tuple[int, int]:
    return value_at(series.get(cell, {}), month)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    at=st.sets(st.integers(min_value=FIRST - 3, max_value=LAST + 3), min_size=1, max_size=30),
    until=st.integers(min_value=FIRST, max_value=LAST + 2),
)
def test_at_the_months_read_the_same_values_as_every_months_series(
    municipality: Municipality, at: set[int], until: int
) -> None:
    every = running_series(municipality.id, until)
    sampled = running_series(municipality.id, until, at=at)

    read = sorted(at)  # a month after `until` too: it has `until`'s value in both
    cells = set(every) | set(sampled)
    for cell in cells:
        assert [_value(sampled, cell, m) for m in read] == [_value(every, cell, m) for m in read]
    # fewer rows, never more
    assert sum(map(len, sampled.values())) <= sum(map(len, every.values()))


def test_another_month_of_a_sampled_series_is_refused(municipality: Municipality) -> None:
    sampled = running_series(municipality.id, LAST, at={2020 * 12, 2020 * 12 + 1})
    changes = sampled[("self_support_after_one_year", "")]
    assert isinstance(changes, SampledChanges)
    assert value_at(changes, 2020 * 12) == _value(
        running_series(municipality.id, LAST), ("self_support_after_one_year", ""), 2020 * 12
    )
    with pytest.raises(ValueError, match="other months"):
        value_at(changes, 2020 * 12 + 2)


def test_a_month_after_the_end_reads_the_ends_value_and_later_ones_too(
    municipality: Municipality,
) -> None:
    every = running_series(municipality.id, 2020 * 12)
    sampled = running_series(municipality.id, 2020 * 12, at={2021 * 12})
    cell = ("self_support_after_one_year", "")
    assert _value(sampled, cell, 2023 * 12) == _value(every, cell, 2020 * 12)
    with pytest.raises(ValueError, match="other months"):
        _value(sampled, cell, 2019 * 12)


@pytest.mark.parametrize("today", [date(2026, 12, 2), date(2025, 7, 15), date(2020, 3, 1)])
def test_the_dashboard_is_the_same_as_from_every_months_series(
    municipality: Municipality, today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    def every_month(municipality_id: object, until: int, **_ignored: object) -> dict:
        return running_series(municipality_id, until)  # type: ignore[arg-type]

    last = today.year * 12 + today.month - 1
    for month in [*range(FIRST, last + 1, 11), last - 1, last]:
        arguments = {
            "municipality_id": municipality.id,
            "issuer": municipality.name,
            "month": month,
            "today": today,
            "as_of": datetime(2026, 1, 1, tzinfo=UTC),
        }
        sampled = dashboard.build_dashboard(**arguments)
        with monkeypatch.context() as patched:
            patched.setattr(dashboard, "running_series", every_month)
            every = dashboard.build_dashboard(**arguments)
        assert sampled.rows == every.rows, month
        assert sampled.tiles == every.tiles
        assert sampled.targets == every.targets
        assert repr(sampled.charts) == repr(every.charts)
        assert repr(sampled.document) == repr(every.document)
    assert every.targets  # the world's policy has targets to judge
