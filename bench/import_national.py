# SPDX-License-Identifier: MPL-2.0
"""The import at national scale, side by side with a raw bulk insert in one run:
`make bench-import-national` (DATABASE_URL=postgres://... for PostgreSQL; SQLite under /tmp
otherwise, or BENCH_IMPORT_DB=/path/file.sqlite3 to keep it).

98 municipalities (their real kommunekoder), BENCH_IMPORT_PERSONS persons (default
1,000,000) shared out by each municipality's population, and per person nine status spells
and one intervention: 10,000,000 rows of spells and interventions at the default. Each
municipality has its own three CSV files, as a jobcenter would export them, and its own
caseworker imports them. Per municipality, in this order:

- its persons are imported (timed, reported on its own: there is no raw counterpart, the
  CPR number is encrypted and hashed on the way in);
- per kind (spells, then interventions): raw, the file read with the csv module and
  inserted with plain `executemany` (batches of 2,000) in one transaction, no validation,
  no audit; the raw rows deleted (not timed); then `registry_import` of the same file
  (streaming, validation, overlap checks, idempotency look-ups, audit events, the rule
  flags' and the indicators' upkeep), all-or-nothing in one transaction.

Raw and import alternate per municipality, so both see the same load of a shared machine.
One process does it all; its peak memory (`ru_maxrss`) covers every import and the raw
inserts, and is printed with a line per municipality as the run goes. The upkeep at the
end of each file (the rule flags and the indicators of the persons written, in the
import's transaction) is timed on its own and shown as part of the import's time.

The CPU seconds of the process for the raw inserts and the imports are printed too (on
SQLite they hold the database's work; steadier than wall time on a shared machine).
BENCH_IMPORT_PROFILE=/path/file.prof profiles the imports (not the raw inserts) with
cProfile and writes the statistics there (read them with `python -m pstats`); the times
printed are then the profiled ones, good for where the time goes, not for the ratio.
"""

import cProfile
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_bench import _cpr, _peak_mib, _setup_django  # noqa: E402

SPELLS_PER_PERSON = 9
KINDS = ("spells", "interventions")
CVR = "24256790"  # the company of every municipality's internships (the template's example)


def _shares(persons: int) -> list[tuple[str, str, int]]:
    """(kommunekode, name, persons) for every municipality, by population."""
    from helhed.organisations.kommuner import KOMMUNER, NATIONAL_POPULATION

    total = NATIONAL_POPULATION
    shares = [(k.code, k.full_name, persons * k.population // total) for k in KOMMUNER]
    left = persons - sum(n for *_, n in shares)
    code, name, n = shares[0]
    shares[0] = (code, name, n + left)  # the rounding's rest to the first
    return shares


def write_files(directory: Path, shares: list[tuple[str, str, int]]) -> None:
    """persons-<code>.csv, spells-<code>.csv and interventions-<code>.csv per municipality;
    person numbers run on across municipalities, so every CPR number is distinct."""
    n = 0
    for code, _name, count in shares:
        with (
            (directory / f"persons-{code}.csv").open("w", newline="", encoding="utf-8") as p,
            (directory / f"spells-{code}.csv").open("w", newline="", encoding="utf-8") as s,
            (directory / f"interventions-{code}.csv").open("w", newline="", encoding="utf-8") as i,
        ):
            persons, spells, interventions = csv.writer(p), csv.writer(s), csv.writer(i)
            persons.writerow(["external_id", "cpr", "first_name", "last_name",
                              "country_of_origin", "department"])  # fmt: skip
            spells.writerow(["external_id", "person_external_id", "kind", "benefit_name",
                             "starts_on", "ends_on"])  # fmt: skip
            interventions.writerow(["external_id", "person_external_id", "kind",
                                    "owner_department", "partner", "starts_on",
                                    "ends_on"])  # fmt: skip
            for _ in range(count):
                persons.writerow([f"P{n}", _cpr(n), "Amal", f"Haddad{n}", "SY", "Jobcenter"])
                for k in range(SPELLS_PER_PERSON):
                    year = 2010 + k
                    kind, benefit = ("benefit", "Kontanthjælp") if k % 2 == 0 else ("job", "")
                    spells.writerow([f"S{n}-{k}", f"P{n}", kind, benefit, f"{year}-01-01",
                                     f"{year}-12-31"])  # fmt: skip
                interventions.writerow([f"I{n}", f"P{n}", "company_internship", "Jobcenter", CVR,
                                        "2011-02-01", "2011-04-30"])  # fmt: skip
                n += 1


def child_prepare(database_url: str, persons: str) -> None:
    _setup_django(database_url)
    from django.core.management import call_command

    from helhed.caseplans.catalogue import PartnerKind
    from helhed.caseplans.services import partner_register
    from helhed.organisations.kommuner import KOMMUNER
    from helhed.organisations.models import Role
    from helhed.organisations.services import department_create, municipality_create
    from helhed.organisations.tests.factories import make_user

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    slugs = {k.code: k.slug for k in KOMMUNER}
    for code, name, _count in _shares(int(persons)):
        municipality = municipality_create(kommunekode=code, name=name, slug=slugs[code])
        jobcenter = department_create(municipality=municipality, name="Jobcenter", kind="jobcenter")
        user = make_user(municipality=municipality, roles=[Role.CASEWORKER],
                         username=f"bench{code}", departments=[jobcenter])  # fmt: skip
        partner_register(actor=user, kind=PartnerKind.COMPANY, name="Bench A/S", cvr=CVR)


def _raw_rows(kind: str, path: Path, municipality: Any) -> tuple[str, Iterator[tuple[Any, ...]]]:
    """The INSERT and its rows for a file: the same columns the import fills, by plain
    look-ups of the person and the department, nothing checked."""
    from django.db import connection
    from django.utils import timezone

    from helhed.caseplans.models import Intervention, Partner
    from helhed.citizens.models import Person, StatusSpell
    from helhed.organisations.models import Department, User

    sqlite = connection.vendor == "sqlite"

    def key(value: uuid.UUID) -> Any:
        return value.hex if sqlite else value

    persons = {
        e: key(pk)
        for e, pk in Person.objects.filter(municipality=municipality).values_list(
            "external_id", "pk"
        )
    }
    now = timezone.now().isoformat() if sqlite else timezone.now()
    file = path.open(newline="", encoding="utf-8")
    reader = csv.reader(file)
    next(reader)
    if kind == "spells":
        sql = (
            f"INSERT INTO {StatusSpell._meta.db_table} (id, created_at, updated_at, person_id, "  # noqa: S608
            "external_id, kind, benefit_name, starts_on, ends_on) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
        )

        def spells() -> Iterator[tuple[Any, ...]]:
            with file:
                for external_id, person, what, benefit, starts, ends in reader:
                    yield (key(uuid.uuid4()), now, now, persons[person], external_id, what,
                           benefit, date.fromisoformat(starts),
                           date.fromisoformat(ends) if ends else None)  # fmt: skip

        return sql, spells()
    department = key(Department.objects.get(municipality=municipality, name="Jobcenter").pk)
    partner = key(Partner.objects.get(municipality=municipality, cvr=CVR).pk)
    creator = User.objects.get(username=f"bench{municipality.kommunekode}").pk
    sql = (
        f"INSERT INTO {Intervention._meta.db_table} (id, created_at, updated_at, "  # noqa: S608
        "municipality_id, person_id, kind, owner_department_id, partner_id, sector, starts_on, "
        "ends_on, status, outcome, note, external_id, closing_note, created_by_id) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '', %s, %s, %s, '', '', %s, '', %s)"
    )
    place = key(municipality.pk)

    def interventions() -> Iterator[tuple[Any, ...]]:
        with file:
            for external_id, person, what, _owner, _partner, starts, ends in reader:
                yield (key(uuid.uuid4()), now, now, place, persons[person], what, department,
                       partner, date.fromisoformat(starts),
                       date.fromisoformat(ends) if ends else None, "completed", external_id,
                       creator)  # fmt: skip

    return sql, interventions()


def _raw(kind: str, path: Path, municipality: Any) -> tuple[float, float, int]:
    """Insert the file's rows raw in one transaction; (seconds, CPU seconds of this
    process, rows); then delete them."""
    from django.db import connection, transaction

    from helhed.caseplans.models import Intervention
    from helhed.citizens.models import StatusSpell

    model = StatusSpell if kind == "spells" else Intervention
    rows = 0
    start, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic(), connection.cursor() as cursor:
        sql, values = _raw_rows(kind, path, municipality)
        batch: list[tuple[Any, ...]] = []
        for row in values:
            batch.append(row)
            if len(batch) == 2000:
                cursor.executemany(sql, batch)
                rows += len(batch)
                batch = []
        cursor.executemany(sql, batch)
        rows += len(batch)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if connection.vendor == "postgresql":
        # statistics of the rows just inserted, so that the delete uses the indexes (one run
        # with none deleted a municipality's raw spells for a quarter of an hour)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    if kind == "spells":
        StatusSpell.objects.filter(person__municipality=municipality).delete()
    else:
        Intervention.objects.filter(municipality=municipality).delete()
    return seconds, cpu, rows


def child_run(database_url: str, directory: str, persons: str) -> None:
    _setup_django(database_url)
    from django.conf import settings

    from helhed.imports import services
    from helhed.imports.services import registry_import
    from helhed.organisations.models import Municipality, User

    settings.HELHED_IMPORT_MAX_BYTES = 10**12  # Copenhagen's files are the largest
    totals: dict[str, float] = {}

    def add(name: str, value: float) -> None:
        totals[name] = totals.get(name, 0) + value

    # the time of the upkeep at the end of each file (the rule flags and the indicators of
    # every person written), timed around the import's own call of the change hook
    upkeep = [0.0]
    changed = services.persons_changed  # type: ignore[attr-defined]

    def timed_changed(*args: Any) -> None:
        start = time.perf_counter()
        changed(*args)
        upkeep[0] += time.perf_counter() - start

    services.persons_changed = timed_changed  # type: ignore[attr-defined,assignment]

    profile_path = os.environ.get("BENCH_IMPORT_PROFILE", "").strip()
    profile = cProfile.Profile() if profile_path else None

    def imported(user: Any, kind: str, path: Path) -> tuple[float, int]:
        start, cpu, upkeep[0] = time.perf_counter(), time.process_time(), 0.0
        if profile:
            profile.enable()
        result = registry_import(actor=user, kind=kind, path=path, file_name=path.name)
        if profile:
            profile.disable()
        seconds = time.perf_counter() - start
        assert result.ok, (path.name, result.report.problems[:5])
        add(f"{kind}_upkeep_s", upkeep[0])
        add(f"{kind}_import_cpu_s", time.process_time() - cpu)
        return seconds, result.counts.read

    started = time.perf_counter()
    for index, (code, _name, _count) in enumerate(_shares(int(persons)), 1):
        municipality = Municipality.objects.get(kommunekode=code)
        user = User.objects.get(username=f"bench{code}")
        seconds, rows = imported(user, "persons", Path(directory) / f"persons-{code}.csv")
        add("persons_s", seconds)
        add("persons", rows)
        line = [f"{index:2d} {code} persons {rows:,} {seconds:.1f} s"]
        for kind in KINDS:
            path = Path(directory) / f"{kind}-{code}.csv"
            raw_s, raw_cpu_s, raw_rows = _raw(kind, path, municipality)
            add(f"{kind}_raw_cpu_s", raw_cpu_s)
            import_s, import_rows = imported(user, kind, path)
            assert raw_rows == import_rows, (kind, code, raw_rows, import_rows)
            add(f"{kind}_raw_s", raw_s)
            add(f"{kind}_import_s", import_s)
            add(kind, import_rows)
            line.append(f"{kind} {import_rows:,} raw {raw_s:.1f} s import {import_s:.1f} s")
        elapsed = time.perf_counter() - started
        print(", ".join(line) + f"; peak {_peak_mib():.0f} MiB; {elapsed:.0f} s so far",
              file=sys.stderr, flush=True)  # fmt: skip
    totals["peak_mib"] = _peak_mib()
    if profile:
        profile.dump_stats(profile_path)
    print(json.dumps(totals))


def _child(*args: str) -> dict[str, float]:
    output = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, __file__, *args], check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1]) if output else {}
    return result


def main() -> None:
    persons = int(os.environ.get("BENCH_IMPORT_PERSONS", "1000000"))
    given = os.environ.get("DATABASE_URL", "").strip()
    kept = os.environ.get("BENCH_IMPORT_DB", "").strip()
    workdir = Path(tempfile.mkdtemp(prefix="helhed-bench-import-national-"))
    url = given or f"sqlite:///{Path(kept).resolve() if kept else workdir / 'national.sqlite3'}"
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    try:
        shares = _shares(persons)
        started = time.perf_counter()
        write_files(workdir, shares)
        print(f"{engine}: 98 municipalities, {persons:,} persons, files written in "
              f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
        _child("prepare", url, str(persons))
        started = time.perf_counter()
        totals = _child("run", url, str(workdir), str(persons))
        wall = time.perf_counter() - started
        print(f"\npersons imported: {totals['persons']:,.0f} in {totals['persons_s']:.0f} s "
              f"({totals['persons'] / totals['persons_s']:,.0f} rows/s); whole run {wall:.0f} s; "
              f"peak memory {totals['peak_mib']:.0f} MiB\n")  # fmt: skip
        print("| rows | count | raw s | raw rows/s | import s | import rows/s | import / raw "
              "| of the import: upkeep s |")  # fmt: skip
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        raw_all = import_all = rows_all = 0.0
        for kind in KINDS:
            rows, raw_s = totals[kind], totals[f"{kind}_raw_s"]
            import_s = totals[f"{kind}_import_s"]
            raw_all, import_all, rows_all = raw_all + raw_s, import_all + import_s, rows_all + rows
            upkeep_s = totals.get(f"{kind}_upkeep_s", 0.0)
            print(f"| {kind} | {rows:,.0f} | {raw_s:.0f} | {rows / raw_s:,.0f} | {import_s:.0f} "
                  f"| {rows / import_s:,.0f} | {raw_s / import_s:.2f} "
                  f"| {upkeep_s:.0f} |")  # fmt: skip
        upkeep_all = sum(totals.get(f"{kind}_upkeep_s", 0.0) for kind in KINDS)
        print(
            f"| both | {rows_all:,.0f} | {raw_all:.0f} | {rows_all / raw_all:,.0f} "
            f"| {import_all:.0f} | {rows_all / import_all:,.0f} | {raw_all / import_all:.2f} "
            f"| {upkeep_all:.0f} |"
        )
        # CPU seconds of the one process (the database's work too, on SQLite): steadier
        # than wall time on a shared machine, for comparing two versions of the code
        cpu = {k: (totals[f"{k}_raw_cpu_s"], totals[f"{k}_import_cpu_s"]) for k in KINDS}
        print("\nCPU seconds of the process, raw / import: " + ", ".join(
            f"{k} {raw:.0f} / {imp:.0f} ({raw / imp:.2f})" for k, (raw, imp) in cpu.items()
        ) + " (on PostgreSQL the server's own CPU is not in them)\n")  # fmt: skip
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        command, *rest = sys.argv[1:]
        children: dict[str, Callable[..., None]] = {"prepare": child_prepare, "run": child_run}
        children[command](*rest)
    else:
        main()
