# SPDX-License-Identifier: MPL-2.0
"""The full recompute of every indicator against a DuckDB reference computing one, side by
side on the same registry: `BENCH_REGISTRY_DB=/path/national.sqlite3 make
bench-indicators-national` (build the file with `make bench-national-db`; or
DATABASE_URL=postgres://... for a PostgreSQL database built the same way).

Reference: the self-support indicator (self_support_after_one_year) as a DuckDB range join
of status spells and programme enrolments to the 120 month-ends 2016-2025 they cover. Its
time includes reading what it needs out of the registry's database (the persons, the
programme enrolments and the status spells, exported with the database's own fast path:
the sqlite3 shell's CSV mode, or COPY on PostgreSQL) and loading them into DuckDB.

Engine: every indicator of every municipality rebuilt from its store in the database
(`indicators_reaggregate`, ADR 0021 and its addendum: the facts counted by span, derived
from the registry only, kept by the registry's services in the same transaction, and a
property test proves them equal to a fresh derivation after random changes). The run
checks that the rebuilt aggregates are the ones that were there, that the engine's
self-support numbers equal the reference's for every municipality and month, and that the
stored counts equal the facts counted afresh. Rounds alternate the order of the two sides.

Incremental: one spell of a person changed (an open benefit spell ended, a job begun the
day after), then the upkeep every registry write runs (`persons_changed`: the indicators
and the rule flags) and the indicators' part alone, each in a transaction rolled back,
for BENCH_INCREMENTAL persons; beside it a trivial read of one row by key in the same
transactions, as the machine's yardstick.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
INCREMENTAL = int(os.environ.get("BENCH_INCREMENTAL", "30"))
FIRST_YEAR, MONTHS = 2016, 120
KEY = "self_support_after_one_year"

QUERY = f"""
CREATE OR REPLACE TABLE months AS
  SELECT make_date({FIRST_YEAR} + m // 12, m % 12 + 1, 1) AS month,
         last_day(make_date({FIRST_YEAR} + m // 12, m % 12 + 1, 1)) AS day
  FROM range({MONTHS}) t(m);
WITH entry AS (
  SELECT DISTINCT e.person_id, mo.month, mo.day
  FROM enrolments e JOIN months mo
    ON e.starts_on <= mo.day AND (e.ends_on IS NULL OR mo.day <= e.ends_on)
   AND mo.day > CAST(e.starts_on + INTERVAL 1 YEAR AS DATE)
  WHERE EXISTS (
    SELECT 1 FROM spells s
    WHERE s.person_id = e.person_id AND s.kind = 'benefit'
      AND s.starts_on <= e.starts_on AND (s.ends_on IS NULL OR e.starts_on <= s.ends_on))
), status AS (
  SELECT en.person_id, en.month, count(s.person_id) AS covering,
         count(s.person_id) FILTER (WHERE s.kind IN ('job', 'education')) AS supporting
  FROM entry en LEFT JOIN spells s
    ON s.person_id = en.person_id AND s.starts_on <= en.day
   AND (s.ends_on IS NULL OR en.day <= s.ends_on)
  GROUP BY en.person_id, en.month
)
SELECT p.municipality_id, st.month,
       count(*) FILTER (WHERE covering > 0 AND covering = supporting) AS numerator,
       count(*) AS denominator
FROM status st JOIN persons p ON p.id = st.person_id
GROUP BY p.municipality_id, st.month
"""  # noqa: S608 (constants only)

EXPORTS = {
    "persons": "SELECT id, municipality_id FROM citizens_person",
    "enrolments": "SELECT person_id, starts_on, ends_on FROM citizens_programmeenrolment",
    "spells": "SELECT person_id, kind, starts_on, ends_on FROM citizens_statusspell",
}


def _export(workdir: Path) -> dict[str, Path]:
    """The reference's input, out of the registry's database by its own fast path."""
    from django.db import connection

    files = {name: workdir / f"{name}.csv" for name in EXPORTS}
    if connection.vendor == "sqlite":
        database = connection.settings_dict["NAME"]
        for name, sql in EXPORTS.items():
            with files[name].open("wb") as out:
                subprocess.run(  # noqa: S603 (our own query and file)
                    ["sqlite3", "-csv", "-header", str(database), sql],  # noqa: S607
                    stdout=out,
                    check=True,
                )
    else:
        with connection.cursor() as cursor:
            for name, sql in EXPORTS.items():
                with (
                    files[name].open("wb") as out,
                    cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH CSV HEADER") as copy,
                ):
                    for chunk in copy:
                        out.write(chunk)
    return files


def reference(workdir: Path) -> tuple[float, float, dict[tuple[str, date], tuple[int, int]]]:
    """(seconds reading, seconds in all, the indicator per municipality and month)."""
    import duckdb

    started = time.perf_counter()
    files = _export(workdir)
    db = duckdb.connect()
    db.execute("SET threads = 2")
    types = {
        "persons": "{'id': 'VARCHAR', 'municipality_id': 'VARCHAR'}",
        "enrolments": "{'person_id': 'VARCHAR', 'starts_on': 'DATE', 'ends_on': 'DATE'}",
        "spells": (
            "{'person_id': 'VARCHAR', 'kind': 'VARCHAR', 'starts_on': 'DATE', 'ends_on': 'DATE'}"
        ),
    }
    for name, path in files.items():
        db.execute(
            f"CREATE TABLE {name} AS SELECT * FROM read_csv('{path}', header = true, "  # noqa: S608
            f"columns = {types[name]})"
        )
    loaded = time.perf_counter() - started
    result = {
        (str(municipality).replace("-", ""), month): (int(n), int(d))
        for municipality, month, n, d in db.execute(QUERY).fetchall()
    }
    total = time.perf_counter() - started
    db.close()
    return loaded, total, result


def engine() -> float:
    from django.db import transaction

    from helhed.indicators.maintenance import indicators_reaggregate

    started = time.perf_counter()
    with transaction.atomic():
        indicators_reaggregate()
    return time.perf_counter() - started


def _aggregates() -> tuple[int, int, int]:
    from django.db.models import Count, Sum

    from helhed.indicators.models import IndicatorValue

    found = IndicatorValue.objects.aggregate(
        rows=Count("id"), n=Sum("numerator"), d=Sum("denominator")
    )
    return found["rows"], found["n"] or 0, found["d"] or 0


def engine_self_support() -> dict[tuple[str, date], tuple[int, int]]:
    """The engine's self-support per municipality and month-end, from the aggregates."""
    from helhed.indicators.models import IndicatorValue

    changes: dict[str, list[tuple[date, int, int]]] = defaultdict(list)
    for municipality_id, month, n, d in IndicatorValue.objects.filter(key=KEY).values_list(
        "municipality_id", "month", "numerator", "denominator"
    ):
        changes[municipality_id.hex].append((month, n, d))
    months = [date(FIRST_YEAR + m // 12, m % 12 + 1, 1) for m in range(MONTHS)]
    found: dict[tuple[str, date], tuple[int, int]] = {}
    for code, rows in changes.items():
        rows.sort()
        n = d = i = 0
        for month in months:
            while i < len(rows) and rows[i][0] <= month:
                n, d, i = n + rows[i][1], d + rows[i][2], i + 1
            if d:
                found[(code, month)] = (n, d)
    return found


def _runs_equal_the_facts() -> bool:
    """The facts counted by span as stored, against the facts counted afresh (in SQL)."""
    from django.db import connection

    from helhed.indicators.models import OPEN_RUN

    open_run = connection.ops.adapt_datefield_value(OPEN_RUN)
    counted = (
        "SELECT municipality_id, key, breakdown, first_month, COALESCE(last_month, %s) AS l, "
        "COUNT(*) AS p, SUM(CASE WHEN in_numerator THEN 1 ELSE 0 END) AS n "
        "FROM indicators_indicatorfact GROUP BY 1, 2, 3, 4, 5"
    )
    stored = (
        "SELECT municipality_id, key, breakdown, first_month, last_month, persons, in_numerator "
        "FROM indicators_indicatorrun"
    )
    with connection.cursor() as cursor:
        differing = 0
        for one, other in ((counted, stored), (stored, counted)):
            cursor.execute(f"SELECT COUNT(*) FROM ({one} EXCEPT {other}) AS d", [open_run])  # noqa: S608
            differing += cursor.fetchone()[0]
    return differing == 0


def incremental() -> tuple[list[float], list[float], list[float], int]:
    """(ms of the whole upkeep, ms of the indicators' part, ms of a trivial read, facts
    changed in all) after one changed spell, per person."""
    from datetime import timedelta

    from django.db import transaction

    from helhed.citizens.changes import persons_changed
    from helhed.citizens.models import Person, SpellKind, StatusSpell
    from helhed.indicators.maintenance import indicators_sync

    open_benefits = StatusSpell.objects.filter(kind=SpellKind.BENEFIT, ends_on__isnull=True)
    # evenly spread over the registry (every municipality's persons), plus one first to warm
    # the connection and the definitions' caches, not counted
    stride = max(1, open_benefits.count() // (INCREMENTAL + 1))
    spells = list(
        open_benefits.order_by("person_id").values_list("pk", "person_id", "starts_on")[
            : (INCREMENTAL + 1) * stride : stride
        ]
    )
    upkeep: list[float] = []
    indicators: list[float] = []
    trivial: list[float] = []
    changed = first = 0
    for number, (pk, person_id, starts_on) in enumerate(spells):
        for part in ("all", "indicators"):
            with transaction.atomic():
                ended = max(starts_on, date(2025, 6, 30))
                StatusSpell.objects.filter(pk=pk).update(ends_on=ended)
                StatusSpell.objects.create(
                    person_id=person_id,
                    kind=SpellKind.JOB,
                    starts_on=ended + timedelta(days=1),
                )
                started = time.perf_counter()
                Person.objects.filter(pk=person_id).values_list("pk", flat=True).first()
                trivial.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                if part == "all":
                    persons_changed([person_id])
                    upkeep.append((time.perf_counter() - started) * 1000)
                else:
                    removed, added = indicators_sync(person_ids=[person_id])
                    indicators.append((time.perf_counter() - started) * 1000)
                    changed += removed + added
                    if number == 0:
                        first = changed
                transaction.set_rollback(True)
    return upkeep[1:], indicators[1:], trivial[2:], changed - first


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    reuse = os.environ.get("BENCH_REGISTRY_DB", "")
    if reuse:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(reuse).resolve()}"
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set BENCH_REGISTRY_DB=/path/national.sqlite3 (make bench-national-db).")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)  # a store built before the spans were counted

    from helhed.citizens.models import Person, StatusSpell

    workdir = Path(tempfile.mkdtemp(prefix="helhed-bench-national-"))
    persons, spells = Person.objects.count(), StatusSpell.objects.count()
    before = _aggregates()
    print(f"{connection.vendor}: {persons:,} persons, {spells:,} status spells, {MONTHS} months")
    ref_times: list[float] = []
    ref_loads: list[float] = []
    eng_times: list[float] = []
    result: dict[tuple[str, date], tuple[int, int]] = {}
    for round_number in range(ROUNDS):
        sides = ["reference", "engine"] if round_number % 2 == 0 else ["engine", "reference"]
        for side in sides:
            if side == "reference":
                loaded, total, result = reference(workdir)
                ref_loads.append(loaded)
                ref_times.append(total)
            else:
                eng_times.append(engine())
    after = _aggregates()
    ours = engine_self_support()
    differing = {k for k in set(ours) | set(result) if ours.get(k) != result.get(k)}
    ref, eng = statistics.median(ref_times), statistics.median(eng_times)
    print("| side | median s | all rounds s |")
    print("| --- | ---: | --- |")
    print(
        f"| reference: DuckDB, self-support only (reading {statistics.median(ref_loads):.1f} s) "
        f"| {ref:.1f} | {', '.join(f'{t:.1f}' for t in ref_times)} |"
    )
    print(
        f"| engine: every indicator from the store | {eng:.1f} | "
        f"{', '.join(f'{t:.1f}' for t in eng_times)} |"
    )
    print(f"speed-up: {ref / eng:.1f}x (target at least 5x; engine under 10 s)")
    print(f"aggregates rebuilt identically: {before == after} ({after[0]:,} rows)")
    print(
        f"self-support equal to the reference in {len(result) - len(differing & set(result)):,}"
        f" of {len(result):,} municipality-months; differing: {len(differing)}"
    )
    for key in sorted(differing)[:5]:
        print(f"  {key}: engine {ours.get(key)} reference {result.get(key)}")
    print(f"facts counted by span equal to the facts counted afresh: {_runs_equal_the_facts()}")
    upkeep, indicators, trivial, changed = incremental()
    print(f"incremental, one changed spell, {len(indicators)} persons ({changed} facts changed):")
    print("| step | median ms | p95 ms | max ms |")
    print("| --- | ---: | ---: | ---: |")
    for label, found in (
        ("the whole upkeep (indicators and rule flags)", upkeep),
        ("the indicators' upkeep alone", indicators),
        ("trivial read of one row by key", trivial),
    ):
        print(
            f"| {label} | {statistics.median(found):.1f} | {_p95(found):.1f} | {max(found):.1f} |"
        )


if __name__ == "__main__":
    main()
