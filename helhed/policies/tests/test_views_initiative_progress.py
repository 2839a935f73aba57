# SPDX-License-Identifier: MPL-2.0
"""Following up the adopted action plan: status and progress with a reason, kept as history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from helhed.organisations.tests.sessions import login_verified
from helhed.policies import services
from helhed.policies.models import Initiative, InitiativeProgressUpdate, PolicyVersion
from helhed.policies.tests.factories import adopt, make_policy


@pytest.fixture
def adopted(policy_officer) -> PolicyVersion:
    return adopt(actor=policy_officer, version=make_policy(actor=policy_officer))


def _url(initiative: Initiative) -> str:
    return reverse("policies:initiative_progress", kwargs={"initiative_id": initiative.id})


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["policy_officer", "manager"])
def test_policy_officer_and_manager_follow_up_an_adopted_initiative(
    client, adopted, persona, request
):
    # given
    user = request.getfixturevalue(persona)
    initiative = adopted.initiatives.get()
    login_verified(client, user)
    # when
    response = client.post(
        _url(initiative), {"status": "in_progress", "progress": "40", "note": "Hold 1 startet."}
    )
    # then
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.status, initiative.progress) == ("in_progress", 40)
    update = InitiativeProgressUpdate.objects.get(initiative=initiative)
    assert (update.actor, update.note, update.progress) == (user, "Hold 1 startet.", 40)
    # and the policy text itself is untouched and still adopted
    adopted.refresh_from_db()
    assert adopted.status == "adopted"
    assert client.get(_url(initiative)).content.decode().count("Hold 1 startet.") == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "in_progress", "progress": "40", "note": ""}, "note"),
        ({"status": "in_progress", "progress": "140", "note": "x"}, "progress"),
        ({"status": "in_progress", "progress": "-1", "note": "x"}, "progress"),
        ({"status": "finished", "progress": "40", "note": "x"}, "status"),
    ],
)
def test_bad_follow_up_is_refused_naming_the_field_and_nothing_is_written(
    client, adopted, policy_officer, data, field
):
    initiative = adopted.initiatives.get()
    login_verified(client, policy_officer)

    response = client.post(_url(initiative), data)

    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not InitiativeProgressUpdate.objects.exists()
    initiative.refresh_from_db()
    assert initiative.progress == 0


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["caseworker", "politician", "administrator"])
def test_other_roles_may_not_follow_up(client, adopted, persona, request):
    initiative = adopted.initiatives.get()
    login_verified(client, request.getfixturevalue(persona))

    assert client.get(_url(initiative)).status_code == 403
    post = client.post(_url(initiative), {"status": "completed", "progress": "100", "note": "x"})
    assert post.status_code == 403
    assert not InitiativeProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_another_municipality_gets_404(client, adopted, other_policy_officer):
    initiative = adopted.initiatives.get()
    login_verified(client, other_policy_officer)

    assert client.get(_url(initiative)).status_code == 404
    post = client.post(_url(initiative), {"status": "completed", "progress": "100", "note": "x"})
    assert post.status_code == 404
    assert not InitiativeProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_a_draft_is_not_followed_up_but_edited(client, policy_officer):
    draft = make_policy(actor=policy_officer)
    initiative = draft.initiatives.get()
    login_verified(client, policy_officer)

    response = client.post(
        _url(initiative), {"status": "completed", "progress": "100", "note": "x"}
    )

    assert response.status_code == 400
    assert not InitiativeProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_service_refuses_a_user_of_another_municipality(adopted, other_policy_officer):
    with pytest.raises(PermissionDenied):
        services.initiative_progress_update(
            actor=other_policy_officer,
            initiative=adopted.initiatives.get(),
            status="completed",
            progress=100,
            note="x",
        )
    assert not InitiativeProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_service_refuses_a_blank_reason(adopted, policy_officer):
    with pytest.raises(ValidationError):
        services.initiative_progress_update(
            actor=policy_officer,
            initiative=adopted.initiatives.get(),
            status="completed",
            progress=100,
            note="   ",
        )
    assert not InitiativeProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_the_follow_up_link_is_offered_on_the_adopted_version_only(
    client, adopted, policy_officer, politician
):
    link = _url(adopted.initiatives.get())
    detail = reverse("policies:version_detail", kwargs={"version_id": adopted.id})
    login_verified(client, policy_officer)
    assert link in client.get(detail).content.decode()
    draft = services.policy_version_revise(actor=policy_officer, version=adopted)
    draft_detail = reverse("policies:version_detail", kwargs={"version_id": draft.id})
    assert _url(draft.initiatives.get()) not in client.get(draft_detail).content.decode()
    login_verified(client, politician)
    assert link not in client.get(detail).content.decode()
