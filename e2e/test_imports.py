# SPDX-License-Identifier: MPL-2.0
"""A caseworker imports a file of persons: the first has a mistake, the report names its
row and column and nothing is saved; the corrected file is imported."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import assert_accessible, login
from helhed.citizens.models import Person
from helhed.demo.content import DEMO_PASSWORD

pytestmark = pytest.mark.browser

CASEWORKER = "horsens-sagsbehandler"
HEADER = "external_id;cpr;first_name;last_name;country_of_origin;department\n"
GOOD = "P-1;010190-1234;Amal;Haddad;SY;Jobcenter\n"


def _upload(page: Page, content: str) -> None:
    page.get_by_label("Hvad filen indeholder").select_option("persons")
    page.get_by_label("Fil", exact=True).set_input_files(
        {"name": "personer.csv", "mimeType": "text/csv", "buffer": content.encode("utf-8")}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Importér").click()


def test_caseworker_corrects_a_file_after_the_report_and_imports_it(
    demo: None, page: Page, live_server: LiveServer
) -> None:
    # given a caseworker on the import page
    login(page, live_server, CASEWORKER, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('imports:import_page')}")
    assert_accessible(page)
    persons_before = Person.objects.count()

    # when they upload a file whose second row has a CPR number that is not a date
    _upload(page, HEADER + GOOD + "P-2;320290-1234;Rania;Saleh;SY;Jobcenter\n")

    # then the report names row 3 and the cpr column, and nothing is saved
    expect(page.get_by_role("alert")).to_contain_text("Intet blev importeret")
    report = page.get_by_role("table", name="Problemer i filen")
    expect(report.get_by_role("row")).to_have_count(2)
    expect(report.get_by_role("row").nth(1)).to_contain_text("3")
    expect(report.get_by_role("row").nth(1)).to_contain_text("cpr")
    assert "320290-1234" not in page.content()
    assert Person.objects.count() == persons_before
    assert_accessible(page)

    # when they correct the row and upload the file again
    page.get_by_role("link", name="Tilbage til import og eksport").click()
    _upload(page, HEADER + GOOD + "P-2;020290-1234;Rania;Saleh;SY;Jobcenter\n")

    # then both persons are imported
    expect(page.get_by_role("alert")).to_contain_text("Filen blev importeret: 2 rækker.")
    assert Person.objects.count() == persons_before + 2
    assert_accessible(page)
