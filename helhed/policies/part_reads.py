# SPDX-License-Identifier: MPL-2.0
"""A policy version's parts read by statements compiled once per process.

The follow-up report's first view after a change to the policy reads the version's
objectives, targets, focus areas and initiatives. Four ORM queries for a policy of a few
dozen parts took most of their time compiling the queries (the orderings, the prefetch,
the converters), not in the database (docs/benchmarks.md). Here each statement is the
ORM's own SQL for ``<part>.objects.filter(version_id=...).order_by("order",
"created_at")``, compiled once per model and database, and run through ``raw()``, which
converts the columns and makes the instances as the ORM does. The targets are attached
to their objectives as ``prefetch_related("targets")`` attaches them, and the initiatives'
owner departments as ``select_related`` does (``tests/test_part_reads.py`` compares both
with the ORM's).
"""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import connection, models

from helhed.organisations.models import Department
from helhed.policies.models import FocusArea, Initiative, Objective, PolicyVersion, Target

_P = TypeVar("_P", bound=models.Model)

IN_ORDER = ("order", "created_at")


@cache
def _statement(model: type[models.Model], by: str, ordered: bool, vendor: str) -> str:
    """The ORM's SQL for the model's rows with one value of ``by`` (its parameter kept as
    a placeholder), compiled once."""
    queryset = model._default_manager.filter(**{by: uuid.UUID(int=0)})
    if ordered:
        queryset = queryset.order_by(*IN_ORDER)
    sql, params = queryset.query.sql_with_params()
    if len(params) != 1:  # pragma: no cover - a model with a default filter of its own
        raise RuntimeError(f"{model.__name__}: one parameter expected, {len(params)} found")
    return sql


def _prepared(model: type[models.Model], by: str, value: uuid.UUID) -> Any:
    field = model._meta.get_field(by.removesuffix("_id"))
    assert isinstance(field, models.Field)  # noqa: S101 (a column of the model)
    return field.get_db_prep_value(value, connection, prepared=False)


def parts_of(model: type[_P], version: PolicyVersion) -> list[_P]:
    """The version's parts of one kind, in the order the policy presents them."""
    sql = _statement(model, "version_id", True, connection.vendor)
    parts = list(model._default_manager.raw(sql, [_prepared(model, "version_id", version.id)]))
    # each part's version known, as a query through version.<parts> leaves it
    field = model._meta.get_field("version")
    assert isinstance(field, models.ForeignKey)  # noqa: S101
    for part in parts:
        field.set_cached_value(part, version)
    return parts


def attach_targets(objectives: Sequence[Objective], targets: Sequence[Target]) -> None:
    """Each objective's targets as ``prefetch_related("targets")`` leaves them: read by
    ``objective.targets.all()`` without a query, each target's objective known."""
    by_objective: dict[uuid.UUID, list[Target]] = defaultdict(list)
    for target in targets:
        by_objective[target.objective_id].append(target)
    objective_field = Target._meta.get_field("objective")
    assert isinstance(objective_field, models.ForeignKey)  # noqa: S101
    for objective in objectives:
        found = by_objective.get(objective.id, [])
        for target in found:
            objective_field.set_cached_value(target, objective)
        queryset = objective.targets.all()
        queryset._result_cache = found
        # the two attributes Django's prefetch_one_level sets
        queryset._prefetch_done = True  # type: ignore[attr-defined]
        objective._prefetched_objects_cache = {"targets": queryset}  # type: ignore[attr-defined]


def attach_departments(initiatives: Sequence[Initiative]) -> None:
    """Each initiative's owner department, as ``select_related("owner_department")``
    leaves it (one query for all of them)."""
    field = Initiative._meta.get_field("owner_department")
    assert isinstance(field, models.ForeignKey)  # noqa: S101
    wanted = {i.owner_department_id for i in initiatives if i.owner_department_id is not None}
    # unordered: the model's ordering would join the municipality for nothing
    departments = Department.objects.order_by().in_bulk(wanted) if wanted else {}
    for initiative in initiatives:
        owner = initiative.owner_department_id
        field.set_cached_value(initiative, None if owner is None else departments[owner])


def version_parts(
    version: PolicyVersion,
) -> tuple[list[Objective], list[FocusArea], list[Initiative]]:
    """The version's objectives (with their targets), focus areas and initiatives (with
    their owner departments), each in order."""
    objectives = parts_of(Objective, version)
    attach_targets(objectives, parts_of(Target, version))
    initiatives = parts_of(Initiative, version)
    attach_departments(initiatives)
    return objectives, parts_of(FocusArea, version), initiatives
