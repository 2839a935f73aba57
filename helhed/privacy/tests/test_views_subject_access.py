# SPDX-License-Identifier: MPL-2.0
"""/app/indsigt/: the officer answers a citizen's access request with the look-up report
(HTML or PDF) or everything on the person (JSON or PDF). Each is audited as one export;
the employees' names are left out unless the officer includes them."""

import io
import json

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from helhed.audit.models import Action, AuditEvent
from helhed.caseplans.tests.factories import make_intervention
from helhed.citizens.models import Person
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.privacy.tests.conftest import CPR

pytestmark = pytest.mark.django_db

URL = reverse("privacy:subject_access")


def signed_in(client: Client, user: User) -> Client:
    login_verified(client, user)
    return client


def ask(client: Client, output: str, **extra: object) -> object:
    data = {"cpr": CPR, "purpose": "Anmodning j.nr. 42", "output": output}
    data.update(extra)  # type: ignore[arg-type]
    return client.post(URL, data, HTTP_ACCEPT_LANGUAGE="da")


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_address_is_danish() -> None:
    assert URL == "/app/indsigt/"


@pytest.mark.parametrize("persona", ["caseworker", "manager", "administrator", "politician"])
def test_every_other_role_gets_403(
    client: Client, request: pytest.FixtureRequest, persona: str, amal: Person
) -> None:
    signed_in(client, request.getfixturevalue(persona))
    before = AuditEvent.objects.count()

    assert client.get(URL).status_code == 403
    assert ask(client, "export_json").status_code == 403  # type: ignore[attr-defined]
    assert AuditEvent.objects.count() == before


def test_the_officer_gets_the_form(client: Client, data_protection_officer: User) -> None:
    response = signed_in(client, data_protection_officer).get(URL)

    assert response.status_code == 200
    assert b'name="output" value="report_pdf"' in response.content


def test_the_look_up_report_gives_dates_types_and_purposes_without_names(
    client: Client, data_protection_officer: User, caseworker: User, amal: Person
) -> None:
    before = AuditEvent.objects.count()

    response = ask(signed_in(client, data_protection_officer), "report_html")

    assert response.status_code == 200  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "Sagsbehandling" in html
    assert "Registration" in html or "Registrering" in html
    assert "Jobcenter" in html
    assert "150385-xxxx" in html
    assert CPR not in html
    assert caseworker.get_full_name() not in html
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    assert (event.action, event.person_id) == (Action.EXPORT, amal.id)
    assert event.purpose.endswith("Anmodning j.nr. 42")


def test_the_officer_may_include_the_employees_names(
    client: Client, data_protection_officer: User, caseworker: User, amal: Person
) -> None:
    response = ask(signed_in(client, data_protection_officer), "report_html", include_names="on")

    assert caseworker.get_full_name() in response.content.decode()  # type: ignore[attr-defined]


def test_the_look_up_report_is_a_pdf_named_by_date_only(
    client: Client, data_protection_officer: User, caseworker: User, amal: Person
) -> None:
    response = ask(signed_in(client, data_protection_officer), "report_pdf")

    assert response["Content-Type"] == "application/pdf"  # type: ignore[index]
    disposition = response["Content-Disposition"]  # type: ignore[index]
    assert disposition.startswith('attachment; filename="opslagsrapport-')
    assert "1503" not in disposition
    assert "Haddad" not in disposition
    assert "no-store" in response["Cache-Control"]  # type: ignore[index]
    text = pdf_text(response.content)  # type: ignore[attr-defined]
    assert "Sagsbehandling" in text
    assert caseworker.get_full_name() not in text


def test_the_export_holds_everything_on_the_person_with_the_full_cpr(
    client: Client, data_protection_officer: User, caseworker: User, amal: Person
) -> None:
    with transaction.atomic():
        make_intervention(caseworker, person=amal, note="Aftalt med borgeren")
    before = AuditEvent.objects.count()

    response = ask(signed_in(client, data_protection_officer), "export_json")

    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response["Content-Disposition"].startswith('attachment; filename="indsigt-')  # type: ignore[index]
    data = json.loads(response.content)  # type: ignore[attr-defined]
    assert data["person"]["cpr"] == CPR.replace("-", "")
    assert data["person"]["first_name"] == "Amal"
    assert data["arrivals"][0]["arrived_on"] == "2024-03-01"
    assert data["caseloads"][0]["department"] == "Jobcenter"
    assert data["interventions"][0]["note"] == "Aftalt med borgeren"
    assert data["interventions"][0]["owner_department"] == "Jobcenter"
    purposes = [row["purpose"] for row in data["lookups"]]
    assert "Sagsbehandling" in purposes
    assert all("employee" not in row for row in data["lookups"])
    assert data["rectifications"] == []  # nothing was changed
    for key in ["household", "housing_placements", "danish_education", "programmes"]:
        assert key in data
    for key in ["status_spells", "referrals", "rule_flags"]:
        assert key in data
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.order_by("-sequence").first().action == Action.EXPORT  # type: ignore[union-attr]


def test_the_export_is_also_a_pdf(
    client: Client, data_protection_officer: User, amal: Person
) -> None:
    response = ask(signed_in(client, data_protection_officer), "export_pdf")

    assert response["Content-Type"] == "application/pdf"  # type: ignore[index]
    text = pdf_text(response.content)  # type: ignore[attr-defined]
    assert "150385-1234" in text
    assert "Amal Haddad" in text


def test_an_unknown_cpr_is_refused_naming_the_field_and_the_search_is_kept(
    client: Client, data_protection_officer: User, amal: Person
) -> None:
    response = ask(signed_in(client, data_protection_officer), "export_json", cpr="150385-9999")

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "cpr" in response.context["form"].errors  # type: ignore[attr-defined]
    assert "150385-9999" not in response.content.decode()  # type: ignore[attr-defined]
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    assert (event.action, event.search_criterion) == (Action.SEARCH, "CPR 150385-xxxx")


@pytest.mark.parametrize(
    ("change", "field"),
    [({"purpose": ""}, "purpose"), ({"cpr": ""}, "cpr"), ({"cpr": "991385-1234"}, "cpr")],
)
def test_a_missing_or_bad_field_is_refused_and_nothing_is_written(
    client: Client, data_protection_officer: User, amal: Person, change: dict[str, str], field: str
) -> None:
    before = AuditEvent.objects.count()

    response = ask(signed_in(client, data_protection_officer), "export_json", **change)

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert field in response.context["form"].errors  # type: ignore[attr-defined]
    assert AuditEvent.objects.count() == before


def test_an_unknown_output_is_refused(
    client: Client, data_protection_officer: User, amal: Person
) -> None:
    before = AuditEvent.objects.count()

    response = ask(signed_in(client, data_protection_officer), "../../etc/passwd")

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert response.context["form"].non_field_errors()  # type: ignore[attr-defined]
    assert AuditEvent.objects.count() == before
