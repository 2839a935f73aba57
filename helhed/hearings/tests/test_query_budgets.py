# SPDX-License-Identifier: MPL-2.0
"""The hearing list pages run as many queries for 20 rows as for 2: the staff hearing
list, a hearing's responses (staff), the public hearing list and the public hearing page
with its published responses. Each is built with 2 rows in one municipality and 20 in the
other, warmed once, then counted (ADR 0035)."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from helhed.core.tests.query_count import queries_of_page
from helhed.hearings import services
from helhed.hearings.models import Hearing, Outcome
from helhed.hearings.tests.factories import checked_pdf, make_hearing, submit
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified

pytestmark = pytest.mark.django_db

BUDGET = 30


def _hearing_with_responses(actor: User, rows: int) -> Hearing:
    """Responses of every kind a row can show: with an attachment, split into points,
    dispositioned, hidden, withdrawn, without consent."""
    hearing = make_hearing(actor=actor)
    for number in range(rows):
        response = submit(
            hearing,
            text=f"Svar {number}.",
            consent=number % 3 != 2,
            attachment=checked_pdf() if number % 2 else None,
            author_name=f"Borger {number}",
        ).response
        if number % 4 == 0:
            services.point_add(actor=actor, response=response, text=f"Punkt {number}.")
        elif number % 4 == 1:
            services.disposition_set(
                actor=actor, response=response, outcome=Outcome.NOTED, reason="Noteret."
            )
        elif number % 4 == 3:
            services.response_hide(actor=actor, response=response, reason="Personangreb.")
    services.response_withdraw(response=hearing.responses.order_by("number").last())  # type: ignore[arg-type]
    return hearing


def _staff_hearing_list(actor: User, rows: int) -> str:
    for _ in range(rows):
        make_hearing(actor=actor)
    return reverse("hearings:hearing_list")


def _staff_responses(actor: User, rows: int) -> str:
    hearing = _hearing_with_responses(actor, rows)
    return reverse("hearings:hearing_detail", kwargs={"hearing_id": hearing.id})


def _public_list(actor: User, rows: int) -> str:
    for _ in range(rows):
        make_hearing(actor=actor)
    assert actor.municipality is not None
    return reverse("hearings:public_list", kwargs={"slug": actor.municipality.slug})


def _public_page(actor: User, rows: int) -> str:
    hearing = _hearing_with_responses(actor, rows)
    assert actor.municipality is not None
    return reverse(
        "hearings:public_hearing",
        kwargs={"slug": actor.municipality.slug, "hearing_id": hearing.id},
    )


# (builder, signed in?)
PAGES: dict[str, tuple[Callable[[User, int], str], bool]] = {
    "hearing_list": (_staff_hearing_list, True),
    "hearing_detail": (_staff_responses, True),
    "public_list": (_public_list, False),
    "public_hearing": (_public_page, False),
}


def _queries(client: Client, url: str) -> int:
    return queries_of_page(client, url, warm=True)[0]


@pytest.mark.parametrize("page", PAGES)
def test_the_page_runs_as_many_queries_for_20_rows_as_for_2(
    client: Client,
    policy_officer: User,
    other_policy_officer: User,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    page: str,
) -> None:
    build, signed_in = PAGES[page]
    small = build(policy_officer, 2)
    large = build(other_policy_officer, 20)

    if signed_in:
        login_verified(client, policy_officer)
    two = _queries(client, small)
    if signed_in:
        login_verified(client, other_policy_officer)
    twenty = _queries(client, large)
    with django_assert_max_num_queries(BUDGET):
        client.get(large)

    assert twenty == two
