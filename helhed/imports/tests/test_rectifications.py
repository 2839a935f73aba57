# SPDX-License-Identifier: MPL-2.0
"""Rectification history (ADR 0023): a re-import that changes a person's registry data
keeps each earlier value with who, when and why; the caseworker sees it on the person page
("Rettelser") and the access export holds it. Never a CPR number; never a plan's fields."""

from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from helhed.citizens.models import Person, Rectification
from helhed.imports.tests.conftest import person_row, problems, run, spell_row, write_csv
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.privacy.selectors import subject_data

pytestmark = pytest.mark.django_db


def _rename(caseworker: User, tmp_path: Path) -> Person:
    path = write_csv(
        tmp_path / "rettet.csv",
        [person_row("P1", "010190-1234", last_name="Haddad-Saleh", household_external_id="H1")],
    )
    result = run(caseworker, "persons", path)
    assert result.ok, problems(result)
    return Person.objects.get(external_id="P1")


def test_a_changed_name_keeps_the_earlier_value_with_who_and_why(
    caseworker: User, tmp_path: Path, imported: object
) -> None:
    person = _rename(caseworker, tmp_path)

    change = Rectification.objects.get()
    assert (change.person, change.record, change.field) == (person, "person", "last_name")
    assert (change.old_value, change.new_value) == ("Haddad P1", "Haddad-Saleh")
    assert change.changed_by == caseworker
    assert "rettet.csv" in change.reason
    assert "1234" not in " ".join(
        str(v) for v in Rectification.objects.values_list("old_value", "new_value")
    )


def test_reimporting_the_same_file_keeps_no_history(
    caseworker: User, persons_file: Path, imported: object
) -> None:
    assert run(caseworker, "persons", persons_file).ok

    assert not Rectification.objects.exists()


def test_a_corrected_spell_keeps_its_earlier_end(
    caseworker: User, tmp_path: Path, imported: object
) -> None:
    rows = [spell_row("S1", "P1", "2020-01-01", "2020-12-31")]
    assert run(caseworker, "spells", write_csv(tmp_path / "s.csv", rows)).ok
    rows[0] = spell_row("S1", "P1", "2020-01-01", "2020-06-30")

    assert run(caseworker, "spells", write_csv(tmp_path / "s2.csv", rows)).ok

    change = Rectification.objects.get()
    assert (change.record, change.field) == ("statusspell", "ends_on")
    assert (change.old_value, change.new_value) == ("2020-12-31", "2020-06-30")
    # shown by the model's and field's own (translated) names, not the codes
    assert change.record_label != "statusspell"
    assert change.field_label != "ends_on"


def test_the_person_page_shows_the_rectifications(
    client: Client, caseworker: User, tmp_path: Path, imported: object
) -> None:
    person = _rename(caseworker, tmp_path)
    login_verified(client, caseworker)

    text = client.get(reverse("citizens:person_detail", kwargs={"person_id": person.id}))

    page = text.content.decode()
    assert "Rettelser" in page
    assert "Haddad P1" in page
    assert "Haddad-Saleh" in page


def test_the_access_export_holds_the_rectifications(
    caseworker: User, tmp_path: Path, imported: object
) -> None:
    person = _rename(caseworker, tmp_path)

    with transaction.atomic():
        without = subject_data(person=person, include_names=False)
        named = subject_data(person=person, include_names=True)

    assert [(r["before"], r["after"]) for r in without["rectifications"]] == [
        ("Haddad P1", "Haddad-Saleh")
    ]
    assert "employee" not in without["rectifications"][0]
    assert named["rectifications"][0]["employee"] == str(caseworker)
