# SPDX-License-Identifier: MPL-2.0
"""Copy a registry built in SQLite (`make bench-national-db`) into PostgreSQL, so that the
national-scale benchmarks run on both databases from the same rows:
`BENCH_REGISTRY_DB=/path/national.sqlite3 DATABASE_URL=postgres://... make bench-national-pg`.

Building the national registry takes about an hour in each database; copying it takes
minutes. The target database is migrated, emptied (every table of the models) and then
filled with `COPY`, table by table, the rows as SQLite holds them (PostgreSQL reads
SQLite's text forms of booleans, UUIDs, dates and JSON as they are). Foreign keys are not
checked during the copy (the rows come from a database that checked them); the sequences
are set past the largest id afterwards and every table is analysed. Prints rows and
seconds per table."""

import os
import sqlite3
import sys
import time
from pathlib import Path

BATCH = 10_000


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    source = os.environ.get("BENCH_REGISTRY_DB", "")
    target = os.environ.get("DATABASE_URL", "")
    if not source or not target.startswith("postgres"):
        sys.exit("Set BENCH_REGISTRY_DB=/path/national.sqlite3 and DATABASE_URL=postgres://...")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, transaction

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]
    tables = {m._meta.db_table: m for m in models}
    reader = sqlite3.connect(f"file:{Path(source).resolve()}?mode=ro", uri=True)
    present = {r[0] for r in reader.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL TIME ZONE 'UTC'")
        quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
        cursor.execute(f"TRUNCATE {quoted}")
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        for table, model in sorted(tables.items()):
            if table not in present:
                continue
            columns = [f.column for f in model._meta.local_concrete_fields]
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            began = time.perf_counter()
            rows = reader.execute(f"SELECT {names} FROM {table}")  # noqa: S608 - model names
            count = 0
            with raw.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                while batch := rows.fetchmany(BATCH):
                    for row in batch:
                        copy.write_row(row)
                    count += len(batch)
            if count:
                print(f"{table}: {count:,} rows, {time.perf_counter() - began:.0f} s", flush=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"copied and analysed in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
