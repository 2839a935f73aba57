# SPDX-License-Identifier: MPL-2.0
"""The caseload page: it lists the caseworker's persons and searches them by name or CPR
(POSTed, never in the URL); every listing and search writes one search event, a CPR only
masked; a CPR never comes back in the page. Its query count does not grow with the list."""

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override

from helhed.audit.models import Action, AuditEvent
from helhed.citizens.models import CaseAssignment, Person
from helhed.citizens.tests.factories import register
from helhed.organisations.models import Department, User
from helhed.organisations.tests.sessions import login_verified

pytestmark = pytest.mark.django_db

URL = reverse("citizens:caseload")
CPR = "150385-1234"
CPR_DIGITS = "1503851234"


def _da(message: str) -> str:
    with override("da"):
        return escape(gettext(message))


def _body(response: Any) -> str:
    return response.content.decode()


def _assert_no_cpr(text: str, digits: str = CPR_DIGITS) -> None:
    assert digits not in text
    assert f"{digits[:6]}-{digits[6:]}" not in text
    assert f"{digits[:6]} {digits[6:]}" not in text


@pytest.fixture
def amal(caseworker: User) -> Person:
    return register(caseworker, cpr=CPR, first_name="Amal", last_name="Haddad")


@pytest.fixture
def rania(caseworker: User) -> Person:
    return register(caseworker, cpr="020290-2002", first_name="Rania", last_name="Saleh")


@pytest.fixture
def hidden(other_department_caseworker: User) -> Person:
    """A person in Forvaltningen's caseload, not the Jobcenter's."""
    return register(
        other_department_caseworker, cpr="030391-3003", first_name="Amal", last_name="Skjult"
    )


# --- listing -----------------------------------------------------------------------------


def test_the_caseload_lists_the_caseworkers_persons_only(
    client: Client, caseworker: User, amal: Person, rania: Person, hidden: Person
) -> None:
    login_verified(client, caseworker)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["persons"] == [amal, rania]
    body = _body(response)
    assert "Haddad" in body
    assert "Saleh" in body
    assert "Skjult" not in body
    assert reverse("citizens:person_detail", kwargs={"person_id": amal.id}) in body
    assert reverse("citizens:person_detail", kwargs={"person_id": hidden.id}) not in body


def test_listing_the_caseload_writes_one_search_event(
    client: Client, caseworker: User, amal: Person, rania: Person
) -> None:
    login_verified(client, caseworker)
    before = AuditEvent.objects.count()

    client.get(URL)

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("occurred_at")
    assert event.action == Action.SEARCH
    assert event.user == caseworker
    assert event.person_id is None
    with override("da"):
        assert event.search_criterion == gettext("caseload")


def test_the_caseload_page_does_not_show_any_cpr(
    client: Client, caseworker: User, amal: Person
) -> None:
    login_verified(client, caseworker)

    _assert_no_cpr(_body(client.get(URL)))


def test_an_empty_caseload_says_so(client: Client, school_caseworker: User, amal: Person) -> None:
    login_verified(client, school_caseworker)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["persons"] == []
    assert _da("No citizens are in your departments' caseload.") in _body(response)


# --- search by name ------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Haddad", "haddad", "amal haddad", "  AMAL  ", "Ama"])
def test_a_search_by_name_finds_the_person(
    client: Client, caseworker: User, amal: Person, rania: Person, query: str
) -> None:
    login_verified(client, caseworker)

    response = client.post(URL, {"query": query})

    assert response.status_code == 200
    assert response.context["persons"] == [amal]


def test_a_search_by_name_does_not_find_another_departments_person(
    client: Client, caseworker: User, amal: Person, hidden: Person
) -> None:
    login_verified(client, caseworker)

    response = client.post(URL, {"query": "Amal"})

    assert response.context["persons"] == [amal]
    assert "Skjult" not in _body(response)


def test_a_search_without_matches_finds_nobody(
    client: Client, caseworker: User, amal: Person
) -> None:
    login_verified(client, caseworker)

    response = client.post(URL, {"query": "Jensen"})

    assert response.status_code == 200
    assert response.context["persons"] == []


def test_a_search_by_name_writes_one_search_event_with_the_name(
    client: Client, caseworker: User, amal: Person
) -> None:
    login_verified(client, caseworker)
    before = AuditEvent.objects.count()

    client.post(URL, {"query": "Haddad"})

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("occurred_at")
    assert event.action == Action.SEARCH
    assert "Haddad" in event.search_criterion


def test_a_search_by_name_does_not_find_a_person_whose_assignment_here_ended(
    client: Client,
    caseworker: User,
    amal: Person,
    forvaltningen: Department,
) -> None:
    CaseAssignment.objects.filter(person=amal).update(ended_on=date(2024, 6, 30))
    CaseAssignment.objects.create(
        person=amal, department=forvaltningen, started_on=date(2024, 7, 1)
    )
    login_verified(client, caseworker)

    response = client.post(URL, {"query": "Haddad"})

    assert response.context["persons"] == []


def test_an_empty_search_is_refused(client: Client, caseworker: User, amal: Person) -> None:
    login_verified(client, caseworker)

    response = client.post(URL, {"query": ""})

    assert response.status_code == 400
    assert "query" in response.context["form"].errors


# --- search by CPR -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [CPR, CPR_DIGITS, " 150385 1234 "])
def test_a_search_by_cpr_finds_the_person(
    client: Client, caseworker: User, amal: Person, rania: Person, typed: str
) -> None:
    login_verified(client, caseworker)

    response = client.post(URL, {"query": typed})

    assert response.status_code == 200
    assert response.context["persons"] == [amal]


def test_a_search_by_cpr_does_not_find_another_departments_person(
    client: Client, caseworker: User, hidden: Person
) -> None:
    login_verified(client, caseworker)

    response = client.post(URL, {"query": "030391-3003"})

    assert response.status_code == 200
    assert response.context["persons"] == []


def test_a_search_by_cpr_audits_the_cpr_only_masked(
    client: Client, caseworker: User, amal: Person
) -> None:
    login_verified(client, caseworker)
    before = AuditEvent.objects.count()

    client.post(URL, {"query": CPR})

    assert AuditEvent.objects.count() == before + 1
    criterion = AuditEvent.objects.latest("occurred_at").search_criterion
    assert "150385-xxxx" in criterion
    _assert_no_cpr(criterion)
    assert "1234" not in criterion


@pytest.mark.parametrize(
    "typed",
    [
        "15038512345",  # one digit too many
        "150385123",  # one digit too few
        "150385.1234",
        "150385/1234",
        "\u0661\u0665\u0660\u0663\u0668\u0665-\u0661\u0662\u0663\u0664",  # Arabic-Indic
    ],
)
def test_a_mistyped_cpr_is_not_written_in_clear_into_the_audit_log(
    client: Client, caseworker: User, amal: Person, typed: str
) -> None:
    login_verified(client, caseworker)
    before = set(AuditEvent.objects.values_list("id", flat=True))

    client.post(URL, {"query": typed})

    # Like the mask, the log may keep the birth date (the first six digits), not the serial.
    serial = "".join(c for c in typed if c.isdigit())[6:]
    for event in AuditEvent.objects.exclude(id__in=before):
        assert serial not in event.search_criterion


@pytest.mark.parametrize("typed", [CPR, CPR_DIGITS, "310299-1234"])
def test_a_searched_cpr_is_not_echoed_back_in_the_page(
    client: Client, caseworker: User, amal: Person, typed: str
) -> None:
    login_verified(client, caseworker)

    response = client.post(URL, {"query": typed})

    _assert_no_cpr(_body(response), typed.replace("-", ""))


def test_a_search_never_puts_the_cpr_in_the_url(
    client: Client, caseworker: User, amal: Person
) -> None:
    login_verified(client, caseworker)

    response = client.post(URL, {"query": CPR})

    assert response.status_code == 200  # rendered, not redirected to a URL with the query
    _assert_no_cpr(response.wsgi_request.get_full_path())


def test_a_search_by_a_malformed_cpr_is_refused_with_a_message(
    client: Client, caseworker: User, amal: Person
) -> None:
    login_verified(client, caseworker)
    before = AuditEvent.objects.count()

    response = client.post(URL, {"query": "310299-1234"})

    assert response.status_code == 400
    assert response.context["persons"] == []
    errors = response.context["form"].errors["query"]
    with override("da"):
        assert errors == [
            gettext("The first six digits of the CPR number are not a date (DDMMYY).")
        ]
    assert _da("The first six digits of the CPR number are not a date (DDMMYY).") in _body(response)
    assert AuditEvent.objects.count() == before


# --- who may enter ----------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "persona", ["policy_officer", "manager", "politician", "administrator", "superuser"]
)
def test_users_who_are_not_caseworkers_are_forbidden(
    client: Client, request: pytest.FixtureRequest, persona: str, amal: Person
) -> None:
    login_verified(client, request.getfixturevalue(persona))
    before = AuditEvent.objects.count()

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"query": CPR}).status_code == 403
    assert AuditEvent.objects.count() == before


# --- query budget ----------------------------------------------------------------------


def _queries(client: Client, method: str, data: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL) if method == "get" else client.post(URL, data)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("method", "data"), [("get", None), ("post", {"query": "Haddad"})], ids=["list", "search"]
)
def test_the_caseload_runs_as_many_queries_for_ten_persons_as_for_one(
    client: Client, caseworker: User, method: str, data: dict[str, str] | None
) -> None:
    login_verified(client, caseworker)
    register(caseworker, last_name="Haddad")
    _queries(client, method, data)  # warm up the session and caches
    one = _queries(client, method, data)
    for _ in range(9):
        register(caseworker, last_name="Haddad")

    ten = _queries(client, method, data)

    assert len(client.get(URL).context["persons"]) == 10
    assert ten == one


# --- pages of the caseload ---------------------------------------------------------------


def _names(response: Any) -> list[str]:
    return [f"{p.last_name} {p.first_name}" for p in response.context["persons"]]


def _next_link(response: Any) -> str | None:
    after = response.context["next_after"]
    return None if after is None else f"{URL}?efter={after}"


def test_the_caseload_pages_through_every_person_once_in_name_order(
    client: Client, caseworker: User, monkeypatch: pytest.MonkeyPatch, hidden: Person
) -> None:
    # given 7 persons, two with the same name, on pages of 3
    monkeypatch.setattr("helhed.citizens.views.CASELOAD_PAGE", 3)
    for last, first in [("Berg", "Ali"), ("Aziz", "Omar"), ("Berg", "Ali"), ("Cali", "Sara")]:
        register(caseworker, last_name=last, first_name=first)
    for last, first in [("Aziz", "Noor"), ("Dahl", "Lina"), ("Berg", "Zaid")]:
        register(caseworker, last_name=last, first_name=first)
    login_verified(client, caseworker)

    seen: list[str] = []
    ids: list[object] = []
    url: str | None = URL
    pages = 0
    while url is not None:
        response = client.get(url)
        assert response.status_code == 200
        seen += _names(response)
        ids += [p.id for p in response.context["persons"]]
        url = _next_link(response)
        pages += 1

    assert pages == 3
    assert seen == [
        "Aziz Noor",
        "Aziz Omar",
        "Berg Ali",
        "Berg Ali",
        "Berg Zaid",
        "Cali Sara",
        "Dahl Lina",
    ]
    assert len(set(ids)) == 7  # the two Ali Bergs are two persons, each shown once
    assert hidden.id not in ids


def test_each_page_of_the_caseload_writes_one_search_event(
    client: Client, caseworker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("helhed.citizens.views.CASELOAD_PAGE", 1)
    first = register(caseworker, last_name="Aziz", first_name="Noor")
    register(caseworker, last_name="Berg", first_name="Ali")
    login_verified(client, caseworker)
    before = AuditEvent.objects.filter(action=Action.SEARCH).count()

    response = client.get(f"{URL}?efter={first.id}")

    assert _names(response) == ["Berg Ali"]
    assert AuditEvent.objects.filter(action=Action.SEARCH).count() == before + 1


@pytest.mark.parametrize("after", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_malformed_or_unknown_page_start_gives_the_first_page(
    client: Client, caseworker: User, amal: Person, rania: Person, after: str
) -> None:
    login_verified(client, caseworker)

    response = client.get(f"{URL}?efter={after}")

    assert response.status_code == 200
    assert _names(response) == ["Haddad Amal", "Saleh Rania"]


def test_a_page_cannot_start_after_a_person_the_caseworker_does_not_see(
    client: Client, caseworker: User, amal: Person, rania: Person, hidden: Person
) -> None:
    # "Skjult" sorts after "Haddad": a start at the hidden person would skip Amal Haddad
    # and so reveal where the hidden name falls; it gives the first page instead
    login_verified(client, caseworker)

    response = client.get(f"{URL}?efter={hidden.id}")

    assert _names(response) == ["Haddad Amal", "Saleh Rania"]


def test_a_page_of_the_caseload_links_back_to_the_first(
    client: Client, caseworker: User, amal: Person, rania: Person
) -> None:
    login_verified(client, caseworker)

    response = client.get(f"{URL}?efter={amal.id}")

    assert _names(response) == ["Saleh Rania"]
    assert response.context["next_after"] is None
    assert f'href="{URL}"' in _body(response)
