# SPDX-License-Identifier: MPL-2.0
"""Reading files: UTF-8 CSV (BOM allowed, ; or , detected), XLSX in read-only mode; a file
that is not UTF-8, misses a column, is too big or is not a workbook is refused with a
message naming where, before anything is written."""

from pathlib import Path

import pytest
from django.test import override_settings
from django.utils.translation import override

from helhed.citizens.models import Person, StatusSpell
from helhed.imports.tests.conftest import (
    PERSON_HEADER,
    person_row,
    problems,
    run,
    spell_row,
    table_counts,
    write_csv,
    write_xlsx,
)
from helhed.organisations.models import User

pytestmark = pytest.mark.django_db


def refused(actor: User, kind: str, path: Path) -> list[tuple[int, str, str]]:
    before = table_counts()
    with override("en"):
        result = run(actor, kind, path)
    assert not result.ok
    assert table_counts() == before
    return problems(result)


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_utf8_csv_with_a_bom_and_either_separator_is_read(
    caseworker: User, tmp_path: Path, delimiter: str
) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        [person_row("P1", "010190-1234", first_name="Søren Ærø", last_name="Åberg, Jr.")],
        delimiter=delimiter,
        encoding="utf-8-sig",
    )

    result = run(caseworker, "persons", path)

    assert result.ok, problems(result)
    person = Person.objects.get()
    assert (person.first_name, person.last_name) == ("Søren Ærø", "Åberg, Jr.")


def test_a_cp1252_csv_is_refused_naming_the_first_row_that_fails(
    caseworker: User, tmp_path: Path
) -> None:
    # given a file saved by Excel as "CSV (semicolon)": cp1252, where ø is one byte
    path = write_csv(
        tmp_path / "p.csv",
        [person_row("P1", "010190-1234"), person_row("P2", "020290-1234", first_name="Søren")],
        delimiter=";",
        encoding="cp1252",
    )

    found = refused(caseworker, "persons", path)

    assert len(found) == 1
    row, _column, message = found[0]
    assert row == 3
    assert "row 3" in message
    assert "CSV UTF-8" in message


def test_a_csv_missing_a_required_column_is_refused_by_name_before_any_row(
    caseworker: User, tmp_path: Path
) -> None:
    header = [n for n in PERSON_HEADER if n not in ("cpr", "department")]
    path = write_csv(tmp_path / "p.csv", [person_row("P1", "010190-1234")], header=header)

    found = refused(caseworker, "persons", path)

    assert found == [
        (1, "cpr", "The required column cpr is missing."),
        (1, "department", "The required column department is missing."),
    ]


def test_an_unknown_column_is_refused_so_a_misspelt_one_is_not_ignored(
    caseworker: User, tmp_path: Path
) -> None:
    row = spell_row("S1", "P1", "2020-01-01")
    row["end_on"] = row.pop("ends_on")

    found = refused(caseworker, "spells", write_csv(tmp_path / "s.csv", [row]))

    assert found == [(1, "end_on", "The column end_on is not one of this kind's columns.")]


def test_an_xlsx_workbook_is_read_with_its_dates_and_numbers(
    caseworker: User, tmp_path: Path, imported
) -> None:
    from datetime import date

    rows = [
        {
            "external_id": 101,
            "person_external_id": "P1",
            "kind": "job",
            "starts_on": date(2020, 1, 1),  # read back as a datetime
        },
        {
            "external_id": "S2",
            "person_external_id": "P2",
            "kind": "education",
            "starts_on": "2021-08-01",
            "ends_on": date(2022, 6, 30),
        },
    ]
    path = write_xlsx(tmp_path / "s.xlsx", rows, header=list(spell_row("", "", "")))

    result = run(caseworker, "spells", path)

    assert result.ok, problems(result)
    assert StatusSpell.objects.get(external_id="101").starts_on == date(2020, 1, 1)
    assert StatusSpell.objects.get(external_id="S2").ends_on == date(2022, 6, 30)


def test_an_xlsx_missing_a_column_is_refused_by_name(
    caseworker: User, tmp_path: Path, imported
) -> None:
    header = ["external_id", "person_external_id", "kind"]
    path = write_xlsx(
        tmp_path / "s.xlsx",
        [{"external_id": "S1", "person_external_id": "P1", "kind": "job"}],
        header=header,
    )

    found = refused(caseworker, "spells", path)

    assert found == [(1, "starts_on", "The required column starts_on is missing.")]


def test_a_file_that_is_not_a_workbook_is_refused(caseworker: User, tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"not a zip file at all")

    found = refused(caseworker, "spells", path)

    assert found == [(0, "", "The file is not an Excel workbook (.xlsx) that can be read.")]


def test_a_file_of_another_type_is_refused(caseworker: User, tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("external_id\n")

    assert refused(caseworker, "spells", path) == [
        (0, "", "Upload a CSV file (.csv) or an Excel workbook (.xlsx).")
    ]


def test_an_empty_file_is_refused(caseworker: User, tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(b"")

    assert refused(caseworker, "spells", path) == [
        (0, "", "The file is empty: it has no header row.")
    ]


@override_settings(HELHED_IMPORT_MAX_BYTES=1024 * 1024)
def test_a_file_over_the_upload_limit_is_refused(caseworker: User, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"x" * (1024 * 1024 + 1))

    found = refused(caseworker, "persons", path)

    assert found == [
        (0, "", "The file is 1.0 MB; files up to 1 MB can be imported. Split it in parts.")
    ]


def test_a_row_with_more_cells_than_the_header_is_refused(
    caseworker: User, tmp_path: Path, imported
) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "external_id,person_external_id,kind,starts_on\nS1,P1,job,2020-01-01,extra\n",
        encoding="utf-8",
    )

    found = refused(caseworker, "spells", path)

    assert found == [(2, "", "The row has more cells than the header has columns.")]


def test_an_unclosed_quotation_mark_is_refused(caseworker: User, tmp_path: Path, imported) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        'external_id,person_external_id,kind,starts_on\nS1,"P1,job,2020-01-01\n', encoding="utf-8"
    )

    found = refused(caseworker, "spells", path)

    assert len(found) == 1
    assert found[0][0] == 2
    assert "quotation mark" in found[0][2]
