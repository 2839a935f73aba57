# SPDX-License-Identifier: MPL-2.0
"""The backup drill: build a registry, take its fingerprint, back up, destroy and change
data, restore, and find the fingerprint identical (on SQLite and on PostgreSQL, whichever
the test database is)."""

from pathlib import Path

import pytest
from django.core.management import call_command

from helhed.caseplans.models import RuleFlag
from helhed.citizens.models import Person, StatusSpell
from helhed.operations.fingerprint import FINGERPRINTED, database_fingerprint
from helhed.operations.tests.conftest import build_registry
from helhed.organisations.models import Municipality

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_restored_backup_gives_back_the_registry_the_plans_and_the_flags(
    own_municipality: Municipality, tmp_path: Path
) -> None:
    # given a registry with plans and rule flags
    persons = build_registry(own_municipality)
    assert persons > 20
    assert RuleFlag.objects.exists()
    before = database_fingerprint()
    backup = tmp_path / "helhed-backup.db"

    # when it is backed up, then changed and partly destroyed
    call_command("backup", output=str(backup))
    StatusSpell.objects.all().delete()
    RuleFlag.objects.all().delete()
    person = Person.objects.order_by("id").first()
    assert person is not None
    Person.objects.filter(pk=person.pk).update(first_name="Ændret")
    changed = database_fingerprint()
    call_command("restore", input=str(backup), force=True)

    # then the fingerprint is the one from before
    assert changed.checksum != before.checksum
    after = database_fingerprint()
    assert after == before
    assert Person.objects.get(pk=person.pk).first_name == person.first_name


def test_the_fingerprint_sees_a_change_in_any_column_of_a_row(
    own_municipality: Municipality,
) -> None:
    build_registry(own_municipality)
    before = database_fingerprint()

    first = StatusSpell.objects.order_by("pk").values_list("pk", flat=True)[0]
    StatusSpell.objects.filter(pk=first).update(benefit_name="noget andet")

    after = database_fingerprint()
    assert after.checksum != before.checksum
    changed = [b.table for b, a in zip(before.tables, after.tables, strict=True) if a != b]
    assert len(changed) == 1


def test_the_fingerprint_covers_the_registry_the_plans_and_the_audit() -> None:
    tables = {model._meta.label for model in FINGERPRINTED}

    assert {
        "citizens.Person",
        "citizens.StatusSpell",
        "citizens.HousingPlacement",
        "caseplans.Intervention",
        "caseplans.RuleFlag",
        "audit.AuditEvent",
    } <= tables
