# SPDX-License-Identifier: MPL-2.0
"""The process plan, end to end: its page, the policy page's timeline, the start page's
upcoming milestones, and the policy officer's forms to add, edit and delete a milestone."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helhed.governance.models import Milestone, MilestoneKind
from helhed.governance.tests.factories import make_committee, make_item, make_milestone
from helhed.governance.tests.pages import da, flashed, page
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies.models import PolicyVersion
from helhed.policies.tests.factories import make_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(policy_officer: User) -> PolicyVersion:
    return make_policy(actor=policy_officer)


def _plan(version: PolicyVersion) -> str:
    return reverse("governance:process_plan", kwargs={"policy_id": version.policy_id})


def _form(**changes: str) -> dict[str, str]:
    data = {
        "kind": MilestoneKind.HEARING,
        "committee": "",
        "date": "2016-01-13",
        "precision": "day",
        "description": "Forslag til integrationspolitik sendes til høring",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("persona", ["policy_officer", "manager", "politician"])
def test_the_process_plan_shows_a_grid_by_month_and_the_dated_schedule(
    client: Client,
    request: pytest.FixtureRequest,
    policy_officer: User,
    version: PolicyVersion,
    persona: str,
) -> None:
    committee = make_committee(actor=policy_officer, name="Kulturudvalget")
    make_milestone(actor=policy_officer, version=version, on=date(2016, 2, 4), committee=committee)
    make_milestone(
        actor=policy_officer,
        version=version,
        kind=MilestoneKind.COMMITTEE_TREATMENT,
        on=date(2016, 3, 15),
    )
    login_verified(client, request.getfixturevalue(persona))

    text = page(client.get(_plan(version)))

    assert da("Time and process plan") in text
    assert text.index("Feb 2016") < text.index("Mar 2016")
    assert text.index(da("Hearing")) < text.index(da("Treatment in a committee"))
    assert "4. februar 2016" in text
    assert "Kulturudvalget" in text


def test_the_edit_links_are_for_the_policy_officer_only(
    client: Client, policy_officer: User, politician: User, version: PolicyVersion
) -> None:
    milestone = make_milestone(actor=policy_officer, version=version)
    edit = reverse("governance:milestone_edit", kwargs={"milestone_id": milestone.id})

    login_verified(client, politician)
    as_politician = page(client.get(_plan(version)))
    login_verified(client, policy_officer)
    as_officer = page(client.get(_plan(version)))

    assert edit not in as_politician
    assert edit in as_officer


def test_a_policy_officer_adds_a_milestone(
    client: Client, policy_officer: User, version: PolicyVersion
) -> None:
    committee = make_committee(actor=policy_officer, name="Internationaliseringsudvalg")
    login_verified(client, policy_officer)

    response = client.post(
        reverse("governance:milestone_create", kwargs={"policy_id": version.policy_id}),
        _form(committee=str(committee.id)),
    )

    milestone = Milestone.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _plan(version)
    assert (milestone.kind, milestone.date, milestone.committee) == (
        MilestoneKind.HEARING,
        date(2016, 1, 13),
        committee,
    )
    assert flashed(response) == [da("The process plan was saved.")]


@pytest.mark.parametrize("day", ["1999-12-31", "0216-01-13", "2101-01-01"])
def test_a_milestone_date_outside_sense_is_refused_naming_the_date(
    client: Client, policy_officer: User, version: PolicyVersion, day: str
) -> None:
    login_verified(client, policy_officer)

    response = client.post(
        reverse("governance:milestone_create", kwargs={"policy_id": version.policy_id}),
        _form(date=day),
    )

    assert response.status_code == 400
    assert f"{da('Date')}: {da('The date')} skal ligge i årene 2000 til 2100." in page(response)
    assert not Milestone.objects.exists()


def test_a_milestone_without_a_step_or_date_names_both_fields(
    client: Client, policy_officer: User, version: PolicyVersion
) -> None:
    login_verified(client, policy_officer)

    response = client.post(
        reverse("governance:milestone_create", kwargs={"policy_id": version.policy_id}),
        _form(kind="", date=""),
    )

    text = page(response)
    assert response.status_code == 400
    assert f"{da('Step')}: {da('This field is required.')}" in text
    assert f"{da('Date')}: {da('This field is required.')}" in text
    assert not Milestone.objects.exists()


def test_the_adoption_by_another_committee_than_the_city_council_is_refused(
    client: Client, policy_officer: User, version: PolicyVersion
) -> None:
    committee = make_committee(actor=policy_officer)
    login_verified(client, policy_officer)

    response = client.post(
        reverse("governance:milestone_create", kwargs={"policy_id": version.policy_id}),
        _form(kind=MilestoneKind.ADOPTION, committee=str(committee.id)),
    )

    assert response.status_code == 400
    assert da("Only the city council adopts the policy.") in page(response)
    assert not Milestone.objects.exists()


def test_a_policy_officer_edits_and_deletes_a_milestone(
    client: Client, policy_officer: User, version: PolicyVersion
) -> None:
    milestone = make_milestone(actor=policy_officer, version=version)
    login_verified(client, policy_officer)

    edited = client.post(
        reverse("governance:milestone_edit", kwargs={"milestone_id": milestone.id}),
        _form(date="2016-01-27"),
    )
    milestone.refresh_from_db()
    confirm = client.get(
        reverse("governance:milestone_delete", kwargs={"milestone_id": milestone.id})
    )
    deleted = client.post(
        reverse("governance:milestone_delete", kwargs={"milestone_id": milestone.id})
    )

    assert edited.status_code == 302
    assert milestone.date == date(2016, 1, 27)
    assert confirm.status_code == 200
    assert deleted.status_code == 302
    assert not Milestone.objects.exists()


@pytest.mark.parametrize("persona", ["manager", "politician"])
def test_readers_cannot_change_the_process_plan(
    client: Client,
    request: pytest.FixtureRequest,
    policy_officer: User,
    version: PolicyVersion,
    persona: str,
) -> None:
    milestone = make_milestone(actor=policy_officer, version=version)
    login_verified(client, request.getfixturevalue(persona))

    created = client.post(
        reverse("governance:milestone_create", kwargs={"policy_id": version.policy_id}), _form()
    )
    deleted = client.post(
        reverse("governance:milestone_delete", kwargs={"milestone_id": milestone.id})
    )

    assert (created.status_code, deleted.status_code) == (403, 403)
    assert Milestone.objects.count() == 1


def test_another_municipalitys_process_plan_is_not_found(
    client: Client, policy_officer: User, other_policy_officer: User
) -> None:
    foreign = make_policy(actor=other_policy_officer)
    milestone = make_milestone(actor=other_policy_officer, version=foreign)
    login_verified(client, policy_officer)

    assert client.get(_plan(foreign)).status_code == 404
    for name in ("milestone_edit", "milestone_delete"):
        url = reverse(f"governance:{name}", kwargs={"milestone_id": milestone.id})
        assert client.get(url).status_code == 404
        assert client.post(url, _form()).status_code == 404
    assert Milestone.objects.get().date == date(2018, 8, 7)


# --- the policy pages include the process ---------------------------------------------------


def test_the_policy_page_shows_its_process_plan_and_its_agenda_items(
    client: Client, policy_officer: User, politician: User, version: PolicyVersion
) -> None:
    committee = make_committee(actor=policy_officer, name="Kulturudvalget")
    make_milestone(actor=policy_officer, version=version, committee=committee)
    item = make_item(actor=policy_officer, committee=committee, policy_version=version)
    login_verified(client, politician)

    text = page(client.get(reverse("policies:version_detail", kwargs={"version_id": version.id})))

    assert da("Time and process plan") in text
    assert "Kulturudvalget" in text
    assert _plan(version) in text
    assert reverse("governance:item_detail", kwargs={"item_id": item.id}) in text


def test_a_caseworker_sees_the_policy_without_the_process(
    client: Client, policy_officer: User, caseworker: User, version: PolicyVersion
) -> None:
    make_milestone(actor=policy_officer, version=version)
    login_verified(client, caseworker)

    text = page(client.get(reverse("policies:version_detail", kwargs={"version_id": version.id})))

    assert da("Time and process plan") not in text
    assert _plan(version) not in text


def test_the_start_page_lists_the_upcoming_milestones_soonest_first(
    client: Client, policy_officer: User, other_policy_officer: User, version: PolicyVersion
) -> None:
    today = timezone.localdate()
    committee = make_committee(actor=policy_officer, name="Byrådet", council=True)
    make_milestone(
        actor=policy_officer,
        version=version,
        kind=MilestoneKind.ADOPTION,
        on=today + timedelta(days=30),
        committee=committee,
    )
    make_milestone(actor=policy_officer, version=version, on=today + timedelta(days=3))
    make_milestone(
        actor=policy_officer,
        version=version,
        kind=MilestoneKind.FOLLOW_UP,
        on=today - timedelta(days=3),
    )
    make_milestone(
        actor=other_policy_officer,
        version=make_policy(actor=other_policy_officer, title="Furesøs politik"),
        on=today + timedelta(days=1),
    )
    login_verified(client, policy_officer)

    text = page(client.get(reverse("policies:dashboard")))

    section = text[text.index(da("Upcoming milestones")) :]
    assert section.index(da("Hearing")) < section.index(da("Adoption by the city council"))
    assert da("Follow-up") not in section
    assert "Furesøs politik" not in section
    assert _plan(version) in section


def test_the_start_page_of_a_caseworker_has_no_milestones(client: Client, caseworker: User) -> None:
    login_verified(client, caseworker)

    text = page(client.get(reverse("policies:dashboard")))

    assert da("Upcoming milestones") not in text
