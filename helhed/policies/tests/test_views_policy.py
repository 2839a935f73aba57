# SPDX-License-Identifier: MPL-2.0
"""The staff pages of a policy, end to end: dashboard, create, detail, edit, lifecycle,
revising, comparing and the PDF."""

import io
from datetime import date
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override
from pypdf import PdfReader

from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies import services
from helhed.policies.comparison import ComparisonRow
from helhed.policies.models import (
    FocusArea,
    Policy,
    PolicyTransition,
    PolicyValue,
    PolicyVersion,
    Status,
)
from helhed.policies.tests.factories import adopt, make_policy


def _detail(version: PolicyVersion) -> str:
    return reverse("policies:version_detail", kwargs={"version_id": version.id})


def _da(message: str) -> str:
    """`message` as the page shows it: in Danish (when translated) and HTML-escaped."""
    with override("da"):
        return escape(gettext(message))


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- dashboard -------------------------------------------------------------------------


def test_the_dashboard_lists_only_the_own_municipality_s_policies(
    client: Client, caseworker: User, policy_officer: User, other_policy_officer: User
) -> None:
    # given
    own = make_policy(actor=policy_officer, title="Horsens' integrationspolitik", complete=False)
    make_policy(actor=other_policy_officer, title="Furesøs integrationspolitik", complete=False)
    login_verified(client, caseworker)

    # when
    response = client.get(reverse("policies:dashboard"))

    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert escape("Horsens' integrationspolitik") in content
    assert _detail(own) in content
    assert "Furesøs integrationspolitik" not in content
    assert list(response.context["policies"]) == [own.policy]


def test_the_dashboard_offers_a_new_policy_to_a_policy_officer_only(
    client: Client, policy_officer: User, caseworker: User
) -> None:
    create_url = reverse("policies:policy_create")

    login_verified(client, policy_officer)
    for_officer = client.get(reverse("policies:dashboard")).content.decode()
    login_verified(client, caseworker)
    for_caseworker = client.get(reverse("policies:dashboard")).content.decode()

    assert create_url in for_officer
    assert create_url not in for_caseworker


def test_the_dashboard_lists_every_version_of_a_policy(
    client: Client, policy_officer: User
) -> None:
    first = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    second = services.policy_version_revise(actor=policy_officer, version=first)
    login_verified(client, policy_officer)

    content = client.get(reverse("policies:dashboard")).content.decode()

    assert _detail(first) in content
    assert _detail(second) in content


# --- creating a policy -----------------------------------------------------------------


def test_the_new_policy_form_is_shown_to_a_policy_officer(
    client: Client, policy_officer: User
) -> None:
    login_verified(client, policy_officer)

    response = client.get(reverse("policies:policy_create"))

    assert response.status_code == 200
    assert 'name="period_end"' in response.content.decode()


def test_a_policy_officer_creates_a_policy_and_lands_on_its_draft(
    client: Client, policy_officer: User
) -> None:
    login_verified(client, policy_officer)

    response = client.post(
        reverse("policies:policy_create"),
        {"title": "Integrationspolitik", "subtitle": "", "period_start": 2018, "period_end": 2021},
    )

    version = PolicyVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(version)
    assert (version.title, version.number, version.status) == ("Integrationspolitik", 1, "draft")
    assert version.policy.municipality_id == policy_officer.municipality_id


def test_creating_a_policy_whose_period_ends_before_it_starts_shows_the_error_and_writes_nothing(
    client: Client, policy_officer: User
) -> None:
    login_verified(client, policy_officer)

    response = client.post(
        reverse("policies:policy_create"),
        {"title": "Integrationspolitik", "subtitle": "", "period_start": 2021, "period_end": 2018},
    )

    assert response.status_code == 400
    assert _da("The period cannot end before it starts.") in response.content.decode()
    assert "period_end" in response.context["form"].errors
    assert (Policy.objects.count(), PolicyVersion.objects.count()) == (0, 0)


def test_creating_a_policy_without_a_title_is_refused(client: Client, policy_officer: User) -> None:
    login_verified(client, policy_officer)

    response = client.post(
        reverse("policies:policy_create"),
        {"title": "", "period_start": 2018, "period_end": 2021},
    )

    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert not Policy.objects.exists()


# --- the version page ------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["policy_officer", "caseworker", "manager", "politician"])
def test_every_role_of_the_municipality_reads_a_version(
    client: Client, policy_officer: User, persona: str, request: pytest.FixtureRequest
) -> None:
    version = make_policy(actor=policy_officer)
    login_verified(client, request.getfixturevalue(persona))

    response = client.get(_detail(version))

    assert response.status_code == 200
    content = response.content.decode()
    for text in ("Vi skaber løsninger sammen", "Helhed", "Flygtninge", "Beskæftigelse"):
        assert text in content
    assert "Flere i job." in content
    assert "Branchepakker" in content


def test_the_version_page_offers_editing_to_a_policy_officer_only(
    client: Client, policy_officer: User, politician: User
) -> None:
    version = make_policy(actor=policy_officer)
    edit_url = reverse("policies:version_edit", kwargs={"version_id": version.id})

    login_verified(client, policy_officer)
    for_officer = client.get(_detail(version)).content.decode()
    login_verified(client, politician)
    for_politician = client.get(_detail(version)).content.decode()

    assert edit_url in for_officer
    assert edit_url not in for_politician
    assert "/rediger/" not in for_politician


def test_an_adopted_version_page_offers_no_editing_but_a_new_version(
    client: Client, policy_officer: User
) -> None:
    version = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    login_verified(client, policy_officer)

    content = client.get(_detail(version)).content.decode()

    assert "/rediger/" not in content
    assert reverse("policies:version_revise", kwargs={"version_id": version.id}) in content


# --- editing the version's texts -------------------------------------------------------


def _version_form(version: PolicyVersion, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {name: getattr(version, name) for name in services.VERSION_FIELDS}
    data.update(changes)
    return data


def test_a_policy_officer_edits_a_draft_s_texts(client: Client, policy_officer: User) -> None:
    version = make_policy(actor=policy_officer)
    login_verified(client, policy_officer)
    url = reverse("policies:version_edit", kwargs={"version_id": version.id})

    form = client.get(url)
    response = client.post(url, _version_form(version, vision="Alle er med."))

    assert form.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == _detail(version)
    version.refresh_from_db()
    assert version.vision == "Alle er med."


def test_editing_a_draft_s_period_to_end_before_it_starts_is_refused(
    client: Client, policy_officer: User
) -> None:
    version = make_policy(actor=policy_officer)
    login_verified(client, policy_officer)

    response = client.post(
        reverse("policies:version_edit", kwargs={"version_id": version.id}),
        _version_form(version, period_end=2017),
    )

    assert response.status_code == 400
    assert _da("The period cannot end before it starts.") in response.content.decode()
    version.refresh_from_db()
    assert version.period_end == 2021


def test_editing_an_adopted_version_s_texts_is_refused_as_frozen(
    client: Client, policy_officer: User
) -> None:
    version = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    login_verified(client, policy_officer)
    url = reverse("policies:version_edit", kwargs={"version_id": version.id})
    frozen = _da(
        "An adopted version is frozen and cannot be changed. "
        "Create a new version to change the policy."
    )

    form = client.get(url)
    response = client.post(url, _version_form(version, vision="Ændret."))

    assert frozen in form.content.decode()
    assert response.status_code == 400
    assert frozen in response.content.decode()
    version.refresh_from_db()
    assert version.vision == "Vi skaber løsninger sammen"


# --- lifecycle -------------------------------------------------------------------------


def _transition_url(version: PolicyVersion) -> str:
    return reverse("policies:version_transition", kwargs={"version_id": version.id})


def test_the_transition_form_preselects_the_step_from_the_address(
    client: Client, policy_officer: User
) -> None:
    version = make_policy(actor=policy_officer)
    login_verified(client, policy_officer)

    response = client.get(_transition_url(version) + "?til=hearing")

    assert response.status_code == 200
    assert response.context["form"].initial["to_status"] == "hearing"


def test_a_policy_officer_sends_a_draft_to_hearing_through_the_form(
    client: Client, policy_officer: User
) -> None:
    version = make_policy(actor=policy_officer)
    login_verified(client, policy_officer)

    response = client.post(
        _transition_url(version),
        {"to_status": "hearing", "effective_on": "2018-09-01", "note": "Høring i 6 uger."},
    )

    assert response.status_code == 302
    assert response["Location"] == _detail(version)
    step = PolicyTransition.objects.get(version=version, to_status=Status.HEARING)
    assert (step.actor, step.effective_on, step.note) == (
        policy_officer,
        date(2018, 9, 1),
        "Høring i 6 uger.",
    )
    assert PolicyVersion.objects.get(pk=version.pk).status == Status.HEARING


def test_a_transition_the_lifecycle_does_not_allow_is_refused_through_the_form(
    client: Client, policy_officer: User
) -> None:
    version = make_policy(actor=policy_officer)
    login_verified(client, policy_officer)

    response = client.post(_transition_url(version), {"to_status": "archived"})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert PolicyVersion.objects.get(pk=version.pk).status == Status.DRAFT
    assert PolicyTransition.objects.filter(version=version).count() == 1


def test_a_transition_to_an_unknown_status_is_refused_through_the_form(
    client: Client, policy_officer: User
) -> None:
    version = make_policy(actor=policy_officer)
    login_verified(client, policy_officer)

    response = client.post(_transition_url(version), {"to_status": "draft"})

    assert response.status_code == 400
    assert "to_status" in response.context["form"].errors
    assert PolicyVersion.objects.get(pk=version.pk).status == Status.DRAFT


# --- revising --------------------------------------------------------------------------


def test_revising_an_adopted_version_redirects_to_the_new_draft(
    client: Client, policy_officer: User
) -> None:
    adopted = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    login_verified(client, policy_officer)

    response = client.post(reverse("policies:version_revise", kwargs={"version_id": adopted.id}))

    new = PolicyVersion.objects.get(policy_id=adopted.policy_id, number=2)
    assert response.status_code == 302
    assert response["Location"] == _detail(new)
    assert (new.status, new.based_on_id) == (Status.DRAFT, adopted.id)


def test_revising_a_draft_redirects_back_with_the_reason_and_writes_nothing(
    client: Client, policy_officer: User
) -> None:
    draft = make_policy(actor=policy_officer)
    login_verified(client, policy_officer)

    response = client.post(reverse("policies:version_revise", kwargs={"version_id": draft.id}))

    assert response.status_code == 302
    assert response["Location"] == _detail(draft)
    assert _messages(response) == [
        gettext("Only an adopted version or one in hearing can be revised; edit the draft instead.")
    ]
    assert PolicyVersion.objects.count() == 1


def test_revising_answers_only_a_post(client: Client, policy_officer: User) -> None:
    adopted = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    login_verified(client, policy_officer)

    response = client.get(reverse("policies:version_revise", kwargs={"version_id": adopted.id}))

    assert response.status_code == 405
    assert PolicyVersion.objects.count() == 1


# --- comparing -------------------------------------------------------------------------


def test_the_comparison_marks_changed_added_and_removed_rows(
    client: Client, policy_officer: User
) -> None:
    # given: version 1 with the values Helhed and Tillid, adopted
    first = make_policy(actor=policy_officer)
    services.version_part_save(actor=policy_officer, part=PolicyValue(version=first, name="Tillid"))
    adopt(actor=policy_officer, version=first)
    # and version 2 where a focus area is renamed, Helhed is removed and Ansvar is added
    second = services.policy_version_revise(actor=policy_officer, version=first)
    area = FocusArea.objects.get(version=second)
    area.title = "Job og uddannelse"
    services.version_part_save(actor=policy_officer, part=area)
    services.version_part_delete(
        actor=policy_officer, part=PolicyValue.objects.get(version=second, name="Helhed")
    )
    services.version_part_save(
        actor=policy_officer, part=PolicyValue(version=second, name="Ansvar", description="Alle.")
    )
    login_verified(client, policy_officer)

    # when
    response = client.get(
        reverse("policies:version_compare", kwargs={"version_id": second.id, "other_id": first.id})
    )

    # then
    assert response.status_code == 200
    rows: list[ComparisonRow] = response.context["rows"]
    by_change: dict[str, list[ComparisonRow]] = {}
    for row in rows:
        by_change.setdefault(row.change, []).append(row)
    assert [r.left for r in by_change["removed"]] == ["Helhed: Helhedsorienteret."]
    assert [r.right for r in by_change["added"]] == ["Ansvar: Alle."]
    assert ("Beskæftigelse", "Job og uddannelse") in [
        (r.left, r.right) for r in by_change["changed"]
    ]
    assert any(r.left.startswith("Tillid") for r in by_change["same"])
    assert response.context["changes"] == len(rows) - len(by_change["same"])
    content = response.content.decode()
    for change in ("changed", "added", "removed", "same"):
        assert f'class="change-{change}"' in content


def test_comparing_the_same_content_shows_no_differences(
    client: Client, policy_officer: User
) -> None:
    first = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    second = services.policy_version_revise(actor=policy_officer, version=first)
    login_verified(client, policy_officer)

    response = client.get(
        reverse("policies:version_compare", kwargs={"version_id": first.id, "other_id": second.id})
    )

    assert response.status_code == 200
    assert response.context["changes"] == 0
    assert {r.change for r in response.context["rows"]} == {"same"}


def test_versions_of_two_different_policies_are_not_compared(
    client: Client, policy_officer: User
) -> None:
    first = make_policy(actor=policy_officer, title="A")
    second = make_policy(actor=policy_officer, title="B")
    login_verified(client, policy_officer)

    response = client.get(
        reverse("policies:version_compare", kwargs={"version_id": first.id, "other_id": second.id})
    )

    assert response.status_code == 302
    assert response["Location"] == _detail(first)


def test_a_version_is_not_compared_with_another_municipality_s(
    client: Client, policy_officer: User, other_policy_officer: User
) -> None:
    own = make_policy(actor=policy_officer)
    foreign = make_policy(actor=other_policy_officer)
    login_verified(client, policy_officer)

    response = client.get(
        reverse("policies:version_compare", kwargs={"version_id": own.id, "other_id": foreign.id})
    )

    assert response.status_code == 404


# --- PDF -------------------------------------------------------------------------------


def test_a_version_downloads_as_a_pdf_with_its_title(client: Client, policy_officer: User) -> None:
    version = make_policy(actor=policy_officer, title="Integrationspolitik for Horsens")
    login_verified(client, policy_officer)

    response = client.get(reverse("policies:version_pdf", kwargs={"version_id": version.id}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename=")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Integrationspolitik for Horsens" in text


def test_another_municipality_s_version_has_no_pdf(
    client: Client, policy_officer: User, other_policy_officer: User
) -> None:
    foreign = make_policy(actor=other_policy_officer)
    login_verified(client, policy_officer)

    response = client.get(reverse("policies:version_pdf", kwargs={"version_id": foreign.id}))

    assert response.status_code == 404
