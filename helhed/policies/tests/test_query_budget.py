# SPDX-License-Identifier: MPL-2.0
"""The policy pages run a fixed number of queries, however much the policy contains."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from helhed.organisations.models import Department, User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies import services
from helhed.policies.models import Objective, PolicyVersion, Target
from helhed.policies.tests.factories import add_focus_area, adopt, make_policy, save_part

# Generous enough for the layout, small enough to catch a query per part.
BUDGET = 20


def _policy(actor: User, *, areas: int) -> PolicyVersion:
    """A draft with `areas` focus areas, each with an objective, a target and an initiative
    owned by a department, plus a strategic objective with a target."""
    version = make_policy(actor=actor, complete=False)
    assert actor.municipality is not None
    department = Department.objects.filter(municipality=actor.municipality).first()
    for number in range(areas):
        add_focus_area(
            actor=actor, version=version, title=f"Område {number}", department=department
        )
    strategic = save_part(actor=actor, part=Objective(version=version, text="Overordnet."))
    services.version_part_save(
        actor=actor,
        part=Target(
            version=version,
            objective=strategic,
            description="Overordnet mål.",
            indicator_key="mm13_unsubsidised_employment",
            comparator="gte",
            value=50,
            unit="percent",
            deadline="2021-12-31",
        ),
    )
    return version


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def small_and_large(
    policy_officer: User, other_policy_officer: User
) -> tuple[PolicyVersion, PolicyVersion]:
    """The same policy shape with 1 and with 6 focus areas, in two municipalities."""
    return _policy(policy_officer, areas=1), _policy(other_policy_officer, areas=6)


def test_the_version_page_runs_as_many_queries_for_six_focus_areas_as_for_one(
    client: Client,
    small_and_large: tuple[PolicyVersion, PolicyVersion],
    policy_officer: User,
    other_policy_officer: User,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    small, large = small_and_large

    login_verified(client, policy_officer)
    _queries(client, reverse("policies:version_detail", kwargs={"version_id": small.id}))  # warm
    one = _queries(client, reverse("policies:version_detail", kwargs={"version_id": small.id}))
    login_verified(client, other_policy_officer)
    _queries(client, reverse("policies:version_detail", kwargs={"version_id": large.id}))
    with django_assert_max_num_queries(BUDGET):
        response = client.get(reverse("policies:version_detail", kwargs={"version_id": large.id}))
    six = _queries(client, reverse("policies:version_detail", kwargs={"version_id": large.id}))

    assert response.content.decode().count("<strong>Indsats i Område") == 6
    assert one == six


def test_the_public_page_runs_as_many_queries_for_six_focus_areas_as_for_one(
    client: Client,
    small_and_large: tuple[PolicyVersion, PolicyVersion],
    policy_officer: User,
    other_policy_officer: User,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    small, large = small_and_large
    adopt(actor=policy_officer, version=small)
    adopt(actor=other_policy_officer, version=large)

    one = _queries(client, reverse("policies:public", kwargs={"slug": "horsens"}))
    with django_assert_max_num_queries(BUDGET):
        response = client.get(reverse("policies:public", kwargs={"slug": "furesoe"}))
    six = _queries(client, reverse("policies:public", kwargs={"slug": "furesoe"}))

    assert response.content.decode().count("<strong>Indsats i Område") == 6
    assert one == six


def test_the_dashboard_runs_as_many_queries_for_four_policies_as_for_one(
    client: Client,
    policy_officer: User,
    other_policy_officer: User,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    make_policy(actor=policy_officer, complete=False)
    for number in range(4):
        adopted = adopt(
            actor=other_policy_officer,
            version=make_policy(actor=other_policy_officer, title=f"P{number}", complete=False),
        )
        services.policy_version_revise(actor=other_policy_officer, version=adopted)

    login_verified(client, policy_officer)
    _queries(client, reverse("policies:dashboard"))
    one = _queries(client, reverse("policies:dashboard"))
    login_verified(client, other_policy_officer)
    _queries(client, reverse("policies:dashboard"))
    with django_assert_max_num_queries(BUDGET):
        client.get(reverse("policies:dashboard"))
    four = _queries(client, reverse("policies:dashboard"))

    assert one == four


def test_a_versions_parts_are_read_without_joining_its_policy_or_municipality(
    policy_officer: User,
) -> None:
    """Within one version the parts' orderings come down to (order, created_at): read in
    that order, without the joins to the version's policy and municipality that the
    models' orderings would add to every statement, and in the same order."""
    from helhed.indicators.selectors import policy_targets
    from helhed.policies.selectors import version_content

    version = _policy(policy_officer, areas=3)
    assert policy_officer.municipality_id is not None
    adopt(actor=policy_officer, version=version)

    with CaptureQueriesContext(connection) as context:
        content = version_content(version=version)
        targets = policy_targets(municipality_id=policy_officer.municipality_id).targets

    joined = [
        q["sql"]
        for q in context.captured_queries
        if 'JOIN "organisations_municipality"' in q["sql"]
    ]
    assert joined == []
    assert [a.area.title for a in content.focus_areas] == ["Område 0", "Område 1", "Område 2"]
    assert [t.pk for t in targets] == list(
        Target.objects.filter(version=version).values_list("pk", flat=True)
    )
