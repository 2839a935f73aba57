# SPDX-License-Identifier: MPL-2.0
"""`manage.py retention_run`: its report, its dry run and its refusals."""

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from helhed.citizens.models import Person
from helhed.organisations.models import Municipality, User
from helhed.retention.tests.conftest import LONG_AGO_FOR_COMMAND, person_with_case_ended


@time_machine.travel("2026-12-02 10:00 +0100", tick=False)
def test_a_dry_run_reports_what_it_would_delete_and_deletes_nothing(caseworker: User) -> None:
    person = person_with_case_ended(caseworker, LONG_AGO_FOR_COMMAND)
    out = StringIO()

    call_command("retention_run", dry_run=True, language="en", stdout=out)

    assert Person.objects.filter(pk=person.pk).exists()
    assert out.getvalue() == (
        "Horsens Kommune (dry run, nothing deleted): would delete 0 audit events from before "
        "2026-06-02 and 1 persons whose case ended before 2021-12-02; 0 such persons are kept "
        "under an archival hold.\n"
    )


@time_machine.travel("2026-12-02 10:00 +0100", tick=False)
def test_a_run_reports_what_it_deleted_in_danish(caseworker: User) -> None:
    person = person_with_case_ended(caseworker, LONG_AGO_FOR_COMMAND)
    out = StringIO()

    call_command("retention_run", stdout=out)

    assert not Person.objects.filter(pk=person.pk).exists()
    assert out.getvalue().startswith("Horsens Kommune: slettede 0 logningshændelser")


def test_an_unknown_kommunekode_is_refused_and_nothing_runs(
    own_municipality: Municipality,
) -> None:
    with pytest.raises(CommandError) as refusal:
        call_command("retention_run", kommunekoder=["615", "999"], stdout=StringIO())

    assert str(refusal.value) == "--kommunekode: ingen kommune med kommunekode 999."
