# SPDX-License-Identifier: MPL-2.0
"""The holistic plan's pages end to end through the client: the worklist, a person's plan,
interventions and their transitions, referrals and their decision, the household page and
its relation form, and partners. Every refusal, in Danish; query budgets that do not grow
with the number of persons, flags or interventions."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext, override

from helhed.audit.models import Action, AuditEvent
from helhed.caseplans import selectors, services
from helhed.caseplans.catalogue import InterventionKind, InterventionStatus, PartnerKind
from helhed.caseplans.models import Intervention, Partner, Referral, ReferralStatus, Rule, RuleFlag
from helhed.caseplans.rules import RULE_SOURCES
from helhed.caseplans.tests.conftest import TODAY
from helhed.caseplans.tests.factories import (
    VALID_CVRS,
    da,
    make_household,
    make_intervention,
    make_partner,
    plan_counts,
)
from helhed.citizens import services as registry
from helhed.citizens.models import (
    ArrivalSource,
    CaseAssignment,
    Household,
    HouseholdRelation,
    Person,
)
from helhed.citizens.tests.factories import register
from helhed.organisations.models import Department, User
from helhed.organisations.tests.sessions import login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

WORKLIST = reverse("caseplans:worklist")


def body(response: Any) -> str:
    return response.content.decode()


def da_plain(message: str) -> str:
    with override("da"):
        return gettext(message)


def plan_url(person: Person) -> str:
    return reverse("caseplans:person_plan", kwargs={"person_id": person.id})


def field_error(response: Any, name: str) -> list[str]:
    """The field's errors on the page's form, after checking the page marks the field."""
    assert f'id="id_{name}_error"' in body(response)
    return list(response.context["form"].errors[name])


@pytest.fixture
def amal(caseworker: User) -> Person:
    return register(caseworker, first_name="Amal", last_name="Haddad")


@pytest.fixture
def hidden(other_department_caseworker: User) -> Person:
    return register(other_department_caseworker, first_name="Amal", last_name="Skjult")


@pytest.fixture
def company(caseworker: User) -> Partner:
    return make_partner(caseworker, name="Novo Nordisk A/S")


@pytest.fixture
def logged_in(client: Client, caseworker: User) -> Client:
    login_verified(client, caseworker)
    return client


# --- worklist -------------------------------------------------------------------------------


def test_the_worklist_lists_the_users_citizens_with_open_flags_earliest_deadline_first(
    logged_in: Client, caseworker: User, hidden: Person
) -> None:
    # given three of the caseworker's persons, arrived on different days, and one without
    # flags (moved from another municipality)
    late = register(caseworker, last_name="Sen", arrived_on=date(2024, 4, 1))
    early = register(caseworker, last_name="Tidlig", arrived_on=date(2024, 2, 1))
    middle = register(caseworker, last_name="Midt", arrived_on=date(2024, 3, 1))
    quiet = register(
        caseworker, last_name="Stille", source=ArrivalSource.MOVED, from_kommunekode="751"
    )

    response = logged_in.get(WORKLIST)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.person for row in rows] == [early, middle, late]
    assert [row.next_due for row in rows] == [date(2024, 3, 2), date(2024, 3, 31), date(2024, 5, 1)]
    text = body(response)
    assert plan_url(early) in text
    assert plan_url(quiet) not in text
    assert plan_url(hidden) not in text
    assert da("Due today") in text
    # each row names its flags' rules in the page's language
    assert da("No company-based intervention one month after takeover") in text
    assert da("No referral to Danish education within one month") in text


def test_the_worklist_shows_own_cases_unless_the_departments_are_asked_for(
    logged_in: Client, amal: Person, colleague: User
) -> None:
    # given a person of the same department whose caseworker is the colleague
    theirs = register(colleague, last_name="Kollegas")

    mine = logged_in.get(WORKLIST)
    departments = logged_in.get(WORKLIST, {"vis": "afdeling"})

    assert [r.person for r in mine.context["rows"]] == [amal]
    assert {r.person for r in departments.context["rows"]} == {amal, theirs}
    assert mine.context["mine_only"] is True
    assert departments.context["mine_only"] is False


def test_the_worklist_pages_by_50_with_next_and_first_page_links(
    logged_in: Client, caseworker: User, colleague: User
) -> None:
    # given 52 own persons and a colleague's, ten of them sharing each deadline
    mine = [
        register(caseworker, arrived_on=date(2024, 3, 1) + timedelta(days=i // 10))
        for i in range(52)
    ]
    register(colleague, arrived_on=date(2024, 3, 1))

    first = logged_in.get(WORKLIST)

    rows = first.context["rows"]
    assert len(rows) == 50
    last = rows[-1].person
    text = body(first)
    assert f'href="?efter={last.id}"' in text
    assert da_plain("Next %(page_size)s") % {"page_size": 50} in text
    assert da_plain("First page") not in text
    assert (
        da_plain(
            "Only the first %(page_size)s citizens are shown, those with the earliest deadlines."
        )
        % {"page_size": 50}
        not in text
    )

    second = logged_in.get(WORKLIST, {"efter": str(last.id)})

    # the last deadline's two persons, in person id order
    assert [r.person for r in second.context["rows"]] == sorted(mine[50:], key=lambda p: str(p.pk))
    assert second.context["more"] is False
    text = body(second)
    assert da_plain("First page") in text
    assert 'href="?"' in text
    assert 'href="?efter=' not in text


def test_the_departments_worklist_keeps_its_view_in_the_paging_links(
    logged_in: Client, caseworker: User, colleague: User
) -> None:
    for _ in range(26):
        register(caseworker)
        register(colleague)

    first = logged_in.get(WORKLIST, {"vis": "afdeling"})
    last = first.context["rows"][-1].person
    assert f'href="?vis=afdeling&amp;efter={last.id}"' in body(first)

    second = logged_in.get(WORKLIST, {"vis": "afdeling", "efter": str(last.id)})

    assert len(second.context["rows"]) == 2
    assert 'href="?vis=afdeling"' in body(second)


def test_a_malformed_or_hidden_worklist_cursor_gives_the_first_page(
    logged_in: Client, amal: Person, hidden: Person
) -> None:
    for cursor in ("ikke-et-id", str(hidden.id)):
        response = logged_in.get(WORKLIST, {"efter": cursor})
        assert response.status_code == 200
        assert [r.person for r in response.context["rows"]] == [amal]
        assert plan_url(hidden) not in body(response)


def test_the_worklist_writes_one_search_event(
    logged_in: Client, caseworker: User, amal: Person
) -> None:
    before = AuditEvent.objects.count()

    logged_in.get(WORKLIST)

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.exclude(action=Action.CREATE).get(action=Action.SEARCH)
    assert (event.user, event.person_id) == (caseworker, None)


def test_the_worklist_lists_incoming_referrals(
    client: Client,
    caseworker: User,
    other_department_caseworker: User,
    amal: Person,
    jobcenter: Department,
    forvaltningen: Department,
) -> None:
    referral = services.referral_create(
        actor=caseworker,
        person=amal,
        from_department=jobcenter,
        to_department=forvaltningen,
        reason="Bolig",
    )
    login_verified(client, other_department_caseworker)

    response = client.get(WORKLIST)

    assert response.context["referrals"] == [referral]
    assert reverse("caseplans:referral_detail", kwargs={"referral_id": referral.id}) in body(
        response
    )
    assert "Haddad" in body(response)


@pytest.mark.parametrize(
    "persona",
    ["policy_officer", "manager", "politician", "administrator", "jobcenter_policy_officer"],
)
def test_the_worklist_is_for_caseworkers_only(
    client: Client, request: pytest.FixtureRequest, persona: str
) -> None:
    login_verified(client, request.getfixturevalue(persona))

    assert client.get(WORKLIST).status_code == 403


def test_the_worklist_asks_an_anonymous_visitor_to_log_in(client: Client, db: None) -> None:
    response = client.get(WORKLIST)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- person plan -----------------------------------------------------------------------------


def test_the_plan_shows_open_flags_with_their_sources_and_the_history(
    logged_in: Client, caseworker: User, amal: Person, company: Partner
) -> None:
    make_intervention(
        caseworker, person=amal, kind=InterventionKind.COMPANY_INTERNSHIP, partner=company
    )

    response = logged_in.get(plan_url(amal))

    assert response.status_code == 200
    assert [f.rule for f in response.context["open_flags"]] == [Rule.DANISH_REFERRAL]
    assert [f.rule for f in response.context["resolved_flags"]] == [Rule.COMPANY_OFFER]
    text = body(response)
    with override("da"):
        source = str(RULE_SOURCES[Rule.DANISH_REFERRAL])
    assert source.split(":")[0] in text
    assert da("A company-based intervention started") in text
    assert "Novo Nordisk A/S" in text


def test_the_plan_audits_one_read_of_the_person(
    logged_in: Client, caseworker: User, amal: Person
) -> None:
    before = AuditEvent.objects.count()

    logged_in.get(plan_url(amal))

    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.filter(person_id=amal.id, action=Action.READ).count() == 1


def test_another_departments_plan_page_hides_notes_partners_and_confidential_kinds(
    client: Client,
    caseworker: User,
    other_department_caseworker: User,
    amal: Person,
    company: Partner,
    forvaltningen: Department,
) -> None:
    CaseAssignment.objects.create(person=amal, department=forvaltningen, started_on=TODAY)
    make_intervention(
        caseworker,
        person=amal,
        kind=InterventionKind.COMPANY_INTERNSHIP,
        partner=company,
        note="Notat-fra-jobcentret",
    )
    make_intervention(caseworker, person=amal, kind=InterventionKind.HEALTH_ASSESSMENT)
    login_verified(client, other_department_caseworker)

    text = body(client.get(plan_url(amal)))

    assert da("Company internship (virksomhedspraktik)") in text
    assert da("Confidential intervention") in text
    assert da("Health assessment") not in text
    assert "Notat-fra-jobcentret" not in text
    assert "Novo Nordisk" not in text


@pytest.mark.parametrize("persona", ["caseworker", "other_caseworker", "school_caseworker"])
def test_the_plan_of_a_person_outside_the_caseload_is_404(
    client: Client, request: pytest.FixtureRequest, persona: str, hidden: Person
) -> None:
    login_verified(client, request.getfixturevalue(persona))

    assert client.get(plan_url(hidden)).status_code == 404


def test_the_plan_lists_only_referrals_the_users_departments_sent_or_received(
    logged_in: Client,
    two_department_caseworker: User,
    amal: Person,
    forvaltningen: Department,
    school: Department,
) -> None:
    # given Forvaltningen referred amal (also in the Jobcenter's caseload) to the school
    CaseAssignment.objects.create(person=amal, department=forvaltningen, started_on=TODAY)
    other = services.referral_create(
        actor=two_department_caseworker,
        person=amal,
        from_department=forvaltningen,
        to_department=school,
        reason="Skole",
    )

    response = logged_in.get(plan_url(amal))

    assert other not in response.context["referrals"]
    assert reverse("caseplans:referral_detail", kwargs={"referral_id": other.id}) not in body(
        response
    )


# --- interventions ------------------------------------------------------------------------------


def intervention_data(department: Department, **fields: object) -> dict[str, object]:
    return {
        "kind": InterventionKind.JOB_SEARCH,
        "owner_department": department.pk,
        "focus_area": "",
        "partner": "",
        "sector": "",
        "starts_on": "2024-04-01",
        "ends_on": "",
        "note": "",
        **fields,
    }


def test_creating_an_intervention_redirects_to_it(
    logged_in: Client, amal: Person, jobcenter: Department, company: Partner
) -> None:
    response = logged_in.post(
        reverse("caseplans:intervention_create", kwargs={"person_id": amal.id}),
        intervention_data(
            jobcenter,
            kind=InterventionKind.INDUSTRY_PACKAGE,
            partner=company.pk,
            sector="Rengøring",
        ),
    )

    intervention = Intervention.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "caseplans:intervention_detail", kwargs={"intervention_id": intervention.id}
    )
    assert (intervention.person, intervention.sector, intervention.status) == (
        amal,
        "Rengøring",
        InterventionStatus.ACTIVE,
    )


def test_a_bad_intervention_is_400_on_its_field_in_danish_and_writes_nothing(
    logged_in: Client, amal: Person, jobcenter: Department, company: Partner
) -> None:
    before = plan_counts()

    response = logged_in.post(
        reverse("caseplans:intervention_create", kwargs={"person_id": amal.id}),
        intervention_data(jobcenter, kind=InterventionKind.INDUSTRY_PACKAGE, partner=company.pk),
    )

    assert response.status_code == 400
    assert field_error(response, "sector") == [
        da_plain("Choose the sector of the industry package.")
    ]
    assert "Vælg branchepakkens branche." in body(response)
    after = plan_counts()
    assert after["audit events"] == before["audit events"] + 1  # the read of the form page
    assert {k: v for k, v in after.items() if k != "audit events"} == {
        k: v for k, v in before.items() if k != "audit events"
    }


def test_the_intervention_form_of_a_person_outside_the_caseload_is_404(
    logged_in: Client, hidden: Person, jobcenter: Department
) -> None:
    url = reverse("caseplans:intervention_create", kwargs={"person_id": hidden.id})

    assert logged_in.get(url).status_code == 404
    assert logged_in.post(url, intervention_data(jobcenter)).status_code == 404
    assert not Intervention.objects.exists()


def test_the_intervention_form_offers_only_the_users_departments(
    logged_in: Client, amal: Person
) -> None:
    response = logged_in.get(
        reverse("caseplans:intervention_create", kwargs={"person_id": amal.id})
    )

    assert response.status_code == 200
    names = [d.name for d in response.context["form"].fields["owner_department"].queryset]
    assert names == ["Jobcenter"]


def test_a_planned_intervention_is_started_on_its_page(
    logged_in: Client, caseworker: User, amal: Person
) -> None:
    planned = make_intervention(caseworker, person=amal, starts_on=TODAY + timedelta(days=5))
    detail = reverse("caseplans:intervention_detail", kwargs={"intervention_id": planned.id})
    assert reverse("caseplans:intervention_start", kwargs={"intervention_id": planned.id}) in body(
        logged_in.get(detail)
    )

    response = logged_in.post(
        reverse("caseplans:intervention_start", kwargs={"intervention_id": planned.id})
    )

    assert (response.status_code, response["Location"]) == (302, detail)
    planned.refresh_from_db()
    assert (planned.status, planned.starts_on) == (InterventionStatus.ACTIVE, TODAY)


def test_starting_a_completed_intervention_says_why_and_changes_nothing(
    logged_in: Client, caseworker: User, amal: Person
) -> None:
    active = make_intervention(caseworker, person=amal)
    services.intervention_complete(
        actor=caseworker, intervention=active, outcome="completed", ends_on=TODAY
    )

    response = logged_in.post(
        reverse("caseplans:intervention_start", kwargs={"intervention_id": active.id}),
        follow=True,
    )

    active.refresh_from_db()
    assert active.status == InterventionStatus.COMPLETED
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_start_is_post_only(logged_in: Client, caseworker: User, amal: Person) -> None:
    planned = make_intervention(caseworker, person=amal, starts_on=TODAY + timedelta(days=5))

    response = logged_in.get(
        reverse("caseplans:intervention_start", kwargs={"intervention_id": planned.id})
    )

    assert response.status_code == 405


def test_an_intervention_is_completed_on_its_form(
    logged_in: Client, caseworker: User, amal: Person
) -> None:
    active = make_intervention(caseworker, person=amal)
    url = reverse("caseplans:intervention_complete", kwargs={"intervention_id": active.id})
    assert logged_in.get(url).status_code == 200

    response = logged_in.post(url, {"outcome": "education", "ends_on": "2024-04-30"})

    assert response.status_code == 302
    active.refresh_from_db()
    assert (active.status, active.outcome, active.ends_on) == (
        InterventionStatus.COMPLETED,
        "education",
        date(2024, 4, 30),
    )


def test_completing_in_the_future_is_400_on_ends_on(
    logged_in: Client, caseworker: User, amal: Person
) -> None:
    active = make_intervention(caseworker, person=amal)

    response = logged_in.post(
        reverse("caseplans:intervention_complete", kwargs={"intervention_id": active.id}),
        {"outcome": "education", "ends_on": "2024-05-02"},
    )

    assert response.status_code == 400
    assert field_error(response, "ends_on") == [
        da_plain("An intervention is completed on today's date or earlier.")
    ]
    active.refresh_from_db()
    assert active.status == InterventionStatus.ACTIVE


def test_an_intervention_is_cancelled_with_a_reason(
    logged_in: Client, caseworker: User, amal: Person
) -> None:
    active = make_intervention(caseworker, person=amal)
    url = reverse("caseplans:intervention_cancel", kwargs={"intervention_id": active.id})

    missing = logged_in.post(url, {"closing_note": ""})
    assert missing.status_code == 400
    assert field_error(missing, "closing_note")
    active.refresh_from_db()
    assert active.status == InterventionStatus.ACTIVE

    response = logged_in.post(url, {"closing_note": "Flyttet"})

    assert response.status_code == 302
    active.refresh_from_db()
    assert (active.status, active.closing_note) == (InterventionStatus.CANCELLED, "Flyttet")


def test_another_department_gets_404_on_every_intervention_page(
    client: Client,
    caseworker: User,
    other_department_caseworker: User,
    amal: Person,
    forvaltningen: Department,
) -> None:
    CaseAssignment.objects.create(person=amal, department=forvaltningen, started_on=TODAY)
    active = make_intervention(caseworker, person=amal)
    login_verified(client, other_department_caseworker)
    kwargs = {"intervention_id": active.id}

    assert client.get(reverse("caseplans:intervention_detail", kwargs=kwargs)).status_code == 404
    assert client.post(reverse("caseplans:intervention_start", kwargs=kwargs)).status_code == 404
    assert (
        client.post(
            reverse("caseplans:intervention_cancel", kwargs=kwargs), {"closing_note": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("caseplans:intervention_complete", kwargs=kwargs),
            {"outcome": "education", "ends_on": "2024-04-30"},
        ).status_code
        == 404
    )
    active.refresh_from_db()
    assert active.status == InterventionStatus.ACTIVE


# --- referrals -----------------------------------------------------------------------------------


def test_a_referral_is_sent_from_the_plan(
    logged_in: Client, amal: Person, jobcenter: Department, forvaltningen: Department
) -> None:
    response = logged_in.post(
        reverse("caseplans:referral_create", kwargs={"person_id": amal.id}),
        {"from_department": jobcenter.pk, "to_department": forvaltningen.pk, "reason": "Bolig"},
    )

    assert (response.status_code, response["Location"]) == (302, plan_url(amal))
    referral = Referral.objects.get()
    assert (referral.to_department, referral.status) == (forvaltningen, ReferralStatus.PENDING)


def test_a_referral_to_the_own_department_is_400_on_to_department(
    logged_in: Client, amal: Person, jobcenter: Department
) -> None:
    response = logged_in.post(
        reverse("caseplans:referral_create", kwargs={"person_id": amal.id}),
        {"from_department": jobcenter.pk, "to_department": jobcenter.pk, "reason": "Bolig"},
    )

    assert response.status_code == 400
    assert field_error(response, "to_department") == [
        da_plain("A department cannot refer a person to itself.")
    ]
    assert not Referral.objects.exists()


@pytest.fixture
def referral(
    caseworker: User, amal: Person, jobcenter: Department, forvaltningen: Department
) -> Referral:
    return services.referral_create(
        actor=caseworker,
        person=amal,
        from_department=jobcenter,
        to_department=forvaltningen,
        reason="Brug for bolig",
    )


def referral_url(referral: Referral) -> str:
    return reverse("caseplans:referral_detail", kwargs={"referral_id": referral.id})


def test_the_receiver_sees_accept_and_decline_the_sender_does_not(
    client: Client, caseworker: User, other_department_caseworker: User, referral: Referral
) -> None:
    login_verified(client, other_department_caseworker)
    receiver = client.get(referral_url(referral))
    login_verified(client, caseworker)
    sender = client.get(referral_url(referral))

    assert receiver.status_code == sender.status_code == 200
    assert 'value="accept"' in body(receiver)
    assert 'value="decline"' in body(receiver)
    assert "Brug for bolig" in body(receiver)
    assert 'value="accept"' not in body(sender)


def test_the_referral_page_is_404_to_other_departments(
    client: Client, school_caseworker: User, referral: Referral
) -> None:
    login_verified(client, school_caseworker)

    assert client.get(referral_url(referral)).status_code == 404


def test_declining_without_a_note_is_400_on_the_note(
    client: Client, other_department_caseworker: User, referral: Referral
) -> None:
    login_verified(client, other_department_caseworker)

    response = client.post(referral_url(referral), {"decision": "decline", "decision_note": ""})

    assert response.status_code == 400
    assert field_error(response, "decision_note") == [da_plain("Give the reason for declining.")]
    assert "Angiv begrundelsen for afvisningen." in body(response)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING


def test_declining_with_a_note_returns_to_the_worklist(
    client: Client, other_department_caseworker: User, referral: Referral
) -> None:
    login_verified(client, other_department_caseworker)

    response = client.post(referral_url(referral), {"decision": "decline", "decision_note": "Nej"})

    assert (response.status_code, response["Location"]) == (302, WORKLIST)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED


def test_accepting_opens_the_persons_plan_to_the_receiver(
    client: Client, other_department_caseworker: User, referral: Referral, amal: Person
) -> None:
    login_verified(client, other_department_caseworker)
    assert client.get(plan_url(amal)).status_code == 404

    response = client.post(referral_url(referral), {"decision": "accept", "decision_note": ""})

    assert (response.status_code, response["Location"]) == (302, plan_url(amal))
    assert client.get(plan_url(amal)).status_code == 200


def test_a_decision_without_a_button_is_400(
    client: Client, other_department_caseworker: User, referral: Referral
) -> None:
    login_verified(client, other_department_caseworker)

    response = client.post(referral_url(referral), {"decision": "maybe", "decision_note": ""})

    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING


def test_the_sender_cannot_accept_its_own_referral(logged_in: Client, referral: Referral) -> None:
    response = logged_in.post(referral_url(referral), {"decision": "accept"})

    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING


# --- households ---------------------------------------------------------------------------------


@pytest.fixture
def family(
    caseworker: User, other_department_caseworker: User
) -> tuple[Household, Person, Person, Person]:
    household = make_household(caseworker.municipality, "Familien Saleh")
    mother = register(caseworker, household=household, cpr="150385-1031", first_name="Rania")
    son = register(caseworker, household=household, cpr="020612-4031", first_name="Omar")
    aunt = register(other_department_caseworker, household=household, first_name="Huda")
    return household, mother, son, aunt


def household_url(household: Household, name: str = "household_detail") -> str:
    return reverse(f"caseplans:{name}", kwargs={"household_id": household.id})


def test_the_household_page_shows_every_member_and_links_the_visible_ones(
    logged_in: Client, family: tuple[Household, Person, Person, Person]
) -> None:
    household, mother, son, aunt = family

    response = logged_in.get(household_url(household))

    assert response.status_code == 200
    text = body(response)
    assert "Huda" in text
    assert plan_url(mother) in text
    assert plan_url(son) in text
    assert plan_url(aunt) not in text
    assert da("not in your caseload") in text


def test_the_household_page_is_404_without_a_visible_member(
    client: Client, school_caseworker: User, family: tuple[Household, Person, Person, Person]
) -> None:
    login_verified(client, school_caseworker)

    assert client.get(household_url(family[0])).status_code == 404


def test_a_relation_is_added_on_the_household_form(
    logged_in: Client, family: tuple[Household, Person, Person, Person]
) -> None:
    household, mother, son, _aunt = family

    response = logged_in.post(
        household_url(household, "household_relation_create"),
        {"person": mother.pk, "kind": "parent", "relative": son.pk},
    )

    assert (response.status_code, response["Location"]) == (302, household_url(household))
    assert HouseholdRelation.objects.filter(person=mother, relative=son, kind="parent").exists()


def test_a_child_older_than_its_parent_is_refused_on_the_relative_field(
    logged_in: Client, family: tuple[Household, Person, Person, Person]
) -> None:
    household, mother, son, _aunt = family

    response = logged_in.post(
        household_url(household, "household_relation_create"),
        {"person": son.pk, "kind": "parent", "relative": mother.pk},
    )

    assert response.status_code == 400
    assert field_error(response, "relative") == [
        da_plain("A child cannot be older than its parent.")
    ]
    assert "Et barn kan ikke være ældre end sin forælder." in body(response)
    assert not HouseholdRelation.objects.exists()


def test_the_relation_form_does_not_offer_members_outside_the_caseload(
    logged_in: Client, family: tuple[Household, Person, Person, Person]
) -> None:
    household, mother, _son, aunt = family

    response = logged_in.post(
        household_url(household, "household_relation_create"),
        {"person": mother.pk, "kind": "spouse", "relative": aunt.pk},
    )

    assert response.status_code == 400
    assert field_error(response, "relative")
    assert not HouseholdRelation.objects.exists()


def test_a_household_intervention_is_created_from_the_household_page(
    logged_in: Client, family: tuple[Household, Person, Person, Person], jobcenter: Department
) -> None:
    household = family[0]
    url = household_url(household, "household_intervention_create")
    kinds = [value for value, _ in logged_in.get(url).context["form"].fields["kind"].choices]
    assert InterventionKind.SCHOOL not in kinds
    assert InterventionKind.PARENT_MEETINGS in kinds

    response = logged_in.post(
        url, intervention_data(jobcenter, kind=InterventionKind.PARENT_MEETINGS)
    )

    assert response.status_code == 302
    assert Intervention.objects.get().household == household


# --- partners -------------------------------------------------------------------------------------


def test_the_partner_list_shows_the_municipalitys_partners_only(
    logged_in: Client, caseworker: User, other_caseworker: User
) -> None:
    make_partner(caseworker, kind=PartnerKind.VOLUNTEER, name="Birte Frivillig")
    make_partner(other_caseworker, kind=PartnerKind.VOLUNTEER, name="Bent Fremmed")

    text = body(logged_in.get(reverse("caseplans:partner_list")))

    assert "Birte Frivillig" in text
    assert "Bent Fremmed" not in text


def test_a_company_is_registered_on_the_partner_form(logged_in: Client) -> None:
    response = logged_in.post(
        reverse("caseplans:partner_create"),
        {"kind": "company", "name": "Novo Nordisk A/S", "cvr": VALID_CVRS[0], "contact": ""},
    )

    assert (response.status_code, response["Location"]) == (302, reverse("caseplans:partner_list"))
    assert Partner.objects.get().cvr == VALID_CVRS[0]


def test_an_invalid_cvr_is_refused_on_the_cvr_field(logged_in: Client) -> None:
    response = logged_in.post(
        reverse("caseplans:partner_create"),
        {"kind": "company", "name": "Firma", "cvr": "24256791", "contact": ""},
    )

    assert response.status_code == 400
    message = "A CVR number is eight digits that pass the modulus-11 check."
    assert field_error(response, "cvr") == [da_plain(message)]
    assert "Et CVR-nummer er otte cifre, der består modulus 11-kontrollen." in body(response)
    assert not Partner.objects.exists()


@pytest.mark.parametrize("persona", ["policy_officer", "manager", "other_policy_officer"])
def test_the_partner_pages_are_for_caseworkers(
    client: Client, request: pytest.FixtureRequest, persona: str
) -> None:
    login_verified(client, request.getfixturevalue(persona))

    assert client.get(reverse("caseplans:partner_list")).status_code == 403
    assert (
        client.post(reverse("caseplans:partner_create"), {"kind": "volunteer", "name": "X"})
    ).status_code == 403
    assert not Partner.objects.exists()


# --- query budgets -------------------------------------------------------------------------------


def queries_of(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _persons_with_flags(actor: User, n: int) -> list[Person]:
    return [register(actor, arrived_on=date(2024, 3, 1) + timedelta(days=i)) for i in range(n)]


@pytest.mark.parametrize("url", [WORKLIST, WORKLIST + "?vis=afdeling"])
def test_the_worklist_does_not_grow_in_queries_with_the_number_of_persons(
    client: Client,
    caseworker: User,
    other_department_caseworker: User,
    jobcenter: Department,
    forvaltningen: Department,
    url: str,
) -> None:
    login_verified(client, caseworker)
    _persons_with_flags(caseworker, 2)
    few = queries_of(client, url)

    more = _persons_with_flags(caseworker, 8)
    for person in more[:4]:
        services.referral_create(
            actor=caseworker,
            person=person,
            from_department=jobcenter,
            to_department=forvaltningen,
            reason="Bolig",
        )
    many = queries_of(client, url)

    assert RuleFlag.objects.filter(resolved_at__isnull=True).count() == 20
    assert many == few


def test_a_later_worklist_page_does_not_grow_in_queries_with_the_number_of_persons(
    client: Client, caseworker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "WORKLIST_PAGE", 2)
    login_verified(client, caseworker)
    cursor = _persons_with_flags(caseworker, 1)[0]
    _persons_with_flags(caseworker, 3)
    few = queries_of(client, f"{WORKLIST}?efter={cursor.id}")

    _persons_with_flags(caseworker, 10)
    many = queries_of(client, f"{WORKLIST}?efter={cursor.id}")

    assert many == few


def test_the_worklist_with_incoming_referrals_does_not_grow_in_queries(
    client: Client,
    caseworker: User,
    other_department_caseworker: User,
    jobcenter: Department,
    forvaltningen: Department,
) -> None:
    def refer(n: int) -> None:
        for person in _persons_with_flags(caseworker, n):
            services.referral_create(
                actor=caseworker,
                person=person,
                from_department=jobcenter,
                to_department=forvaltningen,
                reason="Bolig",
            )

    login_verified(client, other_department_caseworker)
    refer(2)
    few = queries_of(client, WORKLIST)
    refer(8)
    many = queries_of(client, WORKLIST)

    assert many == few


def _fill_plan(
    actor: User,
    other: User,
    person: Person,
    company: Partner,
    n: int,
    forvaltningen: Department,
    jobcenter: Department,
) -> None:
    """n interventions of each department (one confidential), n Danish courses, n household
    interventions, n household members and n referrals more."""
    for i in range(n):
        make_intervention(
            actor,
            person=person,
            kind=InterventionKind.COMPANY_INTERNSHIP,
            partner=company,
            starts_on=date(2024, 3, 2) + timedelta(days=i),
            note=f"Note {i}",
        )
        make_intervention(other, person=person, kind=InterventionKind.HEALTH_ASSESSMENT)
        registry.danish_education_add(
            actor=actor,
            person=person,
            track="du2",
            module=1,
            referred_on=date(2024, 3, 2) + timedelta(days=i),
        )
        assert person.household is not None
        register(actor, household=person.household)
        make_intervention(actor, household=person.household, kind=InterventionKind.PARENT_MEETINGS)
        referral = services.referral_create(
            actor=actor,
            person=person,
            from_department=jobcenter,
            to_department=forvaltningen,
            reason=f"Henvisning {i}",
        )
        services.referral_decline(actor=other, referral=referral, decision_note="Nej")


def test_the_plan_does_not_grow_in_queries_with_interventions_flags_or_members(
    client: Client,
    caseworker: User,
    other_department_caseworker: User,
    company: Partner,
    jobcenter: Department,
    forvaltningen: Department,
) -> None:
    household = make_household(caseworker.municipality)
    person = register(caseworker, household=household)
    CaseAssignment.objects.create(person=person, department=forvaltningen, started_on=TODAY)
    registry.programme_enrolment_add(
        actor=caseworker, person=person, kind="introduction", starts_on=date(2023, 3, 1)
    )
    login_verified(client, caseworker)
    _fill_plan(
        caseworker, other_department_caseworker, person, company, 2, forvaltningen, jobcenter
    )
    few = queries_of(client, plan_url(person))

    _fill_plan(
        caseworker, other_department_caseworker, person, company, 8, forvaltningen, jobcenter
    )
    many = queries_of(client, plan_url(person))

    assert Intervention.objects.count() == 30
    assert many == few


def household_queries(client: Client, household: Household) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(household_url(household))
    assert response.status_code == 200
    return [q["sql"] for q in captured]


def test_the_household_page_runs_a_fixed_number_of_queries_and_audits_every_member(
    client: Client, caseworker: User, other_department_caseworker: User
) -> None:
    # given members outside the caseload (audited, in one bulk insert)
    household = make_household(caseworker.municipality)
    register(caseworker, household=household)
    register(other_department_caseworker, household=household)
    login_verified(client, caseworker)
    few = household_queries(client, household)

    for _ in range(8):
        register(other_department_caseworker, household=household)
    reads = AuditEvent.objects.filter(action=Action.READ)
    before = reads.count()
    many = household_queries(client, household)

    assert len(many) == len(few)
    assert reads.count() - before == 10


def test_the_household_page_reads_relations_in_a_fixed_number_of_queries(
    client: Client, caseworker: User
) -> None:
    household = make_household(caseworker.municipality)
    for _ in range(2):
        register(caseworker, household=household)
    login_verified(client, caseworker)
    few = household_queries(client, household)

    for _ in range(8):
        register(caseworker, household=household)
    many = household_queries(client, household)

    def relation_reads(queries: list[str]) -> int:
        return sum("householdrelation" in q for q in queries)

    assert relation_reads(many) == relation_reads(few)


def test_after_accepting_the_person_is_on_the_receivers_own_worklist(
    client: Client, other_department_caseworker: User, referral: Referral, amal: Person
) -> None:
    login_verified(client, other_department_caseworker)
    assert client.get(WORKLIST).context["rows"] == []

    client.post(referral_url(referral), {"decision": "accept", "decision_note": ""})

    response = client.get(WORKLIST)
    assert [row.person for row in response.context["rows"]] == [amal]
    assert response.context["referrals"] == []


def _every_url() -> list[str]:
    import uuid

    from helhed.caseplans.urls import urlpatterns

    some = uuid.UUID(
        "17f3471a-28bb-4cf1-ab6e-744ef7315b80"
    )  # fixed: xdist workers must collect alike
    urls = []
    for pattern in urlpatterns:
        names = pattern.pattern.converters.keys()
        urls.append(reverse(f"caseplans:{pattern.name}", kwargs=dict.fromkeys(names, some)))
    return urls


@pytest.mark.parametrize("url", _every_url())
def test_every_page_asks_an_anonymous_visitor_to_log_in(client: Client, db: None, url: str) -> None:
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_partner_list_does_not_grow_in_queries_with_the_number_of_partners(
    logged_in: Client, caseworker: User, amal: Person
) -> None:
    def add(names: range) -> None:
        for i in names:
            partner = make_partner(caseworker, kind=PartnerKind.VOLUNTEER, name=f"Frivillig {i}")
            make_intervention(
                caseworker, person=amal, kind=InterventionKind.VOLUNTEER_MENTOR, partner=partner
            )

    add(range(2))
    few = queries_of(logged_in, reverse("caseplans:partner_list"))
    add(range(2, 10))
    response = logged_in.get(reverse("caseplans:partner_list"))
    many = queries_of(logged_in, reverse("caseplans:partner_list"))

    assert [p.carried for p in response.context["partners"]] == [1] * 10
    assert many == few
