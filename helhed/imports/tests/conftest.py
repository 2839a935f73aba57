# SPDX-License-Identifier: MPL-2.0
"""Files to import, written in a test's temporary directory, and the import's personas."""

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from helhed.citizens.models import Locality
from helhed.citizens.tests.conftest import (  # noqa: F401 - fixtures
    forvaltningen,
    jobcenter,
    other_caseworker,
    other_department_caseworker,
)
from helhed.imports.services import ImportResult, registry_import
from helhed.imports.sheets import SHEETS
from helhed.organisations.models import Municipality, User

PERSON_HEADER = [
    "external_id",
    "cpr",
    "first_name",
    "last_name",
    "country_of_origin",
    "education_level",
    "unaccompanied_minor",
    "household_external_id",
    "department",
    "parent1_external_id",
    "parent2_external_id",
]


def person_row(external_id: str, cpr: str, **overrides: str) -> dict[str, str]:
    row = {
        "external_id": external_id,
        "cpr": cpr,
        "first_name": "Amal",
        "last_name": f"Haddad {external_id}",
        "country_of_origin": "SY",
        "education_level": "none",
        "unaccompanied_minor": "nej",
        "household_external_id": "",
        "department": "Jobcenter",
        "parent1_external_id": "",
        "parent2_external_id": "",
    }
    row.update(overrides)
    return row


def write_csv(
    path: Path,
    rows: Sequence[dict[str, Any]],
    *,
    header: Sequence[str] | None = None,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Path:
    names = list(header or (rows[0].keys() if rows else []))
    with path.open("w", newline="", encoding=encoding) as file:
        writer = csv.writer(file, delimiter=delimiter)
        writer.writerow(names)
        for row in rows:
            writer.writerow([row.get(n, "") for n in names])
    return path


def write_xlsx(
    path: Path, rows: Sequence[dict[str, Any]], *, header: Sequence[str] | None = None
) -> Path:
    names = list(header or (rows[0].keys() if rows else []))
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(names)
    for row in rows:
        sheet.append([row.get(n) for n in names])
    workbook.save(path)
    return path


def run(actor: User, kind: str, path: Path, name: str | None = None) -> ImportResult:
    assert kind in SHEETS
    return registry_import(actor=actor, kind=kind, path=path, file_name=name or path.name)


def problems(result: ImportResult) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in result.report.problems]


@pytest.fixture
def gedved(own_municipality: Municipality) -> Locality:
    return Locality.objects.create(municipality=own_municipality, name="Gedved")


def table_counts() -> dict[str, int]:
    """How many rows every table an import writes holds: a refused file changes none."""
    from helhed.audit.models import AuditEvent
    from helhed.citizens.models import (
        Arrival,
        CaseAssignment,
        DanishEducation,
        Household,
        HouseholdRelation,
        HousingPlacement,
        Person,
        ProgrammeEnrolment,
        StatusSpell,
    )

    models = (
        Person,
        Household,
        HouseholdRelation,
        CaseAssignment,
        Arrival,
        HousingPlacement,
        ProgrammeEnrolment,
        DanishEducation,
        StatusSpell,
        AuditEvent,
    )
    return {m.__name__: m.objects.count() for m in models}


def spell_row(external_id: str, person: str, start: str, end: str = "", **extra: str) -> dict:
    return {
        "external_id": external_id,
        "person_external_id": person,
        "kind": extra.get("kind", "job"),
        "benefit_name": extra.get("benefit_name", ""),
        "starts_on": start,
        "ends_on": end,
    }


@pytest.fixture
def persons_file(tmp_path: Path) -> Path:
    """Two persons: P1 (born 1 January 1990), and P2 (born 2 February 2015), P1's child."""
    return write_csv(
        tmp_path / "personer.csv",
        [
            person_row("P1", "010190-1234", household_external_id="H1"),
            person_row("P2", "020215-4321", household_external_id="H1", parent1_external_id="P1"),
        ],
    )


@pytest.fixture
def imported(caseworker: User, persons_file: Path) -> ImportResult:
    result = run(caseworker, "persons", persons_file)
    assert result.ok, problems(result)
    return result
