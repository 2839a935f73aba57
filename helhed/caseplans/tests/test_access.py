# SPDX-License-Identifier: MPL-2.0
"""The plan's access chokepoint: which parts of an intervention each department sees,
who reaches an intervention, a household or a referral (others get 404), and that every
read of a person is audited."""

import uuid
from datetime import date

import pytest
from django.http import Http404

from helhed.audit.models import Action, AuditEvent
from helhed.caseplans import access, services
from helhed.caseplans.catalogue import InterventionKind, Outcome, PartnerKind
from helhed.caseplans.models import Intervention, Referral
from helhed.caseplans.tests.conftest import TODAY
from helhed.caseplans.tests.factories import make_household, make_intervention, make_partner
from helhed.citizens.models import CaseAssignment, Household, Person
from helhed.citizens.tests.factories import register
from helhed.organisations.models import Department, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today", "english")]

NON_CASEWORKERS = ["policy_officer", "manager", "politician", "administrator"]


@pytest.fixture
def shared(caseworker: User, forvaltningen: Department) -> Person:
    """A person in the caseload of both the Jobcenter and Forvaltningen."""
    person = register(caseworker, first_name="Amal", last_name="Delt")
    CaseAssignment.objects.create(person=person, department=forvaltningen, started_on=TODAY)
    return person


@pytest.fixture
def completed(caseworker: User, shared: Person) -> Intervention:
    """A Jobcenter internship at a company, with a note and an outcome."""
    company = make_partner(caseworker, name="Novo Nordisk A/S")
    intervention = make_intervention(
        caseworker,
        person=shared,
        kind=InterventionKind.COMPANY_INTERNSHIP,
        partner=company,
        note="Fortroligt om helbred",
    )
    return services.intervention_complete(
        actor=caseworker, intervention=intervention, outcome=Outcome.ORDINARY_JOB, ends_on=TODAY
    )


def reads_of(person: Person, user: User) -> int:
    return AuditEvent.objects.filter(person_id=person.id, user=user, action=Action.READ).count()


# --- the parts of an intervention ---------------------------------------------------------------


def test_the_owner_department_sees_note_outcome_and_partner(
    caseworker: User, shared: Person, completed: Intervention
) -> None:
    [part] = access.plan_interventions(user=caseworker, person=shared)

    assert part.own
    assert part.label == "Company internship (virksomhedspraktik)"
    assert part.note == "Fortroligt om helbred"
    assert part.outcome == "Ordinary job"
    assert part.partner == "Novo Nordisk A/S (CVR 24256790)"
    assert part.subject == "Amal Delt"


def test_another_department_sees_only_what_where_when_and_status(
    other_department_caseworker: User,
    shared: Person,
    completed: Intervention,
    jobcenter: Department,
) -> None:
    [part] = access.plan_interventions(user=other_department_caseworker, person=shared)

    assert not part.own
    assert part.label == "Company internship (virksomhedspraktik)"
    assert (part.note, part.outcome, part.partner) == ("", "", "")
    assert part.intervention.owner_department == jobcenter
    assert part.intervention.starts_on == date(2024, 4, 1)
    assert part.intervention.get_status_display() == "Completed"


def test_a_confidential_kind_shows_as_confidential_to_another_department(
    caseworker: User, other_department_caseworker: User, shared: Person
) -> None:
    make_intervention(
        caseworker, person=shared, kind=InterventionKind.HEALTH_ASSESSMENT, note="Hemmeligt"
    )

    [own] = access.plan_interventions(user=caseworker, person=shared)
    [other] = access.plan_interventions(user=other_department_caseworker, person=shared)

    assert own.label == "Health assessment"
    assert own.note == "Hemmeligt"
    assert other.label == "Confidential intervention"
    assert other.note == ""


@pytest.mark.parametrize(
    "kind", [k for k in InterventionKind.values if k != InterventionKind.HEALTH_ASSESSMENT]
)
def test_no_other_kind_is_confidential(
    caseworker: User, other_department_caseworker: User, kind: str
) -> None:
    intervention = Intervention(kind=kind, owner_department=caseworker.departments.get())

    part = access.intervention_part(other_department_caseworker, intervention, "X")

    assert part.label == str(InterventionKind(kind).label)


def test_the_plan_holds_the_persons_and_the_households_interventions_only(
    caseworker: User,
) -> None:
    household = make_household(caseworker.municipality, "Familien Saleh")
    mother = register(caseworker, household=household, first_name="Rania", last_name="Saleh")
    son = register(caseworker, household=household, cpr="020612-4021")
    stranger = register(caseworker)
    own = make_intervention(caseworker, person=mother)
    shared_one = make_intervention(
        caseworker,
        household=household,
        kind=InterventionKind.PARENT_MEETINGS,
        starts_on=date(2024, 4, 2),
    )
    make_intervention(caseworker, person=son)
    make_intervention(caseworker, person=stranger)

    parts = access.plan_interventions(user=caseworker, person=mother)

    assert [(p.intervention, p.subject) for p in parts] == [
        (own, "Rania Saleh"),
        (shared_one, "Familien Saleh"),
    ]


# --- access_intervention_by_id ------------------------------------------------------------------


def test_the_owner_department_reaches_the_intervention_and_the_read_is_audited(
    caseworker: User, colleague: User, shared: Person, completed: Intervention
) -> None:
    found = access.access_intervention_by_id(
        user=colleague, intervention_id=completed.id, purpose="Test"
    )

    assert found == completed
    assert reads_of(shared, colleague) == 1


def test_another_department_that_sees_the_person_gets_404_for_the_intervention(
    other_department_caseworker: User, shared: Person, completed: Intervention
) -> None:
    before = AuditEvent.objects.count()

    with pytest.raises(Http404):
        access.access_intervention_by_id(
            user=other_department_caseworker, intervention_id=completed.id, purpose="Test"
        )

    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("persona", ["other_caseworker", "school_caseworker", *NON_CASEWORKERS])
def test_others_get_404_for_the_intervention(
    request: pytest.FixtureRequest, persona: str, completed: Intervention
) -> None:
    with pytest.raises(Http404):
        access.access_intervention_by_id(
            user=request.getfixturevalue(persona), intervention_id=completed.id, purpose="Test"
        )


def test_an_unknown_intervention_is_404(caseworker: User) -> None:
    with pytest.raises(Http404):
        access.access_intervention_by_id(
            user=caseworker, intervention_id=uuid.uuid4(), purpose="Test"
        )


def test_the_owner_department_gets_404_once_the_person_left_its_caseload(
    caseworker: User, shared: Person, completed: Intervention, jobcenter: Department
) -> None:
    CaseAssignment.objects.filter(person=shared, department=jobcenter).update(
        ended_on=date(2024, 4, 30)
    )

    with pytest.raises(Http404):
        access.access_intervention_by_id(
            user=caseworker, intervention_id=completed.id, purpose="Test"
        )


def test_a_household_intervention_audits_a_read_of_every_member_the_user_sees(
    caseworker: User, other_department_caseworker: User
) -> None:
    household = make_household(caseworker.municipality)
    mother = register(caseworker, household=household)
    son = register(caseworker, household=household, cpr="020612-4022")
    aunt = register(other_department_caseworker, household=household)
    intervention = make_intervention(
        caseworker, household=household, kind=InterventionKind.PARENT_MEETINGS
    )

    access.access_intervention_by_id(user=caseworker, intervention_id=intervention.id, purpose="T")

    assert (
        reads_of(mother, caseworker),
        reads_of(son, caseworker),
        reads_of(aunt, caseworker),
    ) == (
        1,
        1,
        0,
    )


# --- households --------------------------------------------------------------------------------


@pytest.fixture
def family(caseworker: User, other_department_caseworker: User) -> tuple[Household, Person, Person]:
    household = make_household(caseworker.municipality)
    mother = register(caseworker, household=household, first_name="Rania")
    aunt = register(other_department_caseworker, household=household, first_name="Huda")
    return household, mother, aunt


def test_a_household_with_a_visible_member_is_reached_and_every_member_audited(
    caseworker: User, family: tuple[Household, Person, Person]
) -> None:
    household, mother, aunt = family

    found, members = access.access_household_by_id(
        user=caseworker, household_id=household.id, purpose="Test"
    )

    assert found == household
    assert {(m.person, m.visible) for m in members} == {(mother, True), (aunt, False)}
    assert (reads_of(mother, caseworker), reads_of(aunt, caseworker)) == (1, 1)


@pytest.mark.parametrize("persona", ["school_caseworker", "other_caseworker", *NON_CASEWORKERS])
def test_a_household_without_a_visible_member_is_404_and_audits_nothing(
    request: pytest.FixtureRequest, persona: str, family: tuple[Household, Person, Person]
) -> None:
    before = AuditEvent.objects.count()

    with pytest.raises(Http404):
        access.access_household_by_id(
            user=request.getfixturevalue(persona), household_id=family[0].id, purpose="Test"
        )

    assert AuditEvent.objects.count() == before


def test_an_unknown_household_is_404(caseworker: User) -> None:
    with pytest.raises(Http404):
        access.access_household_by_id(user=caseworker, household_id=uuid.uuid4(), purpose="T")


# --- referrals ---------------------------------------------------------------------------------


@pytest.fixture
def referral(caseworker: User, jobcenter: Department, forvaltningen: Department) -> Referral:
    person = register(caseworker)
    return services.referral_create(
        actor=caseworker,
        person=person,
        from_department=jobcenter,
        to_department=forvaltningen,
        reason="Bolig",
    )


@pytest.mark.parametrize("persona", ["caseworker", "other_department_caseworker"])
def test_the_sender_and_the_receiver_see_the_referral(
    request: pytest.FixtureRequest, persona: str, referral: Referral
) -> None:
    user = request.getfixturevalue(persona)

    assert list(access.referrals_visible_to(user)) == [referral]
    found = access.access_referral_by_id(user=user, referral_id=referral.id, purpose="Test")
    assert found == referral
    assert (
        AuditEvent.objects.filter(
            user=user, action=Action.READ, person_id=referral.person_id
        ).count()
        == 1
    )


@pytest.mark.parametrize("persona", ["school_caseworker", "other_caseworker", *NON_CASEWORKERS])
def test_other_departments_do_not_see_the_referral(
    request: pytest.FixtureRequest, persona: str, referral: Referral
) -> None:
    user = request.getfixturevalue(persona)

    assert not access.referrals_visible_to(user).exists()
    with pytest.raises(Http404):
        access.access_referral_by_id(user=user, referral_id=referral.id, purpose="Test")


def test_a_policy_officer_in_the_receiving_department_does_not_see_the_referral(
    jobcenter_policy_officer: User, referral: Referral
) -> None:
    # the policy officer is a member of the sending department (the Jobcenter)
    assert not access.referrals_visible_to(jobcenter_policy_officer).exists()


def test_incoming_referrals_are_the_pending_ones_to_the_users_departments(
    caseworker: User, other_department_caseworker: User, referral: Referral
) -> None:
    assert list(access.incoming_referrals(user=other_department_caseworker)) == [referral]
    assert list(access.incoming_referrals(user=caseworker)) == []

    services.referral_decline(
        actor=other_department_caseworker, referral=referral, decision_note="Nej"
    )

    assert list(access.incoming_referrals(user=other_department_caseworker)) == []


# --- partners ----------------------------------------------------------------------------------


def test_partners_are_seen_by_the_municipalitys_caseworkers_only(
    caseworker: User, school_caseworker: User, other_caseworker: User, manager: User
) -> None:
    ours = make_partner(caseworker, kind=PartnerKind.VOLUNTEER, name="Birte")
    theirs = make_partner(other_caseworker, kind=PartnerKind.VOLUNTEER, name="Bent")

    assert list(access.partners_visible_to(caseworker)) == [ours]
    assert list(access.partners_visible_to(school_caseworker)) == [ours]
    assert list(access.partners_visible_to(other_caseworker)) == [theirs]
    assert not access.partners_visible_to(manager).exists()
    assert access.access_partner_by_id(user=caseworker, partner_id=ours.id) == ours
    with pytest.raises(Http404):
        access.access_partner_by_id(user=caseworker, partner_id=theirs.id)
