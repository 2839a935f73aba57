# SPDX-License-Identifier: MPL-2.0
"""A file is imported whole or not at all: an error in the last row of a file of many
chunks writes nothing; the report is capped and says so; a user who may not import is
refused."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from helhed.imports.services import registry_import
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


def _persons(count: int) -> list[dict[str, str]]:
    # distinct valid CPR numbers: day 1-28, month 1-12, years 1950-1999
    rows = []
    for n in range(count):
        day, month, year = n % 28 + 1, (n // 28) % 12 + 1, 50 + n // 336
        rows.append(person_row(f"P{n}", f"{day:02d}{month:02d}{year:02d}-1{n % 1000:03d}"))
    return rows


@override_settings(HELHED_IMPORT_BATCH=100)
def test_an_error_in_the_last_row_of_a_big_file_writes_nothing(
    caseworker: User, tmp_path: Path
) -> None:
    rows = _persons(1000)
    rows[-1]["cpr"] = "999999-9999"
    path = write_csv(tmp_path / "p.csv", rows)
    before = table_counts()

    result = run(caseworker, "persons", path)

    assert [(r, c) for r, c, _m in problems(result)] == [(1001, "cpr")]
    assert (result.counts.read, result.counts.validated) == (1000, 999)
    assert result.counts.written == 0
    assert table_counts() == before


@override_settings(HELHED_IMPORT_BATCH=100)
def test_the_same_big_file_without_the_error_is_imported_whole(
    caseworker: User, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "p.csv", _persons(1000))

    result = run(caseworker, "persons", path)

    assert result.ok, problems(result)[:3]
    assert table_counts()["Person"] == 1000


@override_settings(HELHED_IMPORT_REPORT_LIMIT=5, HELHED_IMPORT_BATCH=10)
def test_the_report_is_capped_and_says_how_many_it_shows(
    caseworker: User, tmp_path: Path, imported
) -> None:
    path = write_csv(
        tmp_path / "s.csv", [spell_row(f"S{n}", "UKENDT", "2020-01-01") for n in range(50)]
    )

    result = run(caseworker, "spells", path)

    assert len(result.report.problems) == 5
    assert result.report.total >= 5
    assert result.counts.read < 50, "reading went on after the report was full"


@pytest.mark.parametrize("persona", ["policy_officer", "manager", "politician", "administrator"])
def test_only_caseworkers_may_import(
    request: pytest.FixtureRequest, persona: str, persons_file: Path
) -> None:
    user = request.getfixturevalue(persona)
    before = table_counts()

    with pytest.raises(PermissionDenied):
        registry_import(actor=user, kind="persons", path=persons_file, file_name="p.csv")

    assert table_counts() == before
