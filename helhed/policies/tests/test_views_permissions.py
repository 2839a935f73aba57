# SPDX-License-Identifier: MPL-2.0
"""Who reaches which staff page: only a policy officer writes; every role of the municipality
reads; another municipality's users find nothing; anonymous visitors are sent to log in."""

from dataclasses import dataclass

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies import services
from helhed.policies.models import (
    FocusArea,
    Initiative,
    Objective,
    Policy,
    PolicyTransition,
    PolicyValue,
    PolicyVersion,
    Target,
    TargetGroupEntry,
)
from helhed.policies.services import VersionPart
from helhed.policies.tests.factories import adopt, make_policy

KIND_MODELS: dict[str, type[VersionPart]] = {
    "vaerdier": PolicyValue,
    "maalgruppe": TargetGroupEntry,
    "fokusomraader": FocusArea,
    "maalsaetninger": Objective,
    "maal": Target,
    "indsatser": Initiative,
}


@dataclass(frozen=True)
class Versions:
    draft: PolicyVersion  # a draft of one policy
    adopted: PolicyVersion  # the adopted version of another policy


@pytest.fixture
def versions(policy_officer: User) -> Versions:
    draft = make_policy(actor=policy_officer, title="Kladde")
    # A second focus area, without initiatives, so that deleting a focus area can succeed.
    services.version_part_save(actor=policy_officer, part=FocusArea(version=draft, title="Sprog"))
    return Versions(
        draft=draft,
        adopted=adopt(actor=policy_officer, version=make_policy(actor=policy_officer)),
    )


def _part_data(kind: str, draft: PolicyVersion) -> dict[str, object]:
    area = FocusArea.objects.filter(version=draft).order_by("order").first()
    assert area is not None
    data: dict[str, dict[str, object]] = {
        "vaerdier": {"name": "X"},
        "maalgruppe": {"kind": "included", "text": "X"},
        "fokusomraader": {"title": "X"},
        "maalsaetninger": {"text": "X"},
        "maal": {
            "objective": Objective.objects.get(version=draft).id,
            "description": "X",
            "indicator_key": "danish_test_passed",
            "comparator": "gte",
            "value": "50",
            "unit": "percent",
            "deadline": "2021-12-31",
        },
        "indsatser": {"focus_area": area.id, "title": "X", "status": "planned", "progress": "0"},
    }
    return data[kind]


def _write_requests(v: Versions) -> dict[str, tuple[str, str, dict[str, object]]]:
    """Every write a policy officer can make, as (method, url, data), each valid for a policy
    officer so that a refusal can only come from the role."""
    draft = {"version_id": v.draft.id}
    requests: dict[str, tuple[str, str, dict[str, object]]] = {
        "policy_create": (
            "post",
            reverse("policies:policy_create"),
            {"title": "Ny", "period_start": 2020, "period_end": 2024},
        ),
        "version_edit": (
            "post",
            reverse("policies:version_edit", kwargs=draft),
            {"title": "Ændret", "period_start": 2018, "period_end": 2021},
        ),
        "version_transition": (
            "post",
            reverse("policies:version_transition", kwargs=draft),
            {"to_status": "hearing"},
        ),
        "version_revise": (
            "post",
            reverse("policies:version_revise", kwargs={"version_id": v.adopted.id}),
            {},
        ),
    }
    for kind, model in KIND_MODELS.items():
        part = model.objects.filter(version=v.draft).order_by("order").last()
        assert part is not None
        parts = {"kind": kind, "part_id": part.pk}
        requests[f"part_create:{kind}"] = (
            "post",
            reverse("policies:part_create", kwargs={**draft, "kind": kind}),
            _part_data(kind, v.draft),
        )
        requests[f"part_edit:{kind}"] = (
            "post",
            reverse("policies:part_edit", kwargs=parts),
            _part_data(kind, v.draft),
        )
        requests[f"part_delete:{kind}"] = (
            "post",
            reverse("policies:part_delete", kwargs=parts),
            {},
        )
        requests[f"part_move:{kind}"] = (
            "post",
            reverse("policies:part_move", kwargs=parts),
            {"retning": "op"},
        )
    return requests


WRITES = [
    "policy_create",
    "version_edit",
    "version_transition",
    "version_revise",
    *(
        f"part_{action}:{kind}"
        for action in ("create", "edit", "delete", "move")
        for kind in KIND_MODELS
    ),
]
# The write pages that also answer GET with a form.
FORM_PAGES = [w for w in WRITES if not w.startswith(("version_revise", "part_move"))]


def _state() -> tuple[object, ...]:
    """Everything a write could change."""
    return (
        sorted(Policy.objects.values_list("id", flat=True)),
        sorted(PolicyVersion.objects.values_list("id", "status", "title", "updated_at")),
        PolicyTransition.objects.count(),
        *(
            sorted(model.objects.values_list("id", "order", "updated_at"))
            for model in KIND_MODELS.values()
        ),
    )


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("persona", ["caseworker", "politician", "manager", "administrator"])
def test_a_user_without_the_policy_officer_role_gets_403_on_every_write(
    client: Client,
    versions: Versions,
    persona: str,
    write: str,
    request: pytest.FixtureRequest,
) -> None:
    # given
    method, url, data = _write_requests(versions)[write]
    login_verified(client, request.getfixturevalue(persona))
    before = _state()

    # when
    response = getattr(client, method)(url, data)

    # then
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize("write", FORM_PAGES)
@pytest.mark.parametrize("persona", ["caseworker", "politician", "manager"])
def test_a_user_without_the_policy_officer_role_gets_403_on_every_write_form(
    client: Client,
    versions: Versions,
    persona: str,
    write: str,
    request: pytest.FixtureRequest,
) -> None:
    _, url, _ = _write_requests(versions)[write]
    login_verified(client, request.getfixturevalue(persona))

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("write", FORM_PAGES)
def test_a_policy_officer_reaches_every_write_form(
    client: Client, versions: Versions, policy_officer: User, write: str
) -> None:
    _, url, _ = _write_requests(versions)[write]
    login_verified(client, policy_officer)

    assert client.get(url).status_code == 200


@pytest.mark.parametrize("write", [w for w in WRITES if w != "policy_create"])
def test_another_municipality_s_policy_officer_gets_404_on_every_write(
    client: Client, versions: Versions, other_policy_officer: User, write: str
) -> None:
    method, url, data = _write_requests(versions)[write]
    login_verified(client, other_policy_officer)
    before = _state()

    response = getattr(client, method)(url, data)

    assert response.status_code == 404
    assert _state() == before


def _read_urls(v: Versions) -> dict[str, str]:
    return {
        "dashboard": reverse("policies:dashboard"),
        "version_detail": reverse("policies:version_detail", kwargs={"version_id": v.adopted.id}),
        "draft_detail": reverse("policies:version_detail", kwargs={"version_id": v.draft.id}),
    }


@pytest.mark.parametrize("page", ["dashboard", "version_detail", "draft_detail"])
@pytest.mark.parametrize("persona", ["caseworker", "politician", "manager", "administrator"])
def test_every_role_of_the_municipality_reads_the_dashboard_and_versions(
    client: Client, versions: Versions, persona: str, page: str, request: pytest.FixtureRequest
) -> None:
    login_verified(client, request.getfixturevalue(persona))

    assert client.get(_read_urls(versions)[page]).status_code == 200


@pytest.mark.parametrize("page", ["version_detail", "draft_detail"])
def test_another_municipality_s_user_gets_404_on_a_version(
    client: Client, versions: Versions, other_policy_officer: User, page: str
) -> None:
    login_verified(client, other_policy_officer)

    assert client.get(_read_urls(versions)[page]).status_code == 404


@pytest.mark.parametrize("page", ["dashboard", "version_detail"])
def test_a_user_without_a_municipality_gets_403(
    client: Client, versions: Versions, superuser: User, page: str
) -> None:
    login_verified(client, superuser)

    assert client.get(_read_urls(versions)[page]).status_code == 403


@pytest.mark.parametrize("write", WRITES)
def test_an_anonymous_visitor_is_sent_to_log_in_on_every_write(
    client: Client, versions: Versions, write: str
) -> None:
    method, url, data = _write_requests(versions)[write]
    before = _state()

    response = getattr(client, method)(url, data)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert _state() == before


@pytest.mark.parametrize("page", ["dashboard", "version_detail"])
def test_an_anonymous_visitor_is_sent_to_log_in_on_staff_pages(
    client: Client, versions: Versions, page: str
) -> None:
    response = client.get(_read_urls(versions)[page])

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("write", WRITES)
def test_the_same_write_by_the_policy_officer_succeeds(
    client: Client, versions: Versions, policy_officer: User, write: str
) -> None:
    """The requests above are valid, so their refusals can only come from the user."""
    method, url, data = _write_requests(versions)[write]
    login_verified(client, policy_officer)

    response = getattr(client, method)(url, data)

    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("login"))
    assert [m for m in get_messages(response.wsgi_request) if m.level == messages.ERROR] == []
