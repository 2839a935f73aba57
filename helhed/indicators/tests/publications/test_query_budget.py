# SPDX-License-Identifier: MPL-2.0
"""The lists of published reports, the staff's and the public's, read in a number of
queries that does not grow with the number of reports or of their revisions."""

import pytest
from django.test import Client
from django.urls import reverse

from helhed.core.tests.query_count import queries_of_page
from helhed.indicators.reports.models import Audience, PublishedReport
from helhed.indicators.reports.services import report_publish, report_revise
from helhed.indicators.tests.publications.factories import (
    PARAMS,
    WHOLE_YEAR,
    arrivals,
    policy_in_force,
)
from helhed.organisations.models import Municipality, User
from helhed.organisations.tests.sessions import login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def publish(actor: User, caseworker: User, count: int) -> None:
    made = [
        report_publish(
            actor=actor, kind="target_status", params=dict(PARAMS), audience=Audience.PUBLIC
        )
        for _ in range(count)
    ]
    # a correction in the registry and a revision of one of them: the lists count revisions
    arrivals(caseworker, 1, on=WHOLE_YEAR)
    report_revise(actor=actor, report=made[0], reason="Rettelse af registret")


def queries(client: Client, url: str) -> int:
    count, response = queries_of_page(client, url)
    # every published report is on the page: the count is the count of the whole list
    body = response.content.decode()
    assert all(str(report.id) in body for report in PublishedReport.objects.all())
    return count


def test_the_lists_of_published_reports_do_not_grow_in_queries(
    own_municipality: Municipality, policy_officer: User, caseworker: User
) -> None:
    policy_in_force(own_municipality)
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    staff = Client()
    login_verified(staff, policy_officer)
    staff_url = reverse("indicators:report_list")
    public_url = reverse("indicators:public_report_list", kwargs={"slug": own_municipality.slug})

    publish(policy_officer, caseworker, 2)
    few = (queries(staff, staff_url), queries(Client(), public_url))
    publish(policy_officer, caseworker, 10)
    assert PublishedReport.objects.count() == 12
    many = (queries(staff, staff_url), queries(Client(), public_url))

    assert many == few
