# SPDX-License-Identifier: MPL-2.0
"""The public face: the adopted policy of each municipality, as a page and as a PDF, for
anyone and without logging in."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies import services
from helhed.policies.models import PolicyVersion
from helhed.policies.tests.factories import adopt, make_policy

pytestmark = pytest.mark.django_db


def _public(slug: str) -> str:
    return reverse("policies:public", kwargs={"slug": slug})


def _pdf(slug: str) -> str:
    return reverse("policies:public_pdf", kwargs={"slug": slug})


@pytest.fixture
def adopted(policy_officer: User) -> PolicyVersion:
    return adopt(
        actor=policy_officer,
        version=make_policy(actor=policy_officer, title="Integrationspolitik for Horsens"),
    )


def test_home_lists_municipalities_with_an_adopted_policy_only(
    client: Client, adopted: PolicyVersion, other_policy_officer: User
) -> None:
    # given: Furesø has only a draft
    make_policy(actor=other_policy_officer, title="Furesøs kladde")

    # when
    response = client.get(reverse("policies:home"))

    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert _public("horsens") in content
    assert "Horsens Kommune" in content
    assert _public("furesoe") not in content
    assert "Furesø Kommune" not in content
    assert [m.slug for m in response.context["municipalities"]] == ["horsens"]


def test_home_lists_a_municipality_once_however_many_policies_it_has_adopted(
    client: Client, adopted: PolicyVersion, policy_officer: User
) -> None:
    adopt(actor=policy_officer, version=make_policy(actor=policy_officer, title="Anden"))

    response = client.get(reverse("policies:home"))

    assert [m.slug for m in response.context["municipalities"]] == ["horsens"]


def test_home_says_so_when_no_municipality_has_adopted_a_policy(
    client: Client, policy_officer: User
) -> None:
    make_policy(actor=policy_officer)

    response = client.get(reverse("policies:home"))

    assert response.status_code == 200
    assert list(response.context["municipalities"]) == []
    assert _public("horsens") not in response.content.decode()


def test_the_public_page_shows_the_adopted_version_without_login(
    client: Client, adopted: PolicyVersion
) -> None:
    response = client.get(_public("horsens"))

    assert response.status_code == 200
    assert response.context["version"] == adopted
    content = response.content.decode()
    for text in (
        "Integrationspolitik for Horsens",
        "Vi skaber løsninger sammen",
        "Beskæftigelse",
        "Flere i job.",
        "Mindst 45 procent er selvforsørgende.",
        "Branchepakker",
    ):
        assert escape(text) in content, text
    assert _pdf("horsens") in content


def test_the_public_page_offers_no_editing(
    client: Client, adopted: PolicyVersion, policy_officer: User
) -> None:
    login_verified(client, policy_officer)

    content = client.get(_public("horsens")).content.decode()

    assert "/rediger/" not in content
    assert "/slet/" not in content


def test_the_public_page_shows_the_adopted_version_not_a_newer_draft(
    client: Client, adopted: PolicyVersion, policy_officer: User
) -> None:
    draft = services.policy_version_revise(actor=policy_officer, version=adopted)
    services.policy_version_update(actor=policy_officer, version=draft, vision="Kladdens vision")

    response = client.get(_public("horsens"))

    assert response.context["version"] == adopted
    assert "Kladdens vision" not in response.content.decode()


def test_the_public_page_shows_the_newly_adopted_version_after_a_revision(
    client: Client, adopted: PolicyVersion, policy_officer: User
) -> None:
    draft = services.policy_version_revise(actor=policy_officer, version=adopted)
    services.policy_version_update(actor=policy_officer, version=draft, vision="Den nye vision")
    adopt(actor=policy_officer, version=draft)

    response = client.get(_public("horsens"))

    assert response.context["version"] == draft
    assert "Den nye vision" in response.content.decode()


def test_the_public_page_is_404_for_a_municipality_with_only_a_draft(
    client: Client, other_policy_officer: User
) -> None:
    make_policy(actor=other_policy_officer)

    assert client.get(_public("furesoe")).status_code == 404
    assert client.get(_pdf("furesoe")).status_code == 404


def test_the_public_page_is_404_for_a_municipality_with_only_an_archived_policy(
    client: Client, adopted: PolicyVersion, policy_officer: User
) -> None:
    services.policy_version_transition(actor=policy_officer, version=adopted, to_status="archived")

    assert client.get(_public("horsens")).status_code == 404


def test_the_public_page_is_404_for_an_unknown_municipality(
    client: Client, adopted: PolicyVersion
) -> None:
    assert client.get(_public("atlantis")).status_code == 404
    assert client.get(_pdf("atlantis")).status_code == 404


def test_the_public_pdf_is_a_readable_publication_with_title_and_vision(
    client: Client, adopted: PolicyVersion
) -> None:
    # when
    response = client.get(_pdf("horsens"))

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Integrationspolitik for Horsens" in text
    assert "Vi skaber løsninger sammen" in text


def test_the_public_page_is_in_english_when_the_browser_asks_for_it(
    client: Client, adopted: PolicyVersion
) -> None:
    response = client.get(_public("horsens"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_the_public_page_is_in_danish_by_default(client: Client, adopted: PolicyVersion) -> None:
    response = client.get(_public("horsens"))

    assert '<html lang="da">' in response.content.decode()
