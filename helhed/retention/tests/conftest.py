# SPDX-License-Identifier: MPL-2.0
"""Persons whose case ended on a given day, old audit events, and the administrator who
places archival holds."""

from datetime import date, datetime, time
from typing import Any

import pytest
from django.utils import timezone

from helhed.audit.models import AuditEvent
from helhed.citizens.models import CaseAssignment, Person
from helhed.citizens.tests.conftest import other_caseworker  # noqa: F401 - fixture
from helhed.citizens.tests.factories import register
from helhed.organisations.models import User

TODAY = date(2026, 12, 2)
LONG_AGO_FOR_COMMAND = date(2021, 12, 1)


def person_with_case_ended(actor: User, ended_on: date | None, **overrides: Any) -> Person:
    """A person registered by `actor`, whose case assignments ended on `ended_on` (None:
    still open)."""
    person = register(actor, **overrides)
    CaseAssignment.objects.filter(person=person).update(ended_on=ended_on)
    return person


def events_at(person: Person, moment: date) -> None:
    """Move every audit event about `person` to midday of `moment`."""
    when = timezone.make_aware(datetime.combine(moment, time(12)))
    AuditEvent.objects.filter(person_id=person.pk).update(occurred_at=when)


@pytest.fixture
def today() -> date:
    return TODAY
