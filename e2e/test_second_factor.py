# SPDX-License-Identifier: MPL-2.0
"""A caseworker's first login sets up an authenticator from the QR page's key; later
logins take a code. And the page watcher catches what the Content-Security-Policy blocks,
so that every browser test also proves its pages break no CSP rule."""

import base64
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django_otp.oath import totp  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import _watch, assert_accessible, enter_totp_code, login, totp_code
from helhed.demo.content import DEMO_PASSWORD
from helhed.organisations.models import Department, Role
from helhed.organisations.services import user_create

pytestmark = pytest.mark.browser

NEWCOMER = "horsens-ny"
CASELOAD = "/app/borgere/"


@pytest.fixture
def newcomer(demo: None) -> str:
    """A caseworker of Horsens' Jobcenter who has no authenticator yet."""
    jobcenter = Department.objects.get(municipality__slug="horsens", name="Jobcenter")
    user_create(
        municipality=jobcenter.municipality,
        username=NEWCOMER,
        password=DEMO_PASSWORD,
        first_name="Nina",
        last_name="Nyansat",
        departments=[jobcenter],
        roles=[Role.CASEWORKER],
    )
    return NEWCOMER


def _password_step(page: Page, live_server: LiveServer, username: str) -> None:
    page.goto(f"{live_server.url}{reverse('login')}?next={CASELOAD}")
    form = page.get_by_role("main").locator("form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        form.get_by_role("button", name="Log ind").click()


def test_a_new_caseworker_sets_up_an_authenticator_and_logs_in_with_codes(
    newcomer: str, page: Page, live_server: LiveServer, new_page: object
) -> None:
    # given the password, the first login goes to the set-up page
    _password_step(page, live_server, newcomer)
    assert urlparse(page.url).path == reverse("otp_enrol")
    expect(page.get_by_role("heading", level=1)).to_have_text("Opsæt din godkendelses-app")
    expect(page.locator("figure svg")).to_be_visible()
    assert_accessible(page)
    # when the key shown for typing in is put in an authenticator and its code given
    secret = page.locator("code.helhed-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    enter_totp_code(page, str(totp(key)).zfill(6))
    # then the recovery codes are offered, made and shown once
    assert urlparse(page.url).path == reverse("recovery_codes")
    with page.expect_navigation():
        page.get_by_role("button", name="Lav gendannelseskoder").click()
    codes = page.locator("ol.helhed-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    # and the caseload opens, and the device is stored with that key
    with page.expect_navigation():
        page.get_by_role("link", name="Fortsæt").click()
    assert urlparse(page.url).path == CASELOAD
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    device = TOTPDevice.objects.get(user__username=newcomer)
    assert device.confirmed
    assert device.bin_key == key

    # and a later login, in a fresh browser, asks for a code and no set-up
    later = new_page()  # type: ignore[operator]
    _password_step(later, live_server, newcomer)
    assert urlparse(later.url).path == reverse("otp_verify")
    expect(later.get_by_role("heading", level=1)).to_have_text("Kode fra din godkendelses-app")
    enter_totp_code(later, totp_code(newcomer))
    assert urlparse(later.url).path == CASELOAD

    # and with the phone lost, a recovery code lets them in once
    lost = new_page()  # type: ignore[operator]
    _password_step(lost, live_server, newcomer)
    lost.get_by_label("Gendannelseskode").fill(codes[0])
    with lost.expect_navigation():
        lost.get_by_role("button", name="Fortsæt med en gendannelseskode").click()
    assert urlparse(lost.url).path == CASELOAD


def test_a_wrong_code_keeps_the_caseworker_out_with_a_message(
    demo: None, page: Page, live_server: LiveServer
) -> None:
    _password_step(page, live_server, "horsens-sagsbehandler")
    right = totp_code("horsens-sagsbehandler")
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    enter_totp_code(page, wrong)

    assert urlparse(page.url).path == reverse("otp_verify")
    expect(page.get_by_role("alert")).to_contain_text("Koden er forkert")
    assert_accessible(page)
    response = page.goto(f"{live_server.url}{CASELOAD}")
    assert response is not None
    assert urlparse(page.url).path == reverse("otp_verify")


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        ("horsens-sagsbehandler", [CASELOAD, "/app/arbejdsliste/", "/app/samarbejdspartnere/"]),
        ("horsens-politik", ["/app/", "/kommuner/horsens/integrationspolitik/"]),
        ("horsens-admin", ["/app/organisation/", "/app/integrationer/"]),
    ],
    ids=["caseworker", "policy-officer", "administrator"],
)
def test_the_main_pages_break_no_csp_rule(
    demo: None, page: Page, live_server: LiveServer, username: str, paths: list[str]
) -> None:
    # the page watcher (e2e/conftest.py) fails the test on any CSP violation
    login(page, live_server, username, DEMO_PASSWORD)
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None
        assert response.status == 200, path
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp


def test_the_page_watcher_catches_a_csp_violation(
    demo: None, browser: Browser, live_server: LiveServer
) -> None:
    """Control: an inline script on one of our pages is blocked, and the watcher says so."""
    context = browser.new_context()
    try:
        page = context.new_page()
        problems: list[str] = []
        _watch(page, problems)
        page.goto(f"{live_server.url}/")
        # when a page tries to run an inline script (as an injected one would)
        with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
            page.evaluate(
                "() => { const s = document.createElement('script');"
                " s.textContent = 'window.injected = true'; document.body.appendChild(s); }"
            )
        # then the browser refused it, and the watcher recorded it
        assert page.evaluate("() => window.injected === undefined")
        assert any("CSP violation" in problem for problem in problems), problems
    finally:
        context.close()
