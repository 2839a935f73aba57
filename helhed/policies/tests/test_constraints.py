# SPDX-License-Identifier: MPL-2.0
"""The database itself holds the lifecycle's invariants, even against a write that skips the
services: one adopted version, and one version in draft or hearing, per policy."""

import pytest
from django.db import IntegrityError, transaction

from helhed.organisations.models import User
from helhed.policies.models import PolicyVersion, Status
from helhed.policies.tests.factories import adopt, make_policy


def _add_version(version: PolicyVersion, *, number: int, status: str) -> PolicyVersion:
    return PolicyVersion.objects.create(
        policy_id=version.policy_id,
        number=number,
        status=status,
        title="Direkte i databasen",
        period_start=2022,
        period_end=2025,
    )


def test_a_second_adopted_version_of_a_policy_is_refused_by_the_database(
    policy_officer: User,
) -> None:
    adopted = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))

    with pytest.raises(IntegrityError), transaction.atomic():
        _add_version(adopted, number=2, status=Status.ADOPTED)

    assert PolicyVersion.objects.filter(policy_id=adopted.policy_id).count() == 1


def test_adopting_a_second_version_by_a_bare_update_is_refused_by_the_database(
    policy_officer: User,
) -> None:
    adopted = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    archived = _add_version(adopted, number=2, status=Status.ARCHIVED)

    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyVersion.objects.filter(pk=archived.pk).update(status=Status.ADOPTED)

    assert PolicyVersion.objects.get(pk=archived.pk).status == Status.ARCHIVED


@pytest.mark.parametrize(
    ("existing", "added"),
    [
        (Status.DRAFT, Status.DRAFT),
        (Status.DRAFT, Status.HEARING),
        (Status.HEARING, Status.DRAFT),
        (Status.HEARING, Status.HEARING),
    ],
)
def test_a_second_working_version_of_a_policy_is_refused_by_the_database(
    policy_officer: User, existing: str, added: str
) -> None:
    version = make_policy(actor=policy_officer, complete=False)
    PolicyVersion.objects.filter(pk=version.pk).update(status=existing)

    with pytest.raises(IntegrityError), transaction.atomic():
        _add_version(version, number=2, status=added)

    assert PolicyVersion.objects.filter(policy_id=version.policy_id).count() == 1


def test_any_number_of_archived_versions_and_one_of_each_other_kind_may_coexist(
    policy_officer: User,
) -> None:
    adopted = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))

    _add_version(adopted, number=2, status=Status.ARCHIVED)
    _add_version(adopted, number=3, status=Status.ARCHIVED)
    _add_version(adopted, number=4, status=Status.DRAFT)

    statuses = sorted(
        PolicyVersion.objects.filter(policy_id=adopted.policy_id).values_list("status", flat=True)
    )
    assert statuses == [Status.ADOPTED, Status.ARCHIVED, Status.ARCHIVED, Status.DRAFT]


def test_two_policies_may_each_have_an_adopted_and_a_draft_version(policy_officer: User) -> None:
    first = adopt(actor=policy_officer, version=make_policy(actor=policy_officer, title="A"))
    second = adopt(actor=policy_officer, version=make_policy(actor=policy_officer, title="B"))

    _add_version(first, number=2, status=Status.DRAFT)
    _add_version(second, number=2, status=Status.DRAFT)

    assert PolicyVersion.objects.filter(status=Status.ADOPTED).count() == 2
    assert PolicyVersion.objects.filter(status=Status.DRAFT).count() == 2


def test_a_duplicate_version_number_is_refused_by_the_database(policy_officer: User) -> None:
    version = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))

    with pytest.raises(IntegrityError), transaction.atomic():
        _add_version(version, number=1, status=Status.ARCHIVED)
