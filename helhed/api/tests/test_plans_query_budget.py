# SPDX-License-Identifier: MPL-2.0
"""Every list of the plans answers in a fixed number of queries, however many rows it
shows: the same request with one row and with many, held to one budget."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from helhed.api.tests.conftest import Api
from helhed.api.tests.test_query_budget import LIST_BUDGET, MANY
from helhed.caseplans import services as plans
from helhed.caseplans.models import Resolution, Rule, RuleFlag
from helhed.citizens.models import Household, Person
from helhed.organisations.models import Department, User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [1, MANY])
def test_the_plans_interventions_have_a_fixed_query_budget(
    api: Api,
    own_person: Person,
    household: Household,
    caseworker_jobcenter: User,
    caseworker_sprogcenter: User,
    jobcenter: Department,
    sprogcenter: Department,
    django_assert_max_num_queries,
    n: int,
) -> None:
    # given the person's own, their household's and another department's interventions
    referral = plans.referral_create(
        actor=caseworker_jobcenter,
        person=own_person,
        from_department=jobcenter,
        to_department=sprogcenter,
        reason="Dansk.",
    )
    plans.referral_accept(actor=caseworker_sprogcenter, referral=referral)
    mentor = plans.partner_register(actor=caseworker_jobcenter, kind="volunteer", name="Mentor")
    for i in range(n):
        day = date(2024, 3, 1) + timedelta(days=i)
        plans.intervention_create(
            actor=caseworker_jobcenter,
            person=own_person,
            kind="volunteer_mentor",
            partner=mentor,
            owner_department=jobcenter,
            starts_on=day,
        )
        plans.intervention_create(
            actor=caseworker_jobcenter,
            household=household,
            kind="parent_meetings",
            owner_department=jobcenter,
            starts_on=day,
        )
        plans.intervention_create(
            actor=caseworker_sprogcenter,
            person=own_person,
            kind="health_assessment",
            owner_department=sprogcenter,
            starts_on=day,
        )

    with django_assert_max_num_queries(LIST_BUDGET):
        response = api.get(f"/persons/{own_person.id}/interventions", limit=100)

    assert len(response.json()["items"]) == 3 * n


@pytest.mark.parametrize("n", [1, MANY])
def test_the_referrals_have_a_fixed_query_budget(
    api: Api,
    own_person: Person,
    caseworker_jobcenter: User,
    caseworker_sprogcenter: User,
    jobcenter: Department,
    sprogcenter: Department,
    django_assert_max_num_queries,
    n: int,
) -> None:
    for _ in range(n):
        referral = plans.referral_create(
            actor=caseworker_jobcenter,
            person=own_person,
            from_department=jobcenter,
            to_department=sprogcenter,
            reason="Dansk.",
        )
        plans.referral_decline(
            actor=caseworker_sprogcenter, referral=referral, decision_note="Fuldt."
        )

    with django_assert_max_num_queries(LIST_BUDGET):
        response = api.get(f"/persons/{own_person.id}/referrals")

    assert len(response.json()) == n


@pytest.mark.parametrize("n", [1, MANY])
def test_the_flags_have_a_fixed_query_budget(
    api: Api, own_person: Person, django_assert_max_num_queries, n: int
) -> None:
    # given a history of n resolved flags (set up directly: the rules resolve at most one
    # flag per rule and fact)
    RuleFlag.objects.bulk_create(
        RuleFlag(
            municipality_id=own_person.municipality_id,
            person=own_person,
            rule=Rule.PROGRAMME_YEAR,
            opened_on=date(2024, 3, 1),
            due_on=date(2025, 3, 1),
            resolved_at=timezone.now() - timedelta(days=i),
            resolution=Resolution.SELF_SUPPORTING,
        )
        for i in range(n)
    )

    with django_assert_max_num_queries(LIST_BUDGET):
        response = api.get(f"/persons/{own_person.id}/flags")

    assert len(response.json()["resolved"]) == n


@pytest.mark.parametrize("n", [1, MANY])
def test_the_partners_have_a_fixed_query_budget(
    api: Api, caseworker_jobcenter: User, django_assert_max_num_queries, n: int
) -> None:
    for i in range(n):
        plans.partner_register(actor=caseworker_jobcenter, kind="association", name=f"IF {i}")

    with django_assert_max_num_queries(LIST_BUDGET):
        response = api.get("/partners", limit=100)

    assert len(response.json()["items"]) == n
