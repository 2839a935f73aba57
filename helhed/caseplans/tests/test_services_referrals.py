# SPDX-License-Identifier: MPL-2.0
"""referral_create, referral_accept and referral_decline: a department refers a person it
sees to another department of the municipality; only the receiving department decides,
once; accepting puts the person in its caseload. Refusals write nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhed.audit.models import Action, AuditEvent
from helhed.caseplans import services
from helhed.caseplans.models import Referral, ReferralStatus
from helhed.caseplans.tests.conftest import TODAY
from helhed.caseplans.tests.factories import plan_counts
from helhed.citizens.access import persons_visible_to
from helhed.citizens.models import CaseAssignment, Person
from helhed.citizens.tests.factories import register
from helhed.organisations.models import Department, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today", "english")]


@pytest.fixture
def amal(caseworker: User) -> Person:
    return register(caseworker)


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


def refer(
    actor: User, person: Person, source: Department, target: Department, **extra: str
) -> Referral:
    return services.referral_create(
        actor=actor,
        person=person,
        from_department=source,
        to_department=target,
        reason=extra.get("reason", "Brug for hjælp"),
    )


def refused(**arguments: object) -> dict[str, list[str]]:
    before = plan_counts()
    with pytest.raises(ValidationError) as caught:
        services.referral_create(**arguments)  # type: ignore[arg-type]
    assert plan_counts() == before
    return caught.value.message_dict


def denied(service: object, **arguments: object) -> None:
    before = plan_counts()
    with pytest.raises(PermissionDenied):
        service(**arguments)  # type: ignore[operator]
    assert plan_counts() == before


# --- referral_create ----------------------------------------------------------------------


def test_a_referral_is_pending_with_its_reason(
    caseworker: User, amal: Person, jobcenter: Department, forvaltningen: Department
) -> None:
    referral = refer(caseworker, amal, jobcenter, forvaltningen, reason="  Brug for bolig  ")

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING
    assert (referral.person, referral.from_department, referral.to_department) == (
        amal,
        jobcenter,
        forvaltningen,
    )
    assert referral.reason == "Brug for bolig"
    assert referral.created_by == caseworker
    assert referral.decided_by is None
    assert referral.decided_at is None


def test_a_referral_audits_one_update_of_the_person(
    caseworker: User, amal: Person, jobcenter: Department, forvaltningen: Department
) -> None:
    before = AuditEvent.objects.count()

    refer(caseworker, amal, jobcenter, forvaltningen)

    assert AuditEvent.objects.count() == before + 1
    assert (
        AuditEvent.objects.filter(person_id=amal.id, action=Action.UPDATE, user=caseworker).count()
        == 1
    )


def test_a_referral_does_not_yet_give_the_receiver_the_person(
    referral: Referral, other_department_caseworker: User, amal: Person
) -> None:
    assert not persons_visible_to(other_department_caseworker).filter(pk=amal.pk).exists()


def test_a_referral_to_the_own_department_is_refused_on_to_department(
    caseworker: User, amal: Person, jobcenter: Department
) -> None:
    errors = refused(
        actor=caseworker,
        person=amal,
        from_department=jobcenter,
        to_department=jobcenter,
        reason="x",
    )

    assert errors == {"to_department": ["A department cannot refer a person to itself."]}


def test_a_referral_to_another_municipality_is_refused_on_to_department(
    caseworker: User, amal: Person, jobcenter: Department, furesoe_jobcenter: Department
) -> None:
    errors = refused(
        actor=caseworker,
        person=amal,
        from_department=jobcenter,
        to_department=furesoe_jobcenter,
        reason="x",
    )

    assert errors == {"to_department": ["Choose a department of the municipality."]}


def test_a_second_pending_referral_to_the_same_department_is_refused(
    caseworker: User,
    amal: Person,
    jobcenter: Department,
    forvaltningen: Department,
    referral: Referral,
) -> None:
    errors = refused(
        actor=caseworker,
        person=amal,
        from_department=jobcenter,
        to_department=forvaltningen,
        reason="Igen",
    )

    assert errors == {"to_department": ["The person is already referred to Forvaltningen."]}


def test_after_a_decline_the_person_may_be_referred_again(
    caseworker: User,
    amal: Person,
    jobcenter: Department,
    forvaltningen: Department,
    referral: Referral,
    other_department_caseworker: User,
) -> None:
    services.referral_decline(
        actor=other_department_caseworker, referral=referral, decision_note="Ikke nu"
    )

    again = refer(caseworker, amal, jobcenter, forvaltningen)

    assert again.status == ReferralStatus.PENDING
    assert Referral.objects.count() == 2


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_referral_without_a_reason_is_refused_on_reason(
    caseworker: User, amal: Person, jobcenter: Department, forvaltningen: Department, reason: str
) -> None:
    errors = refused(
        actor=caseworker,
        person=amal,
        from_department=jobcenter,
        to_department=forvaltningen,
        reason=reason,
    )

    assert set(errors) == {"reason"}


def test_a_referral_from_a_department_the_actor_is_not_in_is_denied(
    caseworker: User, amal: Person, forvaltningen: Department, school: Department
) -> None:
    denied(
        services.referral_create,
        actor=caseworker,
        person=amal,
        from_department=forvaltningen,
        to_department=school,
        reason="x",
    )


def test_a_referral_of_a_person_outside_the_caseload_is_denied(
    caseworker: User,
    other_department_caseworker: User,
    jobcenter: Department,
    school: Department,
) -> None:
    hidden = register(other_department_caseworker)

    denied(
        services.referral_create,
        actor=caseworker,
        person=hidden,
        from_department=jobcenter,
        to_department=school,
        reason="x",
    )


@pytest.mark.parametrize(
    "persona",
    ["policy_officer", "manager", "politician", "administrator", "jobcenter_policy_officer"],
)
def test_a_referral_by_someone_who_is_not_a_caseworker_is_denied(
    request: pytest.FixtureRequest,
    persona: str,
    amal: Person,
    jobcenter: Department,
    forvaltningen: Department,
) -> None:
    denied(
        services.referral_create,
        actor=request.getfixturevalue(persona),
        person=amal,
        from_department=jobcenter,
        to_department=forvaltningen,
        reason="x",
    )


def test_a_referral_by_a_caseworker_of_another_municipality_is_denied(
    other_caseworker: User, amal: Person, furesoe_jobcenter: Department, jobcenter: Department
) -> None:
    denied(
        services.referral_create,
        actor=other_caseworker,
        person=amal,
        from_department=furesoe_jobcenter,
        to_department=jobcenter,
        reason="x",
    )


# --- accepting and declining ------------------------------------------------------------------


def test_accepting_puts_the_person_in_the_receiving_departments_caseload(
    referral: Referral, other_department_caseworker: User, amal: Person, forvaltningen: Department
) -> None:
    # given the receiver does not see the person yet
    assert not persons_visible_to(other_department_caseworker).filter(pk=amal.pk).exists()

    # when
    accepted = services.referral_accept(
        actor=other_department_caseworker, referral=referral, decision_note="  Velkommen "
    )

    # then
    accepted.refresh_from_db()
    assert accepted.status == ReferralStatus.ACCEPTED
    assert accepted.decided_by == other_department_caseworker
    assert accepted.decided_at is not None
    assert accepted.decision_note == "Velkommen"
    assert persons_visible_to(other_department_caseworker).filter(pk=amal.pk).exists()
    assignment = CaseAssignment.objects.get(person=amal, department=forvaltningen)
    assert (assignment.caseworker, assignment.started_on, assignment.ended_on) == (
        other_department_caseworker,
        TODAY,
        None,
    )


def test_accepting_keeps_the_senders_caseload(
    referral: Referral, other_department_caseworker: User, caseworker: User, amal: Person
) -> None:
    services.referral_accept(actor=other_department_caseworker, referral=referral)

    assert persons_visible_to(caseworker).filter(pk=amal.pk).exists()


def test_accepting_when_the_person_is_already_in_the_caseload_adds_no_second_case(
    caseworker: User,
    two_department_caseworker: User,
    amal: Person,
    forvaltningen: Department,
    referral: Referral,
) -> None:
    CaseAssignment.objects.create(person=amal, department=forvaltningen, started_on=TODAY)

    services.referral_accept(actor=two_department_caseworker, referral=referral)

    assert CaseAssignment.objects.filter(person=amal, department=forvaltningen).count() == 1


def test_accepting_audits_one_update_of_the_person(
    referral: Referral, other_department_caseworker: User, amal: Person
) -> None:
    before = AuditEvent.objects.count()

    services.referral_accept(actor=other_department_caseworker, referral=referral)

    assert AuditEvent.objects.count() == before + 1
    assert (
        AuditEvent.objects.filter(
            person_id=amal.id, action=Action.UPDATE, user=other_department_caseworker
        ).count()
        == 1
    )


def test_declining_with_a_note_leaves_the_caseload_alone(
    referral: Referral, other_department_caseworker: User, amal: Person
) -> None:
    before_cases = CaseAssignment.objects.count()
    before_events = AuditEvent.objects.count()

    declined = services.referral_decline(
        actor=other_department_caseworker, referral=referral, decision_note=" Ikke vores "
    )

    declined.refresh_from_db()
    assert declined.status == ReferralStatus.DECLINED
    assert declined.decision_note == "Ikke vores"
    assert CaseAssignment.objects.count() == before_cases
    assert AuditEvent.objects.count() == before_events + 1
    assert not persons_visible_to(other_department_caseworker).filter(pk=amal.pk).exists()


@pytest.mark.parametrize("note", ["", "  "])
def test_declining_without_a_note_is_refused_on_decision_note(
    referral: Referral, other_department_caseworker: User, note: str
) -> None:
    before = plan_counts()

    with pytest.raises(ValidationError) as caught:
        services.referral_decline(
            actor=other_department_caseworker, referral=referral, decision_note=note
        )

    assert caught.value.message_dict == {"decision_note": ["Give the reason for declining."]}
    assert plan_counts() == before
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING


@pytest.mark.parametrize(
    ("first", "second", "status"),
    [
        ("accept", "accept", "accepted"),
        ("accept", "decline", "accepted"),
        ("decline", "accept", "declined"),
        ("decline", "decline", "declined"),
    ],
)
def test_a_referral_is_decided_once(
    referral: Referral, other_department_caseworker: User, first: str, second: str, status: str
) -> None:
    decide = {"accept": services.referral_accept, "decline": services.referral_decline}
    decide[first](actor=other_department_caseworker, referral=referral, decision_note="Første")
    before = plan_counts()

    with pytest.raises(ValidationError) as caught:
        decide[second](actor=other_department_caseworker, referral=referral, decision_note="Anden")

    assert caught.value.messages == [f"The referral was already {status}."]
    assert plan_counts() == before
    referral.refresh_from_db()
    assert (referral.status, referral.decision_note) == (status, "Første")


@pytest.mark.parametrize(
    "persona",
    [
        "caseworker",  # the sender
        "school_caseworker",
        "other_caseworker",
        "policy_officer",
        "manager",
        "politician",
        "administrator",
    ],
)
def test_only_the_receiving_department_decides(
    request: pytest.FixtureRequest, persona: str, referral: Referral
) -> None:
    actor = request.getfixturevalue(persona)

    denied(services.referral_accept, actor=actor, referral=referral)
    denied(services.referral_decline, actor=actor, referral=referral, decision_note="Nej")

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING


def test_a_policy_officer_of_the_receiving_department_does_not_decide(
    caseworker: User,
    amal: Person,
    jobcenter: Department,
    forvaltningen: Department,
    jobcenter_policy_officer: User,
    two_department_caseworker: User,
) -> None:
    # given a referral from Forvaltningen to the Jobcenter
    CaseAssignment.objects.create(person=amal, department=forvaltningen, started_on=TODAY)
    referral = refer(two_department_caseworker, amal, forvaltningen, jobcenter)
    CaseAssignment.objects.filter(person=amal, department=jobcenter).update(
        ended_on=TODAY - timedelta(days=1)
    )

    denied(services.referral_accept, actor=jobcenter_policy_officer, referral=referral)


def test_a_referral_from_a_department_without_the_person_in_its_caseload_is_denied(
    two_department_caseworker: User,
    forvaltningen: Department,
    school: Department,
    caseworker: User,
) -> None:
    # given a person only in the Jobcenter's caseload, and a caseworker of both departments
    only_jobcenter = register(caseworker)

    # when the caseworker refers the person from Forvaltningen, then it is refused
    denied(
        services.referral_create,
        actor=two_department_caseworker,
        person=only_jobcenter,
        from_department=forvaltningen,
        to_department=school,
        reason="Skole",
    )


def test_an_outsider_declining_without_a_note_is_denied(
    referral: Referral, school_caseworker: User
) -> None:
    # an outsider is refused for want of permission, whatever the input
    denied(services.referral_decline, actor=school_caseworker, referral=referral, decision_note="")
