# SPDX-License-Identifier: MPL-2.0
"""A municipality's staff cannot reach another municipality's policy by typing its URL."""

import uuid
from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageFactory, login
from helhed.demo.content import DEMO_PASSWORD, HORSENS
from helhed.policies.models import FocusArea, PolicyVersion

pytestmark = pytest.mark.browser

# Words of Horsens' policy that nothing on a Furesø user's page may show.
HORSENS_TEXT = [
    "Horsens",
    HORSENS.policy.subtitle,
    HORSENS.policy.vision.splitlines()[0][:60],
    *(area.title for area in HORSENS.policy.focus_areas),
]


def _version_detail(version: PolicyVersion) -> str:
    return reverse("policies:version_detail", kwargs={"version_id": version.id})


def _version_edit(version: PolicyVersion) -> str:
    return reverse("policies:version_edit", kwargs={"version_id": version.id})


def _focus_area_edit(version: PolicyVersion) -> str:
    area = FocusArea.objects.filter(version=version).first()
    assert area is not None
    return reverse("policies:part_edit", kwargs={"kind": "fokusomraader", "part_id": area.id})


@pytest.mark.parametrize("url_of", [_version_detail, _version_edit, _focus_area_edit])
def test_furesoe_policy_officer_typing_a_horsens_url_gets_404(
    url_of: Callable[[PolicyVersion], str],
    demo: None,
    new_page: PageFactory,
    live_server: LiveServer,
) -> None:
    # given a URL of Horsens' policy, which Horsens' own policy officer can open
    horsens_version = PolicyVersion.objects.get(policy__municipality__slug=HORSENS.slug)
    url = f"{live_server.url}{url_of(horsens_version)}"
    horsens_page = new_page()
    login(horsens_page, live_server, "horsens-politik", DEMO_PASSWORD)
    response = horsens_page.goto(url)
    assert response is not None
    assert response.status == 200
    expect(horsens_page.get_by_role("heading", level=1)).to_be_visible()
    assert [text for text in HORSENS_TEXT if text in horsens_page.content()] != []

    # when Furesø's policy officer types it
    page = new_page()
    login(page, live_server, "furesoe-politik", DEMO_PASSWORD)
    response = page.goto(url)

    # then the answer is the 404 page, with nothing of Horsens' policy on it
    assert response is not None
    assert response.status == 404
    body = page.locator("body").inner_text()
    html = page.content()
    for text in HORSENS_TEXT:
        assert text not in body, f"{text!r} is shown on the 404 page"
        assert text not in html, f"{text!r} is in the 404 page's HTML"


def test_an_unknown_version_answers_404_as_well(
    demo: None, new_page: PageFactory, live_server: LiveServer
) -> None:
    page = new_page()
    login(page, live_server, "furesoe-politik", DEMO_PASSWORD)

    path = reverse("policies:version_detail", kwargs={"version_id": uuid.uuid4()})
    response = page.goto(f"{live_server.url}{path}")

    assert response is not None
    assert response.status == 404
