# SPDX-License-Identifier: MPL-2.0
"""The managers' dashboard against a trivial page, side by side: `make bench-dashboard`.

Builds the demo registry (bench/registry_db.py: a fresh SQLite under /tmp unless
DATABASE_URL is set; BENCH_REGISTRY_ARGS, BENCH_REGISTRY_DB). Then requests, interleaved,
the login page (the reference) and, as the Horsens manager, the dashboard's 400 page (the
same app's view without its work: a trivial page of the app), the dashboard of the last
ended month, the first view after a registry change (the municipality's registry stamp raised, as a
registry write raises it, ADR 0053: the policy in force stays in the cache, ADR 0046) and
after a change to the policy (the body's and the policy's entries emptied: the series stay
in the cache, ADR 0056), its XLSX, and a
drill-down to the persons behind the month's largest stock cell; prints median and p95
with their ratios to the reference and to the app's trivial page. One warm-up round is
not counted.
The target of issue 4: the dashboard's p95 at most 3x a trivial page of the same app.
"""

import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.registry_db import ROUNDS, prepare, signed_in

    registry = prepare("dashboard")
    from urllib.parse import urlencode

    from django.core.cache import cache
    from django.db.models import Sum
    from django.test import Client
    from django.utils import timezone, translation

    from bench.side_by_side import table, time_side_by_side
    from helhed.indicators.definitions.base import month_of, month_start
    from helhed.indicators.models import IndicatorValue
    from helhed.indicators.reports.dashboard import month_code
    from helhed.organisations.models import User

    manager = User.objects.get(username="horsens-leder")
    staff = signed_in(manager.username)
    public = Client()
    last = month_of(timezone.localdate()) - 1
    # the self-support cell of the month: its denominator, the persons behind it
    key = "self_support_after_one_year"
    cell = IndicatorValue.objects.filter(
        municipality__users=manager, key=key, month__lte=month_start(last)
    ).aggregate(n=Sum("denominator"))["n"]
    drill = "/app/indikatorer/dashboard/personer/?" + urlencode(
        {"indikator": key, "maaned": month_code(last), "gruppe": "", "del": "naevner"}
    )

    def registry_changed() -> None:
        """What a registry write does to the cached pages: the municipality's registry
        stamp raised (ADR 0053), so the body and the series kept under it are read again;
        on code without the stamp, the body's entry emptied."""
        try:
            from helhed.indicators.maintenance import registry_stamps_raise
        except ImportError:
            forget()
            return
        from django.db import transaction

        assert manager.municipality_id is not None
        with transaction.atomic():
            registry_stamps_raise([manager.municipality_id])

    def forget(*, policy: bool = False) -> None:
        """Empty the manager's entry of the month shown, and with `policy` the policy in
        force kept for the body (ADR 0046): a change to the policy, which keeps the
        series read under the registry's stamp (ADR 0056)."""
        try:
            from helhed.indicators.reports.dashboard_cache import dashboard_cache_key
            from helhed.indicators.reports.data_stamps import dashboard_stamp
        except ImportError:  # code without the cache (main before ADR 0039): nothing to empty
            return
        municipality_id = manager.municipality_id
        assert municipality_id is not None
        with translation.override("da"):
            cache.delete(
                dashboard_cache_key(
                    municipality_id=municipality_id,
                    month=last,
                    today=timezone.localdate(),
                    links=True,
                    stamp=dashboard_stamp(municipality_id=municipality_id),
                )
            )
        if policy:
            try:
                from helhed.indicators.reports.dashboard_cache import dashboard_policy_cache_key
                from helhed.indicators.reports.data_stamps import dashboard_stamps
            except ImportError:  # code before ADR 0046: the policy is not kept apart
                return
            stamp = dashboard_stamps(municipality_id=municipality_id).policy
            cache.delete(dashboard_policy_cache_key(municipality_id=municipality_id, stamp=stamp))

    pages = {
        "reference: login page": lambda: public.get("/log-ind/").status_code,
        # answered 400 as it should: counted as 200 here
        "dashboard, bad month (400)": lambda: (
            200
            if staff.get("/app/indikatorer/dashboard/?aar=1999&maaned=1").status_code == 400
            else 400
        ),
        "dashboard": lambda: staff.get("/app/indikatorer/dashboard/").status_code,
        # the first view after a change: built, not from the cache (ADR 0039)
        "dashboard, after a registry change": lambda: (
            staff.get("/app/indikatorer/dashboard/").status_code
        ),
        "dashboard, after a policy change": lambda: (
            staff.get("/app/indikatorer/dashboard/").status_code
        ),
        "dashboard XLSX": lambda: staff.get("/app/indikatorer/dashboard/?format=xlsx").status_code,
        f"drill-down ({cell or 0} persons)": lambda: staff.get(drill).status_code,
    }
    timings = time_side_by_side(
        pages,
        rounds=ROUNDS,
        warmup=1,
        before_each={
            "dashboard, after a registry change": registry_changed,
            "dashboard, after a policy change": lambda: forget(policy=True),
        },
    )
    print(registry.describe(ROUNDS))
    print(table(timings, "reference: login page", "dashboard, bad month (400)"))


if __name__ == "__main__":
    main()
