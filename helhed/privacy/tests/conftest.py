# SPDX-License-Identifier: MPL-2.0
"""A person in the caseload of the Jobcenter caseworker, looked up once by them, and the
data protection officer of the same municipality (the `data_protection_officer` persona)."""

from datetime import date

import pytest
from django.db import transaction

from helhed.audit.models import AuditEvent
from helhed.citizens.access import access_person_by_id
from helhed.citizens.models import Person
from helhed.citizens.tests.factories import register
from helhed.organisations.models import User

CPR = "150385-1234"


@pytest.fixture
def amal(caseworker: User) -> Person:
    person = register(caseworker, cpr=CPR, first_name="Amal", last_name="Haddad")
    with transaction.atomic():
        access_person_by_id(user=caseworker, person_id=person.id, purpose="Sagsbehandling")
    return person


def events_count() -> int:
    return AuditEvent.objects.count()


__all__ = ["CPR", "date", "events_count"]
