# SPDX-License-Identifier: MPL-2.0
"""Importing interventions of the holistic plan: the plan's own rules per row, the owner
one of the importer's departments, partners by CVR number or name, idempotent by external
id, and the rule flags following the imported interventions."""

from pathlib import Path

import pytest
import time_machine
from django.utils.translation import override

from helhed.caseplans.models import Intervention, Partner, RuleFlag
from helhed.caseplans.services import partner_register
from helhed.citizens.models import Person
from helhed.imports.tests.conftest import problems, run, table_counts, write_csv
from helhed.organisations.models import User
from helhed.policies.models import FocusArea
from helhed.policies.tests.factories import adopt, make_policy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported")]

NOVO = "24256790"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2024-05-01 12:00 +02:00", tick=False):
        yield


@pytest.fixture
def company(caseworker: User) -> Partner:
    return partner_register(actor=caseworker, kind="company", name="Novo A/S", cvr=NOVO)


@pytest.fixture
def area(policy_officer: User) -> FocusArea:
    """The adopted policy's focus area, which interventions must serve."""
    version = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    found = version.focus_areas.first()
    assert found is not None
    return found


def _row(external_id: str, person: str, **extra: str) -> dict[str, str]:
    row = {
        "external_id": external_id,
        "person_external_id": person,
        "kind": "company_internship",
        "owner_department": "Jobcenter",
        "focus_area": "Beskæftigelse",
        "partner": NOVO,
        "sector": "",
        "starts_on": "2024-03-10",
        "ends_on": "",
        "status": "",
        "outcome": "",
        "note": "",
    }
    row.update(extra)
    return row


def _counts() -> dict[str, int]:
    return {**table_counts(), "interventions": Intervention.objects.count()}


def refused(actor: User, path: Path) -> list[tuple[int, str, str]]:
    before = _counts()
    with override("en"):
        result = run(actor, "interventions", path)
    assert not result.ok
    assert _counts() == before, "a refused file wrote something"
    return problems(result)


def test_interventions_are_imported_and_the_company_flag_clears(
    caseworker: User, company: Partner, area: FocusArea, tmp_path: Path
) -> None:
    # given P1's arrival as a quota refugee on 1 March 2024, imported: the import opens the
    # flag for no company-based offer within the month
    arrival = {
        "external_id": "A1",
        "person_external_id": "P1",
        "arrived_on": "2024-03-01",
        "source": "quota_refugee",
        "from_kommunekode": "",
        "quota_year": "2024",
    }
    assert run(caseworker, "arrivals", write_csv(tmp_path / "a.csv", [arrival])).ok
    person = Person.objects.get(external_id="P1")
    person_flags = RuleFlag.objects.filter(person=person, rule="company_offer")
    assert person_flags.filter(resolved_at__isnull=True).exists()
    path = write_csv(
        tmp_path / "i.csv",
        [
            _row("I1", "P1"),
            _row("I2", "P2", kind="job_search", partner="", starts_on="2024-06-01"),
        ],
    )

    result = run(caseworker, "interventions", path)

    assert result.ok, problems(result)
    assert result.counts.created == 2
    first = Intervention.objects.get(external_id="I1")
    assert (first.person, first.partner, first.focus_area, first.status) == (
        person,
        company,
        area,
        "active",
    )
    assert Intervention.objects.get(external_id="I2").status == "planned"
    # the imported internship met the one-month rule: the flag is resolved, and kept
    assert not person_flags.filter(resolved_at__isnull=True).exists()
    assert person_flags.get().resolution == "intervention_started"


def test_reimporting_interventions_changes_nothing_and_a_changed_row_updates(
    caseworker: User, company: Partner, area: FocusArea, tmp_path: Path
) -> None:
    rows = [_row("I1", "P1")]
    assert run(caseworker, "interventions", write_csv(tmp_path / "a.csv", rows)).ok
    before = _counts()

    again = run(caseworker, "interventions", write_csv(tmp_path / "b.csv", rows))

    assert (again.ok, again.counts.unchanged, again.counts.written) == (True, 1, 0)
    assert _counts() == before
    rows[0] = _row("I1", "P1", ends_on="2024-04-30", status="completed", outcome="ordinary_job")
    changed = run(caseworker, "interventions", write_csv(tmp_path / "c.csv", rows))
    assert (changed.ok, changed.counts.updated) == (True, 1)
    stored = Intervention.objects.get(external_id="I1")
    assert (stored.status, stored.outcome) == ("completed", "ordinary_job")


def test_bad_interventions_are_refused_on_their_columns(
    caseworker: User, company: Partner, area: FocusArea, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [
            _row("I1", "P1", partner=""),  # an internship without its company
            _row("I2", "P1", owner_department="Forvaltningen"),  # not the importer's
            _row("I3", "P1", focus_area="Ukendt"),
            _row("I4", "P1", kind="industry_package", sector=""),
            _row("I5", "P1", kind="daycare", partner=""),  # P1 is an adult
            _row("I6", "P1", partner="12345678"),  # no such partner
            _row("I7", "P1", status="completed", ends_on="2024-04-01"),  # no outcome
            _row("I8", "P1", outcome="ordinary_job"),  # an outcome, not completed
            _row("I9", "P1", starts_on="2024-04-01", ends_on="2024-03-01"),
        ],
    )

    found = {(row, column) for row, column, _message in refused(caseworker, path)}

    assert found == {
        (2, "partner"),
        (3, "owner_department"),
        (4, "focus_area"),
        (5, "sector"),
        (6, "kind"),
        (7, "partner"),
        (8, "outcome"),
        (9, "outcome"),
        (10, "ends_on"),
    }


def test_a_person_outside_the_caseload_is_not_found(
    other_department_caseworker: User, company: Partner, area: FocusArea, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "i.csv", [_row("I1", "P1", owner_department="Forvaltningen")])

    assert refused(other_department_caseworker, path) == [
        (2, "person_external_id", "No person with the external id P1 is in your caseload.")
    ]
