# SPDX-License-Identifier: MPL-2.0
"""Disclosure control for every figure that leaves the municipality's staff (ADR 0022)."""

from helhed.indicators.disclosure.revisions import (
    Released,
    fingerprint,
    protect_after,
    protected_as,
)
from helhed.indicators.disclosure.tables import (
    SMALLEST_DENOMINATOR,
    SMALLEST_PUBLISHED,
    DisclosureError,
    Key,
    ProtectedCell,
    ProtectedRate,
    ProtectedTable,
    Reason,
    Relation,
    Table,
    UnprotectableError,
    feasible_intervals,
    protect_linked,
    protect_rate,
    protect_table,
    sum_relations,
)

__all__ = [
    "SMALLEST_DENOMINATOR",
    "SMALLEST_PUBLISHED",
    "DisclosureError",
    "Key",
    "ProtectedCell",
    "ProtectedRate",
    "ProtectedTable",
    "Reason",
    "Relation",
    "Released",
    "Table",
    "UnprotectableError",
    "feasible_intervals",
    "fingerprint",
    "protect_after",
    "protect_linked",
    "protect_rate",
    "protect_table",
    "protected_as",
    "sum_relations",
]
