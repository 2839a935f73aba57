# SPDX-License-Identifier: MPL-2.0
"""Importing the facts of persons (spells, placements, arrivals, Danish, programmes): the
registry's rules per fact, persons named by external id and only inside the importer's
caseload, idempotent by external id. Each refusal names row and column, writes nothing."""

from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.utils.translation import override

from helhed.audit.models import Action, AuditEvent
from helhed.citizens.models import (
    Arrival,
    DanishEducation,
    HousingPlacement,
    Locality,
    Person,
    ProgrammeEnrolment,
    StatusSpell,
)
from helhed.imports.tests.conftest import (
    problems,
    run,
    spell_row,
    table_counts,
    write_csv,
)
from helhed.organisations.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported")]


def refused(actor: User, kind: str, path: Path) -> list[tuple[int, str, str]]:
    before = table_counts()
    with override("en"):
        result = run(actor, kind, path)
    assert not result.ok
    assert table_counts() == before, "a refused file wrote something"
    return problems(result)


def test_spells_are_imported_with_one_update_event_per_person(
    caseworker: User, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        [
            spell_row(
                "S1", "P1", "2020-01-01", "2020-12-31", kind="benefit", benefit_name="Ydelse"
            ),
            spell_row("S2", "P1", "2021-01-01"),
            spell_row("S3", "P2", "2021-01-01"),
        ],
    )
    before = AuditEvent.objects.filter(action=Action.UPDATE).count()

    result = run(caseworker, "spells", path)

    assert result.ok, problems(result)
    assert result.counts.created == 3
    first = StatusSpell.objects.get(external_id="S1")
    assert (first.person.external_id, first.kind, first.benefit_name) == ("P1", "benefit", "Ydelse")
    assert (first.starts_on, first.ends_on) == (date(2020, 1, 1), date(2020, 12, 31))
    assert AuditEvent.objects.filter(action=Action.UPDATE).count() == before + 2


def test_reimporting_spells_changes_nothing_and_a_changed_row_updates(
    caseworker: User, tmp_path: Path
) -> None:
    rows = [spell_row("S1", "P1", "2020-01-01", "2020-12-31"), spell_row("S2", "P1", "2021-01-01")]
    path = write_csv(tmp_path / "s.csv", rows)
    assert run(caseworker, "spells", path).ok
    before = table_counts()

    again = run(caseworker, "spells", path)

    assert (again.ok, again.counts.unchanged, again.counts.written) == (True, 2, 0)
    assert table_counts() == before

    # when the first spell is corrected to end earlier (it still meets the next)
    rows[0] = spell_row("S1", "P1", "2020-01-01", "2020-06-30")
    changed = run(caseworker, "spells", write_csv(tmp_path / "s2.csv", rows))

    assert (changed.ok, changed.counts.updated, changed.counts.unchanged) == (True, 1, 1)
    assert StatusSpell.objects.get(external_id="S1").ends_on == date(2020, 6, 30)
    assert StatusSpell.objects.count() == 2


def test_two_spells_of_one_person_that_overlap_in_the_file_are_refused(
    caseworker: User, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        [spell_row("S1", "P1", "2020-01-01", "2020-12-31"), spell_row("S2", "P1", "2020-06-01")],
    )

    found = refused(caseworker, "spells", path)

    assert found == [
        (3, "starts_on", "The spell overlaps the person's spell Ordinary job from 2020-01-01.")
    ]


def test_a_spell_overlapping_one_already_stored_is_refused(
    caseworker: User, tmp_path: Path
) -> None:
    assert run(
        caseworker, "spells", write_csv(tmp_path / "a.csv", [spell_row("S1", "P1", "2020-01-01")])
    ).ok
    path = write_csv(tmp_path / "b.csv", [spell_row("S9", "P1", "2024-01-01", "2024-02-01")])

    found = refused(caseworker, "spells", path)

    assert [(r, c) for r, c, _m in found] == [(2, "starts_on")]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            spell_row("S1", "P1", "2020-01-01", "2019-12-31"),
            "ends_on",
            "The spell cannot end before it starts.",
        ),
        (
            spell_row("S1", "P1", "1980-01-01"),
            "starts_on",
            "The spell cannot start before the person was born.",
        ),
        (
            spell_row("S1", "P1", "2020-01-01", kind="benefit"),
            "benefit_name",
            "Give the name of the benefit as it was called at the time.",
        ),
        (
            spell_row("S1", "P1", "1. januar 2020"),
            "starts_on",
            "Not a date; write it YYYY-MM-DD, for example 2024-03-01.",
        ),
        (
            spell_row("S1", "P1", "2020-01-01", kind="arbejde"),
            "kind",
            "arbejde is not one of the allowed values: benefit, job, education, other.",
        ),
        (spell_row("", "P1", "2020-01-01"), "external_id", "This column must be filled in."),
        (
            spell_row("S1", "UKENDT", "2020-01-01"),
            "person_external_id",
            "No person with the external id UKENDT is in your caseload.",
        ),
    ],
)
def test_a_bad_spell_row_is_refused_on_its_column(
    caseworker: User, tmp_path: Path, row: dict, column: str, message: str
) -> None:
    path = write_csv(tmp_path / "s.csv", [spell_row("S0", "P2", "2020-01-01"), row])

    assert refused(caseworker, "spells", path) == [(3, column, message)]


def test_a_person_of_another_department_is_not_found(
    other_department_caseworker: User, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "s.csv", [spell_row("S1", "P1", "2020-01-01")])

    found = refused(other_department_caseworker, "spells", path)

    assert found == [
        (2, "person_external_id", "No person with the external id P1 is in your caseload.")
    ]


def test_a_person_of_another_municipality_is_not_found(
    other_caseworker: User, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "s.csv", [spell_row("S1", "P1", "2020-01-01")])

    assert [c for _r, c, _m in refused(other_caseworker, "spells", path)] == ["person_external_id"]


def test_an_external_id_of_another_persons_record_is_refused(
    caseworker: User, tmp_path: Path
) -> None:
    assert run(
        caseworker, "spells", write_csv(tmp_path / "a.csv", [spell_row("S1", "P1", "2020-01-01")])
    ).ok
    path = write_csv(tmp_path / "b.csv", [spell_row("S1", "P2", "2020-01-01")])

    found = refused(caseworker, "spells", path)

    assert found == [(2, "external_id", "The external id S1 belongs to another person's record.")]


def _placement(external_id: str, locality: str, **extra: str) -> dict:
    return {
        "external_id": external_id,
        "person_external_id": extra.get("person", "P1"),
        "locality": locality,
        "permanent": extra.get("permanent", "ja"),
        "placed_on": extra.get("placed_on", "2024-04-01"),
    }


def test_placements_are_imported_in_known_localities(
    caseworker: User, tmp_path: Path, gedved: Locality
) -> None:
    path = write_csv(tmp_path / "b.csv", [_placement("B1", "Gedved", permanent="nej")])

    result = run(caseworker, "placements", path)

    assert result.ok, problems(result)
    placement = HousingPlacement.objects.get(external_id="B1")
    assert (placement.locality, placement.permanent) == (gedved, False)
    assert run(caseworker, "placements", path).counts.unchanged == 1


def test_a_placement_in_an_unknown_locality_is_refused(
    caseworker: User, tmp_path: Path, gedved: Locality
) -> None:
    path = write_csv(tmp_path / "b.csv", [_placement("B1", "Gedved"), _placement("B2", "Atlantis")])

    found = refused(caseworker, "placements", path)

    assert found == [(3, "locality", "Atlantis is not a locality of the municipality.")]


def test_a_placement_before_birth_and_a_bad_boolean_are_refused(
    caseworker: User, tmp_path: Path, gedved: Locality
) -> None:
    path = write_csv(
        tmp_path / "b.csv",
        [
            _placement("B1", "Gedved", placed_on="1980-01-01"),
            _placement("B2", "Gedved", permanent="måske"),
        ],
    )

    found = refused(caseworker, "placements", path)

    assert found == [
        (2, "placed_on", "The placement date is before the birth date."),
        (3, "permanent", "Write ja or nej (yes or no)."),
    ]


def _arrival(external_id: str, **extra: str) -> dict:
    return {
        "external_id": external_id,
        "person_external_id": extra.get("person", "P1"),
        "arrived_on": extra.get("arrived_on", "2024-03-01"),
        "source": extra.get("source", "quota_refugee"),
        "from_kommunekode": extra.get("from_kommunekode", ""),
        "quota_year": extra.get("quota_year", "2024"),
    }


def test_arrivals_are_imported_with_the_target_group_decision(
    caseworker: User, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        [
            _arrival("A1"),
            _arrival("A2", person="P2", source="moved", from_kommunekode="190", quota_year=""),
        ],
    )

    result = run(caseworker, "arrivals", path)

    assert result.ok, problems(result)
    arrival = Arrival.objects.get(external_id="A1")
    assert (arrival.quota_year, arrival.in_target_group) == (2024, True)
    assert Arrival.objects.get(external_id="A2").from_kommunekode == "190"
    assert run(caseworker, "arrivals", path).counts.unchanged == 2


@time_machine.travel("2024-06-01 12:00 +02:00")
def test_bad_arrivals_are_refused(caseworker: User, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        [
            _arrival("A1", arrived_on="2024-07-01"),
            _arrival("A2", source="moved"),
            _arrival("A3", from_kommunekode="615"),
            _arrival("A4", quota_year="tyve"),
        ],
    )

    found = refused(caseworker, "arrivals", path)

    assert found == [
        (2, "arrived_on", "The arrival date is in the future."),
        (3, "from_kommunekode", "Give the kommunekode of the municipality moved from."),
        (4, "from_kommunekode", "A kommunekode is given only for a move."),
        (5, "quota_year", "Not a whole number."),
    ]


def _danish(external_id: str, **extra: str) -> dict:
    return {
        "external_id": external_id,
        "person_external_id": "P1",
        "track": extra.get("track", "du3"),
        "module": extra.get("module", "5"),
        "referred_on": extra.get("referred_on", "2024-03-15"),
        "test": extra.get("test", ""),
        "test_passed_on": extra.get("test_passed_on", ""),
    }


def test_danish_education_is_imported_and_a_wrong_test_is_refused(
    caseworker: User, tmp_path: Path
) -> None:
    good = write_csv(tmp_path / "d.csv", [_danish("D1", test="pd3", test_passed_on="2024-05-01")])
    assert run(caseworker, "danish", good).ok
    assert DanishEducation.objects.get(external_id="D1").test == "pd3"

    bad = write_csv(
        tmp_path / "d2.csv",
        [
            _danish("D2", track="du1", test="pd3", test_passed_on="2024-05-01"),
            _danish("D3", module="7"),
        ],
    )
    found = refused(caseworker, "danish", bad)

    assert found == [
        (2, "test", "Prøve i Dansk 3 does not end Danish education 1 (DU1)."),
        (3, "module", "A whole number from 1 to 6."),
    ]


def test_programme_enrolments_may_not_overlap(caseworker: User, tmp_path: Path) -> None:
    rows = [
        {
            "external_id": "E1",
            "person_external_id": "P1",
            "kind": "self_support",
            "starts_on": "2024-01-01",
            "ends_on": "2024-12-31",
        },
        {
            "external_id": "E2",
            "person_external_id": "P1",
            "kind": "introduction",
            "starts_on": "2024-06-01",
            "ends_on": "",
        },
    ]
    assert run(caseworker, "enrolments", write_csv(tmp_path / "e1.csv", rows[:1])).ok
    assert ProgrammeEnrolment.objects.count() == 1

    found = refused(caseworker, "enrolments", write_csv(tmp_path / "e2.csv", rows))

    assert [(r, c) for r, c, _m in found] == [(3, "starts_on")]
    assert "already in" in found[0][2]


def test_persons_count_is_untouched_by_fact_imports(caseworker: User, tmp_path: Path) -> None:
    before = Person.objects.count()

    run(caseworker, "spells", write_csv(tmp_path / "s.csv", [spell_row("S1", "P1", "2020-01-01")]))

    assert Person.objects.count() == before
