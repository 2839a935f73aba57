# SPDX-License-Identifier: MPL-2.0
"""The committee pages, end to end: the list, a committee, a meeting with its agenda, and
the forms for a new committee and meeting, with their refusals."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from helhed.governance.models import Committee, Meeting
from helhed.governance.tests.factories import make_committee, make_item, make_meeting
from helhed.governance.tests.pages import da, page
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["policy_officer", "manager", "politician"])
def test_staff_who_follow_the_policy_read_the_committee_list(
    client: Client, request: pytest.FixtureRequest, policy_officer: User, persona: str
) -> None:
    make_committee(actor=policy_officer, name="Økonomiudvalget")
    make_item(actor=policy_officer, committee=make_committee(actor=policy_officer))
    login_verified(client, request.getfixturevalue(persona))

    response = client.get(reverse("governance:committee_list"))

    assert response.status_code == 200
    assert "Økonomiudvalget" in page(response)
    assert "18/12386" in page(response)


@pytest.mark.parametrize("persona", ["caseworker", "administrator"])
def test_other_roles_are_refused_the_committee_list(
    client: Client, request: pytest.FixtureRequest, persona: str
) -> None:
    login_verified(client, request.getfixturevalue(persona))

    assert client.get(reverse("governance:committee_list")).status_code == 403


def test_the_list_shows_only_the_own_municipalitys_committees(
    client: Client, policy_officer: User, other_policy_officer: User
) -> None:
    make_committee(actor=policy_officer, name="Beskæftigelsesudvalget")
    make_committee(actor=other_policy_officer, name="Udvalg for skole og ungdomsuddannelse")
    login_verified(client, policy_officer)

    text = page(client.get(reverse("governance:committee_list")))

    assert "Beskæftigelsesudvalget" in text
    assert "Udvalg for skole og ungdomsuddannelse" not in text


def test_the_new_committee_button_is_for_the_policy_officer_only(
    client: Client, politician: User
) -> None:
    login_verified(client, politician)

    text = page(client.get(reverse("governance:committee_list")))

    assert reverse("governance:committee_create") not in text


def test_a_policy_officer_creates_the_city_council(client: Client, policy_officer: User) -> None:
    login_verified(client, policy_officer)

    response = client.post(
        reverse("governance:committee_create"), {"name": "Byrådet", "is_city_council": "on"}
    )

    committee = Committee.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "governance:committee_detail", kwargs={"committee_id": committee.id}
    )
    assert committee.is_city_council


def test_a_committee_without_a_name_is_refused_naming_the_field(
    client: Client, policy_officer: User
) -> None:
    login_verified(client, policy_officer)

    response = client.post(reverse("governance:committee_create"), {"name": ""})

    assert response.status_code == 400
    assert f"{da('Name')}: {da('This field is required.')}" in page(response)
    assert not Committee.objects.exists()


def test_a_second_city_council_is_refused_with_the_reason(
    client: Client, policy_officer: User
) -> None:
    make_committee(actor=policy_officer, name="Byrådet", council=True)
    login_verified(client, policy_officer)

    response = client.post(
        reverse("governance:committee_create"),
        {"name": "Kommunalbestyrelsen", "is_city_council": "on"},
    )

    assert response.status_code == 400
    assert da("The municipality already has its city council.") in page(response)
    assert Committee.objects.count() == 1


def test_a_politician_cannot_create_a_committee(client: Client, politician: User) -> None:
    login_verified(client, politician)

    response = client.post(reverse("governance:committee_create"), {"name": "Skyggeudvalg"})

    assert response.status_code == 403
    assert not Committee.objects.exists()


def test_a_committee_page_lists_its_meetings_newest_first(
    client: Client, policy_officer: User, manager: User
) -> None:
    committee = make_committee(actor=policy_officer)
    make_meeting(actor=policy_officer, committee=committee, on=date(2018, 8, 14))
    make_meeting(
        actor=policy_officer, committee=committee, on=date(2018, 9, 11), place="Mødelokale 1"
    )
    login_verified(client, manager)

    text = page(
        client.get(reverse("governance:committee_detail", kwargs={"committee_id": committee.id}))
    )

    assert text.index("11. september 2018") < text.index("14. august 2018")
    assert "Mødelokale 1" in text


def test_another_municipalitys_committee_is_not_found(
    client: Client, policy_officer: User, other_policy_officer: User
) -> None:
    committee = make_committee(actor=other_policy_officer)
    login_verified(client, policy_officer)

    url = reverse("governance:committee_detail", kwargs={"committee_id": committee.id})

    assert client.get(url).status_code == 404


def test_a_policy_officer_creates_a_meeting_in_danish_time(
    client: Client, policy_officer: User
) -> None:
    committee = make_committee(actor=policy_officer)
    login_verified(client, policy_officer)

    response = client.post(
        reverse("governance:meeting_create", kwargs={"committee_id": committee.id}),
        {"date": "2018-08-14", "start_time": "16:30", "place": "Byrådssalen"},
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.starts_at is not None
    assert meeting.starts_at.isoformat() == "2018-08-14T16:30:00+02:00"
    detail = page(client.get(response["Location"]))
    assert "16:30" in detail
    assert "Byrådssalen" in detail


def test_a_meeting_in_the_past_is_fine_but_not_before_2000(
    client: Client, policy_officer: User
) -> None:
    committee = make_committee(actor=policy_officer)
    login_verified(client, policy_officer)
    url = reverse("governance:meeting_create", kwargs={"committee_id": committee.id})

    refused = client.post(url, {"date": "1999-08-14"})
    accepted = client.post(url, {"date": "2016-04-26"})

    assert refused.status_code == 400
    assert f"{da('Date')}: " in page(refused)
    assert "2000" in page(refused)
    assert accepted.status_code == 302
    assert list(Meeting.objects.values_list("date", flat=True)) == [date(2016, 4, 26)]


def test_a_meeting_without_a_date_is_refused_naming_the_field(
    client: Client, policy_officer: User
) -> None:
    committee = make_committee(actor=policy_officer)
    login_verified(client, policy_officer)

    response = client.post(
        reverse("governance:meeting_create", kwargs={"committee_id": committee.id}),
        {"date": "", "place": "Byrådssalen"},
    )

    assert response.status_code == 400
    assert f"{da('Date')}: {da('This field is required.')}" in page(response)
    assert not Meeting.objects.exists()


def test_a_meeting_page_shows_its_agenda_in_order(
    client: Client, policy_officer: User, politician: User
) -> None:
    committee = make_committee(actor=policy_officer)
    meeting = make_meeting(actor=policy_officer, committee=committee)
    make_item(actor=policy_officer, committee=committee, meeting=meeting, title="Første sag")
    make_item(
        actor=policy_officer,
        committee=committee,
        meeting=meeting,
        title="Anden sag",
        case_number="18/2",
    )
    login_verified(client, politician)

    text = page(client.get(reverse("governance:meeting_detail", kwargs={"meeting_id": meeting.id})))

    assert text.index("Første sag") < text.index("Anden sag")
    assert da("Not stated") in text  # no time, no place
    assert reverse("governance:item_create") not in text


def test_another_municipalitys_meeting_is_not_found(
    client: Client, policy_officer: User, other_policy_officer: User
) -> None:
    meeting = make_meeting(
        actor=other_policy_officer, committee=make_committee(actor=other_policy_officer)
    )
    login_verified(client, policy_officer)

    url = reverse("governance:meeting_detail", kwargs={"meeting_id": meeting.id})
    create = reverse("governance:meeting_create", kwargs={"committee_id": meeting.committee_id})

    assert client.get(url).status_code == 404
    assert client.post(create, {"date": "2018-08-14"}).status_code == 404
    assert Meeting.objects.count() == 1
