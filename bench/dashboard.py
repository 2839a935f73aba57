# SPDX-License-Identifier: MPL-2.0
"""The managers' dashboard against a trivial page, side by side: `make bench-dashboard`.

Builds the demo registry in a fresh database (SQLite under /tmp unless DATABASE_URL is
set; BENCH_REGISTRY_ARGS for a larger registry, e.g. "--all --scale 20";
BENCH_REGISTRY_DB=/path/db.sqlite3 reuses one), its plans, flags and indicators. Then
requests, interleaved, the login page (the reference) and, as the Horsens manager, the
dashboard's 400 page (the same app's view without its work: a trivial page of the app),
the dashboard of the last ended month, its XLSX, and a drill-down to the persons behind
the month's largest stock cell; prints median and p95 with their ratios to the reference.
The target of issue 4: the dashboard's p95 at most 3x a trivial page of the same app.
"""

import os
import shlex
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    workdir = tempfile.mkdtemp(prefix="helhed-bench-dashboard-")
    reuse = os.environ.get("BENCH_REGISTRY_DB", "")
    if reuse:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(reuse).resolve()}"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from urllib.parse import urlencode

    from django.conf import settings
    from django.core.management import call_command
    from django.db.models import Sum
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from bench.side_by_side import table, time_side_by_side
    from helhed.citizens.models import Person, StatusSpell
    from helhed.indicators.definitions.base import month_of, month_start
    from helhed.indicators.models import IndicatorFact, IndicatorValue
    from helhed.indicators.reports.dashboard import month_code
    from helhed.organisations.models import User
    from helhed.organisations.tests.sessions import login_verified

    setup_test_environment()
    settings.HELHED_ALLOW_DEMO = True
    quiet = open(os.devnull, "w")  # noqa: SIM115
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    args = shlex.split(os.environ.get("BENCH_REGISTRY_ARGS", ""))
    if not reuse:
        call_command("load_demo", stdout=quiet)
        call_command("generate_registry", *args, stdout=quiet)
        call_command("generate_plans", stdout=quiet)
        call_command("flags_refresh", stdout=quiet)
        call_command("indicators_recompute", stdout=quiet)
    built = time.perf_counter() - started

    manager = User.objects.get(username="horsens-leder")
    staff = Client()
    login_verified(staff, manager)
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
    pages = {
        "reference: login page": lambda: public.get("/log-ind/").status_code,
        # answered 400 as it should: counted as 200 here
        "dashboard, bad month (400)": lambda: (
            200
            if staff.get("/app/indikatorer/dashboard/?aar=1999&maaned=1").status_code == 400
            else 400
        ),
        "dashboard": lambda: staff.get("/app/indikatorer/dashboard/").status_code,
        "dashboard XLSX": lambda: staff.get("/app/indikatorer/dashboard/?format=xlsx").status_code,
        f"drill-down ({cell or 0} persons)": lambda: staff.get(drill).status_code,
    }
    timings = time_side_by_side(pages, rounds=ROUNDS)
    vendor = django.db.connection.vendor
    print(
        f"{ROUNDS} interleaved rounds, {vendor}, registry {' '.join(args) or '(demo)'}: "
        f"{Person.objects.count()} persons, {StatusSpell.objects.count()} status spells, "
        f"{IndicatorFact.objects.count()} indicator facts, "
        f"{IndicatorValue.objects.count()} aggregate rows "
        f"({'reused ' + reuse if reuse else f'built in {built:.0f} s'})\n"
    )
    print(table(timings, "reference: login page"))


if __name__ == "__main__":
    main()
