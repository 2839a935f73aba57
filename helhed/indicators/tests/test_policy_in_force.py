# SPDX-License-Identifier: MPL-2.0
"""The policy in force and its targets, read by statements compiled once: the same version
as the ORM's query chooses among adopted versions, never another municipality's or an
unadopted one, and the targets in the version's order, each with its objective, without a
further query."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from helhed.indicators.selectors import current_version, policy_targets
from helhed.organisations.models import Municipality
from helhed.policies.models import Objective, Policy, PolicyVersion, Status, Target

pytestmark = pytest.mark.django_db


def version(
    municipality: Municipality,
    *,
    period_end: int,
    adopted_on: date | None,
    number: int = 1,
    status: str = Status.ADOPTED,
) -> PolicyVersion:
    return PolicyVersion.objects.create(
        policy=Policy.objects.create(municipality=municipality),
        number=number,
        status=status,
        title=f"Politik {period_end} {adopted_on} {number}",
        period_start=2016,
        period_end=period_end,
        adopted_on=adopted_on,
    )


def orm_choice(municipality: Municipality) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(policy__municipality=municipality, status=Status.ADOPTED)
        .order_by(F("period_end").desc(), F("adopted_on").desc(nulls_last=True), F("number").desc())
        .first()
    )


def test_none_adopted_is_none_and_another_municipalitys_is_never_chosen(
    own_municipality: Municipality, other_municipality: Municipality
) -> None:
    version(own_municipality, period_end=2030, adopted_on=None, status=Status.DRAFT)
    version(other_municipality, period_end=2035, adopted_on=date(2030, 1, 1))

    assert current_version(municipality_id=own_municipality.id) is None
    assert policy_targets(municipality_id=own_municipality.id).version is None


@pytest.mark.parametrize(
    "order", [(0, 1, 2, 3, 4), (4, 3, 2, 1, 0), (2, 0, 4, 1, 3), (3, 1, 0, 4, 2), (1, 3, 4, 2, 0)]
)
def test_the_same_version_as_the_orms_query_whatever_the_order_they_were_made_in(
    own_municipality: Municipality, other_municipality: Municipality, order: tuple[int, ...]
) -> None:
    kinds = [
        {"period_end": 2020, "adopted_on": date(2016, 3, 1)},
        {"period_end": 2021, "adopted_on": None},
        {"period_end": 2021, "adopted_on": date(2017, 3, 1)},
        {"period_end": 2021, "adopted_on": date(2017, 3, 1), "number": 2},
        {"period_end": 2025, "adopted_on": None, "status": Status.DRAFT},
    ]
    for index in order:
        version(own_municipality, **kinds[index])  # type: ignore[arg-type]
    version(other_municipality, period_end=2040, adopted_on=date(2030, 1, 1))

    chosen = current_version(municipality_id=own_municipality.id)

    assert chosen is not None
    assert chosen == orm_choice(own_municipality)
    assert (chosen.period_end, chosen.adopted_on, chosen.number) == (2021, date(2017, 3, 1), 2)


def test_the_targets_come_in_order_with_their_objectives_and_no_further_query(
    own_municipality: Municipality,
) -> None:
    chosen = version(own_municipality, period_end=2026, adopted_on=date(2022, 1, 1))
    objectives = [
        Objective.objects.create(version=chosen, text=text, order=order)
        for order, text in ((2, "Beskæftigelse"), (1, "Modtagelse"))
    ]
    for order, objective in ((3, objectives[0]), (1, objectives[1]), (2, objectives[0])):
        Target.objects.create(
            version=chosen,
            objective=objective,
            order=order,
            description=f"Mål {order}",
            indicator_key="arrivals_by_source",
            value=Decimal(order),
            comparator="gte",
            unit="persons",
            deadline=date(2026, 12, 31),
        )

    found = policy_targets(municipality_id=own_municipality.id)
    with CaptureQueriesContext(connection) as captured:
        read = [(t.description, t.objective.text, t.version.id) for t in found.targets]

    assert found.version == chosen
    assert read == [
        ("Mål 1", "Modtagelse", chosen.id),
        ("Mål 2", "Beskæftigelse", chosen.id),
        ("Mål 3", "Beskæftigelse", chosen.id),
    ]
    assert len(captured) == 0
