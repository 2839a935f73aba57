# SPDX-License-Identifier: MPL-2.0
"""The drill-down from a number of the dashboard to the persons behind it: only the
persons the user may see, the count of those not shown, exactly one audit event per look-
up in the response's transaction, every refusal with a clear message and no event."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helhed.audit.models import Action, AuditEvent
from helhed.caseplans.catalogue import InterventionKind
from helhed.caseplans.tests.factories import make_intervention, make_partner
from helhed.citizens import services as citizens
from helhed.citizens.models import ArrivalSource, Person, ProgrammeKind, SpellKind
from helhed.citizens.tests.factories import register
from helhed.indicators import drilldown
from helhed.indicators.dashboard_forms import DENOMINATOR, TOTAL
from helhed.indicators.drilldown import CellRef
from helhed.indicators.models import IndicatorFact
from helhed.organisations.models import Department, Municipality, Role, User
from helhed.organisations.tests.factories import make_user
from helhed.organisations.tests.sessions import login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]
URL = "/app/indikatorer/dashboard/personer/"
ARRIVALS = {"indikator": "arrivals_by_source", "maaned": "2025-03", "gruppe": ArrivalSource.ASYLUM}


def signed_in(user: User) -> Client:
    client = Client()
    login_verified(client, user)
    return client


@pytest.fixture
def jobcenter_manager(jobcenter: Department) -> User:
    return make_user(
        municipality=jobcenter.municipality,
        roles=[Role.MANAGER],
        username="leder-jobcenter",
        departments=[jobcenter],
    )


@pytest.fixture
def world(caseworker: User, other_department_caseworker: User) -> dict[str, list[Person]]:
    """Three asylum arrivals of March 2025 in the Jobcenter's caseload, two in
    Forvaltningen's, one quota refugee in the Jobcenter's."""
    arrived: dict[str, Any] = {"arrived_on": date(2025, 3, 4), "source": ArrivalSource.ASYLUM}
    return {
        "jobcenter": [register(caseworker, last_name=f"Jobcenter{i}", **arrived) for i in range(3)],
        "forvaltning": [
            register(other_department_caseworker, last_name=f"Forvaltning{i}", **arrived)
            for i in range(2)
        ],
        "quota": [register(caseworker, last_name="Kvote", arrived_on=date(2025, 3, 9))],
    }


def _events() -> int:
    return AuditEvent.objects.count()


def _get(client: Client, **query: Any) -> Any:
    return client.get(URL, {**ARRIVALS, "del": "taeller", **query})


def test_a_caseworker_sees_the_cells_persons_of_the_caseload_and_how_many_are_not_shown(
    caseworker: User, world: dict[str, list[Person]]
) -> None:
    before = _events()
    response = _get(signed_in(caseworker))
    assert response.status_code == 200
    body = response.content.decode()
    for person in world["jobcenter"]:
        assert person.last_name in body
        # a link to the person's page, by id (never a CPR number)
        assert reverse("citizens:person_detail", kwargs={"person_id": person.id}) in body
    for person in world["forvaltning"] + world["quota"]:
        assert person.last_name not in body
    assert "5 personer står bag tallet." in body
    assert "3 af dem er i dine afdelingers sagsstamme og vises." in body
    assert "2 er uden for din sagsstamme og vises ikke." in body
    assert _events() == before + 1
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    assert event.action == Action.SEARCH
    assert event.person_id is None
    assert event.search_criterion == (
        "indikator arrivals_by_source, 2025-03, gruppe Flygtning med asyl, tæller"
    )
    assert event.purpose == "opfølgning på indikator"
    assert event.user_id == caseworker.id


def test_a_manager_sees_the_departments_persons_by_name_without_a_record_link(
    jobcenter_manager: User, world: dict[str, list[Person]]
) -> None:
    body = _get(signed_in(jobcenter_manager)).content.decode()
    for person in world["jobcenter"]:
        assert person.last_name in body
        assert str(person.id) not in body  # managers open no person's record
    assert "Forvaltning0" not in body
    assert "2 er uden for din sagsstamme og vises ikke." in body


def test_the_stated_purpose_is_logged(caseworker: User, world: dict[str, list[Person]]) -> None:
    _get(signed_in(caseworker), formaal="Månedsmøde om modtagelsen")
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    assert event.purpose == "Månedsmøde om modtagelsen"


def test_the_total_and_the_denominator_of_a_share(
    caseworker: User, world: dict[str, list[Person]]
) -> None:
    client = signed_in(caseworker)
    total = _get(client, gruppe="*").content.decode()
    assert "6 personer står bag tallet." in total
    assert "Kvote" in total
    # the share 'company-based intervention within one month': everyone's deadline is in
    # April, no one has started one; the denominator lists them, the numerator no one
    share = {
        "indikator": "company_intervention_within_one_month",
        "maaned": "2025-04",
        "gruppe": "",
    }
    denominator = client.get(URL, {**share, "del": "naevner"}).content.decode()
    assert "Jobcenter0" in denominator
    assert "Talt med i tælleren" in denominator
    numerator = client.get(URL, {**share, "del": "taeller"})
    assert numerator.status_code == 200
    assert "0 personer står bag tallet." in numerator.content.decode()


@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.POLITICIAN])
def test_policy_officers_and_politicians_are_told_they_see_aggregates_only(
    jobcenter: Department, world: dict[str, list[Person]], role: str
) -> None:
    user = make_user(
        municipality=jobcenter.municipality,
        roles=[role],
        username=f"u-{role}",
        departments=[jobcenter],
    )
    before = _events()
    response = _get(signed_in(user))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Din rolle ser kun indikatorerne som samlede tal." in body
    assert "Jobcenter0" not in body
    assert "5 personer" not in body
    assert _events() == before


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER])
def test_other_roles_are_refused(
    own_municipality: Municipality, world: dict[str, list[Person]], role: str
) -> None:
    user = make_user(municipality=own_municipality, roles=[role], username=f"u-{role}")
    before = _events()
    assert _get(signed_in(user)).status_code == 403
    assert _events() == before


def test_another_municipalitys_caseworker_finds_no_such_group(
    other_caseworker: User, world: dict[str, list[Person]]
) -> None:
    before = _events()
    response = _get(signed_in(other_caseworker))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Indikatoren har ikke den gruppe her." in body
    assert "Jobcenter0" not in body
    assert _events() == before


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"indikator": "no_such_indicator"}, "Indikatoren findes ikke."),
        ({"indikator": ""}, "Angiv hvilken indikator"),
        ({"maaned": "2025-3"}, "Skriv måneden som år og måned, fx 2026-11."),
        ({"maaned": "2025-13"}, "Skriv måneden som år og måned, fx 2026-11."),
        ({"maaned": "marts"}, "Skriv måneden som år og måned, fx 2026-11."),
        ({"maaned": "2027-01"}, "Vælg en måned fra januar 2000 til 12/2026."),
        ({"maaned": "1999-12"}, "Vælg en måned fra januar 2000 til 12/2026."),
        ({"gruppe": "no such group"}, "Indikatoren har ikke den gruppe her."),
        ({"gruppe": ""}, "Indikatoren har ikke den gruppe her."),
        ({"del": "alle"}, "Vælg tælleren eller nævneren."),
        ({"del": ""}, "Vælg tælleren eller nævneren."),
        ({"formaal": "Opslag på 010190-1234"}, "aldrig et CPR-nummer"),
        ({"formaal": "x" * 201}, "Formål med opslaget"),
    ],
)
def test_bad_input_is_named_nothing_is_read_and_nothing_logged(
    caseworker: User, world: dict[str, list[Person]], query: dict[str, str], message: str
) -> None:
    before = _events()
    response = _get(signed_in(caseworker), **query)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Jobcenter0" not in body
    assert "står bag tallet" not in body
    assert _events() == before


def test_a_month_of_a_total_indicator_has_no_total_group_when_the_indicator_has_none(
    caseworker: User, world: dict[str, list[Person]]
) -> None:
    response = signed_in(caseworker).get(
        URL,
        {
            "indikator": "self_support_after_one_year",
            "maaned": "2025-03",
            "gruppe": "*",
            "del": "taeller",
        },
    )
    assert response.status_code == 400


def test_anonymous_is_sent_to_the_login(db: None) -> None:
    response = Client().get(URL, {**ARRIVALS, "del": "taeller"})
    assert response.status_code == 302
    assert "/log-ind/" in response["Location"]


def test_an_english_page(caseworker: User, world: dict[str, list[Person]]) -> None:
    client = signed_in(caseworker)
    client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    body = _get(client).content.decode()
    assert "5 persons are behind the number." in body
    assert "2 are outside your caseload and not shown." in body
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    assert event.purpose == "follow-up on an indicator"


# --- paging -----------------------------------------------------------------------------


def _many(actor: User, n: int) -> list[Person]:
    return [
        register(
            actor,
            last_name=f"Side{i:02d}",
            arrived_on=date(2025, 3, 1) + timedelta(days=i % 28),
            source=ArrivalSource.ASYLUM,
        )
        for i in range(n)
    ]


def test_pages_follow_each_other_by_keyset_and_each_page_is_one_event(
    caseworker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drilldown, "DRILLDOWN_PAGE", 4)
    persons = _many(caseworker, 10)
    expected = sorted(p.last_name for p in persons)
    client = signed_in(caseworker)
    seen: list[str] = []
    page = _get(client, efter="")
    pages = 0
    while True:
        pages += 1
        body = page.content.decode()
        on_page = [name for name in expected if name in body]
        seen.extend(on_page)
        assert page.context["page"].shown == 10
        nxt = page.context["next_href"]
        if not nxt:
            break
        page = client.get(URL + nxt)
    assert seen == expected
    assert pages == 3
    assert AuditEvent.objects.filter(action=Action.SEARCH).count() == 3


def test_a_cursor_the_user_does_not_see_gives_the_first_page(
    caseworker: User, world: dict[str, list[Person]]
) -> None:
    hidden = world["forvaltning"][0]
    response = _get(signed_in(caseworker), efter=str(hidden.id))
    assert response.status_code == 200
    assert response.context["page"].persons[0].last_name == "Jobcenter0"
    assert _get(signed_in(caseworker), efter="not-a-uuid").status_code == 200


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = _get(client)
    assert response.status_code == 200
    return len(captured)


def test_the_drilldown_does_not_grow_in_queries_with_the_number_of_persons(
    caseworker: User, other_department_caseworker: User
) -> None:
    client = signed_in(caseworker)
    _many(caseworker, 2)
    _many(other_department_caseworker, 1)
    few = _queries(client)
    _many(caseworker, 20)
    _many(other_department_caseworker, 10)
    assert _queries(client) == few


def test_the_persons_in_the_numerator_are_marked_as_the_cells_facts_say(
    caseworker: User, world: dict[str, list[Person]]
) -> None:
    # one of the Jobcenter's starts a company internship in time: in the share's numerator
    first = world["jobcenter"][0]
    make_intervention(
        caseworker,
        person=first,
        kind=InterventionKind.COMPANY_INTERNSHIP,
        partner=make_partner(caseworker),
        starts_on=date(2025, 3, 20),
    )
    # and one long in the programme, on benefit until a job from June 2025: in the
    # self-support denominator before it without being in its numerator, which a later
    # run of the same key is
    settled = register(caseworker, last_name="Selvforsørget", arrived_on=date(2023, 6, 1))
    citizens.programme_enrolment_add(
        actor=caseworker,
        person=settled,
        kind=ProgrammeKind.SELF_SUPPORT,
        starts_on=date(2023, 7, 1),
    )
    for kind, starts_on, ends_on in (
        (SpellKind.BENEFIT, date(2023, 7, 1), date(2025, 5, 31)),
        (SpellKind.JOB, date(2025, 6, 1), None),
    ):
        citizens.status_spell_add(
            actor=caseworker,
            person=settled,
            kind=kind,
            benefit_name="Selvforsørgelses- og hjemrejseydelse"
            if kind == SpellKind.BENEFIT
            else "",
            starts_on=starts_on,
            ends_on=ends_on,
        )
    before_the_job = CellRef("self_support_after_one_year", 2025 * 12 + 2, "", DENOMINATOR)
    page = drilldown.drilldown_page(user=caseworker, cell=before_the_job, after=None)
    assert settled in page.persons
    assert settled.id not in page.in_numerator
    share = CellRef("company_intervention_within_one_month", 2025 * 12 + 3, "", DENOMINATOR)
    assert drilldown.drilldown_page(user=caseworker, cell=share, after=None).in_numerator == {
        first.id
    }

    # every cell of the store, with its total, in months before, at and after the arrivals:
    # the same persons as the cell's own facts say (the query the page made before)
    municipality = caseworker.municipality_id
    assert municipality is not None
    groups = set(IndicatorFact.objects.values_list("key", "breakdown"))
    assert len(groups) > 5
    checked = 0
    for key, breakdown in groups:
        for month in (2025 * 12 + 1, 2025 * 12 + 2, 2025 * 12 + 3, 2026 * 12 + 10):
            for group in {breakdown, TOTAL}:
                cell = CellRef(key, month, group, DENOMINATOR)
                page = drilldown.drilldown_page(user=caseworker, cell=cell, after=None, size=500)
                ids = [p.id for p in page.persons]
                facts = drilldown.cell_facts(municipality_id=municipality, cell=cell)
                expected = set(
                    facts.filter(person_id__in=ids, in_numerator=True).values_list(
                        "person_id", flat=True
                    )
                )
                assert page.in_numerator == expected, (key, group, month)
                checked += bool(expected) and expected != set(ids)
    assert checked  # some cell has persons in its numerator and others not
