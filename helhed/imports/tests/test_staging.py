# SPDX-License-Identifier: MPL-2.0
"""The file's keys kept in a temporary table (ADR 0025): duplicates across chunks are
still named by their first row, a re-import across chunks changes nothing, and the
table is gone after the import."""

from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from helhed.imports.staging import TABLE
from helhed.imports.tests.conftest import problems, run, spell_row, table_counts, write_csv
from helhed.organisations.models import User


def _rows(count: int) -> list[dict]:
    return [
        spell_row(f"S{n}", "P1", f"{2000 + n}-01-01", f"{2000 + n}-12-31") for n in range(count)
    ]


@pytest.mark.django_db
@override_settings(HELHED_IMPORT_BATCH=10)
def test_a_duplicate_external_id_in_a_later_chunk_names_the_first_row(
    caseworker: User, tmp_path: Path, imported
) -> None:
    rows = _rows(15)
    rows.append(dict(rows[2], starts_on="2030-01-01", ends_on="2030-12-31"))
    before = table_counts()

    result = run(caseworker, "spells", write_csv(tmp_path / "s.csv", rows))

    assert [(r, c) for r, c, _m in problems(result)] == [(17, "external_id")]
    assert " 4 " in problems(result)[0][2]  # the first row of S2 (header is row 1)
    assert table_counts() == before


@pytest.mark.django_db
@override_settings(HELHED_IMPORT_BATCH=10)
def test_a_multi_chunk_reimport_changes_nothing_and_leaves_no_table(
    caseworker: User, tmp_path: Path, imported
) -> None:
    path = write_csv(tmp_path / "s.csv", _rows(25))
    assert run(caseworker, "spells", path).counts.created == 25
    after_first = table_counts()

    again = run(caseworker, "spells", path)

    assert again.ok
    assert again.counts.unchanged == 25
    assert again.counts.written == 0
    assert table_counts() == after_first
    assert TABLE not in connection.introspection.table_names()
