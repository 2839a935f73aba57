# SPDX-License-Identifier: MPL-2.0
"""The set-up the page benchmarks share (bench/registry_pages.py, bench/dashboard.py,
bench/follow_up.py): Django on a database with the demo registry, its plans, flags and
indicators, and a signed-in test client per persona.

The database is SQLite under /tmp unless DATABASE_URL is set; BENCH_REGISTRY_ARGS gives
generate_registry a larger registry (e.g. "--all --scale 20"); BENCH_REGISTRY_DB=/path/
db.sqlite3 reuses one already built, BENCH_REGISTRY_DB=postgres://... a PostgreSQL database
already built (`make bench-national-pg`). Call `prepare` before importing anything of the app.
"""

import os
import shlex
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))


@dataclass(frozen=True)
class RegistryDb:
    args: list[str]
    reused: str  # the path of a reused database, or ""
    built_seconds: float

    def describe(self, rounds: int) -> str:
        """The header line of a benchmark's output: what was measured, on what."""
        import django.db

        from helhed.citizens.models import Person, StatusSpell
        from helhed.indicators.models import IndicatorFact, IndicatorValue

        vendor = django.db.connection.vendor
        source = f"reused {self.reused}" if self.reused else f"built in {self.built_seconds:.0f} s"
        return (
            f"{rounds} interleaved rounds, {vendor}, registry {' '.join(self.args) or '(demo)'}: "
            f"{Person.objects.count()} persons, {StatusSpell.objects.count()} status spells, "
            f"{IndicatorFact.objects.count()} indicator facts, "
            f"{IndicatorValue.objects.count()} aggregate rows ({source})\n"
        )


def prepare(prefix: str) -> RegistryDb:
    """Set Django up on the benchmark's database and build the registry in it (unless a
    built one is reused)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    workdir = tempfile.mkdtemp(prefix=f"helhed-bench-{prefix}-")
    reuse = os.environ.get("BENCH_REGISTRY_DB", "")
    if reuse.startswith("postgres"):  # a PostgreSQL database already built (bench-national-pg)
        os.environ["DATABASE_URL"] = reuse
    elif reuse:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(reuse).resolve()}"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

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
    return RegistryDb(args, reuse, time.perf_counter() - started)


def signed_in(username: str) -> Any:
    """A test client signed in (with the second factor) as the demo persona."""
    from django.test import Client

    from helhed.organisations.models import User
    from helhed.organisations.tests.sessions import login_verified

    client = Client()
    login_verified(client, User.objects.get(username=username))
    return client
