# SPDX-License-Identifier: MPL-2.0
"""A real follow-up report and dashboard are written in HTML byte for byte as the templates
wrote them before render/html.py wrote them in Python (reports/tests/test_html_renderer.py)."""

from datetime import date

import pytest
from django.utils import translation

from helhed.indicators.reports.dashboard import build_dashboard
from helhed.indicators.reports.follow_up import follow_up_document
from helhed.indicators.tests.follow_up_world import build_follow_up_world
from helhed.organisations.models import User
from helhed.reports.tests.test_html_renderer import assert_same

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


@pytest.mark.parametrize("exact", [True, False])
def test_a_follow_up_report_is_written_the_same(
    policy_officer: User, caseworker: User, exact: bool
) -> None:
    world = build_follow_up_world(officer=policy_officer, caseworker=caseworker)
    with translation.override("da"):
        document = follow_up_document(version=world.version, exact=exact)
        assert_same(document)


def test_the_dashboard_is_written_the_same(
    policy_officer: User, caseworker: User, today: date
) -> None:
    world = build_follow_up_world(officer=policy_officer, caseworker=caseworker)
    municipality = world.version.policy.municipality
    with translation.override("da"):
        board = build_dashboard(
            municipality_id=municipality.id,
            issuer=municipality.name,
            month=2026 * 12 + 10,
            today=today,
        )
        assert_same(board.document)
        assert_same(board.page_document, id_prefix="chart-0011aabb")
