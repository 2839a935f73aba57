# SPDX-License-Identifier: MPL-2.0
"""Field-group access (ADR 0023): a confidential kind of intervention (a health
assessment), its note and another department's notes are seen in full only by the owner
department, on every path that shows interventions: the person's plan, the household page
and its shared timeline, break-the-glass, the JSON API (helhed/api/tests) and the XLSX
export. The data-subject access export, for the DPO, holds everything."""

import io
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from helhed.caseplans.access import shown_in_full
from helhed.caseplans.catalogue import InterventionKind
from helhed.caseplans.models import Intervention
from helhed.caseplans.tests.factories import da, make_household, make_intervention
from helhed.citizens.break_the_glass import break_the_glass_open
from helhed.citizens.models import CaseAssignment, Household, Person
from helhed.citizens.tests.factories import register
from helhed.imports.export import registry_export
from helhed.organisations.models import Department, User
from helhed.organisations.tests.sessions import login_verified
from helhed.privacy.selectors import subject_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

SECRET = "Helbredsnotat-kun-for-jobcentret"


@pytest.fixture
def family(caseworker: User, other_department_caseworker: User) -> tuple[Household, Person]:
    """A household of a jobcenter person with a health assessment (with a note) and a
    member of the other department's caseload."""
    household = make_household(caseworker.municipality, "Familien Saleh")
    mother = register(caseworker, household=household, cpr="150385-1031", first_name="Rania")
    register(other_department_caseworker, household=household, first_name="Huda")
    make_intervention(
        caseworker, person=mother, kind=InterventionKind.HEALTH_ASSESSMENT, note=SECRET
    )
    return household, mother


def _text(client: Client, user: User, url: str) -> str:
    login_verified(client, user)
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def _plan(person: Person) -> str:
    return reverse("caseplans:person_plan", kwargs={"person_id": person.id})


def _household(household: Household) -> str:
    return reverse("caseplans:household_detail", kwargs={"household_id": household.id})


def test_the_one_rule_is_the_owner_department(
    caseworker: User, other_department_caseworker: User, family: tuple[Household, Person]
) -> None:
    intervention = Intervention.objects.get()
    assert shown_in_full(caseworker, intervention.owner_department_id)
    assert not shown_in_full(other_department_caseworker, intervention.owner_department_id)


def test_the_household_page_and_timeline_hide_the_kind_and_note_from_another_department(
    client: Client, other_department_caseworker: User, family: tuple[Household, Person]
) -> None:
    text = _text(client, other_department_caseworker, _household(family[0]))

    assert da("Confidential intervention") in text
    assert da("Health assessment") not in text
    assert SECRET not in text


def test_the_household_page_shows_the_owner_department_the_kind(
    client: Client, caseworker: User, family: tuple[Household, Person]
) -> None:
    text = _text(client, caseworker, _household(family[0]))

    assert da("Health assessment") in text
    assert da("Confidential intervention") not in text


def test_break_the_glass_opens_the_person_but_not_the_confidential_fields(
    client: Client, school_caseworker: User, family: tuple[Household, Person]
) -> None:
    mother = family[1]
    login_verified(client, school_caseworker)
    assert client.get(_plan(mother)).status_code == 404
    break_the_glass_open(
        user=school_caseworker, person=mother, reason="Akut henvendelse fra skolen i dag"
    )

    text = _text(client, school_caseworker, _plan(mother))

    assert da("Confidential intervention") in text
    assert da("Health assessment") not in text
    assert SECRET not in text


def _interventions_sheet(user: User) -> list[list[Any]]:
    file = io.BytesIO()
    registry_export(actor=user, file=file)
    file.seek(0)
    book = load_workbook(file, read_only=True)
    return [list(r) for r in book["interventions"].iter_rows(values_only=True)][1:]


def test_the_xlsx_export_of_another_department_holds_none_of_the_owners_interventions(
    other_department_caseworker: User,
    family: tuple[Household, Person],
    forvaltningen: Department,
    today: Any,
) -> None:
    mother = family[1]
    CaseAssignment.objects.create(person=mother, department=forvaltningen, started_on=today)

    rows = _interventions_sheet(other_department_caseworker)

    assert rows == []


def test_the_xlsx_export_of_the_owner_department_holds_the_kind_and_note(
    caseworker: User, family: tuple[Household, Person]
) -> None:
    rows = _interventions_sheet(caseworker)

    assert len(rows) == 1
    assert InterventionKind.HEALTH_ASSESSMENT.value in rows[0]
    assert SECRET in rows[0]


def test_the_data_subject_export_holds_the_confidential_intervention(
    family: tuple[Household, Person],
) -> None:
    with transaction.atomic():
        data = subject_data(person=family[1], include_names=True)

    assert SECRET in str(data["interventions"])
