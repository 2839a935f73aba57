# SPDX-License-Identifier: MPL-2.0
"""The governance services: what they write, and every refusal leaving nothing behind."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from helhed.governance import services
from helhed.governance.models import (
    AgendaEntry,
    AgendaItem,
    Attachment,
    Committee,
    DatePrecision,
    Decision,
    Meeting,
    Milestone,
    MilestoneKind,
    Outcome,
)
from helhed.governance.tests.factories import (
    PDF,
    item_fields,
    make_committee,
    make_item,
    make_meeting,
    make_milestone,
)
from helhed.organisations.models import User
from helhed.policies import services as policies
from helhed.policies.models import PolicyTransition, PolicyVersion, Status
from helhed.policies.tests.factories import adopt, make_policy

pytestmark = pytest.mark.django_db


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


# --- committees and meetings --------------------------------------------------------------


def test_a_policy_officer_creates_a_committee_of_their_municipality(policy_officer: User) -> None:
    committee = make_committee(actor=policy_officer, name="Økonomiudvalget")

    assert committee.municipality == policy_officer.municipality
    assert committee.created_by == policy_officer
    assert not committee.is_city_council


def test_a_committee_name_is_unique_in_the_municipality_whatever_its_case(
    policy_officer: User,
) -> None:
    make_committee(actor=policy_officer, name="Økonomiudvalget")

    with pytest.raises(ValidationError) as error:
        make_committee(actor=policy_officer, name="økonomiudvalget")

    assert "name" in _messages(error)
    assert Committee.objects.count() == 1


def test_the_same_committee_name_is_free_in_another_municipality(
    policy_officer: User, other_policy_officer: User
) -> None:
    make_committee(actor=policy_officer, name="Byrådet", council=True)

    make_committee(actor=other_policy_officer, name="Byrådet", council=True)

    assert Committee.objects.filter(name="Byrådet").count() == 2


def test_a_municipality_has_one_city_council(policy_officer: User) -> None:
    make_committee(actor=policy_officer, name="Byrådet", council=True)

    with pytest.raises(ValidationError) as error:
        make_committee(actor=policy_officer, name="Kommunalbestyrelsen", council=True)

    assert "is_city_council" in _messages(error)
    assert Committee.objects.count() == 1


@pytest.mark.parametrize("persona", ["manager", "politician", "caseworker"])
def test_only_a_policy_officer_writes_committees(
    persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        make_committee(actor=user)

    assert not Committee.objects.exists()


def test_a_meeting_in_another_municipalitys_committee_is_refused(
    policy_officer: User, other_policy_officer: User
) -> None:
    committee = make_committee(actor=other_policy_officer)

    with pytest.raises(PermissionDenied):
        make_meeting(actor=policy_officer, committee=committee)

    assert not Meeting.objects.exists()


def test_a_meeting_before_2000_is_refused_naming_the_date(policy_officer: User) -> None:
    committee = make_committee(actor=policy_officer)

    with pytest.raises(ValidationError) as error:
        make_meeting(actor=policy_officer, committee=committee, on=date(1999, 12, 31))

    assert list(_messages(error)) == ["date"]
    assert not Meeting.objects.exists()


def test_a_meeting_keeps_its_time_as_danish_time(policy_officer: User) -> None:
    committee = make_committee(actor=policy_officer)
    meeting = services.meeting_create(
        actor=policy_officer,
        committee=committee,
        date=date(2018, 8, 14),
        start_time=time(16, 30),
        place="Byrådssalen",
    )

    assert meeting.starts_at is not None
    assert meeting.starts_at.utcoffset() == timedelta(hours=2)  # summer time in Copenhagen
    assert meeting.starts_at.isoformat() == "2018-08-14T16:30:00+02:00"


# --- agenda items --------------------------------------------------------------------------


def test_an_agenda_item_is_created_on_a_meetings_agenda(policy_officer: User) -> None:
    committee = make_committee(actor=policy_officer)
    meeting = make_meeting(actor=policy_officer, committee=committee)

    item = make_item(actor=policy_officer, committee=committee, meeting=meeting)

    entry = AgendaEntry.objects.get()
    assert (entry.meeting, entry.item, entry.number) == (meeting, item, 1)
    assert item.updated_by == policy_officer


@pytest.mark.parametrize("number", ["18-12386", "12386", "18/", "/12386", "18/12386x", "ÅÅ/1"])
def test_a_case_number_without_the_format_is_refused_naming_the_field(
    policy_officer: User, number: str
) -> None:
    committee = make_committee(actor=policy_officer)

    with pytest.raises(ValidationError) as error:
        make_item(actor=policy_officer, committee=committee, case_number=number)

    assert list(_messages(error)) == ["case_number"]
    assert "18/12386" in _messages(error)["case_number"][0]
    assert not AgendaItem.objects.exists()


@pytest.mark.parametrize("number", ["18/12386", "2018/1", "99/1234567"])
def test_case_numbers_with_a_year_and_a_serial_number_are_accepted(
    policy_officer: User, number: str
) -> None:
    committee = make_committee(actor=policy_officer)

    item = make_item(actor=policy_officer, committee=committee, case_number=number)

    assert item.case_number == number


def test_a_duplicate_case_number_in_the_municipality_is_refused_and_nothing_is_placed(
    policy_officer: User,
) -> None:
    committee = make_committee(actor=policy_officer)
    meeting = make_meeting(actor=policy_officer, committee=committee)
    make_item(actor=policy_officer, committee=committee)

    with pytest.raises(ValidationError) as error:
        make_item(actor=policy_officer, committee=committee, meeting=meeting, title="Ny sag")

    assert list(_messages(error)) == ["case_number"]
    assert AgendaItem.objects.count() == 1
    assert not AgendaEntry.objects.exists()


def test_the_same_case_number_is_free_in_another_municipality(
    policy_officer: User, other_policy_officer: User
) -> None:
    make_item(actor=policy_officer, committee=make_committee(actor=policy_officer))

    make_item(actor=other_policy_officer, committee=make_committee(actor=other_policy_officer))

    assert AgendaItem.objects.filter(case_number="18/12386").count() == 2


def test_an_item_missing_its_required_sections_is_refused_naming_each(
    policy_officer: User,
) -> None:
    committee = make_committee(actor=policy_officer)

    with pytest.raises(ValidationError) as error:
        make_item(
            actor=policy_officer,
            committee=committee,
            title="",
            decision_theme="",
            recommendation="",
        )

    assert set(_messages(error)) == {"title", "decision_theme", "recommendation"}
    assert not AgendaItem.objects.exists()


def test_an_item_cannot_name_another_municipalitys_committee_or_policy(
    policy_officer: User, other_policy_officer: User
) -> None:
    foreign_committee = make_committee(actor=other_policy_officer)
    foreign_version = make_policy(actor=other_policy_officer, complete=False)

    with pytest.raises(ValidationError) as error:
        make_item(actor=policy_officer, committee=foreign_committee, policy_version=foreign_version)

    assert set(_messages(error)) == {"decision_authority", "policy_version"}
    assert not AgendaItem.objects.exists()


def test_updating_an_item_keeps_its_own_case_number_free_but_not_anothers(
    policy_officer: User,
) -> None:
    committee = make_committee(actor=policy_officer)
    first = make_item(actor=policy_officer, committee=committee)
    second = make_item(actor=policy_officer, committee=committee, case_number="18/1")

    services.agenda_item_update(actor=policy_officer, item=first, title="Ny titel")
    with pytest.raises(ValidationError) as error:
        services.agenda_item_update(actor=policy_officer, item=second, case_number="18/12386")

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.title == "Ny titel"
    assert second.case_number == "18/1"
    assert list(_messages(error)) == ["case_number"]


def test_another_municipalitys_officer_cannot_update_an_item(
    policy_officer: User, other_policy_officer: User
) -> None:
    item = make_item(actor=policy_officer, committee=make_committee(actor=policy_officer))

    with pytest.raises(PermissionDenied):
        services.agenda_item_update(actor=other_policy_officer, item=item, title="Overtaget")

    item.refresh_from_db()
    assert item.title == "Drøftelse: Integrationspolitik 2018-2021"


def test_an_item_is_put_on_a_second_committees_agenda_once(policy_officer: User) -> None:
    first = make_committee(actor=policy_officer)
    second = make_committee(actor=policy_officer, name="Udvalg for skole og ungdomsuddannelse")
    item = make_item(
        actor=policy_officer,
        committee=first,
        meeting=make_meeting(actor=policy_officer, committee=first),
    )
    meeting = make_meeting(actor=policy_officer, committee=second)

    services.agenda_entry_create(actor=policy_officer, item=item, meeting=meeting)
    with pytest.raises(ValidationError) as error:
        services.agenda_entry_create(actor=policy_officer, item=item, meeting=meeting)

    assert list(_messages(error)) == ["meeting"]
    assert item.entries.count() == 2


def test_points_on_an_agenda_are_numbered_in_order(policy_officer: User) -> None:
    committee = make_committee(actor=policy_officer)
    meeting = make_meeting(actor=policy_officer, committee=committee)

    make_item(actor=policy_officer, committee=committee, meeting=meeting)
    make_item(actor=policy_officer, committee=committee, meeting=meeting, case_number="18/2")

    assert list(meeting.entries.values_list("number", flat=True)) == [1, 2]


# --- decisions ------------------------------------------------------------------------------


@pytest.fixture
def draft(policy_officer: User) -> PolicyVersion:
    return make_policy(actor=policy_officer)


@pytest.fixture
def council_entry(policy_officer: User, draft: PolicyVersion) -> AgendaEntry:
    """The case about the draft on the city council's agenda on 26 April 2016."""
    council = make_committee(actor=policy_officer, name="Byrådet", council=True)
    meeting = make_meeting(actor=policy_officer, committee=council, on=date(2016, 4, 26))
    item = make_item(actor=policy_officer, committee=council, meeting=meeting, policy_version=draft)
    return item.entries.get()


def test_a_committees_decision_is_recorded_for_a_meeting_in_the_past(
    policy_officer: User,
) -> None:
    committee = make_committee(actor=policy_officer)
    meeting = make_meeting(actor=policy_officer, committee=committee, on=date(2018, 8, 14))
    entry = make_item(actor=policy_officer, committee=committee, meeting=meeting).entries.get()

    decision = services.decision_record(
        actor=policy_officer,
        entry=entry,
        outcome=Outcome.DISCUSSED,
        text=" Drøftet som indstillet. ",
    )

    assert decision.text == "Drøftet som indstillet."
    assert decision.recorded_by == policy_officer


def test_a_decision_for_a_meeting_not_yet_held_is_refused(policy_officer: User) -> None:
    committee = make_committee(actor=policy_officer)
    tomorrow = timezone.localdate() + timedelta(days=1)
    meeting = make_meeting(actor=policy_officer, committee=committee, on=tomorrow)
    entry = make_item(actor=policy_officer, committee=committee, meeting=meeting).entries.get()

    with pytest.raises(ValidationError) as error:
        services.decision_record(
            actor=policy_officer, entry=entry, outcome=Outcome.DISCUSSED, text="Drøftet."
        )

    assert list(_messages(error)) == ["entry"]
    assert not Decision.objects.exists()


def test_a_committee_decides_once_per_meeting(policy_officer: User) -> None:
    committee = make_committee(actor=policy_officer)
    meeting = make_meeting(actor=policy_officer, committee=committee)
    entry = make_item(actor=policy_officer, committee=committee, meeting=meeting).entries.get()
    services.decision_record(
        actor=policy_officer, entry=entry, outcome=Outcome.DISCUSSED, text="Drøftet."
    )

    with pytest.raises(ValidationError):
        services.decision_record(
            actor=policy_officer, entry=entry, outcome=Outcome.APPROVED, text="Godkendt."
        )

    assert Decision.objects.get().text == "Drøftet."


def test_a_decision_without_text_is_refused_naming_the_field(policy_officer: User) -> None:
    committee = make_committee(actor=policy_officer)
    meeting = make_meeting(actor=policy_officer, committee=committee)
    entry = make_item(actor=policy_officer, committee=committee, meeting=meeting).entries.get()

    with pytest.raises(ValidationError) as error:
        services.decision_record(actor=policy_officer, entry=entry, outcome="discussed", text=" ")

    assert list(_messages(error)) == ["text"]
    assert not Decision.objects.exists()


def test_the_city_councils_adoption_adopts_the_version_in_hearing(
    policy_officer: User, draft: PolicyVersion, council_entry: AgendaEntry
) -> None:
    policies.policy_version_transition(
        actor=policy_officer, version=draft, to_status=Status.HEARING
    )

    services.decision_record(
        actor=policy_officer, entry=council_entry, outcome=Outcome.ADOPTED, text="Godkendt."
    )

    draft.refresh_from_db()
    assert draft.status == Status.ADOPTED
    assert draft.adopted_on == date(2016, 4, 26)
    step = PolicyTransition.objects.filter(version=draft).last()
    assert step is not None
    assert (step.from_status, step.to_status, step.actor) == (
        Status.HEARING,
        Status.ADOPTED,
        policy_officer,
    )
    assert "Byrådet" in step.note
    assert "18/12386" in step.note
    assert "Godkendt." in step.note
    assert Decision.objects.get().outcome == Outcome.ADOPTED


def test_the_adoption_of_a_draft_without_hearing_records_the_decision_as_the_reason(
    policy_officer: User, draft: PolicyVersion, council_entry: AgendaEntry
) -> None:
    services.decision_record(
        actor=policy_officer, entry=council_entry, outcome=Outcome.ADOPTED, text="Vedtaget."
    )

    draft.refresh_from_db()
    assert draft.status == Status.ADOPTED


def test_the_adoption_archives_the_previously_adopted_version(
    policy_officer: User,
) -> None:
    first = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    second = policies.policy_version_revise(actor=policy_officer, version=first)
    council = make_committee(actor=policy_officer, name="Byrådet", council=True)
    meeting = make_meeting(actor=policy_officer, committee=council)
    entry = make_item(
        actor=policy_officer, committee=council, meeting=meeting, policy_version=second
    ).entries.get()

    services.decision_record(
        actor=policy_officer, entry=entry, outcome=Outcome.ADOPTED, text="Vedtaget."
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.ARCHIVED, Status.ADOPTED)


@pytest.mark.parametrize("status", [Status.ADOPTED, Status.ARCHIVED])
def test_adopting_a_version_that_cannot_be_adopted_writes_nothing(
    policy_officer: User, draft: PolicyVersion, council_entry: AgendaEntry, status: str
) -> None:
    adopt(actor=policy_officer, version=draft)
    if status == Status.ARCHIVED:
        policies.policy_version_transition(
            actor=policy_officer, version=draft, to_status=Status.ARCHIVED
        )
    steps = PolicyTransition.objects.count()

    with pytest.raises(ValidationError) as error:
        services.decision_record(
            actor=policy_officer, entry=council_entry, outcome=Outcome.ADOPTED, text="Vedtaget."
        )

    assert list(_messages(error)) == ["outcome"]
    message = _messages(error)["outcome"][0]
    assert "version 1" in message
    assert str(Status(status).label) in message
    assert not Decision.objects.exists()
    assert PolicyTransition.objects.count() == steps
    draft.refresh_from_db()
    assert draft.status == status


def test_only_the_city_council_adopts(policy_officer: User, draft: PolicyVersion) -> None:
    committee = make_committee(actor=policy_officer)
    meeting = make_meeting(actor=policy_officer, committee=committee)
    entry = make_item(
        actor=policy_officer, committee=committee, meeting=meeting, policy_version=draft
    ).entries.get()

    with pytest.raises(ValidationError) as error:
        services.decision_record(
            actor=policy_officer, entry=entry, outcome=Outcome.ADOPTED, text="Vedtaget."
        )

    assert list(_messages(error)) == ["outcome"]
    assert not Decision.objects.exists()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_an_adoption_on_an_item_without_a_policy_version_is_refused(
    policy_officer: User,
) -> None:
    council = make_committee(actor=policy_officer, name="Byrådet", council=True)
    meeting = make_meeting(actor=policy_officer, committee=council)
    entry = make_item(actor=policy_officer, committee=council, meeting=meeting).entries.get()

    with pytest.raises(ValidationError) as error:
        services.decision_record(
            actor=policy_officer, entry=entry, outcome=Outcome.ADOPTED, text="Vedtaget."
        )

    assert list(_messages(error)) == ["outcome"]
    assert not Decision.objects.exists()


def test_another_decision_of_the_city_council_leaves_the_version_as_it_is(
    policy_officer: User, draft: PolicyVersion, council_entry: AgendaEntry
) -> None:
    services.decision_record(
        actor=policy_officer, entry=council_entry, outcome=Outcome.POSTPONED, text="Udsat."
    )

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_another_municipalitys_officer_cannot_record_a_decision(
    policy_officer: User, other_policy_officer: User, council_entry: AgendaEntry
) -> None:
    with pytest.raises(PermissionDenied):
        services.decision_record(
            actor=other_policy_officer, entry=council_entry, outcome="adopted", text="Vedtaget."
        )

    assert not Decision.objects.exists()


# --- attachments ------------------------------------------------------------------------------


def test_attachments_are_numbered_and_link_a_policy_version(
    policy_officer: User, draft: PolicyVersion
) -> None:
    item = make_item(actor=policy_officer, committee=make_committee(actor=policy_officer))

    first = services.attachment_add(
        actor=policy_officer, item=item, title="Integrationspolitik", policy_version=draft
    )
    second = services.attachment_add(
        actor=policy_officer, item=item, title="Notat", pdf=PDF, pdf_name="notat.pdf"
    )

    assert (first.number, second.number) == (1, 2)
    assert first.policy_version == draft
    assert bytes(Attachment.objects.get(pk=second.pk).pdf or b"") == PDF


@pytest.mark.parametrize(
    "data",
    [b"MZ\x90\x00 an executable renamed .pdf", b"%PDF-1.4 with no end", b"<html>%%EOF"],
)
def test_an_upload_that_is_not_a_pdf_is_refused(policy_officer: User, data: bytes) -> None:
    item = make_item(actor=policy_officer, committee=make_committee(actor=policy_officer))

    with pytest.raises(ValidationError) as error:
        services.attachment_add(
            actor=policy_officer, item=item, title="Bilag", pdf=data, pdf_name="x.pdf"
        )

    assert list(_messages(error)) == ["pdf"]
    assert not Attachment.objects.exists()


def test_an_attachment_needs_a_version_or_a_file(policy_officer: User) -> None:
    item = make_item(actor=policy_officer, committee=make_committee(actor=policy_officer))

    with pytest.raises(ValidationError) as error:
        services.attachment_add(actor=policy_officer, item=item, title="Bilag")

    assert list(_messages(error)) == ["policy_version"]
    assert not Attachment.objects.exists()


def test_an_attachment_cannot_link_another_municipalitys_policy(
    policy_officer: User, other_policy_officer: User
) -> None:
    item = make_item(actor=policy_officer, committee=make_committee(actor=policy_officer))
    foreign = make_policy(actor=other_policy_officer, complete=False)

    with pytest.raises(ValidationError) as error:
        services.attachment_add(
            actor=policy_officer, item=item, title="Bilag", policy_version=foreign
        )

    assert list(_messages(error)) == ["policy_version"]
    assert not Attachment.objects.exists()


# --- milestones ------------------------------------------------------------------------------


def test_a_milestone_is_added_to_the_policys_process_plan(
    policy_officer: User, draft: PolicyVersion
) -> None:
    committee = make_committee(actor=policy_officer)

    milestone = make_milestone(
        actor=policy_officer,
        version=draft,
        kind=MilestoneKind.COMMITTEE_TREATMENT,
        committee=committee,
    )

    assert milestone.policy == draft.policy
    assert milestone.updated_by == policy_officer


def test_a_milestone_for_a_month_is_kept_on_the_first_of_the_month(
    policy_officer: User, draft: PolicyVersion
) -> None:
    milestone = services.milestone_save(
        actor=policy_officer,
        milestone=Milestone(
            policy=draft.policy,
            kind=MilestoneKind.ADOPTION,
            date=date(2018, 10, 23),
            precision=DatePrecision.MONTH,
        ),
    )

    assert milestone.date == date(2018, 10, 1)


@pytest.mark.parametrize("on", [date(1999, 12, 31), date(1016, 4, 26), date(2101, 1, 1)])
def test_a_milestone_date_outside_sense_is_refused_naming_the_date(
    policy_officer: User, draft: PolicyVersion, on: date
) -> None:
    with pytest.raises(ValidationError) as error:
        make_milestone(actor=policy_officer, version=draft, on=on)

    assert list(_messages(error)) == ["date"]
    assert not Milestone.objects.exists()


def test_a_milestone_without_kind_is_refused_naming_the_field(
    policy_officer: User, draft: PolicyVersion
) -> None:
    with pytest.raises(ValidationError) as error:
        make_milestone(actor=policy_officer, version=draft, kind="")

    assert list(_messages(error)) == ["kind"]


def test_the_adoption_milestone_names_the_city_council_if_any_committee(
    policy_officer: User, draft: PolicyVersion
) -> None:
    committee = make_committee(actor=policy_officer)

    with pytest.raises(ValidationError) as error:
        make_milestone(
            actor=policy_officer, version=draft, kind=MilestoneKind.ADOPTION, committee=committee
        )

    assert list(_messages(error)) == ["committee"]


def test_a_milestone_cannot_name_another_municipalitys_committee(
    policy_officer: User, other_policy_officer: User, draft: PolicyVersion
) -> None:
    foreign = make_committee(actor=other_policy_officer)

    with pytest.raises(ValidationError) as error:
        make_milestone(actor=policy_officer, version=draft, committee=foreign)

    assert list(_messages(error)) == ["committee"]


def test_another_municipalitys_officer_cannot_plan_the_policy(
    policy_officer: User, other_policy_officer: User, draft: PolicyVersion
) -> None:
    with pytest.raises(PermissionDenied):
        make_milestone(actor=other_policy_officer, version=draft)

    assert not Milestone.objects.exists()


def test_a_stored_milestone_cannot_be_moved_to_another_policy(
    policy_officer: User, draft: PolicyVersion
) -> None:
    milestone = make_milestone(actor=policy_officer, version=draft)
    other = make_policy(actor=policy_officer, title="Anden politik", complete=False)
    milestone.policy = other.policy

    with pytest.raises(PermissionDenied):
        services.milestone_save(actor=policy_officer, milestone=milestone)

    assert Milestone.objects.get().policy_id == draft.policy_id


def test_a_milestone_is_deleted_only_by_its_municipalitys_officer(
    policy_officer: User, other_policy_officer: User, draft: PolicyVersion
) -> None:
    milestone = make_milestone(actor=policy_officer, version=draft)

    with pytest.raises(PermissionDenied):
        services.milestone_delete(actor=other_policy_officer, milestone=milestone)
    services.milestone_delete(actor=policy_officer, milestone=milestone)

    assert not Milestone.objects.exists()


def test_item_fields_are_the_services_fields() -> None:
    """The factory and the service agree on the fields of an agenda item."""
    assert set(item_fields(Committee())) == set(services.ITEM_FIELDS)
