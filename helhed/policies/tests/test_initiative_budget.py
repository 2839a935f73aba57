# SPDX-License-Identifier: MPL-2.0
"""An initiative of the action plan has a budget in whole kroner, or none of its own: set
through the page, refused when it is not a whole non-negative amount, shown on the
version page and in the follow-up report, and copied into a revised version."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from helhed.indicators.reports.follow_up import follow_up_document
from helhed.organisations.models import Department, User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies.models import FocusArea, Initiative, PolicyVersion
from helhed.policies.services import policy_version_revise
from helhed.policies.tests.factories import adopt, make_policy
from helhed.reports.document import Section, Table

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(policy_officer: User) -> PolicyVersion:
    return make_policy(actor=policy_officer)


@pytest.fixture
def officer(client: Client, policy_officer: User) -> Client:
    login_verified(client, policy_officer)
    return client


def form(version: PolicyVersion, budget: str) -> dict[str, Any]:
    department = Department.objects.get(
        municipality_id=version.policy.municipality_id, name="Forvaltningen"
    )
    return {
        "focus_area": FocusArea.objects.get(version=version).id,
        "title": "Sprogcafé",
        "description": "Hver torsdag på biblioteket.",
        "owner_department": department.id,
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "status": "planned",
        "progress": "0",
        "budget": budget,
    }


def create(client: Client, version: PolicyVersion, budget: str, language: str = "da") -> Any:
    url = reverse("policies:part_create", kwargs={"version_id": version.id, "kind": "indsatser"})
    return client.post(url, form(version, budget), headers={"accept-language": language})


def version_page(client: Client, version: PolicyVersion) -> str:
    url = reverse("policies:version_detail", kwargs={"version_id": version.id})
    return client.get(url).content.decode()


def test_a_budget_is_saved_and_shown_in_kroner(officer: Client, version: PolicyVersion) -> None:
    response = create(officer, version, "1250000")

    assert response.status_code == 302
    assert Initiative.objects.get(title="Sprogcafé").budget == 1_250_000
    assert "1.250.000 kr." in version_page(officer, version)


def test_no_budget_says_the_initiative_has_none_of_its_own(
    officer: Client, version: PolicyVersion
) -> None:
    create(officer, version, "")

    assert Initiative.objects.get(title="Sprogcafé").budget is None
    assert "Intet særskilt budget" in version_page(officer, version)


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ("-5", "Budgettet kan ikke være under 0 kr."),
        ("mange penge", "Skriv budgettet i hele kroner, fx 250000."),
        ("12,5", "Skriv budgettet i hele kroner, fx 250000."),
        ("2000000000000", "Budgettet kan højst være 1.000.000.000.000 kr."),
    ],
)
def test_a_budget_that_is_not_a_whole_amount_is_refused_and_nothing_saved(
    officer: Client, version: PolicyVersion, budget: str, message: str
) -> None:
    before = Initiative.objects.count()

    response = create(officer, version, budget)

    assert response.status_code == 400
    assert response.context["form"].errors["budget"] == [message]
    assert Initiative.objects.count() == before


def test_the_refusal_is_english_for_an_english_reader(
    officer: Client, version: PolicyVersion
) -> None:
    response = create(officer, version, "-5", language="en")

    assert response.status_code == 400
    assert response.context["form"].errors["budget"] == ["The budget cannot be less than 0 kroner."]
    assert not Initiative.objects.filter(title="Sprogcafé").exists()


def test_the_follow_up_report_and_a_revised_version_carry_the_budget(
    officer: Client, version: PolicyVersion, policy_officer: User
) -> None:
    create(officer, version, "300000")
    adopted = adopt(actor=policy_officer, version=version)

    document = follow_up_document(version=adopted, exact=True)
    tables = [
        block
        for section in _sections(document.sections)
        for block in section.blocks
        if isinstance(block, Table) and block.caption == "Indsatser"
    ]
    assert tables, "the follow-up report has a table of initiatives"
    column = [c.label for c in tables[0].columns].index("Budget (kr.)")
    budgets = {row[0]: row[column] for table in tables for row in table.rows}
    assert budgets["Sprogcafé"] == 300000

    revised = policy_version_revise(actor=policy_officer, version=adopted)
    assert Initiative.objects.get(version=revised, title="Sprogcafé").budget == 300000


def _sections(sections: list[Section]) -> list[Section]:
    found = []
    for section in sections:
        found.append(section)
        found.extend(_sections(section.sections))
    return found
