# SPDX-License-Identifier: MPL-2.0
"""A version's parts read by statements compiled once (part_reads.py) are the ORM's: the
same instances, fields and order, the targets attached as prefetch_related attaches them
and the owner departments as select_related does, read afterwards without a query."""

from typing import Any

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from helhed.organisations.models import User
from helhed.policies.models import FocusArea, Initiative, Objective, PolicyVersion
from helhed.policies.part_reads import parts_of, version_parts
from helhed.policies.selectors import version_plan
from helhed.policies.tests.test_query_budget import _policy

pytestmark = pytest.mark.django_db


def fields(instance: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.fixture
def version(policy_officer: User, other_policy_officer: User) -> PolicyVersion:
    _policy(other_policy_officer, areas=2)  # another municipality's parts: never read
    return _policy(policy_officer, areas=3)


@pytest.mark.parametrize("model", [Objective, FocusArea, Initiative])
def test_the_parts_are_the_orms_in_the_policys_order(
    version: PolicyVersion, model: type[models.Model]
) -> None:
    expected = list(model._default_manager.filter(version=version).order_by("order", "created_at"))
    found = parts_of(model, version)
    assert len(found) >= 3
    assert [fields(p) for p in found] == [fields(p) for p in expected]
    assert all(type(p) is model for p in found)


def test_reversed_order_is_followed(version: PolicyVersion) -> None:
    areas = list(FocusArea.objects.filter(version=version).order_by("order", "created_at"))
    for number, area in enumerate(reversed(areas)):
        FocusArea.objects.filter(pk=area.pk).update(order=number)
    assert [a.pk for a in parts_of(FocusArea, version)] == [a.pk for a in reversed(areas)]


def test_targets_and_departments_are_attached_and_read_without_a_query(
    version: PolicyVersion,
) -> None:
    objectives, areas, initiatives = version_parts(version)
    expected = {
        o.pk: [fields(t) for t in o.targets.order_by("order", "created_at")]
        for o in Objective.objects.filter(version=version)
    }
    departments = {
        i.pk: i.owner_department.name
        for i in Initiative.objects.filter(version=version).select_related("owner_department")
        if i.owner_department
    }
    assert departments
    with CaptureQueriesContext(connection) as context:
        found = {o.pk: [fields(t) for t in o.targets.all()] for o in objectives}
        objectives_of_targets = {t.objective.pk for o in objectives for t in o.targets.all()}
        owners = {i.pk: i.owner_department.name for i in initiatives if i.owner_department}
        versions = {o.version.pk for o in objectives}
        versions |= {a.version.pk for a in areas} | {i.version.pk for i in initiatives}
    assert context.captured_queries == []
    assert found == expected
    assert objectives_of_targets == {o.pk for o in objectives if expected[o.pk]}
    assert owners == departments
    assert versions == {version.pk}


def test_the_plan_reads_five_statements_whatever_its_size(version: PolicyVersion) -> None:
    with CaptureQueriesContext(connection) as context:
        plan = version_plan(version=version)
    assert len(context.captured_queries) == 5
    assert [a.area.title for a in plan.focus_areas] == ["Område 0", "Område 1", "Område 2"]
    assert [len(a.objectives) for a in plan.focus_areas] == [1, 1, 1]
    assert len(plan.strategic_objectives) == 1
    assert len(plan.targets) == 4
