# SPDX-License-Identifier: MPL-2.0
"""Creating, changing and starting a hearing."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from helhed.hearings import services
from helhed.hearings.models import Hearing
from helhed.hearings.models.hearing import HearingState
from helhed.hearings.tests.factories import make_hearing
from helhed.organisations.models import User
from helhed.policies.models import PolicyTransition, Status
from helhed.policies.tests.factories import adopt, make_policy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

OPENS = datetime(2018, 8, 6, 22, 0, tzinfo=UTC)  # 7 August 2018 00:00 in Denmark
CLOSES = datetime(2018, 8, 28, 22, 0, tzinfo=UTC)


def test_a_policy_officer_prepares_a_hearing_on_a_draft(policy_officer: User) -> None:
    draft = make_policy(actor=policy_officer)
    hearing = services.hearing_create(
        actor=policy_officer, version=draft, title="Høring", opens_at=OPENS, closes_at=CLOSES
    )
    assert hearing.started_at is None
    assert hearing.state() == HearingState.PREPARED
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_hearing_that_closes_before_it_opens_is_refused_and_nothing_saved(
    policy_officer: User,
) -> None:
    draft = make_policy(actor=policy_officer)
    for closes in (OPENS - timedelta(days=1), OPENS):
        with pytest.raises(ValidationError) as error:
            services.hearing_create(
                actor=policy_officer,
                version=draft,
                title="Høring",
                opens_at=OPENS,
                closes_at=closes,
            )
        assert error.value.message_dict["closes_at"] == ["The hearing must close after it opens."]
    assert not Hearing.objects.exists()


def test_changing_a_hearing_to_close_before_it_opens_is_refused(policy_officer: User) -> None:
    hearing = make_hearing(actor=policy_officer, start=False)
    with pytest.raises(ValidationError, match="close after it opens"):
        services.hearing_update(
            actor=policy_officer,
            hearing=hearing,
            title="Ny titel",
            opens_at=hearing.opens_at,
            closes_at=hearing.opens_at - timedelta(hours=1),
        )
    hearing.refresh_from_db()
    assert hearing.title == "Høring over integrationspolitikken"


def test_starting_moves_the_draft_to_hearing_through_the_policy_lifecycle(
    policy_officer: User,
) -> None:
    hearing = make_hearing(actor=policy_officer, start=False)
    services.hearing_start(actor=policy_officer, hearing=hearing)
    hearing.refresh_from_db()
    assert hearing.started_at is not None
    assert hearing.version.status == Status.HEARING
    step = PolicyTransition.objects.get(version=hearing.version, to_status=Status.HEARING)
    assert step.from_status == Status.DRAFT
    assert step.actor == policy_officer
    assert step.effective_on == timezone.localdate(hearing.opens_at)


def test_a_hearing_cannot_be_started_twice(policy_officer: User) -> None:
    hearing = make_hearing(actor=policy_officer)
    with pytest.raises(ValidationError, match="already been started"):
        services.hearing_start(actor=policy_officer, hearing=hearing)
    assert PolicyTransition.objects.filter(to_status=Status.HEARING).count() == 1


def test_a_version_adopted_without_hearing_cannot_get_one(policy_officer: User) -> None:
    adopted = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    with pytest.raises(ValidationError, match="draft version or a version in hearing"):
        services.hearing_create(
            actor=policy_officer, version=adopted, title="Høring", opens_at=OPENS, closes_at=CLOSES
        )


def test_a_hearing_held_before_can_be_recorded_on_the_version_that_went_through_it(
    policy_officer: User,
) -> None:
    hearing = make_hearing(actor=policy_officer)
    version = adopt(actor=policy_officer, version=hearing.version)
    Hearing.objects.all().delete()
    recorded = services.hearing_create(
        actor=policy_officer, version=version, title="Høring", opens_at=OPENS, closes_at=CLOSES
    )
    services.hearing_start(actor=policy_officer, hearing=recorded)
    version.refresh_from_db()
    assert version.status == Status.ADOPTED


def test_one_hearing_per_version(policy_officer: User) -> None:
    hearing = make_hearing(actor=policy_officer, start=False)
    with pytest.raises(ValidationError, match="already has a hearing"):
        services.hearing_create(
            actor=policy_officer,
            version=hearing.version,
            title="Igen",
            opens_at=OPENS,
            closes_at=CLOSES,
        )


def test_only_a_policy_officer_of_the_municipality_manages_hearings(
    policy_officer: User, manager: User, other_policy_officer: User
) -> None:
    draft = make_policy(actor=policy_officer)
    for actor in (manager, other_policy_officer):
        with pytest.raises(PermissionDenied):
            services.hearing_create(
                actor=actor, version=draft, title="Høring", opens_at=OPENS, closes_at=CLOSES
            )
    hearing = make_hearing(actor=policy_officer, version=draft, start=False)
    with pytest.raises(PermissionDenied):
        services.hearing_start(actor=other_policy_officer, hearing=hearing)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_the_state_follows_the_clock(policy_officer: User) -> None:
    hearing = make_hearing(actor=policy_officer, opens_in=timedelta(days=1))
    assert hearing.state() == HearingState.UPCOMING
    assert hearing.state(hearing.opens_at) == HearingState.OPEN
    assert hearing.state(hearing.closes_at - timedelta(seconds=1)) == HearingState.OPEN
    assert hearing.state(hearing.closes_at) == HearingState.CLOSED
