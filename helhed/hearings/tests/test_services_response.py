# SPDX-License-Identifier: MPL-2.0
"""Responses: submitted while the hearing is open, registered by staff, split into points."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhed.hearings import services
from helhed.hearings.models import HearingResponse, ResponseAttachment, ResponsePoint, Source
from helhed.hearings.services.response import token_hash
from helhed.hearings.tests.factories import checked_pdf, make_hearing, submit
from helhed.organisations.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_response_is_saved_with_a_private_token_of_which_only_the_hash_is_kept(
    policy_officer: User,
) -> None:
    hearing = make_hearing(actor=policy_officer)
    submitted = submit(hearing, attachment=checked_pdf("Mit svar.pdf"))
    response = submitted.response
    assert response.number == 1
    assert response.source == Source.ONLINE
    assert response.section_label == "The whole draft"
    assert len(submitted.token) >= 43  # 256 bits from the CSPRNG
    assert response.token_hash == token_hash(submitted.token)
    assert submitted.token not in response.token_hash
    assert response.attachment.file_name == "Mit svar.pdf"
    assert response.attachment.pages == 1
    assert submit(hearing).response.number == 2


def test_a_response_to_a_section_names_it(policy_officer: User) -> None:
    hearing = make_hearing(actor=policy_officer)
    area = hearing.version.focus_areas.get()
    response = submit(hearing, section=f"focus_area:{area.id}").response
    assert response.section_label == "Focus area 1: Beskæftigelse"


def test_an_unknown_section_is_refused(policy_officer: User) -> None:
    hearing = make_hearing(actor=policy_officer)
    with pytest.raises(ValidationError) as error:
        submit(hearing, section="focus_area:00000000-0000-0000-0000-000000000000")
    assert "section" in error.value.message_dict
    assert not HearingResponse.objects.exists()


@pytest.mark.parametrize(
    ("opens_in", "message"),
    [
        (timedelta(days=-30), "The hearing has closed"),
        (timedelta(days=2), "has not opened yet"),
    ],
)
def test_a_response_outside_the_period_is_refused_and_nothing_saved(
    policy_officer: User, opens_in: timedelta, message: str
) -> None:
    hearing = make_hearing(actor=policy_officer, opens_in=opens_in)
    with pytest.raises(ValidationError, match=message):
        submit(hearing, attachment=checked_pdf())
    assert not HearingResponse.objects.exists()
    assert not ResponseAttachment.objects.exists()


def test_a_hearing_not_started_takes_no_responses(policy_officer: User) -> None:
    hearing = make_hearing(actor=policy_officer, start=False)
    with pytest.raises(ValidationError, match="not been started"):
        submit(hearing)


def test_a_text_over_the_limit_is_refused(policy_officer: User) -> None:
    hearing = make_hearing(actor=policy_officer)
    with pytest.raises(ValidationError) as error:
        submit(hearing, text="x" * 20_001)
    assert "text" in error.value.message_dict
    assert not HearingResponse.objects.exists()


def test_staff_register_the_integration_councils_input_after_the_hearing_closed(
    policy_officer: User,
) -> None:
    hearing = make_hearing(actor=policy_officer, opens_in=timedelta(days=-30))
    registered = services.response_register(
        actor=policy_officer,
        hearing=hearing,
        source=Source.INTEGRATION_COUNCIL,
        section="values",
        author_name="Integrationsrådet",
        text="Rådet anbefaler et værdiafsnit om gensidighed.",
        received_at=datetime(2018, 6, 1, 10, tzinfo=UTC),
    ).response
    assert registered.registered_by == policy_officer
    assert registered.get_source_display() == "Integration Council"
    assert registered.section_label == "Values"


def test_staff_cannot_register_input_as_if_from_the_public_page(policy_officer: User) -> None:
    hearing = make_hearing(actor=policy_officer)
    with pytest.raises(ValidationError) as error:
        services.response_register(
            actor=policy_officer,
            hearing=hearing,
            source=Source.ONLINE,
            section="",
            author_name="X",
            text="Y",
            received_at=hearing.opens_at,
        )
    assert "source" in error.value.message_dict


def test_only_a_policy_officer_of_the_municipality_registers_or_splits(
    policy_officer: User, manager: User, other_policy_officer: User
) -> None:
    hearing = make_hearing(actor=policy_officer)
    response = submit(hearing).response
    for actor in (manager, other_policy_officer):
        with pytest.raises(PermissionDenied):
            services.point_add(actor=actor, response=response, text="Punkt")
        with pytest.raises(PermissionDenied):
            services.response_register(
                actor=actor,
                hearing=hearing,
                source=Source.COMMITTEE,
                section="",
                author_name="Udvalg",
                text="Input",
                received_at=hearing.opens_at,
            )
    assert not ResponsePoint.objects.exists()
    assert HearingResponse.objects.count() == 1


def test_a_response_is_split_into_points_in_order(policy_officer: User) -> None:
    response = submit(make_hearing(actor=policy_officer)).response
    first = services.point_add(actor=policy_officer, response=response, text="Første")
    second = services.point_add(
        actor=policy_officer, response=response, text="Andet", section="vision"
    )
    assert (first.order, second.order) == (0, 1)
    assert second.section_label == "Vision"


def test_a_response_dispositioned_as_a_whole_cannot_be_split(policy_officer: User) -> None:
    response = submit(make_hearing(actor=policy_officer)).response
    services.disposition_set(
        actor=policy_officer, response=response, outcome="noted", reason="Taget til efterretning."
    )
    with pytest.raises(ValidationError, match="as a whole"):
        services.point_add(actor=policy_officer, response=response, text="Punkt")
    assert not ResponsePoint.objects.exists()


def test_a_summary_is_kept_for_the_memo(policy_officer: User) -> None:
    response = submit(make_hearing(actor=policy_officer)).response
    services.response_summarise(actor=policy_officer, response=response, summary="  Kort.  ")
    response.refresh_from_db()
    assert response.summary == "Kort."
