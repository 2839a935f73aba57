# SPDX-License-Identifier: MPL-2.0
"""Audit events: written only inside a transaction, in the actor's municipality, with the
actor's roles as a sorted comma-separated string; scoped by municipality like every tenant
row."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from helhed.audit.models import Action, AuditEvent
from helhed.audit.services import audit_record
from helhed.core.tenancy import scope_to_municipality, tenant_lookup
from helhed.organisations.models import Municipality, Role, User
from helhed.organisations.tests.factories import make_user

pytestmark = pytest.mark.django_db


def record(actor: User, **extra: object) -> AuditEvent:
    arguments: dict[str, object] = {"action": Action.READ, "purpose": "Sagsbehandling"}
    arguments.update(extra)
    with transaction.atomic():
        return audit_record(actor=actor, **arguments)  # type: ignore[arg-type]


def test_an_event_records_who_did_what_to_whom_when_and_why(
    caseworker: User, own_municipality: Municipality
) -> None:
    person_id = uuid.uuid4()

    event = record(caseworker, person_id=person_id)

    event.refresh_from_db()
    assert event.municipality == own_municipality
    assert event.user == caseworker
    assert event.action == Action.READ
    assert event.person_id == person_id
    assert event.purpose == "Sagsbehandling"
    assert event.occurred_at.tzinfo is not None
    assert abs(timezone.now() - event.occurred_at) < timedelta(minutes=1)


def test_the_roles_are_recorded_sorted_and_comma_separated(
    own_municipality: Municipality,
) -> None:
    actor = make_user(
        municipality=own_municipality,
        roles=[Role.MANAGER, Role.CASEWORKER, Role.ADMINISTRATOR],
        username="mange-roller",
    )

    assert record(actor).roles == "administrator,caseworker,manager"


def test_a_single_role_is_recorded_without_a_separator(caseworker: User) -> None:
    assert record(caseworker).roles == "caseworker"


def test_a_search_records_its_criterion(caseworker: User) -> None:
    event = record(caseworker, action=Action.SEARCH, search_criterion="CPR 150385-xxxx")

    assert event.search_criterion == "CPR 150385-xxxx"
    assert event.person_id is None


def test_audit_events_are_scoped_to_their_municipality(
    caseworker: User, other_policy_officer: User, own_municipality: Municipality
) -> None:
    own = record(caseworker)
    other = record(other_policy_officer)

    assert tenant_lookup(AuditEvent) == "municipality"
    assert list(scope_to_municipality(AuditEvent.objects.all(), own_municipality.id)) == [own]
    assert list(
        scope_to_municipality(AuditEvent.objects.all(), other_policy_officer.municipality_id)
    ) == [other]
    assert list(scope_to_municipality(AuditEvent.objects.all(), None)) == []


def test_a_user_without_a_municipality_is_not_audited_here(superuser: User) -> None:
    with pytest.raises(ValueError, match="municipal"):
        record(superuser)

    assert AuditEvent.objects.count() == 0


def test_an_unknown_action_is_refused(caseworker: User) -> None:
    with pytest.raises(ValidationError):
        record(caseworker, action="delete")

    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused(caseworker: User) -> None:
    assert not transaction.get_connection().in_atomic_block

    with pytest.raises(RuntimeError):
        audit_record(actor=caseworker, action=Action.READ, purpose="Sagsbehandling")

    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_an_event_is_rolled_back_with_the_work_it_records(caseworker: User) -> None:
    class WorkFailedError(Exception):
        pass

    def work() -> None:
        with transaction.atomic():
            audit_record(actor=caseworker, action=Action.READ, purpose="Sagsbehandling")
            raise WorkFailedError

    with pytest.raises(WorkFailedError):
        work()

    assert AuditEvent.objects.count() == 0
