# SPDX-License-Identifier: MPL-2.0
"""The officer's access to a person: by CPR number, in their own municipality, audited;
refused to every other role; a number that finds nobody is audited as a masked search."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from helhed.audit.models import Action, AuditEvent
from helhed.citizens.models import Person
from helhed.citizens.tests.factories import register
from helhed.organisations.models import User
from helhed.privacy.access import access_person_by_cpr, access_person_by_id
from helhed.privacy.tests.conftest import CPR

pytestmark = pytest.mark.django_db


def find(user: User, cpr: str) -> Person | None:
    with transaction.atomic():
        return access_person_by_cpr(user=user, cpr=cpr, purpose="Indsigt j.nr. 1")


def test_the_officer_finds_a_person_by_cpr_and_the_read_is_audited(
    data_protection_officer: User, amal: Person
) -> None:
    before = AuditEvent.objects.count()

    assert find(data_protection_officer, CPR) == amal

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    assert (event.user, event.action, event.person_id) == (
        data_protection_officer,
        Action.READ,
        amal.id,
    )
    assert event.purpose == "Indsigt j.nr. 1"
    assert event.roles == "data_protection_officer"


def test_the_number_may_be_written_without_the_dash(
    data_protection_officer: User, amal: Person
) -> None:
    assert find(data_protection_officer, CPR.replace("-", "")) == amal


def test_an_unknown_number_is_audited_as_a_masked_search(
    data_protection_officer: User, amal: Person
) -> None:
    assert find(data_protection_officer, "150385-9999") is None

    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    assert event.action == Action.SEARCH
    assert event.search_criterion == "CPR 150385-xxxx"
    assert event.person_id is None


def test_a_malformed_number_is_refused_and_nothing_is_audited(
    data_protection_officer: User, amal: Person
) -> None:
    before = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as raised:
        find(data_protection_officer, "15038512")

    assert "12" not in str(raised.value.messages)
    assert AuditEvent.objects.count() == before


def test_a_person_of_another_municipality_is_not_found(
    data_protection_officer: User, other_municipality: object
) -> None:
    from helhed.organisations.tests.factories import make_user

    department = other_municipality.departments.get()  # type: ignore[attr-defined]
    other_caseworker = make_user(
        municipality=other_municipality,  # type: ignore[arg-type]
        roles=["caseworker"],
        username="anden-sagsbehandler",
        departments=[department],
    )
    stranger = register(other_caseworker, cpr=CPR)

    assert find(data_protection_officer, CPR) is None
    with transaction.atomic():
        assert (
            access_person_by_id(user=data_protection_officer, person_id=stranger.id, purpose="x")
            is None
        )
    assert not AuditEvent.objects.filter(person_id=stranger.id, user=data_protection_officer)


@pytest.mark.parametrize("persona", ["caseworker", "manager", "administrator", "politician"])
def test_every_other_role_is_refused_and_nothing_is_audited(
    request: pytest.FixtureRequest, persona: str, amal: Person
) -> None:
    user = request.getfixturevalue(persona)
    before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        find(user, CPR)
    with pytest.raises(PermissionDenied), transaction.atomic():
        access_person_by_id(user=user, person_id=amal.id, purpose="x")

    assert AuditEvent.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_reading_outside_a_transaction_is_refused(data_protection_officer: User) -> None:
    with pytest.raises(RuntimeError):
        access_person_by_cpr(user=data_protection_officer, cpr=CPR, purpose="x")
