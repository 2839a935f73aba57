# SPDX-License-Identifier: MPL-2.0
"""The indicator page: managers and policy officers of the municipality see its
aggregates and its targets' status; no one else; never another municipality's numbers."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from helhed.citizens.models import ArrivalSource
from helhed.citizens.tests.factories import register
from helhed.organisations.models import Municipality, Role, User
from helhed.organisations.tests.factories import make_user
from helhed.organisations.tests.sessions import login_verified
from helhed.policies.models import Objective, Policy, PolicyVersion, Status, Target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]
URL = "/app/indikatorer/"


def signed_in(user: User) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def test_manager_sees_the_years_arrivals_with_counts(
    manager: User, caseworker: User, other_caseworker: User
) -> None:
    for _ in range(3):
        register(caseworker, arrived_on=date(2025, 3, 4), source=ArrivalSource.ASYLUM)
    for _ in range(7):
        register(other_caseworker, arrived_on=date(2025, 3, 4), source=ArrivalSource.QUOTA_REFUGEE)
    response = signed_in(manager).get(URL, {"aar": "2025"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Året 2025" in body
    asylum = body.index("Flygtning med asyl")
    assert '<td class="text-align-right">3</td>' in body[asylum : asylum + 300]
    # Furesø's seven quota refugees are nowhere in Horsens' page
    assert "Kvoteflygtning" not in body


def test_policy_officer_sees_a_month_and_nothing_of_another_month(
    policy_officer: User, caseworker: User
) -> None:
    register(caseworker, arrived_on=date(2025, 3, 4), source=ArrivalSource.ASYLUM)
    body = signed_in(policy_officer).get(URL, {"aar": "2025", "maaned": "4"}).content.decode()
    assert "Måned 4 i 2025" in body
    assert "Flygtning med asyl" not in body


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.POLITICIAN, Role.ADMINISTRATOR])
def test_other_roles_are_refused(own_municipality: Municipality, role: str) -> None:
    user = make_user(municipality=own_municipality, roles=[role], username=f"u-{role}")
    assert signed_in(user).get(URL).status_code == 403


def test_anonymous_is_sent_to_the_login(db: None) -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert "/log-ind/" in response["Location"]


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("abc", "Skriv året med fire cifre, f.eks. 2016."),
        ("1999", "Vælg et år fra 2000 til 2026."),
        ("2027", "Vælg et år fra 2000 til 2026."),
    ],
)
def test_a_bad_year_is_named_and_no_table_shown(manager: User, year: str, message: str) -> None:
    response = signed_in(manager).get(URL, {"aar": year})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Indikatorer for den valgte periode" not in body


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("abc", "Write the year as four digits, e.g. 2016."),
        ("2027", "Choose a year from 2000 to 2026."),
    ],
)
def test_a_bad_year_is_named_in_english_for_an_english_reader(
    manager: User, year: str, message: str
) -> None:
    response = signed_in(manager).get(URL, {"aar": year}, headers={"accept-language": "en"})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Indicators for the chosen period" not in body


def test_a_target_shows_its_status(
    manager: User, own_municipality: Municipality, caseworker: User
) -> None:
    # given the policy 2025-2026 with 'at least 50 %' self-support... of no one: no data
    policy = Policy.objects.create(municipality=own_municipality)
    version = PolicyVersion.objects.create(
        policy=policy,
        number=1,
        status=Status.ADOPTED,
        title="Politik",
        period_start=2025,
        period_end=2026,
    )
    objective = Objective.objects.create(version=version, text="Beskæftigelse")
    Target.objects.create(
        version=version,
        objective=objective,
        description="Flere i arbejde",
        indicator_key="arrivals_by_source",
        comparator="gte",
        value=Decimal(2),
        unit="persons",
        deadline=date(2026, 12, 31),
    )
    body = signed_in(manager).get(URL).content.decode()
    assert "Flere i arbejde" in body
    assert "Endnu ingen data" in body
    # when three arrive in the last twelve months, the target of two is met
    for _ in range(3):
        register(caseworker, arrived_on=date(2026, 5, 4), source=ArrivalSource.ASYLUM)
    body = signed_in(manager).get(URL).content.decode()
    assert "På rette spor" in body
