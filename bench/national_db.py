# SPDX-License-Identifier: MPL-2.0
"""Build the national-scale registry once, for the benchmarks that read it:
`BENCH_NATIONAL_DB=/path/national.sqlite3 make bench-national-db` (or DATABASE_URL for
PostgreSQL). The demo, `generate_registry --all --scale 16` (98 municipalities, about
1,000,000 persons and 10,000,000 status spells; BENCH_NATIONAL_ARGS to change it), the
plans, the rule flags and every municipality's indicators. Prints the time of each step.
The other benchmarks take the file with BENCH_REGISTRY_DB. BENCH_NATIONAL_RESUME=1 goes on
with a build that was stopped during the indicators: it recomputes the indicators of the
municipality it stopped in and of every one after it, and leaves the rest as they are."""

import os
import shlex
import sys
import time
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    target = os.environ.get("BENCH_NATIONAL_DB", "")
    if target:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(target).resolve()}"
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set BENCH_NATIONAL_DB=/path/file.sqlite3 or DATABASE_URL=postgres://...")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from helhed.indicators import maintenance
    from helhed.indicators.models import IndicatorFact
    from helhed.organisations.models import Municipality

    settings.HELHED_ALLOW_DEMO = True
    quiet = open(os.devnull, "w")  # noqa: SIM115
    args = shlex.split(os.environ.get("BENCH_NATIONAL_ARGS", "--all --scale 16"))

    def step(label: str, run: object) -> None:
        started = time.perf_counter()
        run()  # type: ignore[operator]
        print(f"{label}: {time.perf_counter() - started:.0f} s", flush=True)

    resume = os.environ.get("BENCH_NATIONAL_RESUME") == "1"
    if not resume:
        step("migrate", lambda: call_command("migrate", verbosity=0))
        step("demo", lambda: call_command("load_demo", stdout=quiet))
        step("registry", lambda: call_command("generate_registry", *args, stdout=quiet))
        step("plans", lambda: call_command("generate_plans", stdout=quiet))
        step("flags", lambda: call_command("flags_refresh", stdout=quiet))

    def indicators() -> None:
        municipalities = list(Municipality.objects.order_by("kommunekode"))
        if resume:
            # the last municipality with facts may have been stopped half-way: again
            done = set(IndicatorFact.objects.values_list("municipality_id", flat=True).distinct())
            reached = [index for index, each in enumerate(municipalities) if each.pk in done]
            municipalities = municipalities[reached[-1] :] if reached else municipalities
        for municipality in municipalities:
            maintenance.indicators_recompute(municipality=municipality)
            print(f"  {municipality.kommunekode} {municipality.name}", flush=True)

    step("indicators", indicators)


if __name__ == "__main__":
    main()
