# SPDX-License-Identifier: MPL-2.0
"""The running series read in one plain query: the running sums of the changes per key and
breakdown, and, for the follow-up report, of the targets' indicators only (the same sums,
fewer rows read); the history's twelve-month windows, each from the one before it; the
report's month labels, kept per language."""

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from helhed.indicators.definitions.base import month_of
from helhed.indicators.measurement import IndicatorHistory
from helhed.indicators.models import IndicatorValue
from helhed.indicators.reports.dashboard import month_label
from helhed.indicators.reports.follow_up import _month_label
from helhed.indicators.selectors import running_series
from helhed.indicators.tests.conftest import TODAY
from helhed.indicators.tests.follow_up_world import FollowUpWorld, build_follow_up_world
from helhed.organisations.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

DAYCARE = "children_in_daycare"
MENTOR = "volunteer_mentor_or_friendship_family"


@pytest.fixture
def world(policy_officer: User, caseworker: User) -> FollowUpWorld:
    world = build_follow_up_world(officer=policy_officer, caseworker=caseworker)
    # a second breakdown of the daycare key, so that the sums restart per breakdown
    IndicatorValue.objects.create(
        municipality=world.version.policy.municipality,
        key=DAYCARE,
        breakdown="b",
        month=date(2025, 3, 1),
        numerator=1,
        denominator=2,
    )
    return world


def test_the_series_holds_the_running_sums_per_key_and_breakdown(world: FollowUpWorld) -> None:
    series = running_series(world.version.policy.municipality_id, month_of(TODAY))

    assert series[(DAYCARE, "")] == {2024 * 12 + 11: (10, 20), 2026 * 12: (18, 25)}
    assert series[(DAYCARE, "b")] == {2025 * 12 + 2: (1, 2)}
    # 3 of 4 written by hand, and the three arrivals the engine counted in May 2026
    assert series[(MENTOR, "")] == {2025 * 12 + 5: (3, 4), 2026 * 12 + 4: (3, 7)}


def test_a_series_stops_at_its_month(world: FollowUpWorld) -> None:
    series = running_series(world.version.policy.municipality_id, 2025 * 12 + 11)

    assert series[(DAYCARE, "")] == {2024 * 12 + 11: (10, 20)}


def test_the_series_of_some_keys_is_the_whole_series_of_those_keys(world: FollowUpWorld) -> None:
    municipality_id = world.version.policy.municipality_id
    whole = running_series(municipality_id, month_of(TODAY))

    some = running_series(municipality_id, month_of(TODAY), keys=[DAYCARE])

    assert dict(some) == {k: v for k, v in whole.items() if k[0] == DAYCARE}
    assert {k for k, _b in whole} > {DAYCARE}  # the others were there to leave out


def test_no_keys_read_nothing(world: FollowUpWorld) -> None:
    with CaptureQueriesContext(connection) as queries:
        series = running_series(world.version.policy.municipality_id, month_of(TODAY), keys=[])
    assert dict(series) == {}
    assert len(queries) == 0


def test_a_history_of_some_keys_refuses_another(world: FollowUpWorld) -> None:
    history = IndicatorHistory(
        municipality_id=world.version.policy.municipality_id,
        until=month_of(TODAY) - 1,
        keys={DAYCARE},
    )

    assert history.at(DAYCARE, 2026 * 12 + 10).value == pytest.approx(100 * 19 / 27)
    with pytest.raises(KeyError):
        history.at(MENTOR, 2026 * 12 + 10)


ARRIVALS = "arrivals_by_source"


def test_a_trend_of_twelve_month_windows_is_each_windows_sum_in_any_order(
    world: FollowUpWorld,
) -> None:
    # given arrivals counted in several months (an event: a window sums its months)
    municipality = world.version.policy.municipality
    for month, count in ((date(2025, 3, 1), 2), (date(2025, 9, 1), 1), (date(2026, 2, 1), 4)):
        IndicatorValue.objects.create(
            municipality=municipality,
            key=ARRIVALS,
            breakdown="family_reunified",
            month=month,
            numerator=count,
            denominator=0,
        )
    months = range(2024 * 12, 2026 * 12 + 11)

    def history() -> IndicatorHistory:
        return IndicatorHistory(municipality_id=municipality.id, until=month_of(TODAY) - 1)

    forwards, backwards = history(), history()
    trend = [forwards.at(ARRIVALS, m) for m in months]
    reversed_trend = [backwards.at(ARRIVALS, m) for m in reversed(months)][::-1]

    # each window as a history asked for it alone sums it month by month
    alone = [history().at(ARRIVALS, m) for m in months]
    assert trend == alone
    assert reversed_trend == alone
    assert {m.numerator for m in alone} > {0}  # windows with arrivals and without


@pytest.mark.parametrize(
    ("label", "danish", "english"),
    [(_month_label, "maj 2026", "may 2026"), (month_label, "maj 2026", "May 2026")],
)
def test_a_months_label_is_in_the_readers_language_whichever_came_first(
    label: Callable[[int], str], danish: str, english: str
) -> None:
    may = 2026 * 12 + 4
    with translation.override("da"):
        first = label(may)
    with translation.override("en"):
        second = label(may)
    with translation.override("da"):
        third = label(may)

    assert (first, second, third) == (danish, english, danish)
