# SPDX-License-Identifier: MPL-2.0
"""The import's fast paths (ADR 0040) give what the plain ones gave: the row parser
compiled for a file's header, CSV decoded a buffer at a time, the key table's one-statement
adds, the fresh ids of new rows and the periods read once for the flags and indicators."""

import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from helhed.citizens.models import Person, StatusSpell
from helhed.citizens.shared_reads import period_rows, reads_shared
from helhed.imports.sheets.base import fresh_ids
from helhed.imports.tests.conftest import (
    person_row,
    problems,
    run,
    spell_row,
    table_counts,
    write_csv,
)
from helhed.organisations.models import User

pytestmark = pytest.mark.django_db


def test_a_non_utf8_row_after_the_first_buffer_is_named_and_earlier_problems_kept(
    caseworker: User, tmp_path: Path, imported
) -> None:
    # ~60 kB of good rows (many decoding buffers), a bad code in row 1001, and a row in
    # cp1252 (ø is one byte, not UTF-8) at row 1202
    days = [(date(2000, 1, 1) + timedelta(days=n)).isoformat() for n in range(1200)]
    rows = [spell_row(f"S{n}", "P1", day, day) for n, day in enumerate(days)]
    rows[999]["kind"] = "holiday"
    path = write_csv(tmp_path / "s.csv", rows)
    with path.open("ab") as file:
        file.write("S9999,P1,benefit,Kontanthjælp søn,2999-01-01,\n".encode("cp1252"))
    before = table_counts()

    with override("en"):
        result = run(caseworker, "spells", path)

    assert result.refused
    assert [(row, column) for row, column, _m in problems(result)] == [
        (1001, "kind"),
        (1202, ""),
    ]
    assert "row 1202" in problems(result)[1][2]
    assert table_counts() == before


def test_columns_in_another_order_and_optional_ones_missing_are_read_by_name(
    caseworker: User, tmp_path: Path, imported
) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "starts_on;KIND;external_id;person_external_id\n"
        " 2020-01-01 ;job;S1;P1\n"
        "2021-01-01;benefit;S2;P1\n",  # a benefit needs its name: the column is missing
        encoding="utf-8",
    )

    with override("en"):
        result = run(caseworker, "spells", path)

    assert problems(result) == [
        (3, "benefit_name", "Give the name of the benefit as it was called at the time.")
    ]
    path.write_text(
        "starts_on;KIND;external_id;person_external_id\n 2020-01-01 ;job;S1;P1\n",
        encoding="utf-8",
    )
    assert run(caseworker, "spells", path).ok
    spell = StatusSpell.objects.get(external_id="S1")
    assert (spell.kind, str(spell.starts_on), spell.ends_on, spell.benefit_name) == (
        "job",
        "2020-01-01",
        None,
        "",
    )


def test_a_short_row_reads_its_missing_cells_as_blank(
    caseworker: User, tmp_path: Path, imported
) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "external_id,person_external_id,kind,benefit_name,starts_on,ends_on\nS1,P1,job\n",
        encoding="utf-8",
    )

    with override("en"):
        result = run(caseworker, "spells", path)

    assert problems(result) == [(2, "starts_on", "This column must be filled in.")]


@override_settings(HELHED_IMPORT_BATCH=2)
def test_a_cpr_number_repeated_in_a_later_chunk_names_its_first_row(
    caseworker: User, tmp_path: Path
) -> None:
    rows = [
        person_row("P1", "010190-1234"),
        person_row("P2", "020290-1234"),
        person_row("P3", "030390-1234"),
        person_row("P9", "0101901234"),
    ]

    with override("en"):
        result = run(caseworker, "persons", write_csv(tmp_path / "p.csv", rows))

    assert problems(result) == [
        (5, "cpr", "The same CPR number is in row 2 under the external id P1.")
    ]
    assert not Person.objects.exists()


def test_fresh_ids_are_distinct_version_4_uuids_in_the_drivers_form() -> None:
    ids = fresh_ids(500)

    parsed = [value if isinstance(value, uuid.UUID) else uuid.UUID(hex=value) for value in ids]
    assert len(set(parsed)) == 500
    assert {(u.version, u.variant) for u in parsed} == {(4, uuid.RFC_4122)}
    native = connection.features.has_native_uuid_field
    assert all(isinstance(v, uuid.UUID) if native else len(v) == 32 for v in ids)
    assert fresh_ids(0) == []


def two_spells_of_p1(tmp_path: Path) -> Path:
    """A spells file: P1's two spells, one ended and one running."""
    return write_csv(
        tmp_path / "s.csv",
        [spell_row("S1", "P1", "2020-01-01", "2020-12-31"), spell_row("S2", "P1", "2021-01-01")],
    )


def test_periods_read_in_a_shared_block_are_the_plain_rows_read_once(
    caseworker: User, tmp_path: Path, imported
) -> None:
    path = two_spells_of_p1(tmp_path)
    assert run(caseworker, "spells", path).ok
    ids = list(Person.objects.values_list("pk", flat=True))
    plain = sorted(period_rows(StatusSpell, ids))

    with reads_shared():
        first = sorted(period_rows(StatusSpell, ids))
        with CaptureQueriesContext(connection) as again:
            second = sorted(period_rows(StatusSpell, list(reversed(ids))))

    assert first == second == plain
    assert plain[0][2:] == (StatusSpell.objects.get(external_id="S1").starts_on, plain[0][3])
    assert len(again) == 0
    # after the block, a read sees the database again
    StatusSpell.objects.filter(external_id="S2").delete()
    assert len(list(period_rows(StatusSpell, ids))) == 1


def test_the_flags_and_the_indicators_share_the_reads_of_an_import_s_end(
    caseworker: User, tmp_path: Path, imported
) -> None:
    # both listeners read the persons' arrivals (the rules' takeover, the indicators'
    # arrival facts): each person's once at the end of the file, P1 (written) for both
    # and P2 (P1's household) for the indicators
    path = two_spells_of_p1(tmp_path)
    with CaptureQueriesContext(connection) as captured:
        assert run(caseworker, "spells", path).ok

    arrival_reads = [
        q["sql"]
        for q in captured
        if q["sql"].startswith("SELECT") and 'FROM "citizens_arrival"' in q["sql"]
    ]
    persons = list(Person.objects.values_list("pk", flat=True))
    assert len(persons) == 2
    for person in persons:
        asked = [sql for sql in arrival_reads if person.hex in sql or str(person) in sql]
        assert len(asked) == 1, person
    assert StatusSpell.objects.count() == 2
