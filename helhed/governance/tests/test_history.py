# SPDX-License-Identifier: MPL-2.0
"""The governance history (ADR 0034): each write leaves who did what and when, in its own
transaction; a refused write leaves nothing; the item page shows the item's history."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from helhed.governance import services
from helhed.governance.models import ChangeLog, Milestone
from helhed.governance.tests.factories import (
    PDF,
    item_fields,
    make_committee,
    make_item,
    make_meeting,
)
from helhed.governance.tests.pages import da, page
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies.tests.factories import make_policy

pytestmark = pytest.mark.django_db


def _log() -> list[tuple[str, str, str]]:
    return list(
        ChangeLog.objects.order_by("created_at").values_list("object_type", "action", "summary")
    )


def test_each_governance_write_is_recorded_with_its_actor(policy_officer: User) -> None:
    committee = make_committee(actor=policy_officer, name="Økonomiudvalget")
    meeting = make_meeting(actor=policy_officer, committee=committee, on=date(2018, 8, 14))
    item = make_item(actor=policy_officer, committee=committee, meeting=meeting)
    services.agenda_item_update(
        actor=policy_officer,
        item=item,
        **item_fields(committee, recommendation="Forvaltningen indstiller noget andet."),
    )
    services.decision_record(
        actor=policy_officer, entry=item.entries.get(), outcome="discussed", text="Drøftet."
    )
    services.attachment_add(actor=policy_officer, item=item, title="Notat", pdf=PDF)
    milestone = services.milestone_save(
        actor=policy_officer,
        milestone=Milestone(
            policy=make_policy(actor=policy_officer).policy, kind="hearing", date=date(2018, 9, 1)
        ),
    )
    services.milestone_delete(actor=policy_officer, milestone=milestone)

    assert _log() == [
        ("committee", "created", "Økonomiudvalget"),
        ("meeting", "created", "Økonomiudvalget 14-08-2018"),
        ("agenda_item", "created", item.title),
        ("agenda_entry", "scheduled", "Økonomiudvalget 14-08-2018, 1."),
        ("agenda_item", "changed", item.title),
        ("decision", "decided", "Økonomiudvalget 14-08-2018: Drøftet"),
        ("attachment", "attached", "1 - Notat"),
        ("milestone", "created", "Høring 01-09-2018"),
        ("milestone", "deleted", "Høring 01-09-2018"),
    ]
    assert set(ChangeLog.objects.values_list("actor", flat=True)) == {policy_officer.pk}
    changed = ChangeLog.objects.get(action="changed")
    assert changed.fields == ["recommendation"]


def test_an_update_that_changes_nothing_records_nothing(policy_officer: User) -> None:
    committee = make_committee(actor=policy_officer)
    item = make_item(actor=policy_officer, committee=committee)
    before = ChangeLog.objects.count()

    services.agenda_item_update(actor=policy_officer, item=item, **item_fields(committee))

    assert ChangeLog.objects.count() == before


def test_a_refused_write_records_nothing(policy_officer: User) -> None:
    committee = make_committee(actor=policy_officer)
    make_item(actor=policy_officer, committee=committee)
    before = ChangeLog.objects.count()

    with pytest.raises(ValidationError):
        make_item(actor=policy_officer, committee=committee)  # the same case number
    with pytest.raises(ValidationError):
        services.committee_create(actor=policy_officer, name=committee.name)

    assert ChangeLog.objects.count() == before


def test_the_item_page_shows_its_history_and_not_another_items(
    client: Client, policy_officer: User, politician: User
) -> None:
    committee = make_committee(actor=policy_officer)
    item = make_item(actor=policy_officer, committee=committee)
    services.attachment_add(actor=policy_officer, item=item, title="Særligt notat", pdf=PDF)
    make_item(actor=policy_officer, committee=committee, case_number="18/2", title="Andet punkt")
    login_verified(client, politician)

    body = page(client.get(reverse("governance:item_detail", kwargs={"item_id": item.id})))

    history = body[body.index(da("History")) :]
    assert da("Attachment added") in history
    assert "1 - Særligt notat" in history
    assert str(policy_officer) in history
    assert "Andet punkt" not in history


def test_the_history_lists_the_changed_fields_by_their_labels(
    client: Client, policy_officer: User
) -> None:
    committee = make_committee(actor=policy_officer)
    item = make_item(actor=policy_officer, committee=committee)
    services.agenda_item_update(
        actor=policy_officer, item=item, **item_fields(committee, legal_basis="Serviceloven")
    )
    login_verified(client, policy_officer)

    body = page(client.get(reverse("governance:item_detail", kwargs={"item_id": item.id})))

    assert f"({da('legal basis').lower()})" in body
