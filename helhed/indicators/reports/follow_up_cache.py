# SPDX-License-Identifier: MPL-2.0
"""The follow-up report's page, built once per audience, language and day until anything it
shows changes (docs/adr/0039-cached-report-pages.md).

The page is the same for every reader of one audience until the registry, the plans or the
policy change, and building it (the policy's parts, the targets measured over the
municipality's aggregates, the initiatives' progress, the HTML of every table and chart)
is most of its time. So its rendered body is kept in Django's cache under a key that holds
everything the report is a function of: the municipality and the policy version (tenants
never share an entry), the audience (exact for the municipality's staff, or
disclosure-controlled for politicians), the language, the day (the current month, and the
interventions started up to today), and the stamp of the data it reads
(data_stamps.follow_up_stamp, read on every request). A change therefore shows in the next
view; entries of old stamps are never read again and expire. Only the page is cached: the
downloads are built afresh.

The first view after a change builds the report. The common change is the registry's, and
the policy's parts the report shows (its objectives, targets, focus areas, initiatives:
policies.selectors.version_plan) do not change with it, so they are kept in the cache too,
under the stamp of those parts alone (`FollowUpStamps.plan`, read in the same two queries):
a registry change rebuilds the report from the parts kept, a change to the policy reads
them afresh (docs/adr/0046-first-view-of-report-pages.md).
"""

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from helhed.indicators.reports.data_stamps import FollowUpStamps, follow_up_stamps
from helhed.indicators.reports.follow_up import follow_up_document
from helhed.policies.models import PolicyVersion
from helhed.policies.selectors import VersionPlan, version_plan
from helhed.reports.render.html import render_html, unique_id_prefix

# bumped when what is cached, or how it is built, changes in a way old entries must not serve
KEY_VERSION = "2"
# an entry whose stamp is no longer current is never read again; this only frees the space
CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class FollowUpPage:
    """What the page shows of the report: its title, issuer and rendered body."""

    title: str
    issuer: str
    body: SafeString


def follow_up_cache_key(*, version: PolicyVersion, exact: bool, today: date, stamp: str) -> str:
    return ":".join(
        [
            "follow-up-page",
            KEY_VERSION,
            str(version.policy.municipality_id),
            str(version.id),
            "exact" if exact else "protected",
            get_language() or "",
            today.isoformat(),
            stamp,
        ]
    )


def follow_up_plan_cache_key(*, version: PolicyVersion, stamp: str) -> str:
    """The key of the version's parts, under the stamp of those parts (`FollowUpStamps.plan`)."""
    return ":".join(
        ["follow-up-plan", KEY_VERSION, str(version.policy.municipality_id), str(version.id), stamp]
    )


def _plan(version: PolicyVersion, stamps: FollowUpStamps) -> VersionPlan:
    key = follow_up_plan_cache_key(version=version, stamp=stamps.plan)
    plan: VersionPlan | None = cache.get(key)
    if plan is None:
        plan = version_plan(version=version)
        cache.set(key, plan, CACHE_SECONDS)
    return plan


def follow_up_page(
    *, version: PolicyVersion, exact: bool, today: date | None = None
) -> FollowUpPage:
    """The report's page for its audience, from the cache while nothing it shows changed."""
    today = today or timezone.localdate()
    stamps = follow_up_stamps(version=version)
    key = follow_up_cache_key(version=version, exact=exact, today=today, stamp=stamps.page)
    cached = cache.get(key)
    if cached is not None:
        title, issuer, body = cached
        return FollowUpPage(title, issuer, mark_safe(body))  # noqa: S308 (rendered by the template engine)
    document = follow_up_document(
        version=version, exact=exact, today=today, plan=_plan(version, stamps)
    )
    page = FollowUpPage(
        document.title, document.issuer, render_html(document, id_prefix=unique_id_prefix())
    )
    cache.set(key, (page.title, page.issuer, str(page.body)), CACHE_SECONDS)
    return page
