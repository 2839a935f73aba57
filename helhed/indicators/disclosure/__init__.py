# SPDX-License-Identifier: MPL-2.0
"""Disclosure control for every figure that leaves the municipality's staff (ADR 0022)."""

from helhed.indicators.disclosure.revisions import Released, protect_after
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
    "protect_after",
    "protect_linked",
    "protect_rate",
    "protect_table",
    "sum_relations",
]
