# SPDX-License-Identifier: MPL-2.0
"""The managers' dashboard: its builder, its page and downloads, and who may see it."""

import io
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document as WordDocument
from openpyxl import load_workbook

from helhed.citizens.models import ArrivalSource
from helhed.citizens.tests.factories import register
from helhed.indicators.definitions import arrivals, one_month
from helhed.indicators.definitions.base import month_of
from helhed.indicators.reports.dashboard import HEADLINE_KEYS, build_dashboard
from helhed.indicators.selectors import target_statuses
from helhed.indicators.tests.conftest import TODAY
from helhed.organisations.models import Municipality, Role, User
from helhed.organisations.tests.factories import make_user
from helhed.organisations.tests.sessions import login_verified
from helhed.policies.models import Objective, Policy, PolicyVersion, Status, Target
from helhed.reports.document import to_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]
URL = "/app/indikatorer/dashboard/"
MARCH_2025 = month_of(date(2025, 3, 1))


def signed_in(user: User) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def _arrivals(actor: User, n: int, **overrides: Any) -> None:
    for _ in range(n):
        register(actor, arrived_on=date(2025, 3, 4), source=ArrivalSource.ASYLUM, **overrides)


# --- the builder ------------------------------------------------------------------------


def test_the_builder_counts_the_months_arrivals_and_charts_twelve_months(
    own_municipality: Municipality, caseworker: User, other_caseworker: User
) -> None:
    _arrivals(caseworker, 3)
    _arrivals(other_caseworker, 7)  # Furesø's
    board = build_dashboard(
        municipality_id=own_municipality.id, issuer="Horsens", month=MARCH_2025, today=TODAY
    )
    tiles = {t.key: t for t in board.tiles}
    assert [t.key for t in board.tiles] == list(HEADLINE_KEYS)
    arrived = tiles[arrivals.SOURCE_KEY].cell
    assert arrived is not None
    assert arrived.numerator == 3
    assert len(board.charts) == len(HEADLINE_KEYS)
    for chart in board.charts:
        assert len(chart.categories) == 12
    bars = board.charts[-1]
    assert bars.series[0].values[-1] == 3.0  # March 2025, the last of the twelve
    assert bars.series[0].values[:-1] == [0.0] * 11
    # the deadline of 'one month after the takeover' falls in April: no value in March
    assert tiles[one_month.COMPANY_KEY].cell is None


def test_the_one_month_share_is_counted_in_the_month_of_its_deadline(
    own_municipality: Municipality, caseworker: User
) -> None:
    _arrivals(caseworker, 4)
    april = build_dashboard(
        municipality_id=own_municipality.id, issuer="Horsens", month=MARCH_2025 + 1, today=TODAY
    )
    cell = {t.key: t for t in april.tiles}[one_month.COMPANY_KEY].cell
    assert cell is not None
    assert (cell.numerator, cell.denominator) == (0, 4)
    chart = april.charts[HEADLINE_KEYS.index(one_month.COMPANY_KEY)]
    assert chart.series[0].values[-1] == 0.0
    assert chart.series[0].values[-2] is None  # March: no one's deadline, no share


def test_the_document_holds_the_aggregates_and_no_person(
    own_municipality: Municipality, caseworker: User
) -> None:
    person = register(caseworker, arrived_on=date(2025, 3, 4), last_name="Sjældenavn")
    board = build_dashboard(
        municipality_id=own_municipality.id, issuer="Horsens", month=MARCH_2025, today=TODAY
    )
    data = json.dumps(to_data(board.document), ensure_ascii=False)
    assert "Sjældenavn" not in data
    assert str(person.id) not in data
    captions = [t.caption for t in board.document.tables()]
    assert any(c.startswith("Key figures") or c.startswith("Nøgletal") for c in captions)
    # the charts' tables are in the document too (the XLSX sheets)
    assert len(captions) >= 2 + len(HEADLINE_KEYS)


# --- the page ---------------------------------------------------------------------------


def test_a_manager_sees_the_tiles_with_links_to_the_persons(
    manager: User, caseworker: User
) -> None:
    _arrivals(caseworker, 3)
    response = signed_in(manager).get(URL, {"aar": "2025", "maaned": "3"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nøgletal, marts 2025" in body
    assert "/app/indikatorer/dashboard/personer/?indikator=arrivals_by_source" in body
    assert "maaned=2025-03" in body
    assert "del=taeller" in body
    assert "Haddad" not in body  # aggregates only: no person's name on the dashboard


def test_a_policy_officer_sees_the_numbers_without_links(
    policy_officer: User, caseworker: User
) -> None:
    _arrivals(caseworker, 2)
    response = signed_in(policy_officer).get(URL, {"aar": "2025", "maaned": "3"})
    assert response.status_code == 200
    assert "/dashboard/personer/" not in response.content.decode()


def test_without_an_address_the_last_ended_month_is_shown(manager: User) -> None:
    body = signed_in(manager).get(URL).content.decode()
    assert "Nøgletal, november 2026" in body


def test_another_municipalitys_numbers_are_not_shown(manager: User, other_caseworker: User) -> None:
    _arrivals(other_caseworker, 6)
    body = signed_in(manager).get(URL, {"aar": "2025", "maaned": "3"}).content.decode()
    assert "Flygtning med asyl" not in body


@pytest.mark.parametrize(
    "query",
    [
        {"aar": "abc", "maaned": "3"},
        {"aar": "1999", "maaned": "3"},
        {"aar": "2026", "maaned": "13"},
        {"aar": "2027", "maaned": "1"},
        {"aar": "2025"},
    ],
)
def test_a_bad_month_is_named_and_nothing_shown(manager: User, query: dict[str, str]) -> None:
    response = signed_in(manager).get(URL, query)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ret venligst følgende" in body
    assert "Nøgletal," not in body


@pytest.mark.parametrize(
    "role", [Role.POLITICIAN, Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER]
)
def test_other_roles_are_refused_the_dashboard(own_municipality: Municipality, role: str) -> None:
    user = make_user(municipality=own_municipality, roles=[role], username=f"u-{role}")
    assert signed_in(user).get(URL).status_code == 403


def test_anonymous_is_sent_to_the_login(db: None) -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert "/log-ind/" in response["Location"]


# --- the downloads ----------------------------------------------------------------------


def test_the_xlsx_holds_the_counts_and_no_person(manager: User, caseworker: User) -> None:
    _arrivals(caseworker, 3, last_name="Sjældenavn")
    response = signed_in(manager).get(URL, {"aar": "2025", "maaned": "3", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "dashboard-horsens-2025-03" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    cells = [
        str(c.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.value
    ]
    assert "Sjældenavn" not in " ".join(cells)
    key_figures = next(s for s in book.worksheets if str(s["A1"].value).startswith("Nøgletal"))
    rows = {r[0].value: [c.value for c in r[1:]] for r in key_figures.iter_rows() if r[0].value}
    assert rows["Nyankomne fordelt på type pr. år"][0] == 3


def test_the_docx_and_the_pdf_are_made(manager: User, caseworker: User) -> None:
    _arrivals(caseworker, 1)
    client = signed_in(manager)
    docx = client.get(URL, {"aar": "2025", "maaned": "3", "format": "docx"})
    assert docx.status_code == 200
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(docx.content)).paragraphs)
    assert "Ledelsesoverblik" in text
    assert "Nøgletal, marts 2025" in text
    pdf = client.get(URL, {"aar": "2025", "maaned": "3", "format": "pdf"})
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_an_unknown_format_is_a_clear_400(manager: User) -> None:
    response = signed_in(manager).get(URL, {"aar": "2025", "maaned": "3", "format": "exe"})
    assert response.status_code == 400
    assert "PDF, DOCX eller XLSX" in response.content.decode()


def test_the_page_reads_in_english(manager: User, caseworker: User) -> None:
    _arrivals(caseworker, 2)
    client = signed_in(manager)
    client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    body = client.get(URL, {"aar": "2025", "maaned": "3"}).content.decode()
    assert "Key figures, March 2025" in body
    assert "The last twelve months" in body
    assert "Nøgletal" not in body


# --- the targets, from one read of the series -------------------------------------------


def test_the_targets_status_is_the_selectors(
    own_municipality: Municipality, caseworker: User, manager: User
) -> None:
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
    for key, comparator, value, unit in [
        ("arrivals_by_source", "gte", 2, "persons"),
        ("company_intervention_within_one_month", "gte", 50, "percent"),
        ("self_support_after_one_year", "gte", 45, "percent"),
        ("median_days_to_first_job", "lte", 200, "days"),
    ]:
        Target.objects.create(
            version=version,
            objective=objective,
            description=f"Mål {key}",
            indicator_key=key,
            comparator=comparator,
            value=Decimal(value),
            unit=unit,
            deadline=date(2026, 12, 31),
        )
    for day in (date(2024, 12, 1), date(2025, 6, 4), date(2026, 5, 4), date(2026, 5, 9)):
        register(caseworker, arrived_on=day, source=ArrivalSource.ASYLUM)
    board = build_dashboard(
        municipality_id=own_municipality.id, issuer="Horsens", month=MARCH_2025, today=TODAY
    )
    expected = target_statuses(municipality_id=own_municipality.id, today=TODAY)
    assert [(t.target.pk, t.current, t.baseline, t.expected, t.status) for t in board.targets] == [
        (t.target.pk, t.current, t.baseline, t.expected, t.status) for t in expected
    ]
    assert {t.status for t in board.targets} != {"no_data"}
    body = signed_in(manager).get(URL, {"aar": "2025", "maaned": "3"}).content.decode()
    assert "Mål arrivals_by_source" in body
