# SPDX-License-Identifier: MPL-2.0
"""The pages of published reports: publishing, the frozen numbers, the banner when the
registry now differs, revising with a reason, downloads of every version, the public page."""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from helhed.indicators.reports.models import Audience, PublishedReport, ReportRevision
from helhed.indicators.reports.services import report_publish, report_revise
from helhed.indicators.tests.publications.factories import (
    PARAMS,
    TARGET,
    WHOLE_YEAR,
    arrivals,
    policy_in_force,
)
from helhed.organisations.models import Municipality, Role, User
from helhed.organisations.tests.factories import make_user
from helhed.organisations.tests.sessions import login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]
PUBLISH = "/app/udgivelser/ny/"
RECIPIENT = "Beskæftigelses- og Integrationsudvalget, møde 12.3.2026"


def signed_in(user: User) -> Client:
    client = Client()
    login_verified(client, user)
    return client


@pytest.fixture
def target(own_municipality: Municipality) -> None:
    policy_in_force(own_municipality)


def publish(actor: User, audience: str = Audience.PUBLIC) -> PublishedReport:
    return report_publish(actor=actor, kind="target_status", params=dict(PARAMS), audience=audience)


def detail(report: PublishedReport) -> str:
    return reverse("indicators:report_detail", kwargs={"report_id": report.id})


def public(report: PublishedReport) -> str:
    return reverse(
        "indicators:public_report",
        kwargs={"slug": report.municipality.slug, "report_id": report.id},
    )


def text(body: bytes) -> str:
    """The page's text without tags, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.decode()))


@pytest.mark.usefixtures("target")
def test_a_policy_officer_chooses_a_kind_and_publishes(
    policy_officer: User, caseworker: User
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    client = signed_in(policy_officer)
    choose = client.get(PUBLISH)
    assert choose.status_code == 200
    assert "Status for politikkens mål" in choose.content.decode()
    form = client.get(PUBLISH, {"rapport": "target_status"})
    assert form.status_code == 200
    body = form.content.decode()
    # the last month that has ended is proposed
    assert 'name="aar" value="2026"' in body
    assert '<option value="11" selected>' in body

    response = client.post(
        PUBLISH,
        {
            "rapport": "target_status",
            "aar": "2026",
            "maaned": "11",
            "audience": "committee",
            "recipient": RECIPIENT,
        },
    )

    report = PublishedReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(report)
    assert report.recipient == RECIPIENT
    assert report.audience == Audience.COMMITTEE
    page = client.get(detail(report))
    body = text(page.content)
    assert "Rapporten er udgivet. Dens tal er fastfrosset." in body
    assert RECIPIENT in body
    assert f"{TARGET} (mindst 10 personer)" in body
    assert "Registret giver de samme tal som rapportens seneste udgave." in body


@pytest.mark.usefixtures("target")
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rapport": "ukendt"}, "Der findes ingen rapporttype ukendt."),
        ({"aar": "abc"}, "Skriv året med fire cifre"),
        ({"maaned": "12"}, "Vælg en måned, der er slut."),
        ({"audience": ""}, "Vælg, hvem rapporten er til."),
        ({"audience": "staff"}, "Marker en gyldig valgmulighed"),
    ],
)
def test_bad_input_on_the_publish_form_is_named_and_nothing_written(
    policy_officer: User, caseworker: User, data: dict[str, str], message: str
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    post = {"rapport": "target_status", "aar": "2026", "maaned": "11", "audience": "public"}
    response = signed_in(policy_officer).post(PUBLISH, {**post, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert PublishedReport.objects.count() == 0


def test_an_unknown_kind_in_the_address_is_named(policy_officer: User) -> None:
    response = signed_in(policy_officer).get(PUBLISH, {"rapport": "ukendt"})
    assert response.status_code == 400
    assert "Der findes ingen rapporttype ukendt." in response.content.decode()


def test_publishing_without_a_policy_says_so(policy_officer: User) -> None:
    response = signed_in(policy_officer).post(
        PUBLISH, {"rapport": "target_status", "aar": "2026", "maaned": "11", "audience": "public"}
    )
    assert response.status_code == 400
    assert "Kommunen har ingen vedtaget politik med mål." in response.content.decode()
    assert PublishedReport.objects.count() == 0


@pytest.mark.usefixtures("target")
def test_the_banner_shows_the_changes_and_a_revision_shows_both_versions(
    policy_officer: User, caseworker: User, client: Client
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    report = publish(policy_officer)
    officer = signed_in(policy_officer)

    arrivals(caseworker, 2, on=WHOLE_YEAR)
    body = text(officer.get(detail(report)).content)
    assert "1 tal er ændret siden udgivelsen" in body
    assert "Aktuel værdi 6,0 8,0" in body
    assert "Begrundelse for revisionen" in body

    revise = reverse("indicators:report_revise", kwargs={"report_id": report.id})
    response = officer.post(revise, {"reason": "To ankomster var registreret for sent."})
    assert response.status_code == 302
    body = text(officer.get(detail(report)).content)
    assert "Revision 1 er udgivet med den angivne begrundelse." in body
    assert "Registret giver de samme tal som rapportens seneste udgave." in body
    assert "Tallene i revision 1" in body
    assert "To ankomster var registreret for sent." in body
    assert "Tallene som først udgivet" in body

    # the public page: the frozen numbers, both versions and the reason, no banner
    body = text(client.get(public(report)).content)
    assert "To ankomster var registreret for sent." in body
    assert "Tallene som først udgivet" in body
    assert "Aktuel værdi 6,0 8,0" in body
    assert "ændret siden udgivelsen" not in body


@pytest.mark.usefixtures("target")
def test_a_revise_without_a_reason_or_without_a_change_is_refused(
    policy_officer: User, caseworker: User
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    report = publish(policy_officer)
    officer = signed_in(policy_officer)
    revise = reverse("indicators:report_revise", kwargs={"report_id": report.id})

    response = officer.post(revise, {"reason": "Ingen ændring."})
    assert response.status_code == 400
    assert "der er intet at revidere" in response.content.decode()

    arrivals(caseworker, 1, on=WHOLE_YEAR)
    response = officer.post(revise, {"reason": "   "})
    assert response.status_code == 400
    assert "Skriv, hvorfor rapporten revideres" in response.content.decode()
    assert ReportRevision.objects.count() == 0


@pytest.mark.usefixtures("target")
def test_a_manager_sees_the_banner_but_cannot_revise(
    policy_officer: User, manager: User, caseworker: User
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    report = publish(policy_officer)
    arrivals(caseworker, 1, on=WHOLE_YEAR)
    client = signed_in(manager)
    body = client.get(detail(report)).content.decode()
    assert "1 tal er ændret siden udgivelsen" in body
    assert "Begrundelse for revisionen" not in body
    revise = reverse("indicators:report_revise", kwargs={"report_id": report.id})
    assert client.post(revise, {"reason": "Rettelse."}).status_code == 403
    assert ReportRevision.objects.count() == 0


@pytest.mark.usefixtures("target")
def test_another_municipalitys_report_is_not_found(
    policy_officer: User, other_policy_officer: User, caseworker: User
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    report = publish(policy_officer)
    arrivals(caseworker, 1, on=WHOLE_YEAR)
    other = signed_in(other_policy_officer)
    assert other.get(detail(report)).status_code == 404
    revise = reverse("indicators:report_revise", kwargs={"report_id": report.id})
    assert other.post(revise, {"reason": "Rettelse."}).status_code == 404
    assert ReportRevision.objects.count() == 0
    assert report.title not in other.get("/app/udgivelser/").content.decode()


@pytest.mark.usefixtures("target")
def test_a_committee_report_has_no_public_page_and_the_public_list_omits_it(
    policy_officer: User, caseworker: User, client: Client, own_municipality: Municipality
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    committee = publish(policy_officer, audience=Audience.COMMITTEE)
    shown = publish(policy_officer, audience=Audience.PUBLIC)
    assert client.get(public(committee)).status_code == 404
    listing = client.get(
        reverse("indicators:public_report_list", kwargs={"slug": own_municipality.slug})
    ).content.decode()
    assert str(shown.id) in listing
    assert str(committee.id) not in listing
    other = reverse("indicators:public_report", kwargs={"slug": "furesoe", "report_id": shown.id})
    assert client.get(other).status_code == 404


@pytest.mark.usefixtures("target")
def test_the_public_page_shows_the_frozen_numbers_never_a_recomputation(
    policy_officer: User, caseworker: User, client: Client
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    report = publish(policy_officer)
    arrivals(caseworker, 20, on=WHOLE_YEAR)  # not revised: the public still reads 6
    body = text(client.get(public(report)).content)
    assert f"{TARGET} (mindst 10 personer)" in body
    assert " 6,0 " in body
    assert "26,0" not in body


@pytest.mark.usefixtures("target")
def test_the_downloads_state_the_data_time_and_the_revision(
    policy_officer: User, caseworker: User, client: Client
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    report = publish(policy_officer)
    arrivals(caseworker, 2, on=WHOLE_YEAR)
    report_revise(actor=policy_officer, report=report, reason="For sent registreret.")

    first = client.get(public(report), {"revision": "0", "format": "pdf"})
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(first.content)).pages)
    assert "Revision 0" in pdf
    assert "Data pr." in pdf or "Data" in pdf
    assert "For sent registreret." not in pdf

    revised = client.get(public(report), {"revision": "1", "format": "xlsx"})
    assert revised.status_code == 200
    book = load_workbook(io.BytesIO(revised.content))
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    joined = " ".join(cells)
    assert "Begrundelse: For sent registreret." in joined or "For sent registreret." in joined
    assert "Revision 1" in joined

    docx = signed_in(policy_officer).get(detail(report), {"revision": "1", "format": "docx"})
    assert docx.status_code == 200
    assert docx["Content-Disposition"].startswith("attachment;")
    assert "revision-1" in docx["Content-Disposition"]


@pytest.mark.usefixtures("target")
@pytest.mark.parametrize("query", [{"revision": "7"}, {"revision": "x"}])
def test_a_revision_that_does_not_exist_is_not_found(
    policy_officer: User, caseworker: User, client: Client, query: dict[str, str]
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    report = publish(policy_officer)
    assert client.get(public(report), {**query, "format": "pdf"}).status_code == 404


@pytest.mark.usefixtures("target")
def test_an_unknown_format_is_refused(
    policy_officer: User, caseworker: User, client: Client
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    report = publish(policy_officer)
    response = client.get(public(report), {"format": "exe"})
    assert response.status_code == 400
    assert "PDF, DOCX eller XLSX" in response.content.decode()


@pytest.mark.usefixtures("target")
def test_the_pages_render_in_english(
    policy_officer: User, caseworker: User, client: Client
) -> None:
    arrivals(caseworker, 6, on=WHOLE_YEAR)
    report = publish(policy_officer)
    arrivals(caseworker, 1, on=WHOLE_YEAR)
    officer = signed_in(policy_officer)
    english = {"accept-language": "en"}
    body = text(officer.get(detail(report), headers=english).content)
    assert "1 number has changed since publication" in body
    assert "Reason for the revision" in body
    # the document stays in the language it was published in
    assert "Aktuel værdi" in body
    assert "Published reports" in text(officer.get("/app/udgivelser/", headers=english).content)
    assert "Publish a report" in text(officer.get(PUBLISH, headers=english).content)
    assert "The numbers as published" in text(client.get(public(report), headers=english).content)


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.POLITICIAN, Role.ADMINISTRATOR])
def test_other_roles_are_refused_the_staff_pages(own_municipality: Municipality, role: str) -> None:
    user = make_user(municipality=own_municipality, roles=[role], username=f"u-{role}")
    client = signed_in(user)
    assert client.get("/app/udgivelser/").status_code == 403
    assert client.get(PUBLISH).status_code == 403
