# SPDX-License-Identifier: MPL-2.0
"""The public accountability page: anyone reads what the policy in force promised, where
its targets stand and how far its initiatives have come — disclosure-controlled, in the
page and its downloads, and never another municipality's or a draft's."""

import io

import pytest
from django.core.cache import cache
from django.test import Client
from docx import Document as WordDocument

from helhed.indicators.tests.follow_up_world import FollowUpWorld, build_follow_up_world
from helhed.organisations.models import User
from helhed.policies.models import InitiativeProgressUpdate, PolicyVersion, Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


@pytest.fixture
def world(policy_officer: User, caseworker: User) -> FollowUpWorld:
    return build_follow_up_world(officer=policy_officer, caseworker=caseworker)


def url(world: FollowUpWorld) -> str:
    return f"/kommuner/{world.version.policy.municipality.slug}/integrationspolitik/handleplan/"


def test_anyone_reads_the_promises_and_the_initiatives_without_an_account(
    world: FollowUpWorld,
) -> None:
    response = Client().get(url(world))

    assert response.status_code == 200
    body = response.content.decode()
    assert f"Det har {world.version.policy.municipality.name} lovet og gjort" in body
    assert world.objective.text in body
    assert world.initiative.title in body
    assert "<svg" in body  # the targets' trend with its table
    assert "Hent som PDF" in body


def test_the_page_is_disclosure_controlled(world: FollowUpWorld) -> None:
    body = Client().get(url(world)).content.decode()

    assert "42,9" not in body  # 3 of 7: too few to give a share
    assert "for få" in body


def test_a_hand_set_progress_says_who_and_why(world: FollowUpWorld, policy_officer: User) -> None:
    InitiativeProgressUpdate.objects.create(
        initiative=world.initiative,
        actor=policy_officer,
        status="in_progress",
        progress=40,
        note="Tre af fem virksomheder har skrevet under.",
    )

    body = Client().get(url(world)).content.decode()

    assert "Tre af fem virksomheder har skrevet under." in body


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_each_download_is_the_disclosure_controlled_document(
    world: FollowUpWorld, fmt: str
) -> None:
    response = Client().get(url(world), {"format": fmt})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "docx":
        document = WordDocument(io.BytesIO(response.content))
        text = "\n".join(
            [p.text for p in document.paragraphs]
            + [c.text for t in document.tables for r in t.rows for c in r.cells]
        )
        assert world.initiative.title in text
        assert "42,9" not in text
    # a second request is served from the cache, identical
    again = Client().get(url(world), {"format": fmt})
    assert again.content == response.content


def test_an_unknown_format_is_a_clear_400(world: FollowUpWorld) -> None:
    response = Client().get(url(world), {"format": "exe"})

    assert response.status_code == 400
    assert "Rapporten kan ikke hentes som “exe”." in response.content.decode()


def test_a_municipality_without_an_adopted_policy_has_no_page(world: FollowUpWorld) -> None:
    PolicyVersion.objects.filter(pk=world.version.pk).update(status=Status.DRAFT)

    assert Client().get(url(world)).status_code == 404
    assert (
        Client().get("/kommuner/ingen-kommune/integrationspolitik/handleplan/").status_code == 404
    )


def test_the_page_in_english(world: FollowUpWorld) -> None:
    body = Client().get(url(world), headers={"accept-language": "en"}).content.decode()

    assert f"What {world.version.policy.municipality.name} promised and has done" in body
