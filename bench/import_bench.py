# SPDX-License-Identifier: MPL-2.0
"""Import benchmark, side by side in one run: `make bench-import`.

For each file size (BENCH_IMPORT_ROWS, default "100000,1000000" status spells, ten per
person): generates a persons CSV and a spells CSV for them, imports the persons, then
measures on the same database and table

- raw: the spells file read with the csv module and inserted with one plain
  `executemany` in one transaction (no validation, no audit);
- import: `registry_import` of the same file (streaming, validation, overlap checks,
  idempotency look-ups, audit events), all-or-nothing in one transaction;

each in its own subprocess, which reports its time and its peak memory
(`resource.getrusage(RUSAGE_SELF).ru_maxrss`). The raw rows are deleted before the import
runs, so both write into the same state. The database is SQLite under /tmp (deleted after),
or the PostgreSQL database of DATABASE_URL (its registry tables are emptied first and after).
"""

import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPELLS_PER_PERSON = 10


def _setup_django(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()


def _cpr(n: int) -> str:
    # distinct for n < 28*12*50*10000: day, month, year 1950-1999, serial
    day, month = n % 28 + 1, (n // 28) % 12 + 1
    year = 50 + (n // 336) % 50
    serial = n // 16800
    return f"{day:02d}{month:02d}{year:02d}-{serial % 10000:04d}"


def write_files(directory: Path, spells: int) -> tuple[Path, Path]:
    persons = spells // SPELLS_PER_PERSON
    persons_path, spells_path = directory / "persons.csv", directory / "spells.csv"
    with persons_path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["external_id", "cpr", "first_name", "last_name", "country_of_origin",
                         "department"])  # fmt: skip
        for n in range(persons):
            writer.writerow([f"P{n}", _cpr(n), "Amal", f"Haddad{n}", "SY", "Jobcenter"])
    with spells_path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["external_id", "person_external_id", "kind", "benefit_name",
                         "starts_on", "ends_on"])  # fmt: skip
        for n in range(persons):
            for k in range(SPELLS_PER_PERSON):
                year = 2000 + k
                kind, benefit = ("benefit", "Kontanthjælp") if k % 2 == 0 else ("job", "")
                writer.writerow([f"S{n}-{k}", f"P{n}", kind, benefit, f"{year}-01-01",
                                 f"{year}-12-31"])  # fmt: skip
    return persons_path, spells_path


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_prepare(database_url: str) -> None:
    _setup_django(database_url)
    from django.core.management import call_command

    from helhed.organisations.models import Role
    from helhed.organisations.services import department_create, municipality_create
    from helhed.organisations.tests.factories import make_user

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    municipality = municipality_create(kommunekode="615", name="Horsens Kommune", slug="horsens")
    jobcenter = department_create(municipality=municipality, name="Jobcenter", kind="jobcenter")
    make_user(municipality=municipality, roles=[Role.CASEWORKER], username="bench",
              departments=[jobcenter])  # fmt: skip


def child_import(database_url: str, kind: str, path: str) -> None:
    _setup_django(database_url)
    from django.conf import settings

    from helhed.imports.services import registry_import
    from helhed.organisations.models import User

    settings.HELHED_IMPORT_MAX_BYTES = 10**12  # the benchmark's files may be larger
    user = User.objects.get(username="bench")
    start = time.perf_counter()
    result = registry_import(actor=user, kind=kind, path=Path(path), file_name=Path(path).name)
    seconds = time.perf_counter() - start
    assert result.ok, result.report.problems[:5]
    print(json.dumps({"seconds": seconds, "rows": result.counts.read, "peak_mib": _peak_mib()}))


def child_raw(database_url: str, path: str) -> None:
    """The same rows, read with csv and inserted with one plain executemany."""
    _setup_django(database_url)
    from django.db import connection, transaction
    from django.utils import timezone

    from helhed.citizens.models import Person, StatusSpell

    persons = dict(Person.objects.values_list("external_id", "pk"))

    def uuid_value(value: uuid.UUID) -> Any:
        return value.hex if connection.vendor == "sqlite" else value

    persons = {k: uuid_value(v) for k, v in persons.items()}
    table = StatusSpell._meta.db_table
    sql = (
        f"INSERT INTO {table} (id, created_at, updated_at, person_id, external_id, kind, "  # noqa: S608
        "benefit_name, starts_on, ends_on) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    now = timezone.now() if connection.vendor != "sqlite" else timezone.now().isoformat()
    start = time.perf_counter()
    with Path(path).open(newline="", encoding="utf-8") as file, transaction.atomic():
        reader = csv.reader(file)
        next(reader)
        batch: list[Any] = []
        with connection.cursor() as cursor:
            for external_id, person, kind, benefit, starts, ends in reader:
                batch.append((uuid_value(uuid.uuid4()), now, now, persons[person], external_id,
                              kind, benefit, date.fromisoformat(starts),
                              date.fromisoformat(ends) if ends else None))  # fmt: skip
                if len(batch) == 2000:
                    cursor.executemany(sql, batch)
                    batch = []
            cursor.executemany(sql, batch)
    seconds = time.perf_counter() - start
    rows = StatusSpell.objects.count()
    StatusSpell.objects.all().delete()
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_mib": _peak_mib()}))


def child_reset(database_url: str) -> None:
    _setup_django(database_url)
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def _child(*args: str) -> dict[str, float]:
    output = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1]) if output else {}
    return result


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_IMPORT_ROWS", "100000,1000000").split(",")]
    given = os.environ.get("DATABASE_URL", "").strip()
    workdir = Path(tempfile.mkdtemp(prefix="helhed-bench-import-"))
    engine = "PostgreSQL" if given.startswith("postgres") else "SQLite"
    print(f"{engine}, {SPELLS_PER_PERSON} spells per person, batch of 2000 rows\n")
    print("| spells | persons | persons import s | raw rows/s | import rows/s | ratio "
          "| raw peak MiB | import peak MiB |")  # fmt: skip
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    try:
        for size in sizes:
            url = given or f"sqlite:///{workdir}/bench-{size}.sqlite3"
            _child("prepare", url)
            persons_path, spells_path = write_files(workdir, size)
            persons = _child("import", url, "persons", str(persons_path))
            raw = _child("raw", url, str(spells_path))
            imported = _child("import", url, "spells", str(spells_path))
            raw_rate = raw["rows"] / raw["seconds"]
            import_rate = imported["rows"] / imported["seconds"]
            cells = [
                f"{size:,}",
                f"{size // SPELLS_PER_PERSON:,}",
                f"{persons['seconds']:.1f}",
                f"{raw_rate:,.0f}",
                f"{import_rate:,.0f}",
                f"{import_rate / raw_rate:.2f}",
                f"{raw['peak_mib']:.0f}",
                f"{imported['peak_mib']:.0f}",
            ]
            print("| " + " | ".join(cells) + " |", flush=True)
            if given:
                _child("reset", url)
            for path in workdir.glob("bench-*.sqlite3*"):
                path.unlink()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        command, *rest = sys.argv[1:]
        children: dict[str, Callable[..., None]] = {
            "prepare": child_prepare,
            "import": child_import,
            "raw": child_raw,
            "reset": child_reset,
        }
        children[command](*rest)
    else:
        main()
