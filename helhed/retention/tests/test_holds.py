# SPDX-License-Identifier: MPL-2.0
"""Placing and releasing archival holds: the municipality's administrator or data
protection officer only (ADR 0037), each with one audit event."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError

from helhed.audit.models import Action, AuditEvent
from helhed.citizens.tests.factories import register
from helhed.organisations.models import Municipality, User
from helhed.retention.models import ArchivalHold
from helhed.retention.services import archival_hold_place, archival_hold_release


def test_an_administrator_places_a_hold_on_a_person(
    administrator: User, caseworker: User, own_municipality: Municipality
) -> None:
    person = register(caseworker)

    hold = archival_hold_place(
        actor=administrator, municipality=own_municipality, person=person, reason=" Bevares "
    )

    assert (hold.person, hold.reason, hold.placed_by) == (person, "Bevares", administrator)


def test_the_data_protection_officer_places_and_releases_a_hold_with_audit_events(
    data_protection_officer: User, caseworker: User, own_municipality: Municipality
) -> None:
    person = register(caseworker)
    before = AuditEvent.objects.count()

    hold = archival_hold_place(
        actor=data_protection_officer, municipality=own_municipality, person=person, reason="B"
    )
    archival_hold_release(actor=data_protection_officer, hold=hold, reason="Kasseres")

    events = list(AuditEvent.objects.order_by("sequence")[before:])
    assert [(e.action, e.person_id, e.user) for e in events] == [
        (Action.UPDATE, person.pk, data_protection_officer),
        (Action.UPDATE, person.pk, data_protection_officer),
    ]
    assert "Kasseres" in events[1].purpose


@pytest.mark.parametrize("persona", ["caseworker", "manager", "policy_officer"])
def test_only_an_administrator_may_place_a_hold(
    persona: str, request: pytest.FixtureRequest, own_municipality: Municipality
) -> None:
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        archival_hold_place(actor=actor, municipality=own_municipality, reason="Bevares")

    assert not ArchivalHold.objects.exists()


def test_an_administrator_of_another_municipality_may_not_place_a_hold(
    administrator: User,
    own_municipality: Municipality,
    other_municipality: Municipality,
    other_caseworker: User,
) -> None:
    with pytest.raises(PermissionDenied):
        archival_hold_place(actor=administrator, municipality=other_municipality, reason="x")
    with pytest.raises(PermissionDenied):
        archival_hold_place(
            actor=administrator,
            municipality=own_municipality,
            person=register(other_caseworker),
            reason="x",
        )

    assert not ArchivalHold.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", "x" * 301])
def test_a_hold_needs_a_reason_of_sensible_length(
    reason: str, administrator: User, own_municipality: Municipality
) -> None:
    with pytest.raises(ValidationError) as error:
        archival_hold_place(actor=administrator, municipality=own_municipality, reason=reason)

    assert "reason" in error.value.message_dict
    assert not ArchivalHold.objects.exists()


def test_a_released_hold_cannot_be_released_again(
    administrator: User, own_municipality: Municipality
) -> None:
    hold = archival_hold_place(actor=administrator, municipality=own_municipality, reason="B")
    archival_hold_release(actor=administrator, hold=hold)
    released_at = hold.released_at

    with pytest.raises(ValidationError):
        archival_hold_release(actor=administrator, hold=hold)

    hold.refresh_from_db()
    assert hold.released_at == released_at


def test_a_held_person_cannot_be_deleted_by_any_other_means(
    administrator: User, caseworker: User, own_municipality: Municipality
) -> None:
    person = register(caseworker)
    archival_hold_place(
        actor=administrator, municipality=own_municipality, person=person, reason="Bevares"
    )

    with pytest.raises(ProtectedError):
        person.delete()
