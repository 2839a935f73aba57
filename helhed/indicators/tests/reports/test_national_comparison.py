# SPDX-License-Identifier: MPL-2.0
"""The national comparison on aggregate rows written for the purpose: disclosure control of
other municipalities' figures, rank and distribution over what can be shown, the own
municipality exact for staff only, the page and its downloads, and its query budget."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from helhed.indicators.models import IndicatorValue
from helhed.indicators.reports.models import LiveRelease
from helhed.indicators.reports.national_comparison import (
    comparison_document,
    national_comparison,
)
from helhed.indicators.tests.reports.extract import download_text, xlsx_cells
from helhed.organisations.models import Municipality, Role, User
from helhed.organisations.services import municipality_create
from helhed.organisations.tests.factories import make_user
from helhed.organisations.tests.sessions import login_verified
from helhed.reports.document import Hidden

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]
URL = "/app/indikatorer/landsoversigt/"
SELF_SUPPORT = "self_support_after_one_year"  # a stock share
ARRIVALS = "arrivals_by_source"  # an event count


def municipality(code: str, name: str) -> Municipality:
    return municipality_create(kommunekode=code, name=name, slug=f"k{code}")


def stock(m: Municipality, numerator: int, denominator: int, month: date) -> None:
    """A stock share that becomes numerator/denominator in `month` and stays."""
    IndicatorValue.objects.create(
        municipality=m,
        key=SELF_SUPPORT,
        month=month,
        numerator=numerator,
        denominator=denominator,
    )


def arrivals(m: Municipality, count: int, month: date, source: str = "quota_refugee") -> None:
    """`count` arrivals in `month` (an event: +count in the month, -count after)."""
    after = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    for when, n in ((month, count), (after, -count)):
        row, _ = IndicatorValue.objects.get_or_create(
            municipality=m, key=ARRIVALS, breakdown=source, month=when
        )
        row.numerator += n
        row.denominator += n
        row.save()


@pytest.fixture
def country(
    own_municipality: Municipality, other_municipality: Municipality
) -> dict[str, Municipality]:
    """Horsens and Furesø and four more municipalities, with shares and arrivals in 2025."""
    places = {
        "horsens": own_municipality,
        "furesoe": other_municipality,
        "aarhus": municipality("751", "Aarhus Kommune"),
        "vejle": municipality("630", "Vejle Kommune"),
        "odder": municipality("727", "Odder Kommune"),
        "samsoe": municipality("741", "Samsø Kommune"),
    }
    # self-support at the end of 2025: Horsens 30/60 = 50 %, Furesø 9/30 = 30 %,
    # Aarhus 140/200 = 70 %, Vejle 25/50 = 50 %, Odder 3/40 (3 in work: hidden),
    # Samsø 12/15 (under 20 counted: hidden)
    for name, n, d in (
        ("horsens", 30, 60),
        ("furesoe", 9, 30),
        ("aarhus", 140, 200),
        ("vejle", 25, 50),
        ("odder", 3, 40),
        ("samsoe", 12, 15),
    ):
        stock(places[name], n, d, date(2025, 3, 1))
    # arrivals in 2025: Horsens 2 + 1 (a small count of its own), Furesø 7, Aarhus 40,
    # Vejle 12 + 12, Odder 4 (hidden), Samsø none
    arrivals(places["horsens"], 2, date(2025, 2, 1))
    arrivals(places["horsens"], 1, date(2025, 11, 1))
    arrivals(places["furesoe"], 7, date(2025, 6, 1))
    arrivals(places["aarhus"], 40, date(2025, 1, 1))
    arrivals(places["vejle"], 12, date(2025, 4, 1))
    arrivals(places["vejle"], 12, date(2025, 12, 1), source="moved")
    arrivals(places["odder"], 4, date(2025, 9, 1))
    # and some the year before, which 2025 does not count
    arrivals(places["aarhus"], 100, date(2024, 12, 1))
    return places


def test_shares_are_shown_only_where_the_rules_allow_and_ranked_among_them(
    country: dict[str, Municipality],
) -> None:
    comparison = national_comparison(
        municipality_id=country["horsens"].id, year=2025, today=date(2026, 12, 2), own_exact=True
    )
    share = comparison.by_measure[SELF_SUPPORT]
    by_name = {e.name: e for e in share.entries}
    assert by_name["Aarhus Kommune"].value == 70
    assert by_name["Furesø Kommune"].value == 30
    assert by_name["Odder Kommune"].value is None  # 3 of 40: the 3 would be given away
    assert by_name["Odder Kommune"].numerator is None
    assert by_name["Odder Kommune"].denominator == 40
    assert by_name["Samsø Kommune"].value is None  # 15 counted: under 20
    # Horsens shares rank 2 with Vejle (both 50 %), among the four that can be shown
    assert share.rank == 2
    assert len(share.ranked) == 4
    assert share.unranked == 2
    dist = share.distribution
    assert dist is not None
    assert (dist.minimum, dist.median, dist.maximum) == (30, 50, 70)
    assert (dist.lower_quartile, dist.upper_quartile) == (45, 55)


def test_counts_hide_one_to_four_and_add_up_an_events_months(
    country: dict[str, Municipality],
) -> None:
    comparison = national_comparison(
        municipality_id=country["furesoe"].id, year=2025, today=date(2026, 12, 2), own_exact=True
    )
    counts = {e.name: e.value for e in comparison.by_measure[ARRIVALS].entries}
    assert counts == {
        "Aarhus Kommune": 40,  # not the 100 of December 2024
        "Vejle Kommune": 24,  # two sources added up
        "Furesø Kommune": 7,
        "Samsø Kommune": 0,  # a zero identifies nobody
        "Horsens Kommune": None,  # 3: hidden from Furesø
        "Odder Kommune": None,
    }
    assert comparison.by_measure[ARRIVALS].rank == 3
    assert comparison.by_measure[ARRIVALS].unranked == 2


def test_the_own_small_count_is_exact_for_staff_and_hidden_for_a_politician(
    country: dict[str, Municipality],
) -> None:
    for exact, expected in ((True, 3.0), (False, None)):
        comparison = national_comparison(
            municipality_id=country["horsens"].id,
            year=2025,
            today=date(2026, 12, 2),
            own_exact=exact,
        )
        own = comparison.by_measure[ARRIVALS].own
        assert own is not None
        assert own.value == expected
        assert comparison.by_measure[ARRIVALS].rank == (4 if exact else None)


def test_the_document_marks_hidden_figures_and_the_own_row(
    country: dict[str, Municipality],
) -> None:
    comparison = national_comparison(
        municipality_id=country["furesoe"].id, year=2025, today=date(2026, 12, 2), own_exact=False
    )
    document = comparison_document(
        comparison, choice=ARRIVALS, municipality_name="Furesø", as_of=timezone.now()
    )
    by_municipality = document.tables()[-1]
    rows = {r[1]: r for r in by_municipality.rows}
    assert isinstance(rows["Horsens Kommune"][2], Hidden)
    assert rows["Aarhus Kommune"][:3] == ["1", "Aarhus Kommune", 40.0]
    chart = document.tables()[1]  # the chart's table: other municipalities and Furesø
    assert [r[2] for r in chart.rows] == [None, None, 7.0, None]


def test_a_year_before_any_data_has_none(country: dict[str, Municipality]) -> None:
    comparison = national_comparison(
        municipality_id=country["horsens"].id, year=2010, today=date(2026, 12, 2), own_exact=True
    )
    assert not comparison.has_data(None)
    assert not comparison.has_data(ARRIVALS)


# --- the page --------------------------------------------------------------------------------


def signed_in(user: User) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def test_the_staff_page_lists_every_indicator_with_rank_and_spread(
    country: dict[str, Municipality], manager: User
) -> None:
    response = signed_in(manager).get(URL, {"aar": "2025"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Landsoversigt 2025" in body
    assert "Andel selvforsørgende" in body
    assert "2 af 4" in body
    assert "?aar=2025&amp;format=xlsx" in body


def test_a_politician_never_sees_a_small_count_in_the_downloads(
    country: dict[str, Municipality], politician: User
) -> None:
    client = signed_in(politician)
    for fmt in ("pdf", "docx", "xlsx"):
        response = client.get(URL, {"aar": "2025", "indikator": ARRIVALS, "format": fmt})
        assert response.status_code == 200, fmt
        text = download_text(fmt, response.content)
        assert "Aarhus Kommune" in text
        for name in ("Horsens Kommune", "Odder Kommune"):
            line = next(line for line in text.splitlines() if name in line and "skjult" in line)
            assert not {"1", "2", "3", "4"} & set(line.replace("\t", " ").split()[1:]), line
        if fmt == "xlsx":
            cells = xlsx_cells(response.content)
            numbers = [v for row in cells for v in row[2:] if isinstance(v, int | float)]
            assert 40 in numbers
            assert not [v for v in numbers if 0 < v < 5]


def test_the_staff_see_their_own_small_count(
    country: dict[str, Municipality], manager: User
) -> None:
    response = signed_in(manager).get(URL, {"aar": "2025", "indikator": ARRIVALS, "format": "xlsx"})
    rows = xlsx_cells(response.content)
    horsens = next(r for r in rows if len(r) > 2 and r[1] == "Horsens Kommune")
    assert horsens[2] == 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"aar": "2025", "indikator": "no_such_key"}, "beregner Helhed ikke"),
        ({"aar": "20x5"}, "Skriv året med fire cifre"),
        ({"aar": "2025", "format": "exe"}, "Formatet exe kan ikke hentes"),
    ],
)
def test_bad_input_is_named_and_no_table_shown(
    country: dict[str, Municipality], manager: User, query: dict[str, str], message: str
) -> None:
    response = signed_in(manager).get(URL, query)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "<table" not in body


def test_a_year_without_data_is_said(country: dict[str, Municipality], manager: User) -> None:
    for query in ({"aar": "2010"}, {"aar": "2010", "format": "pdf"}):
        response = signed_in(manager).get(URL, query)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert "Ingen kommune har indikatorværdier for 2010" in response.content.decode()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.ADMINISTRATOR])
def test_other_roles_are_refused(own_municipality: Municipality, role: str) -> None:
    user = make_user(municipality=own_municipality, roles=[role], username=f"u-{role}")
    assert signed_in(user).get(URL).status_code == 403


def test_the_page_in_english(country: dict[str, Municipality], manager: User) -> None:
    response = signed_in(manager).get(
        URL, {"aar": "2025", "indikator": SELF_SUPPORT}, headers={"accept-language": "en"}
    )
    body = response.content.decode()
    assert "National comparison 2025" in body
    assert "Horsens Kommune is number 2 of the 4 municipalities ranked" in body
    assert "2 municipalities could not be ranked" in body


# Generous for the layout and the session, small enough to catch a query per municipality
# or per indicator (there are 14 indicators and here 6 municipalities).
BUDGET = 12


def _queries(client: Client, query: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, query)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_page_runs_as_many_queries_for_many_municipalities_as_for_few(
    country: dict[str, Municipality],
    manager: User,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = signed_in(manager)
    _queries(client, {"aar": "2025"})  # warm
    few = _queries(client, {"aar": "2025"})
    for number in range(20):
        m = municipality(f"{800 + number}", f"Kommune {number}")
        stock(m, 10 + number, 40, date(2025, 1, 1))
        arrivals(m, 5 + number, date(2025, 5, 1))
    # the first view of new counts releases each municipality's overview totals, once
    # (comparison_release); every view after it reads them back in one query
    _queries(client, {"aar": "2025"})
    released = LiveRelease.objects.count()
    assert released >= 20
    with django_assert_max_num_queries(BUDGET):
        response = client.get(URL, {"aar": "2025"})
    many = _queries(client, {"aar": "2025"})
    assert "af 24" in response.content.decode()
    assert few == many
    assert LiveRelease.objects.count() == released
