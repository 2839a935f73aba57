# SPDX-License-Identifier: MPL-2.0
"""Registering persons in tests, through the service, with sensible defaults."""

import itertools
from datetime import date
from typing import Any

from helhed.audit.models import AuditEvent
from helhed.citizens import services
from helhed.citizens.models import (
    Arrival,
    ArrivalSource,
    CaseAssignment,
    EducationLevel,
    HouseholdRelation,
    Person,
    StatusSpell,
)
from helhed.organisations.models import User

_numbers = itertools.count(1)


def next_cpr() -> str:
    """A fresh CPR number of someone born in 1985 (seventh digit 1: the 1900s), unique per
    test run. The serials do not follow modulus 11, as numbers issued since 2007 need not."""
    return _fresh_cpr(year="85", century_digit="1")


def next_child_cpr() -> str:
    """A fresh CPR number of someone born in 2015 (seventh digit 4 with year 00-36: the
    2000s), younger than anyone :func:`next_cpr` makes, so a parent-child link always holds."""
    return _fresh_cpr(year="15", century_digit="4")


def _fresh_cpr(*, year: str, century_digit: str) -> str:
    n = next(_numbers)
    day, month = n % 28 + 1, (n // 28) % 12 + 1
    return f"{day:02d}{month:02d}{year}-{century_digit}{n % 1000:03d}"


def register(actor: User, cpr: str | None = None, **overrides: Any) -> Person:
    """A person in the caseload of the actor's first department: a quota refugee from Syria
    who arrived on 1 March 2024."""
    department = overrides.pop("department", None) or actor.departments.order_by("name").first()
    n = next(_numbers)
    arguments: dict[str, Any] = {
        "actor": actor,
        "department": department,
        "cpr": cpr if cpr is not None else next_cpr(),
        "first_name": "Amal",
        "last_name": f"Haddad{n}",
        "country_of_origin": "SY",
        "education_level": EducationLevel.NONE,
        "unaccompanied_minor": False,
        "arrived_on": date(2024, 3, 1),
        "source": ArrivalSource.QUOTA_REFUGEE,
    }
    arguments.update(overrides)
    return services.person_register(**arguments)


def registry_counts() -> dict[str, int]:
    """How many rows each registry table and the audit log hold: a refusal changes none."""
    return {
        "persons": Person.objects.count(),
        "arrivals": Arrival.objects.count(),
        "assignments": CaseAssignment.objects.count(),
        "relations": HouseholdRelation.objects.count(),
        "spells": StatusSpell.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }
