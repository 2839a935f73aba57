# SPDX-License-Identifier: MPL-2.0
"""intervention_create and the transitions (start, complete, cancel): every success and
every refusal. A refusal names its field and writes nothing; a success audits one update
per person concerned and keeps their flags current."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhed.audit.models import Action, AuditEvent
from helhed.caseplans import services
from helhed.caseplans.catalogue import (
    CATALOGUE,
    INDUSTRY_SECTORS,
    InterventionKind,
    InterventionStatus,
    Outcome,
    PartnerKind,
)
from helhed.caseplans.models import Intervention, Partner
from helhed.caseplans.tests.conftest import TODAY, travel
from helhed.caseplans.tests.factories import (
    VALID_CVRS,
    make_household,
    make_intervention,
    make_partner,
    plan_counts,
)
from helhed.citizens.models import CaseAssignment, Household, Person
from helhed.citizens.tests.factories import register
from helhed.organisations.models import Department, User
from helhed.policies.models import FocusArea
from helhed.policies.tests.factories import bring_to, make_adopted_policy, make_policy, revise

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today", "english")]

NON_CASEWORKERS = [
    "policy_officer",
    "manager",
    "politician",
    "administrator",
    "jobcenter_policy_officer",
]


@pytest.fixture
def amal(caseworker: User) -> Person:
    """An adult quota refugee (born 1985) in the Jobcenter's caseload."""
    return register(caseworker, first_name="Amal")


@pytest.fixture
def child(caseworker: User) -> Person:
    """A child born 2 June 2012 in the Jobcenter's caseload."""
    return register(caseworker, cpr="020612-4001", first_name="Omar")


@pytest.fixture
def hidden(other_department_caseworker: User) -> Person:
    """In Forvaltningen's caseload, not the Jobcenter's."""
    return register(other_department_caseworker, first_name="Skjult")


@pytest.fixture
def company(caseworker: User) -> Partner:
    return make_partner(caseworker)


@pytest.fixture
def association(caseworker: User) -> Partner:
    return make_partner(caseworker, kind=PartnerKind.ASSOCIATION, name="Horsens Fritid")


@pytest.fixture
def family(
    caseworker: User, other_department_caseworker: User
) -> tuple[Household, Person, Person, Person]:
    """A household: two members in the Jobcenter's caseload, one only in Forvaltningen's."""
    household = make_household(caseworker.municipality)
    mother = register(caseworker, household=household, first_name="Rania")
    son = register(caseworker, household=household, cpr="020612-4002", first_name="Omar")
    aunt = register(other_department_caseworker, household=household, first_name="Huda")
    return household, mother, son, aunt


def refused(**arguments: object) -> dict[str, list[str]]:
    before = plan_counts()
    with pytest.raises(ValidationError) as caught:
        services.intervention_create(**arguments)  # type: ignore[arg-type]
    assert plan_counts() == before
    return caught.value.message_dict


def denied(**arguments: object) -> None:
    before = plan_counts()
    with pytest.raises(PermissionDenied):
        services.intervention_create(**arguments)  # type: ignore[arg-type]
    assert plan_counts() == before


def create(actor: User, department: Department, **arguments: Any) -> dict[str, Any]:
    """The arguments of a valid job-search intervention for `intervention_create`."""
    return {
        "actor": actor,
        "owner_department": department,
        "kind": InterventionKind.JOB_SEARCH,
        "starts_on": date(2024, 4, 1),
        **arguments,
    }


def updates_of(person: Person) -> int:
    return AuditEvent.objects.filter(person_id=person.id, action=Action.UPDATE).count()


# --- creating: successes -------------------------------------------------------------------


def test_an_intervention_starting_today_or_earlier_is_under_way(
    caseworker: User, jobcenter: Department, amal: Person
) -> None:
    # when
    intervention = services.intervention_create(
        **create(caseworker, jobcenter, person=amal, starts_on=TODAY, note="  Møde hver uge  ")
    )

    # then
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.ACTIVE
    assert intervention.person == amal
    assert intervention.household is None
    assert intervention.owner_department == jobcenter
    assert intervention.municipality_id == caseworker.municipality_id
    assert intervention.created_by == caseworker
    assert intervention.note == "Møde hver uge"
    assert intervention.outcome == ""


def test_an_intervention_starting_tomorrow_is_planned(
    caseworker: User, jobcenter: Department, amal: Person
) -> None:
    intervention = services.intervention_create(
        **create(caseworker, jobcenter, person=amal, starts_on=TODAY + timedelta(days=1))
    )

    assert intervention.status == InterventionStatus.PLANNED


@pytest.mark.parametrize(
    "kind",
    [
        InterventionKind.COMPANY_INTERNSHIP,
        InterventionKind.WAGE_SUBSIDY,
        InterventionKind.IGU,
    ],
)
def test_a_company_based_intervention_is_carried_by_a_company(
    caseworker: User, jobcenter: Department, amal: Person, company: Partner, kind: str
) -> None:
    intervention = services.intervention_create(
        **create(caseworker, jobcenter, person=amal, kind=kind, partner=company)
    )

    assert Intervention.objects.get().partner == company
    assert intervention.kind == kind


@pytest.mark.parametrize("sector", INDUSTRY_SECTORS)
def test_an_industry_package_names_one_of_the_seven_sectors(
    caseworker: User, jobcenter: Department, amal: Person, company: Partner, sector: str
) -> None:
    intervention = services.intervention_create(
        **create(
            caseworker,
            jobcenter,
            person=amal,
            kind=InterventionKind.INDUSTRY_PACKAGE,
            partner=company,
            sector=sector,
        )
    )

    assert intervention.sector == sector
    assert len(INDUSTRY_SECTORS) == 7


@pytest.mark.parametrize("kind", [InterventionKind.SCHOOL, InterventionKind.DAYCARE])
def test_a_childrens_kind_is_given_to_a_child(
    caseworker: User, jobcenter: Department, child: Person, kind: str
) -> None:
    intervention = services.intervention_create(
        **create(caseworker, jobcenter, person=child, kind=kind)
    )

    assert intervention.kind == kind


def test_a_childrens_kind_is_given_until_the_day_before_the_18th_birthday(
    caseworker: User, jobcenter: Department
) -> None:
    # given a person who turns 18 on 1 May 2024
    almost = register(caseworker, cpr="010506-4003")

    # when the school starts the day before
    intervention = services.intervention_create(
        **create(
            caseworker,
            jobcenter,
            person=almost,
            kind=InterventionKind.SCHOOL,
            starts_on=date(2024, 4, 30),
        )
    )

    assert intervention.status == InterventionStatus.ACTIVE


def test_a_household_intervention_is_for_the_household(
    caseworker: User,
    jobcenter: Department,
    association: Partner,
    family: tuple[Household, Person, Person, Person],
) -> None:
    household, _mother, _son, _aunt = family

    intervention = services.intervention_create(
        **create(
            caseworker,
            jobcenter,
            household=household,
            kind=InterventionKind.LEISURE_ASSOCIATION,
            partner=association,
        )
    )

    intervention.refresh_from_db()
    assert (intervention.person, intervention.household) == (None, household)


def test_creating_an_intervention_audits_one_update_of_the_person(
    caseworker: User, jobcenter: Department, amal: Person
) -> None:
    before = AuditEvent.objects.count()

    services.intervention_create(**create(caseworker, jobcenter, person=amal))

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(person_id=amal.id, action=Action.UPDATE)
    assert event.user == caseworker


def test_a_household_intervention_audits_one_update_per_member_the_actor_sees(
    caseworker: User, jobcenter: Department, family: tuple[Household, Person, Person, Person]
) -> None:
    household, mother, son, aunt = family
    before = AuditEvent.objects.count()

    services.intervention_create(
        **create(caseworker, jobcenter, household=household, kind=InterventionKind.PARENT_MEETINGS)
    )

    assert AuditEvent.objects.count() == before + 2
    assert (updates_of(mother), updates_of(son), updates_of(aunt)) == (1, 1, 0)


def test_a_caseworker_of_two_departments_may_own_it_in_either(
    two_department_caseworker: User, forvaltningen: Department, caseworker: User, amal: Person
) -> None:
    # given amal is in the Jobcenter's caseload only
    intervention = services.intervention_create(
        **create(two_department_caseworker, forvaltningen, person=amal)
    )

    assert intervention.owner_department == forvaltningen


def test_a_colleague_of_the_department_may_create_one(
    colleague: User, jobcenter: Department, amal: Person
) -> None:
    intervention = services.intervention_create(**create(colleague, jobcenter, person=amal))

    assert intervention.created_by == colleague


# --- creating: permission -------------------------------------------------------------------


def test_a_department_the_actor_is_not_in_is_denied(
    caseworker: User, forvaltningen: Department, amal: Person
) -> None:
    denied(**create(caseworker, forvaltningen, person=amal))


def test_a_department_of_another_municipality_is_denied(
    caseworker: User, furesoe_jobcenter: Department, amal: Person
) -> None:
    denied(**create(caseworker, furesoe_jobcenter, person=amal))


def test_a_person_outside_the_caseload_is_denied(
    caseworker: User, jobcenter: Department, hidden: Person
) -> None:
    denied(**create(caseworker, jobcenter, person=hidden))


def test_a_person_of_another_municipality_is_denied(
    caseworker: User, jobcenter: Department, other_caseworker: User
) -> None:
    stranger = register(other_caseworker)

    denied(**create(caseworker, jobcenter, person=stranger))


def test_a_person_whose_case_has_ended_is_denied(
    caseworker: User, jobcenter: Department, amal: Person
) -> None:
    CaseAssignment.objects.filter(person=amal).update(ended_on=TODAY - timedelta(days=1))

    denied(**create(caseworker, jobcenter, person=amal))


@pytest.mark.parametrize("persona", NON_CASEWORKERS)
def test_a_user_who_is_not_a_caseworker_is_denied(
    request: pytest.FixtureRequest, persona: str, jobcenter: Department, amal: Person
) -> None:
    denied(**create(request.getfixturevalue(persona), jobcenter, person=amal))


def test_a_caseworker_of_another_municipality_is_denied(
    other_caseworker: User, furesoe_jobcenter: Department, amal: Person
) -> None:
    denied(**create(other_caseworker, furesoe_jobcenter, person=amal))


def test_a_partner_of_another_municipality_is_denied(
    caseworker: User, jobcenter: Department, amal: Person, other_caseworker: User
) -> None:
    foreign = make_partner(other_caseworker, cvr=VALID_CVRS[1])

    denied(
        **create(
            caseworker,
            jobcenter,
            person=amal,
            kind=InterventionKind.COMPANY_INTERNSHIP,
            partner=foreign,
        )
    )


def test_a_household_without_a_member_in_the_caseload_is_denied(
    caseworker: User, jobcenter: Department, other_department_caseworker: User
) -> None:
    household = make_household(caseworker.municipality, "Familien Skjult")
    register(other_department_caseworker, household=household)

    denied(
        **create(caseworker, jobcenter, household=household, kind=InterventionKind.PARENT_MEETINGS)
    )


def test_an_intervention_is_for_a_person_or_a_household_not_both_nor_neither(
    caseworker: User, jobcenter: Department, family: tuple[Household, Person, Person, Person]
) -> None:
    household, mother, _son, _aunt = family
    before = plan_counts()

    with pytest.raises(ValueError, match="person or for a household"):
        services.intervention_create(
            **create(caseworker, jobcenter, person=mother, household=household)
        )
    with pytest.raises(ValueError, match="person or for a household"):
        services.intervention_create(**create(caseworker, jobcenter))

    assert plan_counts() == before


# --- creating: validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "partner_kind"),
    [
        (InterventionKind.COMPANY_INTERNSHIP, "company"),
        (InterventionKind.INDUSTRY_PACKAGE, "company"),
        (InterventionKind.LEISURE_ASSOCIATION, "association"),
        (InterventionKind.VOLUNTEER_MENTOR, "volunteer"),
        (InterventionKind.FRIENDSHIP_FAMILY, "friendship family"),
    ],
)
def test_a_kind_carried_by_a_partner_needs_one(
    caseworker: User, jobcenter: Department, amal: Person, kind: str, partner_kind: str
) -> None:
    sector = INDUSTRY_SECTORS[0] if CATALOGUE[kind].sector else ""

    errors = refused(**create(caseworker, jobcenter, person=amal, kind=kind, sector=sector))

    assert errors == {"partner": [f"Choose the {partner_kind} that carries the intervention."]}


def test_a_partner_of_the_wrong_kind_is_refused_on_partner(
    caseworker: User, jobcenter: Department, amal: Person, association: Partner
) -> None:
    errors = refused(
        **create(
            caseworker,
            jobcenter,
            person=amal,
            kind=InterventionKind.COMPANY_INTERNSHIP,
            partner=association,
        )
    )

    assert errors == {
        "partner": ["Company internship (virksomhedspraktik) is carried by a company."]
    }


def test_a_partner_on_a_kind_without_partners_is_refused_on_partner(
    caseworker: User, jobcenter: Department, amal: Person, company: Partner
) -> None:
    errors = refused(
        **create(
            caseworker, jobcenter, person=amal, kind=InterventionKind.DANISH_COURSE, partner=company
        )
    )

    assert errors == {"partner": ["Danish course has no outside partner."]}


@pytest.mark.parametrize("sector", ["", "Landbrug", "rengøring", " Rengøring"])
def test_an_industry_package_without_one_of_the_seven_sectors_is_refused_on_sector(
    caseworker: User, jobcenter: Department, amal: Person, company: Partner, sector: str
) -> None:
    errors = refused(
        **create(
            caseworker,
            jobcenter,
            person=amal,
            kind=InterventionKind.INDUSTRY_PACKAGE,
            partner=company,
            sector=sector,
        )
    )

    assert errors == {"sector": ["Choose the sector of the industry package."]}


@pytest.mark.parametrize("kind", [k for k in InterventionKind.values if not CATALOGUE[k].sector])
def test_a_sector_on_any_other_kind_is_refused_on_sector(
    caseworker: User, jobcenter: Department, child: Person, company: Partner, kind: str
) -> None:
    # given the right partner for the kind, so that only the sector is wrong (a child, so
    # that children's kinds are allowed)
    partner_kind = CATALOGUE[kind].partner
    partner = (
        company
        if partner_kind == PartnerKind.COMPANY
        else make_partner(caseworker, kind=partner_kind, name="P")
        if partner_kind
        else None
    )

    errors = refused(
        **create(
            caseworker,
            jobcenter,
            person=child,
            kind=kind,
            partner=partner,
            sector=INDUSTRY_SECTORS[0],
        )
    )

    assert errors == {"sector": ["Only an industry package has a sector."]}


@pytest.mark.parametrize(("kind", "label"), [("school", "School"), ("daycare", "Daycare")])
def test_a_childrens_kind_for_an_adult_is_refused_on_kind(
    caseworker: User, jobcenter: Department, amal: Person, kind: str, label: str
) -> None:
    errors = refused(**create(caseworker, jobcenter, person=amal, kind=kind))

    assert errors == {"kind": [f"{label} is for a child under 18."]}


def test_a_childrens_kind_starting_on_the_18th_birthday_is_refused(
    caseworker: User, jobcenter: Department
) -> None:
    almost = register(caseworker, cpr="010506-4004")

    errors = refused(
        **create(
            caseworker, jobcenter, person=almost, kind=InterventionKind.SCHOOL, starts_on=TODAY
        )
    )

    assert errors == {"kind": ["School is for a child under 18."]}


@pytest.mark.parametrize(
    "kind", [k for k in InterventionKind.values if not CATALOGUE[k].household_allowed]
)
def test_a_kind_for_one_person_is_refused_for_a_household_on_kind(
    caseworker: User,
    jobcenter: Department,
    company: Partner,
    family: tuple[Household, Person, Person, Person],
    kind: str,
) -> None:
    household = family[0]
    rules = CATALOGUE[kind]

    errors = refused(
        **create(
            caseworker,
            jobcenter,
            household=household,
            kind=kind,
            partner=company if rules.partner else None,
            sector=INDUSTRY_SECTORS[0] if rules.sector else "",
        )
    )

    assert errors == {
        "kind": [f"{InterventionKind(kind).label} is given to one person, not to a household."]
    }


def test_an_unknown_kind_is_refused_on_kind(
    caseworker: User, jobcenter: Department, amal: Person
) -> None:
    errors = refused(**create(caseworker, jobcenter, person=amal, kind="yoga"))

    assert set(errors) == {"kind"}


def test_an_intervention_before_the_birth_is_refused_on_starts_on(
    caseworker: User, jobcenter: Department, child: Person
) -> None:
    errors = refused(
        **create(
            caseworker, jobcenter, person=child, starts_on=child.birth_date - timedelta(days=1)
        )
    )

    assert errors == {"starts_on": ["The intervention cannot start before the person was born."]}


def test_a_household_intervention_before_the_youngest_members_birth_is_allowed(
    caseworker: User, jobcenter: Department, family: tuple[Household, Person, Person, Person]
) -> None:
    # given the rule reads the earliest birth date of the members concerned
    household, _mother, son, _aunt = family

    intervention = services.intervention_create(
        **create(
            caseworker,
            jobcenter,
            household=household,
            kind=InterventionKind.PARENT_MEETINGS,
            starts_on=son.birth_date - timedelta(days=1),
        )
    )

    assert intervention.starts_on < son.birth_date


def test_an_end_before_the_start_is_refused_on_ends_on(
    caseworker: User, jobcenter: Department, amal: Person
) -> None:
    errors = refused(
        **create(
            caseworker, jobcenter, person=amal, starts_on=TODAY, ends_on=TODAY - timedelta(days=1)
        )
    )

    assert errors == {"ends_on": ["The intervention cannot end before it starts."]}


def test_an_end_on_the_start_day_is_allowed(
    caseworker: User, jobcenter: Department, amal: Person
) -> None:
    intervention = services.intervention_create(
        **create(caseworker, jobcenter, person=amal, starts_on=TODAY, ends_on=TODAY)
    )

    assert intervention.ends_on == TODAY


def test_every_error_is_given_at_once(
    caseworker: User, jobcenter: Department, amal: Person
) -> None:
    errors = refused(
        **create(
            caseworker,
            jobcenter,
            person=amal,
            kind=InterventionKind.INDUSTRY_PACKAGE,
            starts_on=date(1900, 1, 1),
            ends_on=date(1899, 1, 1),
        )
    )

    assert set(errors) == {"partner", "sector", "starts_on", "ends_on"}


# --- creating: focus areas -------------------------------------------------------------------


def test_without_an_adopted_policy_no_focus_area_is_needed(
    caseworker: User, jobcenter: Department, amal: Person, policy_officer: User
) -> None:
    # given only a draft policy
    make_policy(actor=policy_officer)

    intervention = services.intervention_create(**create(caseworker, jobcenter, person=amal))

    assert intervention.focus_area is None


def test_with_an_adopted_policy_a_focus_area_is_required(
    caseworker: User, jobcenter: Department, amal: Person, policy_officer: User
) -> None:
    make_adopted_policy(actor=policy_officer)

    errors = refused(**create(caseworker, jobcenter, person=amal))

    assert errors == {
        "focus_area": ["Choose the focus area of the policy the intervention serves."]
    }


def test_a_focus_area_of_the_adopted_policy_is_accepted(
    caseworker: User, jobcenter: Department, amal: Person, policy_officer: User
) -> None:
    version = make_adopted_policy(actor=policy_officer)
    area = version.focus_areas.get()

    intervention = services.intervention_create(
        **create(caseworker, jobcenter, person=amal, focus_area=area)
    )

    assert intervention.focus_area == area


def test_a_focus_area_of_a_draft_policy_is_refused(
    caseworker: User, jobcenter: Department, amal: Person, policy_officer: User
) -> None:
    make_adopted_policy(actor=policy_officer)
    draft_area = make_policy(actor=policy_officer, title="Udkast").focus_areas.get()

    errors = refused(**create(caseworker, jobcenter, person=amal, focus_area=draft_area))

    assert errors == {"focus_area": ["Choose a focus area of the municipality's adopted policy."]}


def test_a_focus_area_without_any_adopted_policy_is_refused(
    caseworker: User, jobcenter: Department, amal: Person, policy_officer: User
) -> None:
    draft_area = make_policy(actor=policy_officer).focus_areas.get()

    errors = refused(**create(caseworker, jobcenter, person=amal, focus_area=draft_area))

    assert errors == {"focus_area": ["Choose a focus area of the municipality's adopted policy."]}


def test_a_focus_area_of_another_municipalitys_adopted_policy_is_refused(
    caseworker: User,
    jobcenter: Department,
    amal: Person,
    policy_officer: User,
    other_policy_officer: User,
) -> None:
    make_adopted_policy(actor=policy_officer)
    foreign: FocusArea = make_adopted_policy(actor=other_policy_officer).focus_areas.get()

    errors = refused(**create(caseworker, jobcenter, person=amal, focus_area=foreign))

    assert errors == {"focus_area": ["Choose a focus area of the municipality's adopted policy."]}


def test_another_municipalitys_adopted_policy_does_not_require_a_focus_area(
    caseworker: User, jobcenter: Department, amal: Person, other_policy_officer: User
) -> None:
    make_adopted_policy(actor=other_policy_officer)

    intervention = services.intervention_create(**create(caseworker, jobcenter, person=amal))

    assert intervention.focus_area is None


# --- transitions -------------------------------------------------------------------------------


@pytest.fixture
def planned(caseworker: User, amal: Person) -> Intervention:
    return make_intervention(
        caseworker, person=amal, starts_on=date(2024, 6, 1), ends_on=date(2024, 8, 1)
    )


@pytest.fixture
def active(caseworker: User, amal: Person) -> Intervention:
    return make_intervention(caseworker, person=amal, starts_on=date(2024, 4, 1))


def illegal(status: str, to: str) -> str:
    """The message refusing a transition from `status` to `to` (display names, lower case)."""
    return f"An intervention with the status {status} cannot change to {to}."


def transition_refused(service: object, **arguments: object) -> ValidationError:
    before = plan_counts()
    with pytest.raises(ValidationError) as caught:
        service(**arguments)  # type: ignore[operator]
    assert plan_counts() == before
    return caught.value


def test_starting_a_planned_intervention_moves_its_start_to_today(
    caseworker: User, planned: Intervention
) -> None:
    assert planned.status == InterventionStatus.PLANNED

    started = services.intervention_start(actor=caseworker, intervention=planned)

    started.refresh_from_db()
    assert started.status == InterventionStatus.ACTIVE
    assert started.starts_on == TODAY
    assert started.ends_on == date(2024, 8, 1)


def test_starting_a_planned_intervention_whose_start_has_passed_keeps_its_start(
    caseworker: User, planned: Intervention
) -> None:
    with travel(date(2024, 6, 10)):
        started = services.intervention_start(actor=caseworker, intervention=planned)

    assert started.starts_on == date(2024, 6, 1)


def test_planned_active_completed(caseworker: User, planned: Intervention) -> None:
    services.intervention_start(actor=caseworker, intervention=planned)
    planned.refresh_from_db()

    completed = services.intervention_complete(
        actor=caseworker,
        intervention=planned,
        outcome=Outcome.ORDINARY_JOB,
        ends_on=TODAY,
        closing_note="  Fastansat  ",
    )

    completed.refresh_from_db()
    assert completed.status == InterventionStatus.COMPLETED
    assert (completed.outcome, completed.ends_on, completed.closing_note) == (
        "ordinary_job",
        TODAY,
        "Fastansat",
    )


@pytest.mark.parametrize("outcome", Outcome.values)
def test_every_outcome_completes_an_active_intervention(
    caseworker: User, active: Intervention, outcome: str
) -> None:
    completed = services.intervention_complete(
        actor=caseworker, intervention=active, outcome=outcome, ends_on=active.starts_on
    )

    assert completed.outcome == outcome


def test_completing_with_an_unknown_outcome_is_refused_on_outcome(
    caseworker: User, active: Intervention
) -> None:
    error = transition_refused(
        services.intervention_complete,
        actor=caseworker,
        intervention=active,
        outcome="",
        ends_on=TODAY,
    )

    assert error.message_dict == {"outcome": ["Choose the outcome of the intervention."]}


def test_completing_before_the_start_is_refused_on_ends_on(
    caseworker: User, active: Intervention
) -> None:
    error = transition_refused(
        services.intervention_complete,
        actor=caseworker,
        intervention=active,
        outcome=Outcome.COMPLETED,
        ends_on=active.starts_on - timedelta(days=1),
    )

    assert error.message_dict == {"ends_on": ["The intervention cannot end before it starts."]}


def test_completing_in_the_future_is_refused_on_ends_on(
    caseworker: User, active: Intervention
) -> None:
    error = transition_refused(
        services.intervention_complete,
        actor=caseworker,
        intervention=active,
        outcome=Outcome.COMPLETED,
        ends_on=TODAY + timedelta(days=1),
    )

    assert error.message_dict == {
        "ends_on": ["An intervention is completed on today's date or earlier."]
    }


def test_a_planned_intervention_cannot_be_completed(
    caseworker: User, planned: Intervention
) -> None:
    # given a start in the past so that only the transition is wrong
    Intervention.objects.filter(pk=planned.pk).update(starts_on=date(2024, 4, 1))
    planned.refresh_from_db()

    error = transition_refused(
        services.intervention_complete,
        actor=caseworker,
        intervention=planned,
        outcome=Outcome.COMPLETED,
        ends_on=TODAY,
    )

    assert error.messages == [illegal("planned", "completed")]


def test_a_completed_intervention_cannot_be_started_again(
    caseworker: User, active: Intervention
) -> None:
    services.intervention_complete(
        actor=caseworker, intervention=active, outcome=Outcome.COMPLETED, ends_on=TODAY
    )

    error = transition_refused(services.intervention_start, actor=caseworker, intervention=active)

    assert error.messages == [illegal("completed", "under way")]
    active.refresh_from_db()
    assert active.status == InterventionStatus.COMPLETED


def test_an_active_intervention_cannot_be_started_again(
    caseworker: User, active: Intervention
) -> None:
    error = transition_refused(services.intervention_start, actor=caseworker, intervention=active)

    assert error.messages == [illegal("under way", "under way")]


@pytest.mark.parametrize("fixture", ["planned", "active"])
def test_a_planned_or_active_intervention_is_cancelled_with_a_reason(
    request: pytest.FixtureRequest, caseworker: User, fixture: str
) -> None:
    intervention = request.getfixturevalue(fixture)

    cancelled = services.intervention_cancel(
        actor=caseworker, intervention=intervention, closing_note="  Flyttet  "
    )

    cancelled.refresh_from_db()
    assert cancelled.status == InterventionStatus.CANCELLED
    assert cancelled.closing_note == "Flyttet"


@pytest.mark.parametrize("note", ["", "   "])
def test_cancelling_without_a_reason_is_refused_on_closing_note(
    caseworker: User, active: Intervention, note: str
) -> None:
    error = transition_refused(
        services.intervention_cancel, actor=caseworker, intervention=active, closing_note=note
    )

    assert error.message_dict == {"closing_note": ["Give the reason for cancelling."]}


def test_a_cancelled_intervention_can_neither_start_complete_nor_cancel(
    caseworker: User, planned: Intervention
) -> None:
    services.intervention_cancel(actor=caseworker, intervention=planned, closing_note="Nej")
    planned.refresh_from_db()

    assert transition_refused(
        services.intervention_start, actor=caseworker, intervention=planned
    ).messages == [illegal("cancelled", "under way")]
    assert transition_refused(
        services.intervention_cancel, actor=caseworker, intervention=planned, closing_note="Igen"
    ).messages == [illegal("cancelled", "cancelled")]


def test_a_completed_intervention_cannot_be_cancelled(
    caseworker: User, active: Intervention
) -> None:
    services.intervention_complete(
        actor=caseworker, intervention=active, outcome=Outcome.COMPLETED, ends_on=TODAY
    )

    error = transition_refused(
        services.intervention_cancel, actor=caseworker, intervention=active, closing_note="Fejl"
    )

    assert error.messages == [illegal("completed", "cancelled")]


def test_a_colleague_of_the_owner_department_may_move_it_on(
    colleague: User, active: Intervention
) -> None:
    services.intervention_cancel(actor=colleague, intervention=active, closing_note="Syg")

    active.refresh_from_db()
    assert active.status == InterventionStatus.CANCELLED


@pytest.mark.parametrize(
    "persona", ["other_department_caseworker", "other_caseworker", *NON_CASEWORKERS]
)
def test_only_a_caseworker_of_the_owner_department_moves_it_on(
    request: pytest.FixtureRequest, persona: str, active: Intervention
) -> None:
    actor = request.getfixturevalue(persona)
    before = plan_counts()

    with pytest.raises(PermissionDenied):
        services.intervention_cancel(actor=actor, intervention=active, closing_note="Nej")
    with pytest.raises(PermissionDenied):
        services.intervention_complete(
            actor=actor, intervention=active, outcome=Outcome.COMPLETED, ends_on=TODAY
        )

    assert plan_counts() == before
    active.refresh_from_db()
    assert active.status == InterventionStatus.ACTIVE


def test_a_person_who_left_the_caseload_cannot_have_the_intervention_moved_on(
    caseworker: User, amal: Person, planned: Intervention
) -> None:
    # given the person's case in the Jobcenter has ended
    CaseAssignment.objects.filter(person=amal).update(ended_on=TODAY - timedelta(days=1))
    before = plan_counts()

    with pytest.raises(PermissionDenied):
        services.intervention_start(actor=caseworker, intervention=planned)

    assert plan_counts() == before
    planned.refresh_from_db()
    assert planned.status == InterventionStatus.PLANNED


def test_each_transition_audits_one_update_of_the_person(
    caseworker: User, amal: Person, planned: Intervention
) -> None:
    before = updates_of(amal)

    services.intervention_start(actor=caseworker, intervention=planned)
    assert updates_of(amal) == before + 1
    planned.refresh_from_db()
    services.intervention_complete(
        actor=caseworker, intervention=planned, outcome=Outcome.COMPLETED, ends_on=TODAY
    )
    assert updates_of(amal) == before + 2


def test_a_household_transition_audits_one_update_per_member_the_actor_sees(
    caseworker: User, family: tuple[Household, Person, Person, Person]
) -> None:
    household, mother, son, aunt = family
    intervention = make_intervention(
        caseworker, household=household, kind=InterventionKind.PARENT_MEETINGS
    )
    before = (updates_of(mother), updates_of(son), updates_of(aunt))

    services.intervention_cancel(actor=caseworker, intervention=intervention, closing_note="Nej")

    assert (updates_of(mother), updates_of(son), updates_of(aunt)) == (
        before[0] + 1,
        before[1] + 1,
        before[2],
    )


@pytest.mark.parametrize("persona", ["other_department_caseworker", "other_caseworker", "manager"])
def test_an_outsider_is_denied_whatever_the_input(
    request: pytest.FixtureRequest, persona: str, active: Intervention
) -> None:
    actor = request.getfixturevalue(persona)
    before = plan_counts()

    with pytest.raises(PermissionDenied):
        services.intervention_cancel(actor=actor, intervention=active, closing_note="")
    with pytest.raises(PermissionDenied):
        services.intervention_complete(
            actor=actor, intervention=active, outcome="", ends_on=TODAY + timedelta(days=9)
        )

    assert plan_counts() == before


def test_an_archived_policy_no_longer_requires_a_focus_area(
    caseworker: User, jobcenter: Department, amal: Person, policy_officer: User
) -> None:
    bring_to(actor=policy_officer, version=make_policy(actor=policy_officer), status="archived")

    intervention = services.intervention_create(**create(caseworker, jobcenter, person=amal))

    assert intervention.focus_area is None


def test_while_a_revision_is_drafted_the_adopted_versions_focus_area_is_the_one(
    caseworker: User, jobcenter: Department, amal: Person, policy_officer: User
) -> None:
    adopted = make_adopted_policy(actor=policy_officer)
    draft = revise(actor=policy_officer, version=adopted)
    adopted_area = adopted.focus_areas.get()
    draft_area = draft.focus_areas.get()
    assert draft_area.pk != adopted_area.pk

    errors = refused(**create(caseworker, jobcenter, person=amal, focus_area=draft_area))
    intervention = services.intervention_create(
        **create(caseworker, jobcenter, person=amal, focus_area=adopted_area)
    )

    assert errors == {"focus_area": ["Choose a focus area of the municipality's adopted policy."]}
    assert intervention.focus_area == adopted_area
