# SPDX-License-Identifier: MPL-2.0
"""An administrator creates an integration, copies its token once, and revokes it; the
API's docs page works without the internet."""

from urllib.parse import urlparse

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import assert_accessible, login
from helhed.demo.content import DEMO_PASSWORD

pytestmark = pytest.mark.browser

ADMINISTRATOR = "horsens-admin"


def _persons_status(token: str) -> int:
    client = Client()
    return client.get("/api/v1/persons", headers={"authorization": f"Bearer {token}"}).status_code


def test_an_administrator_creates_an_integration_copies_its_token_and_revokes_it(
    demo: None, page: Page, live_server: LiveServer
) -> None:
    login(page, live_server, ADMINISTRATOR, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('api_admin:integration_list')}")
    main = page.get_by_role("main")

    # when the administrator fills in the form
    main.get_by_label("Integrationens navn").fill("Jobcenter-system")
    main.get_by_role("group", name="Arbejder for sagsstammen i").get_by_label("Jobcenter").check()
    main.get_by_label("Læse registret").check()
    main.get_by_role("button", name="Opret integrationen og vis dens token").click()

    # then the token is shown once, and it works
    token_box = main.get_by_label("Token", exact=True)
    expect(token_box).to_be_visible()
    token = token_box.input_value()
    assert token.startswith("hlh_")
    assert _persons_status(token) == 200
    assert_accessible(page)

    # and it is gone when the page is opened again
    page.goto(f"{live_server.url}{reverse('api_admin:integration_list')}")
    assert token not in page.content()
    expect(main.get_by_role("cell", name="Jobcenter-system", exact=True)).to_be_visible()

    # when the administrator revokes it
    main.get_by_role("button", name="Tilbagekald Jobcenter-system").click()

    # then it says so, and the token no longer works
    expect(page.get_by_role("status")).to_contain_text("Jobcenter-system blev tilbagekaldt")
    assert _persons_status(token) == 401
    assert_accessible(page)


def test_a_form_with_an_error_is_accessible(
    demo: None, page: Page, live_server: LiveServer
) -> None:
    login(page, live_server, ADMINISTRATOR, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('api_admin:integration_list')}")

    page.get_by_role("main").get_by_role(
        "button", name="Opret integrationen og vis dens token"
    ).click()

    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


def test_the_api_docs_load_nothing_from_outside_this_server(
    demo: None, page: Page, live_server: LiveServer
) -> None:
    server = urlparse(live_server.url).netloc
    outside: list[str] = []
    blocked: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if urlparse(request.url).scheme in ("http", "https")
            and urlparse(request.url).netloc != server
            else None
        ),
    )
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if "violates the following Content Security Policy" in message.text
            else None
        ),
    )

    response = page.goto(f"{live_server.url}/api/v1/docs")

    # the docs are drawn from the OpenAPI description
    assert response is not None
    assert "default-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", name="Helhed API")).to_be_visible()
    expect(page.get_by_text("/api/v1/persons/search").first).to_be_attached()
    # whatever the bundled Redoc asks of another site is refused by the browser itself
    page.wait_for_load_state("networkidle")
    assert all(any(url in text for text in blocked) for url in outside), (outside, blocked)
