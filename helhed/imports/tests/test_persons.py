# SPDX-License-Identifier: MPL-2.0
"""Importing persons: the CPR validated, encrypted and hashed as at registration; a CPR
registered once per municipality; households made on the fly; parents older than their
children; re-importing changes nothing; a changed row updates the person, audited.
Every refusal names its row and column and writes nothing."""

from pathlib import Path

import pytest
import time_machine
from django.utils.translation import override

from helhed.audit.models import Action, AuditEvent
from helhed.citizens.cpr import decrypt_cpr
from helhed.citizens.models import CaseAssignment, Household, HouseholdRelation, Person
from helhed.citizens.tests.factories import register
from helhed.imports.tests.conftest import (
    person_row,
    problems,
    run,
    table_counts,
    write_csv,
)
from helhed.organisations.models import User

pytestmark = pytest.mark.django_db


def refused(actor: User, path: Path) -> list[tuple[int, str, str]]:
    before = table_counts()
    result = run(actor, "persons", path)
    assert not result.ok
    assert table_counts() == before, "a refused file wrote something"
    return problems(result)


def test_persons_are_created_with_encrypted_cpr_household_parent_and_caseload(
    caseworker: User, persons_file: Path
) -> None:
    # when
    result = run(caseworker, "persons", persons_file)

    # then
    assert result.ok, problems(result)
    assert (result.counts.read, result.counts.created) == (2, 2)
    parent, child = Person.objects.get(external_id="P1"), Person.objects.get(external_id="P2")
    assert decrypt_cpr(parent.cpr_encrypted).digits == "0101901234"
    assert "0101901234" not in parent.cpr_encrypted
    assert (parent.birth_date.isoformat(), parent.sex) == ("1990-01-01", "female")
    assert parent.household == child.household
    assert Household.objects.get().name == "H1"
    assert HouseholdRelation.objects.filter(person=parent, relative=child, kind="parent").exists()
    assert CaseAssignment.objects.filter(person=child, department__name="Jobcenter").exists()


def test_each_created_person_gets_one_create_event_naming_the_file(
    caseworker: User, persons_file: Path
) -> None:
    run(caseworker, "persons", persons_file, name="personer 2024.csv")

    events = AuditEvent.objects.filter(action=Action.CREATE)
    assert {e.person_id for e in events} == set(Person.objects.values_list("pk", flat=True))
    assert events.count() == 2
    assert len({e.purpose for e in events}) == 1
    assert events[0].purpose.endswith(" personer 2024.csv")
    assert {e.user for e in events} == {caseworker}


def test_importing_the_same_file_again_changes_nothing(
    caseworker: User, persons_file: Path, imported
) -> None:
    before = table_counts()
    stamps = list(Person.objects.values_list("pk", "updated_at"))

    result = run(caseworker, "persons", persons_file)

    assert result.ok
    assert (result.counts.created, result.counts.updated, result.counts.unchanged) == (0, 0, 2)
    assert table_counts() == before
    assert list(Person.objects.values_list("pk", "updated_at")) == stamps


def test_a_changed_row_updates_the_person_with_an_update_event(
    caseworker: User, tmp_path: Path, imported
) -> None:
    path = write_csv(
        tmp_path / "rettet.csv",
        [person_row("P1", "010190-1234", last_name="Haddad-Saleh", household_external_id="H1")],
    )

    result = run(caseworker, "persons", path)

    assert result.ok, problems(result)
    assert (result.counts.updated, result.counts.created) == (1, 0)
    person = Person.objects.get(external_id="P1")
    assert person.last_name == "Haddad-Saleh"
    assert AuditEvent.objects.filter(
        action=Action.UPDATE, person_id=person.pk, purpose__contains="rettet.csv"
    ).exists()


@pytest.mark.parametrize(
    ("cpr", "message"),
    [
        ("0101901234x", "A CPR number is ten digits, written DDMMYY-XXXX."),
        ("320190-1234", "The first six digits of the CPR number are not a date (DDMMYY)."),
        ("12345", "A CPR number is ten digits, written DDMMYY-XXXX."),
    ],
)
def test_a_malformed_cpr_is_refused_on_its_row_and_column(
    caseworker: User, tmp_path: Path, cpr: str, message: str
) -> None:
    path = write_csv(tmp_path / "p.csv", [person_row("P1", "010190-1234"), person_row("P2", cpr)])

    with override("en"):
        found = refused(caseworker, path)

    assert found == [(3, "cpr", message)]


@time_machine.travel("2024-06-01 12:00 +02:00")
def test_a_birth_date_in_the_future_is_refused(caseworker: User, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [person_row("P1", "010724-4321")])

    with override("en"):
        found = refused(caseworker, path)

    assert found == [(2, "cpr", "The CPR number gives a birth date in the future.")]


def test_a_duplicate_person_under_a_new_external_id_is_refused(
    caseworker: User, tmp_path: Path, imported
) -> None:
    path = write_csv(tmp_path / "p.csv", [person_row("NY-7", "010190-1234")])

    with override("en"):
        found = refused(caseworker, path)

    assert found == [
        (
            2,
            "cpr",
            "A person with this CPR number is already registered under the external id P1: "
            "a duplicate person under a new external id.",
        )
    ]


def test_a_person_registered_in_helhed_is_not_duplicated_by_an_import(
    caseworker: User, tmp_path: Path
) -> None:
    register(caseworker, cpr="010190-1234")
    path = write_csv(tmp_path / "p.csv", [person_row("P1", "010190-1234")])

    found = refused(caseworker, path)

    assert [(row, column) for row, column, _m in found] == [(2, "cpr")]


def test_two_rows_with_one_cpr_are_refused_naming_the_first(
    caseworker: User, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "p.csv", [person_row("P1", "010190-1234"), person_row("P9", "0101901234")]
    )

    with override("en"):
        found = refused(caseworker, path)

    assert found == [(3, "cpr", "The same CPR number is in row 2 under the external id P1.")]


def test_two_rows_with_one_external_id_are_refused(caseworker: User, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "p.csv", [person_row("P1", "010190-1234"), person_row("P1", "020290-1234")]
    )

    with override("en"):
        found = refused(caseworker, path)

    assert found == [(3, "external_id", "The external id P1 is already used in row 2 of the file.")]


def test_changing_the_cpr_of_an_external_id_is_refused(
    caseworker: User, tmp_path: Path, imported
) -> None:
    path = write_csv(tmp_path / "p.csv", [person_row("P1", "050590-1234")])

    with override("en"):
        found = refused(caseworker, path)

    assert found == [(2, "cpr", "The external id P1 is registered with another CPR number.")]


def test_a_child_older_than_its_parent_is_refused(caseworker: User, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        [
            person_row("P1", "020215-4321"),
            person_row("P2", "010190-1234", parent1_external_id="P1"),
        ],
    )

    with override("en"):
        found = refused(caseworker, path)

    assert found == [(3, "parent1_external_id", "A child cannot be older than its parent.")]


def test_a_parent_not_registered_nor_earlier_in_the_file_is_refused(
    caseworker: User, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "p.csv", [person_row("P2", "020215-4321", parent2_external_id="X")])

    found = refused(caseworker, path)

    assert [(row, column) for row, column, _m in found] == [(2, "parent2_external_id")]


def test_a_department_of_which_the_importer_is_not_a_caseworker_is_refused(
    caseworker: User, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        [
            person_row("P1", "010190-1234", department="Forvaltningen"),
            person_row("P2", "020290-1234", department="Ingen afdeling"),
        ],
    )

    with override("en"):
        found = refused(caseworker, path)

    assert found == [
        (2, "department", "You are not a caseworker of Forvaltningen."),
        (3, "department", "Ingen afdeling is not a department of the municipality."),
    ]


def test_an_existing_person_outside_the_importers_caseload_is_not_changed(
    other_department_caseworker: User, tmp_path: Path, imported
) -> None:
    path = write_csv(
        tmp_path / "p.csv", [person_row("P1", "010190-1234", department="Forvaltningen")]
    )

    found = refused(other_department_caseworker, path)

    assert [(row, column) for row, column, _m in found] == [(2, "external_id")]


def test_the_same_external_ids_in_another_municipality_are_separate_persons(
    other_caseworker: User, persons_file: Path, imported
) -> None:
    result = run(other_caseworker, "persons", persons_file)

    assert result.ok, problems(result)
    assert Person.objects.filter(external_id="P1").count() == 2


def test_no_cpr_number_appears_in_the_report(caseworker: User, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        [person_row("P1", "010190-1234", country_of_origin="010190-1234", department="0101901234")],
    )

    found = refused(caseworker, path)

    text = " ".join(f"{c} {m}" for _r, c, m in found)
    assert found
    assert "1234" not in text
