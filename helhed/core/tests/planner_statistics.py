# SPDX-License-Identifier: MPL-2.0
"""For tests that fill tables with thousands of rows inside their own transaction.

PostgreSQL plans from table statistics, and autovacuum gathers them only from committed
rows: to the planner a table a test has just filled can still look empty, and it may then
pick a plan that is quadratic in the table's size (a DELETE of a municipality's spells
that took 13 minutes instead of a second). ANALYZE may run inside a transaction and
counts the rows the transaction itself inserted. SQLite needs nothing.
"""

from django.db import connection


def refresh_planner_statistics() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
