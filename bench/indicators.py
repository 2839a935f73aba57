# SPDX-License-Identifier: MPL-2.0
"""The indicators' upkeep against a write without it, and the full recompute:
`make bench-indicators`.

Builds a registry in a fresh database (SQLite under /tmp unless DATABASE_URL is set): the
demo, the synthetic registry (BENCH_INDICATORS_ARGS, default the demo municipalities; e.g.
"--all --scale 1" for all 98 municipalities), its plans and rule flags, then times
`indicators_recompute` of every municipality. Then, in interleaved rounds as the Horsens
caseworker, adds one status spell through the registry's service (`status_spell_add`):
with the indicators' listener (the write, the rule flags and the indicators' delta, all
in the one transaction: when it returns the aggregate is updated) and, as the reference,
the same write with the indicators' listener taken off. Prints median and p95 with their
ratios to the reference, and the time to read the updated page's table.
"""

import os
import shlex
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "50"))


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    workdir = tempfile.mkdtemp(prefix="helhed-bench-indicators-")
    reuse = os.environ.get("BENCH_REGISTRY_DB", "")
    if reuse:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(reuse).resolve()}"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.side_by_side import table, time_side_by_side
    from helhed.citizens import changes
    from helhed.citizens.models import Person, SpellKind, StatusSpell
    from helhed.citizens.services import status_spell_add
    from helhed.indicators import maintenance
    from helhed.indicators.models import IndicatorFact, IndicatorValue
    from helhed.indicators.selectors import Period, indicator_table
    from helhed.organisations.models import Municipality, User

    settings.HELHED_ALLOW_DEMO = True
    quiet = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0)
    args = shlex.split(os.environ.get("BENCH_INDICATORS_ARGS", ""))
    started = time.perf_counter()
    if not reuse:
        call_command("load_demo", stdout=quiet)
        call_command("generate_registry", *args, stdout=quiet)
        call_command("generate_plans", stdout=quiet)
        call_command("flags_refresh", stdout=quiet)
    built = time.perf_counter() - started

    started = time.perf_counter()
    for municipality in Municipality.objects.order_by("kommunekode"):
        maintenance.indicators_recompute(municipality=municipality)
    recompute = time.perf_counter() - started

    caseworker = User.objects.get(username="horsens-sagsbehandler")
    horsens = caseworker.municipality
    assert horsens is not None
    # a spell of 20 days just before each person's first spell: always free
    first_start: dict[object, date] = {}
    for person_id, starts_on in StatusSpell.objects.filter(
        person__municipality=horsens, person__assignments__caseworker=caseworker
    ).values_list("person_id", "starts_on"):
        if first_start.get(person_id, date.max) > starts_on:
            first_start[person_id] = starts_on
    chosen = [pid for pid, start in first_start.items() if start > date(2006, 1, 1)]
    persons = iter(Person.objects.filter(pk__in=chosen[: 2 * ROUNDS + 2]).order_by("pk"))

    def add_spell() -> int:
        person = next(persons)
        end = first_start[person.pk] - timedelta(days=1)
        status_spell_add(
            actor=caseworker,
            person=person,
            kind=SpellKind.OTHER,
            starts_on=end - timedelta(days=19),
            ends_on=end,
        )
        return 200

    def without_indicators() -> int:
        changes._listeners.remove(maintenance._on_registry_change)
        try:
            return add_spell()
        finally:
            changes.listen(maintenance._on_registry_change)

    def read_table() -> int:
        indicator_table(municipality_id=horsens.id, period=Period(2016), today=timezone.localdate())
        return 200

    calls = {
        "reference: status_spell_add without indicators": without_indicators,
        "status_spell_add with indicators (write + delta)": add_spell,
        "indicator table of a year (the page's read)": read_table,
    }
    timings = time_side_by_side(calls, rounds=ROUNDS)
    print(
        f"{ROUNDS} interleaved rounds, {connection.vendor}, registry "
        f"{' '.join(args) or '(demo)'}: {Person.objects.count()} persons, "
        f"{StatusSpell.objects.count()} status spells, "
        f"{IndicatorFact.objects.count()} indicator facts "
        f"({IndicatorFact.objects.count() / max(Person.objects.count(), 1):.1f} per person), "
        f"{IndicatorValue.objects.count()} aggregate rows "
        f"({'reused ' + reuse if reuse else f'built in {built:.0f} s'})\n"
    )
    print(f"full recompute of every municipality: {recompute:.1f} s\n")
    print(table(timings, "reference: status_spell_add without indicators"))


if __name__ == "__main__":
    main()
