# SPDX-License-Identifier: MPL-2.0
"""Stamps of the data a cached page is made of (docs/adr/0039-cached-report-pages.md).

A stamp is a digest that changes whenever anything a page reads changes, read in a couple
of cheap queries on every request, so that a page kept in the cache under its stamp is
never served after a change: the next view finds no entry for the new stamp and builds the
page afresh.

- The registry, through the municipality's registry stamp (models.RegistryStamp): a
  counter the indicators' upkeep raises in the transaction of every write that changed
  the municipality's indicator facts (from which the aggregates are made, in the same
  transaction) or may have changed its interventions (an initiative's progress counts
  them), and that the full recompute and rebuild raise too; one row by key, so the stamp
  costs the same in the largest municipality as in the smallest
  (docs/adr/0053-registry-stamp.md).
- The plans and policies: every row the page shows, with its id and last change, so that a
  row added, removed or saved again changes the stamp, whichever way a server's clock was
  off (a maximum of the times would miss a save stamped earlier than the latest).

The follow-up report and the dashboard also have a stamp of the policy's parts they read
alone (`FollowUpStamps.plan`, `DashboardStamps.policy`), under which those parts are kept
while only the registry changes (docs/adr/0046-first-view-of-report-pages.md).
"""

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model

from helhed.indicators.models import InitiativeMeasure, RegistryStamp
from helhed.organisations.models import Department, Municipality
from helhed.policies.models import (
    FocusArea,
    Initiative,
    InitiativeProgressUpdate,
    Objective,
    Policy,
    PolicyVersion,
    Target,
)

Select = tuple[str, list[Any]]  # a query of (id, updated_at) rows and its parameters


def _table(model: type[Model]) -> str:
    return model._meta.db_table


def _key(value: uuid.UUID) -> Any:
    """A key as the database stores it (SQLite keeps a UUID as its hex)."""
    field = PolicyVersion._meta.pk
    assert field is not None  # noqa: S101 (a model always has a key)
    return field.get_db_prep_value(value, connection)


def _registry_changes(municipality: Any) -> list[str]:
    """How many times the municipality's report data changed (models.RegistryStamp): one
    row by its key."""
    sql = f"SELECT changes FROM {_table(RegistryStamp)} WHERE municipality_id = %s"  # noqa: S608 (the model's table)
    with connection.cursor() as cursor:
        cursor.execute(sql, [municipality])
        row = cursor.fetchone()
    return [str(row[0] if row else 0)]


def _rows(selects: list[Select]) -> list[str]:
    """The (id, updated_at) rows of every select, in one query, sorted."""
    sql = " UNION ALL ".join(
        f"SELECT {index} AS part, id, updated_at FROM ({select}) AS part_{index}"  # noqa: S608 (the models' tables)
        for index, (select, _params) in enumerate(selects)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [p for _select, params in selects for p in params])
        return sorted("/".join(str(v) for v in row) for row in cursor.fetchall())


def _of(model: type[Model], column: str, value: Any) -> Select:
    return (f"SELECT id, updated_at FROM {_table(model)} WHERE {column} = %s", [value])  # noqa: S608


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class FollowUpStamps:
    """`plan`: the version's parts the report shows (what policies.selectors.version_plan
    reads: its objectives, targets, focus areas and initiatives with their departments,
    and the municipality's, the policy's and the version's own rows); `page`: that and
    everything else the report reads (the registry, the interventions, the initiatives'
    links and progress follow-ups)."""

    plan: str
    page: str


def follow_up_stamps(*, version: PolicyVersion) -> FollowUpStamps:
    """The stamps of what the follow-up report of `version` reads besides the day. Two
    queries."""
    municipality = _key(version.policy.municipality_id)
    version_key = _key(version.id)
    initiatives = f"SELECT id FROM {_table(Initiative)} WHERE version_id = %s"  # noqa: S608 (a model's table)
    plan_selects = [
        *(_of(m, "version_id", version_key) for m in (Objective, Target, FocusArea, Initiative)),
        _of(Department, "municipality_id", municipality),
        _of(Municipality, "id", municipality),
        _of(Policy, "id", _key(version.policy_id)),
    ]
    other_selects = [
        (
            f"SELECT id, updated_at FROM {_table(m)} WHERE initiative_id IN ({initiatives})",  # noqa: S608
            [version_key],
        )
        for m in (InitiativeMeasure, InitiativeProgressUpdate)
    ]
    rows = _rows([*plan_selects, *other_selects])
    planned = {str(index) for index in range(len(plan_selects))}
    plan = _digest(
        [version.updated_at.isoformat(), *(r for r in rows if r.split("/", 1)[0] in planned)]
    )
    return FollowUpStamps(plan, _digest([plan, *_registry_changes(municipality), *rows]))


def follow_up_stamp(*, version: PolicyVersion) -> str:
    """What the follow-up report of `version` reads besides the day: the registry, the
    interventions, the version's objectives, targets, focus areas and initiatives, the
    initiatives' links and progress follow-ups, the municipality's departments and its own
    row, the policy's and the version's. Two queries."""
    return follow_up_stamps(version=version).page


@dataclass(frozen=True)
class DashboardStamps:
    """`policy`: which policy is in force and its targets and their objectives (what
    selectors.policy_targets reads); `registry`: the registry's (the aggregates the
    series are read from); `page`: both and the municipality's row."""

    policy: str
    registry: str
    page: str


def dashboard_stamps(*, municipality_id: uuid.UUID) -> DashboardStamps:
    """The stamps of what the dashboard reads besides the month and the day: every version
    of every policy of the municipality (so that a newly adopted one shows), their targets
    and objectives, the municipality's row and the registry. Two queries."""
    municipality = _key(municipality_id)
    versions = (
        f"SELECT v.id FROM {_table(PolicyVersion)} v JOIN {_table(Policy)} p "  # noqa: S608 (the models' tables)
        "ON v.policy_id = p.id WHERE p.municipality_id = %s"
    )
    policy_selects = [
        (
            f"SELECT v.id, v.updated_at FROM {_table(PolicyVersion)} v JOIN {_table(Policy)} p "  # noqa: S608
            "ON v.policy_id = p.id WHERE p.municipality_id = %s",
            [municipality],
        ),
        *(
            (
                f"SELECT id, updated_at FROM {_table(m)} WHERE version_id IN ({versions})",  # noqa: S608
                [municipality],
            )
            for m in (Target, Objective)
        ),
    ]
    rows = _rows([*policy_selects, _of(Municipality, "id", municipality)])
    parts = {str(index) for index in range(len(policy_selects))}
    policy = _digest([r for r in rows if r.split("/", 1)[0] in parts])
    registry = _registry_changes(municipality)
    return DashboardStamps(policy, registry[0], _digest([*registry, *rows]))


def dashboard_stamp(*, municipality_id: uuid.UUID) -> str:
    """What the dashboard reads besides the month and the day: the registry, and which
    policy is in force with its targets and their objectives (every version of every
    policy of the municipality, and their targets and objectives). Two queries."""
    return dashboard_stamps(municipality_id=municipality_id).page
