# SPDX-License-Identifier: MPL-2.0
"""The committee follow-up report against a trivial page, side by side: `make bench-follow-up`.

The same registry as bench/dashboard.py (bench/registry_db.py: the demo registry in a fresh
SQLite under /tmp unless DATABASE_URL is set; BENCH_REGISTRY_ARGS, BENCH_REGISTRY_DB).
Requests, interleaved: the login page (the reference); as the Horsens manager, the
follow-up page's own 400 answer to an unknown format (the same view, the policy version
read through the access layer, no report built: a trivial page of the same app); the
follow-up report of the policy in force as the manager (exact figures) and as a politician
(disclosure-controlled); the manager's page again with its cache entry emptied first (the
first view after a registry change, docs/adr/0039-cached-report-pages.md: the policy's
parts stay in the cache, ADR 0046), and once more with the policy's parts emptied too (the
first view after a change to the policy); and its PDF. One warm-up round is not counted.
Prints median and p95 with their ratios to the reference. The targets of issue 4: the
page's p95 at most 3x a trivial page of the same app, the PDF under 5 s.
"""

import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.registry_db import ROUNDS, prepare, signed_in

    registry = prepare("follow-up")
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone, translation

    from bench.side_by_side import table, time_side_by_side
    from helhed.indicators.selectors import current_version
    from helhed.organisations.models import User

    manager = User.objects.get(username="horsens-leder")
    assert manager.municipality_id is not None
    version = current_version(municipality_id=manager.municipality_id)
    assert version is not None, "the demo's Horsens has an adopted policy"
    staff = signed_in(manager.username)
    politician = signed_in("horsens-politiker")
    public = Client()
    report = f"/app/indikatorer/opfoelgning/{version.id}/"

    def forget(*, plan: bool = False) -> None:
        """Empty the manager's entry only (the politician's stays, as in real use), and
        with `plan` the policy's parts kept for the report (ADR 0046)."""
        try:
            from helhed.indicators.reports.data_stamps import follow_up_stamp
            from helhed.indicators.reports.follow_up_cache import follow_up_cache_key
        except ImportError:  # code without the cache (main before ADR 0039): nothing to empty
            return
        with translation.override("da"):
            cache.delete(
                follow_up_cache_key(
                    version=version,
                    exact=True,
                    today=timezone.localdate(),
                    stamp=follow_up_stamp(version=version),
                )
            )
        if plan:
            try:
                from helhed.indicators.reports.data_stamps import follow_up_stamps
                from helhed.indicators.reports.follow_up_cache import follow_up_plan_cache_key
            except ImportError:  # code before ADR 0046: no parts kept apart
                return
            cache.delete(
                follow_up_plan_cache_key(
                    version=version, stamp=follow_up_stamps(version=version).plan
                )
            )

    pages = {
        "reference: login page": lambda: public.get("/log-ind/").status_code,
        # answered 400 as it should: counted as 200 here
        "follow-up, unknown format (400)": lambda: (
            200 if staff.get(f"{report}?format=odt").status_code == 400 else 400
        ),
        "follow-up (manager, exact)": lambda: staff.get(report).status_code,
        "follow-up (politician, protected)": lambda: politician.get(report).status_code,
        # the first view after a change: built, not from the cache (ADR 0039); after a
        # registry change the policy's parts are still kept (ADR 0046), after a change to
        # the policy they are not
        "follow-up (manager), cache emptied first": lambda: staff.get(report).status_code,
        "follow-up (manager), cache and policy's parts emptied first": lambda: (
            staff.get(report).status_code
        ),
        "follow-up PDF": lambda: staff.get(f"{report}?format=pdf").status_code,
    }
    timings = time_side_by_side(
        pages,
        rounds=ROUNDS,
        warmup=1,
        before_each={
            "follow-up (manager), cache emptied first": forget,
            "follow-up (manager), cache and policy's parts emptied first": lambda: forget(
                plan=True
            ),
        },
    )
    print(registry.describe(ROUNDS))
    print(f"Policy: {version} ({version.targets.count()} targets)\n")
    print(table(timings, "reference: login page", "follow-up, unknown format (400)"))


if __name__ == "__main__":
    main()
