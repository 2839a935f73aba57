# SPDX-License-Identifier: MPL-2.0
"""Dispositions: incorporated names the changed section of the next version."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhed.hearings import services
from helhed.hearings.models import Disposition, Outcome
from helhed.hearings.tests.factories import make_hearing, submit
from helhed.organisations.models import User
from helhed.policies import services as policies

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_noted_with_a_reason(policy_officer: User) -> None:
    response = submit(make_hearing(actor=policy_officer)).response
    disposition = services.disposition_set(
        actor=policy_officer, response=response, outcome=Outcome.NOTED, reason="Tak."
    )
    assert disposition.decided_by == policy_officer
    assert disposition.changed_version is None


def test_a_disposition_without_a_reason_is_refused(policy_officer: User) -> None:
    response = submit(make_hearing(actor=policy_officer)).response
    with pytest.raises(ValidationError) as error:
        services.disposition_set(
            actor=policy_officer, response=response, outcome=Outcome.NOTED, reason="  "
        )
    assert "reason" in error.value.message_dict
    assert not Disposition.objects.exists()


def test_incorporated_before_there_is_a_next_version_is_refused(policy_officer: User) -> None:
    response = submit(make_hearing(actor=policy_officer)).response
    with pytest.raises(ValidationError) as error:
        services.disposition_set(
            actor=policy_officer,
            response=response,
            outcome=Outcome.INCORPORATED,
            reason="Indarbejdet.",
            changed_section="vision",
        )
    assert "no next version yet" in error.value.message_dict["changed_section"][0]
    assert not Disposition.objects.exists()


@pytest.mark.parametrize("section", ["", "focus_area:not-a-section"])
def test_incorporated_with_no_changed_section_is_refused_and_nothing_saved(
    policy_officer: User, section: str
) -> None:
    hearing = make_hearing(actor=policy_officer)
    response = submit(hearing).response
    policies.policy_version_revise(actor=policy_officer, version=hearing.version)
    with pytest.raises(ValidationError) as error:
        services.disposition_set(
            actor=policy_officer,
            response=response,
            outcome=Outcome.INCORPORATED,
            reason="Indarbejdet.",
            changed_section=section,
        )
    assert error.value.message_dict["changed_section"] == [
        'Choose the section of the next version that was changed: "incorporated" must show where.'
    ]
    assert not Disposition.objects.exists()


def test_incorporated_links_the_changed_section_of_the_next_version(policy_officer: User) -> None:
    hearing = make_hearing(actor=policy_officer)
    response = submit(hearing).response
    following = policies.policy_version_revise(actor=policy_officer, version=hearing.version)
    area = following.focus_areas.get()
    disposition = services.disposition_set(
        actor=policy_officer,
        response=response,
        outcome=Outcome.INCORPORATED,
        reason="Foreningslivet er skrevet ind.",
        changed_section=f"focus_area:{area.id}",
    )
    assert disposition.changed_version == following
    assert disposition.changed_section_label == "Focus area 1: Beskæftigelse"


def test_a_section_of_the_version_heard_is_not_a_section_of_the_next(policy_officer: User) -> None:
    hearing = make_hearing(actor=policy_officer)
    response = submit(hearing).response
    policies.policy_version_revise(actor=policy_officer, version=hearing.version)
    old_area = hearing.version.focus_areas.get()
    with pytest.raises(ValidationError, match="section of the next version"):
        services.disposition_set(
            actor=policy_officer,
            response=response,
            outcome=Outcome.INCORPORATED,
            reason="x",
            changed_section=f"focus_area:{old_area.id}",
        )


def test_a_new_disposition_replaces_the_old_and_other_outcomes_name_no_section(
    policy_officer: User,
) -> None:
    hearing = make_hearing(actor=policy_officer)
    response = submit(hearing).response
    policies.policy_version_revise(actor=policy_officer, version=hearing.version)
    services.disposition_set(
        actor=policy_officer,
        response=response,
        outcome=Outcome.INCORPORATED,
        reason="Først.",
        changed_section="vision",
    )
    services.disposition_set(
        actor=policy_officer,
        response=response,
        outcome=Outcome.PASSED_ON,
        reason="Videregivet til forvaltningen.",
        changed_section="vision",
    )
    disposition = Disposition.objects.get()
    assert disposition.outcome == Outcome.PASSED_ON
    assert (disposition.changed_section, disposition.changed_version) == ("", None)


def test_a_split_response_is_dispositioned_point_by_point(policy_officer: User) -> None:
    response = submit(make_hearing(actor=policy_officer)).response
    point = services.point_add(actor=policy_officer, response=response, text="Punkt 1")
    with pytest.raises(ValidationError, match="split into points"):
        services.disposition_set(
            actor=policy_officer, response=response, outcome=Outcome.NOTED, reason="x"
        )
    services.disposition_set(
        actor=policy_officer,
        response=response,
        point=point,
        outcome=Outcome.NOT_ACCOMMODATED,
        reason="Ligger uden for politikken.",
    )
    assert Disposition.objects.get().point == point


def test_a_point_of_another_response_is_refused(policy_officer: User) -> None:
    hearing = make_hearing(actor=policy_officer)
    first, second = submit(hearing).response, submit(hearing).response
    point = services.point_add(actor=policy_officer, response=first, text="Punkt")
    with pytest.raises(ValidationError, match="another response"):
        services.disposition_set(
            actor=policy_officer, response=second, point=point, outcome="noted", reason="x"
        )


def test_only_a_policy_officer_of_the_municipality_dispositions(
    policy_officer: User, politician: User, other_policy_officer: User
) -> None:
    response = submit(make_hearing(actor=policy_officer)).response
    for actor in (politician, other_policy_officer):
        with pytest.raises(PermissionDenied):
            services.disposition_set(actor=actor, response=response, outcome="noted", reason="x")
    assert not Disposition.objects.exists()
