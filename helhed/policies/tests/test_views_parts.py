# SPDX-License-Identifier: MPL-2.0
"""Adding, editing, deleting and moving the parts of a version through the pages."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override

from helhed.organisations.models import Department, Municipality, User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies import services
from helhed.policies.models import (
    FocusArea,
    Initiative,
    Objective,
    PolicyValue,
    PolicyVersion,
    Target,
    TargetGroupEntry,
)
from helhed.policies.services import VersionPart
from helhed.policies.tests.factories import adopt, build_part, make_policy

KINDS: dict[str, type[VersionPart]] = {
    "vaerdier": PolicyValue,
    "maalgruppe": TargetGroupEntry,
    "fokusomraader": FocusArea,
    "maalsaetninger": Objective,
    "maal": Target,
    "indsatser": Initiative,
}
ANCHORS = {
    "vaerdier": "values",
    "maalgruppe": "target-group",
    "fokusomraader": "focus-areas",
    "maalsaetninger": "focus-areas",
    "maal": "focus-areas",
    "indsatser": "focus-areas",
}


def _valid(kind: str, version: PolicyVersion) -> dict[str, Any]:
    """Form data for a new part of `kind` in `version` (made by make_policy)."""
    area = FocusArea.objects.get(version=version)
    objective = Objective.objects.get(version=version)
    department = Department.objects.get(
        municipality_id=version.policy.municipality_id, name="Forvaltningen"
    )
    data: dict[str, dict[str, Any]] = {
        "vaerdier": {"name": "Tillid", "description": "Vi stoler på hinanden."},
        "maalgruppe": {"kind": "excluded", "text": "Turister"},
        "fokusomraader": {"title": "Sprog", "description": "Dansk for alle."},
        "maalsaetninger": {"focus_area": area.id, "text": "Alle lærer dansk."},
        "maal": {
            "objective": objective.id,
            "description": "Mindst 60 procent består.",
            "indicator_key": "danish_test_passed",
            "comparator": "gte",
            "value": "60",
            "unit": "percent",
            "deadline": "2021-12-31",
        },
        "indsatser": {
            "focus_area": area.id,
            "title": "Sprogcafé",
            "description": "",
            "owner_department": department.id,
            "start_date": "2019-01-01",
            "end_date": "2020-12-31",
            "status": "planned",
            "progress": "10",
        },
    }
    return data[kind]


# What a successful POST of _valid() must have stored.
STORED: dict[str, Callable[[Any], object]] = {
    "vaerdier": lambda p: (p.name, p.description),
    "maalgruppe": lambda p: (p.kind, p.text),
    "fokusomraader": lambda p: (p.title, p.description),
    "maalsaetninger": lambda p: (p.focus_area.title, p.text),
    "maal": lambda p: (p.value, p.unit, p.deadline),
    "indsatser": lambda p: (p.title, p.owner_department.name, p.progress),
}
EXPECTED: dict[str, object] = {
    "vaerdier": ("Tillid", "Vi stoler på hinanden."),
    "maalgruppe": ("excluded", "Turister"),
    "fokusomraader": ("Sprog", "Dansk for alle."),
    "maalsaetninger": ("Beskæftigelse", "Alle lærer dansk."),
    "maal": (Decimal(60), "percent", date(2021, 12, 31)),
    "indsatser": ("Sprogcafé", "Forvaltningen", 10),
}


def _create_url(version: PolicyVersion, kind: str) -> str:
    return reverse("policies:part_create", kwargs={"version_id": version.id, "kind": kind})


def _part_url(name: str, kind: str, part: VersionPart) -> str:
    return reverse(f"policies:{name}", kwargs={"kind": kind, "part_id": part.pk})


def _back(version: PolicyVersion, kind: str) -> str:
    url = reverse("policies:version_detail", kwargs={"version_id": version.id})
    return f"{url}#{ANCHORS[kind]}"


def _count(kind: str, version: PolicyVersion) -> int:
    return KINDS[kind].objects.filter(version=version).count()


def _da(message: str) -> str:
    with override("da"):
        return escape(gettext(message))


@pytest.fixture
def version(policy_officer: User) -> PolicyVersion:
    return make_policy(actor=policy_officer)


@pytest.fixture
def officer_client(client: Client, policy_officer: User) -> Client:
    login_verified(client, policy_officer)
    return client


# --- adding ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_form_for_a_new_part_is_shown(
    officer_client: Client, version: PolicyVersion, kind: str
) -> None:
    response = officer_client.get(_create_url(version, kind))

    assert response.status_code == 200
    assert response.context["form"].instance.version == version


def test_the_form_for_a_new_objective_preselects_the_focus_area_from_the_address(
    officer_client: Client, version: PolicyVersion
) -> None:
    area = FocusArea.objects.get(version=version)

    response = officer_client.get(
        _create_url(version, "maalsaetninger") + f"?fokusomraade={area.id}"
    )

    assert str(response.context["form"].initial["focus_area"]) == str(area.id)


@pytest.mark.parametrize("kind", KINDS)
def test_a_policy_officer_adds_a_part(
    officer_client: Client, version: PolicyVersion, kind: str
) -> None:
    # given
    before = _count(kind, version)

    # when
    response = officer_client.post(_create_url(version, kind), _valid(kind, version))

    # then
    assert response.status_code == 302
    assert response["Location"] == _back(version, kind)
    assert _count(kind, version) == before + 1
    new = KINDS[kind].objects.filter(version=version).order_by("-created_at").first()
    assert STORED[kind](new) == EXPECTED[kind]


INVALID: dict[str, dict[str, Any]] = {
    "vaerdier": {"name": ""},
    "maalgruppe": {"kind": "maybe"},
    "fokusomraader": {"title": ""},
    "maalsaetninger": {"text": ""},
    "maal": {"value": "145"},
    "indsatser": {"start_date": "2021-01-01", "end_date": "2020-12-31"},
}
INVALID_FIELD = {
    "vaerdier": "name",
    "maalgruppe": "kind",
    "fokusomraader": "title",
    "maalsaetninger": "text",
    "maal": "value",
    "indsatser": "end_date",
}


@pytest.mark.parametrize("kind", KINDS)
def test_an_invalid_part_is_refused_and_nothing_is_written(
    officer_client: Client, version: PolicyVersion, kind: str
) -> None:
    before = _count(kind, version)

    response = officer_client.post(
        _create_url(version, kind), {**_valid(kind, version), **INVALID[kind]}
    )

    assert response.status_code == 400
    assert INVALID_FIELD[kind] in response.context["form"].errors
    assert 'class="form-error-message"' in response.content.decode()
    assert _count(kind, version) == before


def test_a_target_of_145_per_cent_is_refused_with_its_reason(
    officer_client: Client, version: PolicyVersion
) -> None:
    response = officer_client.post(
        _create_url(version, "maal"), {**_valid("maal", version), "value": "145"}
    )

    assert response.status_code == 400
    assert _da("A share cannot be more than 100 %.") in response.content.decode()
    assert Target.objects.filter(version=version).count() == 1
    assert not Target.objects.filter(value=Decimal(145)).exists()


def test_an_objective_in_another_municipality_s_focus_area_is_refused(
    officer_client: Client, version: PolicyVersion, other_policy_officer: User
) -> None:
    foreign_area = FocusArea.objects.get(version=make_policy(actor=other_policy_officer))
    before = Objective.objects.count()

    response = officer_client.post(
        _create_url(version, "maalsaetninger"),
        {"focus_area": foreign_area.id, "text": "Kapret."},
    )

    assert response.status_code == 400
    assert "focus_area" in response.context["form"].errors
    assert Objective.objects.count() == before
    assert not Objective.objects.filter(text="Kapret.").exists()


def test_an_objective_in_a_focus_area_of_another_version_of_the_policy_is_refused(
    officer_client: Client, policy_officer: User
) -> None:
    adopted = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    draft = services.policy_version_revise(actor=policy_officer, version=adopted)
    old_area = FocusArea.objects.get(version=adopted)

    response = officer_client.post(
        _create_url(draft, "maalsaetninger"), {"focus_area": old_area.id, "text": "Forkert."}
    )

    assert response.status_code == 400
    assert not Objective.objects.filter(text="Forkert.").exists()


def test_a_target_of_an_objective_in_another_version_is_refused(
    officer_client: Client, version: PolicyVersion, policy_officer: User
) -> None:
    other = make_policy(actor=policy_officer, title="Anden")
    foreign_objective = Objective.objects.get(version=other)

    response = officer_client.post(
        _create_url(version, "maal"), {**_valid("maal", version), "objective": foreign_objective.id}
    )

    assert response.status_code == 400
    assert "objective" in response.context["form"].errors
    assert Target.objects.count() == 2


def test_an_initiative_owned_by_another_municipality_s_department_is_refused(
    officer_client: Client, version: PolicyVersion, other_municipality: Municipality
) -> None:
    foreign = Department.objects.get(municipality=other_municipality)

    response = officer_client.post(
        _create_url(version, "indsatser"),
        {**_valid("indsatser", version), "owner_department": foreign.id},
    )

    assert response.status_code == 400
    assert "owner_department" in response.context["form"].errors
    assert not Initiative.objects.filter(title="Sprogcafé").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_adding_a_part_to_an_adopted_version_is_refused_as_frozen(
    officer_client: Client, policy_officer: User, kind: str
) -> None:
    adopted = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    before = _count(kind, adopted)

    response = officer_client.post(_create_url(adopted, kind), _valid(kind, adopted))

    assert response.status_code == 400
    assert (
        _da(
            "An adopted version is frozen and cannot be changed. "
            "Create a new version to change the policy."
        )
        in response.content.decode()
    )
    assert _count(kind, adopted) == before


# --- editing ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_policy_officer_edits_a_part(
    officer_client: Client, version: PolicyVersion, kind: str
) -> None:
    # given
    part = KINDS[kind].objects.get(version=version)
    url = _part_url("part_edit", kind, part)

    # when
    form = officer_client.get(url)
    response = officer_client.post(url, _valid(kind, version))

    # then
    assert form.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == _back(version, kind)
    assert STORED[kind](KINDS[kind].objects.get(pk=part.pk)) == EXPECTED[kind]
    assert _count(kind, version) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_editing_a_part_of_an_adopted_version_is_refused_as_frozen(
    officer_client: Client, policy_officer: User, kind: str
) -> None:
    # given
    adopted = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    part = KINDS[kind].objects.get(version=adopted)
    url = _part_url("part_edit", kind, part)
    frozen = _da(
        "An adopted version is frozen and cannot be changed. "
        "Create a new version to change the policy."
    )

    # when
    form = officer_client.get(url)
    response = officer_client.post(url, _valid(kind, adopted))

    # then
    assert frozen in form.content.decode()
    assert response.status_code == 400
    assert frozen in response.content.decode()
    stored = KINDS[kind].objects.get(pk=part.pk)
    assert STORED[kind](stored) != EXPECTED[kind]
    assert stored.updated_at == part.updated_at


def test_editing_a_part_refuses_invalid_content_and_keeps_the_old(
    officer_client: Client, version: PolicyVersion
) -> None:
    target = Target.objects.get(version=version)

    response = officer_client.post(
        _part_url("part_edit", "maal", target), {**_valid("maal", version), "value": "145"}
    )

    assert response.status_code == 400
    assert Target.objects.get(pk=target.pk).value == Decimal(45)


def test_a_part_is_not_found_under_another_kind(
    officer_client: Client, version: PolicyVersion
) -> None:
    area = FocusArea.objects.get(version=version)

    response = officer_client.get(_part_url("part_edit", "maal", area))

    assert response.status_code == 404


# --- deleting --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["vaerdier", "maalgruppe", "maalsaetninger", "maal", "indsatser"])
def test_a_policy_officer_confirms_and_deletes_a_part(
    officer_client: Client, version: PolicyVersion, kind: str
) -> None:
    part = KINDS[kind].objects.get(version=version)
    url = _part_url("part_delete", kind, part)

    confirm = officer_client.get(url)
    still_there = KINDS[kind].objects.filter(pk=part.pk).exists()
    response = officer_client.post(url)

    assert confirm.status_code == 200
    assert escape(str(part)) in confirm.content.decode()
    assert still_there
    assert response.status_code == 302
    assert response["Location"] == _back(version, kind)
    assert not KINDS[kind].objects.filter(pk=part.pk).exists()


def test_a_focus_area_with_initiatives_is_not_deleted_and_the_reason_is_shown(
    officer_client: Client, version: PolicyVersion
) -> None:
    area = FocusArea.objects.get(version=version)

    response = officer_client.post(_part_url("part_delete", "fokusomraader", area))

    assert response.status_code == 302
    assert FocusArea.objects.filter(pk=area.pk).exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        gettext("Move or delete the focus area's initiatives before deleting the focus area.")
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_deleting_a_part_of_an_adopted_version_is_refused(
    officer_client: Client, policy_officer: User, kind: str
) -> None:
    adopted = adopt(actor=policy_officer, version=make_policy(actor=policy_officer))
    part = KINDS[kind].objects.get(version=adopted)

    response = officer_client.post(_part_url("part_delete", kind, part))

    assert response.status_code == 302
    assert KINDS[kind].objects.filter(pk=part.pk).exists()
    assert gettext(
        "An adopted version is frozen and cannot be changed. "
        "Create a new version to change the policy."
    ) in [str(m) for m in get_messages(response.wsgi_request)]


# --- moving ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_policy_officer_moves_a_part_up_and_down(
    officer_client: Client, policy_officer: User, version: PolicyVersion, kind: str
) -> None:
    # given
    model = KINDS[kind]
    first = model.objects.get(version=version)
    second = services.version_part_save(
        actor=policy_officer, part=build_part(model, version=version)
    )
    url = _part_url("part_move", kind, second)

    def orders() -> list[int]:
        return [model.objects.get(pk=p.pk).order for p in (first, second)]

    # when
    up = officer_client.post(url, {"retning": "op"})
    after_up = orders()
    down = officer_client.post(url, {"retning": "ned"})

    # then
    assert (up.status_code, down.status_code) == (302, 302)
    assert up["Location"] == _back(version, kind)
    assert after_up == [1, 0]
    assert orders() == [0, 1]


def test_moving_answers_only_a_post(officer_client: Client, version: PolicyVersion) -> None:
    value = PolicyValue.objects.get(version=version)

    response = officer_client.get(_part_url("part_move", "vaerdier", value))

    assert response.status_code == 405


def test_moving_a_part_of_an_adopted_version_changes_nothing(
    officer_client: Client, policy_officer: User
) -> None:
    draft = make_policy(actor=policy_officer)
    services.version_part_save(actor=policy_officer, part=build_part(PolicyValue, version=draft))
    adopted = adopt(actor=policy_officer, version=draft)
    second = PolicyValue.objects.get(version=adopted, order=1)

    response = officer_client.post(_part_url("part_move", "vaerdier", second), {"retning": "op"})

    assert response.status_code == 302
    assert PolicyValue.objects.get(pk=second.pk).order == 1
