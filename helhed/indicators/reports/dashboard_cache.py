# SPDX-License-Identifier: MPL-2.0
"""The managers' dashboard's body, built once per month shown, day, language and kind of
reader until the registry or the policy in force changes (docs/adr/0039-cached-report-pages.md).

The body (the tiles, every indicator's cells, the charts and the targets) is the same for
every member of the municipality's staff who may see it, except that the counts link to
the persons behind them for those who may drill down (managers and caseworkers); the links
hold only the indicator, month, group and part, and the drill-down checks the reader and
writes its audit event on every read (it is never cached). The key: the municipality, the
month shown, the day (which month has ended), the language, whether the counts link, and
the stamp of the data (data_stamps.dashboard_stamp, read on every request). The downloads
are built afresh.

The policy in force and its targets (selectors.policy_targets) are kept too, under the
stamp of the policy alone (`DashboardStamps.policy`, read in the same two queries): the
first view after a registry change builds the body without reading the policy again; a
change to the policy reads it afresh (docs/adr/0046-first-view-of-report-pages.md).

The running series the body is built from (selectors.running_series, of the months it
shows) are kept under the stamp of the registry alone (`DashboardStamps.registry`): the
first view after a change to the policy reads them from the cache, and only a change to
the registry reads them again (docs/adr/0056-dashboard-series-kept-by-registry-stamp.md).
"""

import hashlib
import uuid
from collections.abc import Callable, Collection
from datetime import date

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from helhed.indicators.definitions.base import Month
from helhed.indicators.reports.data_stamps import dashboard_stamps
from helhed.indicators.selectors import (
    PolicyTargets,
    RunningSeries,
    SeriesReader,
    policy_targets,
    running_series,
)

KEY_VERSION = "2"
CACHE_SECONDS = 60 * 60  # an entry of an old stamp is never read again: this frees space


def dashboard_cache_key(
    *, municipality_id: uuid.UUID, month: Month, today: date, links: bool, stamp: str
) -> str:
    return ":".join(
        [
            "dashboard-body",
            KEY_VERSION,
            str(municipality_id),
            str(month),
            today.isoformat(),
            get_language() or "",
            "links" if links else "numbers",
            stamp,
        ]
    )


def dashboard_policy_cache_key(*, municipality_id: uuid.UUID, stamp: str) -> str:
    """The key of the policy in force and its targets, under the policy's own stamp."""
    return ":".join(["dashboard-policy", KEY_VERSION, str(municipality_id), stamp])


def dashboard_series_cache_key(
    *, municipality_id: uuid.UUID, registry: str, until: Month, at: Collection[Month]
) -> str:
    """The key of the running series of the months `at` up to `until`, under the
    registry's stamp."""
    months = hashlib.sha256(",".join(map(str, sorted(set(at)))).encode()).hexdigest()
    return ":".join(
        ["dashboard-series", KEY_VERSION, str(municipality_id), registry, str(until), months]
    )


def _series_reader(registry: str) -> SeriesReader:
    """`running_series(municipality, until, at=months)`, kept under the registry's stamp."""

    def read(municipality_id: uuid.UUID, until: Month, at: Collection[Month]) -> RunningSeries:
        key = dashboard_series_cache_key(
            municipality_id=municipality_id, registry=registry, until=until, at=at
        )
        series: RunningSeries | None = cache.get(key)
        if series is None:
            series = running_series(municipality_id, until, at=at)
            cache.set(key, series, CACHE_SECONDS)
        return series

    return read


def cached_dashboard_body(
    *,
    municipality_id: uuid.UUID,
    month: Month,
    today: date,
    links: bool,
    build: Callable[[PolicyTargets, SeriesReader], str],
) -> SafeString:
    """The body from the cache, or `build(policy, read_series)` (the rendered body, given
    the policy in force and its targets, and a reader of the running series that keeps
    them under the registry's stamp) kept for the next view."""
    stamps = dashboard_stamps(municipality_id=municipality_id)
    key = dashboard_cache_key(
        municipality_id=municipality_id, month=month, today=today, links=links, stamp=stamps.page
    )
    body: str | None = cache.get(key)
    if body is None:
        policy_key = dashboard_policy_cache_key(
            municipality_id=municipality_id, stamp=stamps.policy
        )
        policy: PolicyTargets | None = cache.get(policy_key)
        if policy is None:
            policy = policy_targets(municipality_id=municipality_id)
            cache.set(policy_key, policy, CACHE_SECONDS)
        body = build(policy, _series_reader(stamps.registry))
        cache.set(key, body, CACHE_SECONDS)
    return mark_safe(body)  # noqa: S308 (rendered by the template engine, which escapes)
