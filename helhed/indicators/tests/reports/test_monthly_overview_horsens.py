# SPDX-License-Identifier: MPL-2.0
"""The monthly overview on the demo's synthetic registry: Horsens 2015 gives the draft's
three tables (helhed/citizens/synthetic/specs.py; the same numbers as
helhed/citizens/tests/test_synthetic.py checks in the registry), exactly for the staff and
disclosure-controlled for a politician, in the page and in every download."""

import io
import re
from collections.abc import Iterator
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from helhed.caseplans.tests.conftest import travel
from helhed.citizens.tests.test_synthetic import HORSENS_EDUCATION, HORSENS_PLACEMENTS
from helhed.demo.loader import load_demo
from helhed.indicators.maintenance import indicators_recompute
from helhed.indicators.reports.monthly_overview import (
    disclosure_tables,
    overview_counts,
    overview_document,
    protected_values,
)
from helhed.indicators.reports.national_comparison import national_comparison
from helhed.indicators.selectors import Period, indicator_table
from helhed.indicators.tests.disclosure.attacker import can_be_at_least
from helhed.indicators.tests.reports.extract import download_text, xlsx_cells
from helhed.organisations.models import Municipality, Role
from helhed.organisations.tests.factories import make_user
from helhed.organisations.tests.sessions import login_verified
from helhed.reports.document import Hidden

TODAY = date(2026, 12, 2)
URL = "/app/indikatorer/maanedsoversigt/"


@pytest.fixture(scope="module")
def registry(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The demo and its generated registry, with Horsens' indicators recomputed; rolled
    back after the module."""
    with django_db_blocker.unblock(), transaction.atomic(), travel(TODAY):
        load_demo()
        call_command("generate_registry", stdout=io.StringIO())
        indicators_recompute(municipality=Municipality.objects.get(kommunekode="615"))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def horsens(registry: None, db: None) -> Iterator[Municipality]:
    with travel(TODAY):
        yield Municipality.objects.get(kommunekode="615")


def test_horsens_2015_are_the_drafts_three_tables(horsens: Municipality) -> None:
    counts = overview_counts(municipality_id=horsens.id, year=2015, today=TODAY)

    # arrivals by source, with the quota refugees by the quota they count against
    assert counts.arrivals[2015]["quota_refugee"] == 132
    assert counts.quota[2015] == {"own": 118, "previous": 14, "other": 0}
    assert counts.arrivals[2014]["quota_refugee"] == 85
    assert counts.quota[2014] == {"own": 75, "previous": 10, "other": 0}
    assert counts.arrivals[2015]["family_refugee"] == 61
    assert counts.arrivals[2015]["moved"] == 18
    assert counts.arrivals_total(2015) == 211
    # education of the year's adult arrivals
    assert {k: v for k, v in counts.education.items() if v} == HORSENS_EDUCATION
    # permanent placements of the year's arrivals by locality, adults and children
    assert {k: (v["adults"], v["children"]) for k, v in counts.placements.items()} == (
        HORSENS_PLACEMENTS
    )
    assert sum(v["adults"] for v in counts.placements.values()) == 85
    assert sum(v["children"] for v in counts.placements.values()) == 67


def test_a_politician_gets_no_small_count_and_none_can_be_worked_out(
    horsens: Municipality,
) -> None:
    counts = overview_counts(municipality_id=horsens.id, year=2015, today=TODAY)
    tables, relations = disclosure_tables(counts)
    exact = {k: v for t in tables for k, v in t.cells.items()}
    values, _released = protected_values(counts)

    primary = {k for k, v in exact.items() if 0 < v < 5}
    # the placements of Lund, Hatting, Østbirk, Søvind and Hovedgård and two education levels
    assert ("placements-2015", "Lund", "adults") in primary
    assert ("education-2015", "long_higher") in primary
    assert all(values[k] is None for k in primary)
    # what is published is exact
    assert all(values[k] == exact[k] for k in exact if values[k] is not None)
    # the draft's big numbers stay
    assert values[("education-2015", "none")] == 102
    assert values[("arrivals", "2015")] == 211
    assert values[("placements-2015", "Tvingstrup", "children")] == 14

    # the independent attacker (whole numbers, every relation of the report, the published
    # cells) finds, for every hidden small count, a table agreeing with everything published
    # in which it is 5 or more: it can neither pin it nor tell that it is small
    visible = {k: v for k, v in values.items() if v is not None}
    hidden = {k for k, v in values.items() if v is None}
    every = [r for t in tables for r in t.relations] + relations
    for key in sorted(primary):
        assert can_be_at_least(visible, hidden, every, key, 5, 500), key


def test_the_exact_report_has_the_numbers_and_the_protected_one_hides_them(
    horsens: Municipality,
) -> None:
    counts = overview_counts(municipality_id=horsens.id, year=2015, today=TODAY)
    exact = overview_document(
        counts, municipality_name="Horsens", protected=False, as_of=timezone.now()
    )
    protected = overview_document(
        counts, municipality_name="Horsens", protected=True, as_of=timezone.now()
    )
    placements = exact.tables()[2]
    assert ["Lund", 1, 2, 3] in placements.rows
    assert placements.rows[-1][1:] == [85, 67, 152]
    lund = next(r for r in protected.tables()[2].rows if r[0] == "Lund")
    assert all(isinstance(v, Hidden) for v in lund[1:])


# --- the page and its downloads ----------------------------------------------------------


def row_cells(body: str, head: str) -> list[str]:
    """The data cells of the table row headed `head` in a page."""
    match = re.search(rf'<th scope="row">{re.escape(head)}</th>(.*?)</tr>', body)
    assert match, head
    return re.findall(r"<td[^>]*>([^<]*)</td>", match.group(1))


def signed_in(horsens: Municipality, *roles: str) -> Client:
    user = make_user(municipality=horsens, roles=list(roles), username=f"u-{'-'.join(roles)}")
    client = Client()
    login_verified(client, user)
    return client


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SMALL = {"1", "2", "3", "4"}
# rows of the draft's tables that hold a hidden small count for the politician
SMALL_ROWS = ("Lund", "Hatting", "Østbirk", "Søvind", "Hovedgård", "Lang videregående")


@pytest.mark.parametrize("role", [Role.MANAGER, Role.POLICY_OFFICER])
def test_the_staff_page_shows_the_exact_tables(horsens: Municipality, role: str) -> None:
    response = signed_in(horsens, role).get(URL, {"aar": "2015"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Månedsoversigt 2015" in body
    assert "Tvingstrup" in body
    assert row_cells(body, "Ingen uddannelse") == ["102"]
    assert row_cells(body, "Lund") == ["1", "2", "3"]
    assert "?aar=2015&amp;format=pdf" in body


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_the_staff_downloads_have_the_numbers(horsens: Municipality, fmt: str) -> None:
    response = signed_in(horsens, Role.MANAGER).get(URL, {"aar": "2015", "format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    text = download_text(fmt, response.content)
    for needle in ("Tvingstrup", "102", "Gedved", "211"):
        assert needle in text, needle
    lund = next(line for line in text.splitlines() if line.startswith("Lund"))
    assert SMALL & set(lund.split()), lund


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_the_politicians_downloads_hold_no_hidden_small_number(
    horsens: Municipality, fmt: str
) -> None:
    response = signed_in(horsens, Role.POLITICIAN).get(URL, {"aar": "2015", "format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    text = download_text(fmt, response.content)
    assert "102" in text
    assert "Tvingstrup" in text
    for name in SMALL_ROWS:
        lines = [line for line in text.splitlines() if line.startswith(name)]
        assert lines, name
        for line in lines:
            assert not SMALL & set(line.replace("\t", " ").split()), line
            assert "skjult" in line
    if fmt == "xlsx":
        numbers = [v for row in xlsx_cells(response.content) for v in row if isinstance(v, int)]
        assert numbers
        assert not [v for v in numbers if 0 < v < 5]


def test_the_politicians_page_hides_the_small_counts(horsens: Municipality) -> None:
    body = signed_in(horsens, Role.POLITICIAN).get(URL, {"aar": "2015"}).content.decode()
    assert row_cells(body, "Tvingstrup") == ["5", "14", "19"]
    assert row_cells(body, "Lund") == ["skjult"] * 3
    assert row_cells(body, "Ingen uddannelse") == ["102"]
    assert "Eksakte tal" not in body


@pytest.mark.parametrize("code", ["190", "999", "abc"])
def test_another_municipality_is_not_found(horsens: Municipality, code: str) -> None:
    for role in (Role.MANAGER, Role.POLITICIAN):
        response = signed_in(horsens, role).get(URL, {"aar": "2015", "kommune": code})
        assert response.status_code == 404


def test_the_own_municipality_by_code_is_the_same_page(horsens: Municipality) -> None:
    client = signed_in(horsens, Role.MANAGER)
    response = client.get(URL, {"aar": "2015", "kommune": "615"})
    assert response.status_code == 200
    assert "Tvingstrup" in response.content.decode()


@pytest.mark.parametrize("fmt", [None, "pdf", "xlsx"])
def test_a_year_without_data_is_said_and_nothing_downloaded(
    horsens: Municipality, fmt: str | None
) -> None:
    query = {"aar": "2005", **({"format": fmt} if fmt else {})}
    response = signed_in(horsens, Role.MANAGER).get(URL, query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "ingen ankomster" in body.lower()
    assert "<table" not in body


def test_an_unknown_format_is_refused_with_a_message(horsens: Municipality) -> None:
    response = signed_in(horsens, Role.MANAGER).get(URL, {"aar": "2015", "format": "exe"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "exe" in body
    assert "PDF, DOCX, XLSX" in body
    assert "Tvingstrup" not in body


@pytest.mark.parametrize("year", ["abc", "1999", "2027"])
def test_a_bad_year_is_named_and_no_table_shown(horsens: Municipality, year: str) -> None:
    response = signed_in(horsens, Role.MANAGER).get(URL, {"aar": year, "format": "pdf"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Skriv året med fire cifre" in body or "Vælg et år fra 2000 til 2026" in body
    assert "<table" not in body


def test_the_page_in_english(horsens: Municipality) -> None:
    response = signed_in(horsens, Role.MANAGER).get(
        URL, {"aar": "2015"}, headers={"accept-language": "en"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Monthly overview 2015" in body
    assert "No education" in body
    assert "Permanent housing placements of those who arrived in 2015" in body


@pytest.mark.parametrize("year", [2015, 2016, 2025])
def test_the_national_comparisons_sql_year_equals_the_indicator_page(
    horsens: Municipality, year: int
) -> None:
    """The comparison's one grouped query (stocks at the year's end, events weighted by
    their months) gives each indicator's year as selectors.indicator_table does."""
    comparison = national_comparison(
        municipality_id=horsens.id, year=year, today=TODAY, own_exact=True
    )
    rows = {
        r.key: r
        for r in indicator_table(municipality_id=horsens.id, period=Period(year), today=TODAY)
    }
    checked = 0
    for choice, measure in comparison.by_measure.items():
        own = measure.own
        assert own is not None
        row = rows[measure.measure.key]
        cells = [
            c
            for c in row.cells
            if measure.measure.breakdown is None or c.breakdown == measure.measure.breakdown
        ]
        numerator = sum(c.numerator for c in cells)
        denominator = sum(c.denominator for c in cells)
        assert own.numerator == numerator, choice
        if measure.measure.percent:
            assert own.denominator == denominator, choice
        checked += 1 if (numerator, denominator) != (0, 0) else 0
    assert checked >= 5
