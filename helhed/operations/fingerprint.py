# SPDX-License-Identifier: MPL-2.0
"""The fingerprint of the data a restore must give back: a count and a checksum per table.

The backup drill (docs/operations.md) compares the fingerprint before a backup with the
fingerprint after the restore; they must be identical. This module is the one place that
says what the drill covers: add a model to FINGERPRINTED when it holds data a restore must
give back (the indicator values, when they arrive, go here).
"""

import hashlib
from dataclasses import dataclass

from django.db import models

from helhed.audit.models import AuditEvent
from helhed.caseplans.models import Intervention, Partner, Referral, RuleFlag
from helhed.citizens.models import (
    Arrival,
    CaseAssignment,
    DanishEducation,
    Household,
    HouseholdRelation,
    HousingPlacement,
    Locality,
    Person,
    ProgrammeEnrolment,
    StatusSpell,
)
from helhed.organisations.models import Department, Municipality

FINGERPRINTED: tuple[type[models.Model], ...] = (
    # the tenants
    Municipality,
    Department,
    # the registry
    Household,
    Person,
    HouseholdRelation,
    Arrival,
    StatusSpell,
    CaseAssignment,
    Locality,
    HousingPlacement,
    DanishEducation,
    ProgrammeEnrolment,
    # the holistic plan and its rule flags
    Partner,
    Intervention,
    Referral,
    RuleFlag,
    # who used the data
    AuditEvent,
    # the indicator values: add their model here when the indicators app stores them
)


@dataclass(frozen=True)
class TableFingerprint:
    table: str
    rows: int
    checksum: str  # SHA-256 over every row's values, in primary-key order


@dataclass(frozen=True)
class Fingerprint:
    tables: tuple[TableFingerprint, ...]

    @property
    def checksum(self) -> str:
        """One SHA-256 over every table's fingerprint."""
        digest = hashlib.sha256()
        for table in self.tables:
            digest.update(f"{table.table}:{table.rows}:{table.checksum}\n".encode())
        return digest.hexdigest()

    def lines(self) -> list[str]:
        return [f"{t.table} {t.rows} {t.checksum}" for t in self.tables] + [
            f"total {self.checksum}"
        ]


def _table_fingerprint(model: type[models.Model]) -> TableFingerprint:
    columns = [field.attname for field in model._meta.concrete_fields]
    digest = hashlib.sha256()
    rows = 0
    values = model._default_manager.order_by("pk").values_list(*columns)
    for row in values.iterator(chunk_size=2000):
        digest.update(repr(tuple(str(value) for value in row)).encode())
        digest.update(b"\n")
        rows += 1
    return TableFingerprint(model._meta.db_table, rows, digest.hexdigest())


def database_fingerprint() -> Fingerprint:
    """The fingerprint of every table in FINGERPRINTED, read now."""
    return Fingerprint(tuple(_table_fingerprint(model) for model in FINGERPRINTED))
