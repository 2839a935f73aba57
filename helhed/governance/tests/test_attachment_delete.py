# SPDX-License-Identifier: MPL-2.0
"""Deleting a bilag (ADR 0034): a POST after a confirmation page, for the policy officer
only, and not once a committee has decided on the item; the later bilag move up."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from helhed.governance import services
from helhed.governance.models import AgendaItem, Attachment, ChangeLog, Committee
from helhed.governance.tests.factories import PDF, make_committee, make_item, make_meeting
from helhed.governance.tests.pages import da, flashed, page
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified

pytestmark = pytest.mark.django_db

DELETE_BUTTON = f'<button type="submit" class="button button-primary">{da("Delete")}</button>'


@pytest.fixture
def committee(policy_officer: User) -> Committee:
    return make_committee(actor=policy_officer)


@pytest.fixture
def item(policy_officer: User, committee: Committee) -> AgendaItem:
    item = make_item(
        actor=policy_officer,
        committee=committee,
        meeting=make_meeting(actor=policy_officer, committee=committee),
    )
    for title in ("Første", "Andet", "Tredje"):
        services.attachment_add(
            actor=policy_officer, item=item, title=title, pdf=PDF, pdf_name=f"{title}.pdf"
        )
    return item


def _url(attachment: Attachment) -> str:
    return reverse("governance:attachment_delete", kwargs={"attachment_id": attachment.id})


def _titles(item: AgendaItem) -> list[tuple[int, str]]:
    return list(Attachment.objects.filter(item=item).values_list("number", "title"))


def test_the_confirmation_page_deletes_nothing(
    client: Client, policy_officer: User, item: AgendaItem
) -> None:
    login_verified(client, policy_officer)
    second = Attachment.objects.get(item=item, number=2)

    response = client.get(_url(second))

    assert response.status_code == 200
    assert da("Delete the attachment?") in page(response)
    assert "Andet" in page(response)
    assert DELETE_BUTTON in page(response)
    assert Attachment.objects.filter(item=item).count() == 3


def test_a_policy_officer_deletes_a_bilag_and_the_later_ones_move_up(
    client: Client, policy_officer: User, item: AgendaItem
) -> None:
    login_verified(client, policy_officer)
    second = Attachment.objects.get(item=item, number=2)

    response = client.post(_url(second))

    assert response.status_code == 302
    assert flashed(response) == [da("The attachment was deleted.")]
    assert _titles(item) == [(1, "Første"), (2, "Tredje")]
    change = ChangeLog.objects.get(object_id=second.id, action="detached")
    assert (change.actor, change.item_id, change.summary) == (policy_officer, item.id, "2 - Andet")


def test_a_bilag_of_a_decided_item_cannot_be_deleted(
    client: Client, policy_officer: User, item: AgendaItem
) -> None:
    services.decision_record(
        actor=policy_officer, entry=item.entries.get(), outcome="discussed", text="Drøftet."
    )
    login_verified(client, policy_officer)
    first = Attachment.objects.get(item=item, number=1)

    response = client.post(_url(first))

    assert response.status_code == 400
    assert da(
        "A committee has decided on the agenda item: its attachments are part of the "
        "decision and cannot be deleted."
    ) in page(response)
    assert len(_titles(item)) == 3
    assert not ChangeLog.objects.filter(action="detached").exists()
    detail = page(client.get(reverse("governance:item_detail", kwargs={"item_id": item.id})))
    assert _url(first) not in detail


@pytest.mark.parametrize("role", ["manager", "politician"])
def test_readers_cannot_delete_a_bilag(
    request: pytest.FixtureRequest, client: Client, role: str, item: AgendaItem
) -> None:
    reader: User = request.getfixturevalue(role)
    first = Attachment.objects.get(item=item, number=1)

    with pytest.raises(PermissionDenied):
        services.attachment_delete(actor=reader, attachment=first)
    login_verified(client, reader)
    assert client.post(_url(first)).status_code == 403
    assert len(_titles(item)) == 3


def test_another_municipalitys_bilag_is_not_found(
    client: Client, other_policy_officer: User, item: AgendaItem
) -> None:
    login_verified(client, other_policy_officer)
    first = Attachment.objects.get(item=item, number=1)

    assert client.post(_url(first)).status_code == 404
    assert len(_titles(item)) == 3


def test_a_bilag_deleted_already_is_refused_clearly(policy_officer: User, item: AgendaItem) -> None:
    first = Attachment.objects.get(item=item, number=1)
    services.attachment_delete(actor=policy_officer, attachment=first)

    with pytest.raises(ValidationError) as refused:
        services.attachment_delete(actor=policy_officer, attachment=first)
    assert refused.value.messages == [
        da("This attachment no longer exists; someone may have deleted it.")
    ]


def test_the_item_page_offers_delete_to_the_policy_officer_only(
    client: Client, policy_officer: User, politician: User, item: AgendaItem
) -> None:
    first = Attachment.objects.get(item=item, number=1)
    detail = reverse("governance:item_detail", kwargs={"item_id": item.id})
    login_verified(client, policy_officer)
    assert _url(first) in page(client.get(detail))
    login_verified(client, politician)
    assert _url(first) not in page(client.get(detail))


def test_the_confirmation_page_of_a_decided_item_says_why_and_offers_no_delete(
    client: Client, policy_officer: User, item: AgendaItem
) -> None:
    services.decision_record(
        actor=policy_officer, entry=item.entries.get(), outcome="discussed", text="Drøftet."
    )
    login_verified(client, policy_officer)

    body = page(client.get(_url(Attachment.objects.get(item=item, number=1))))

    assert da("Back to the agenda item") in body
    assert DELETE_BUTTON not in body
