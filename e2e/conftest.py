# SPDX-License-Identifier: MPL-2.0
"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

One browser per test session (per xdist worker); every test gets fresh browser contexts,
so no cookie, session or language choice leaks from one test into the next. Pages are
Danish by default (the context's locale is da-DK), as a citizen's browser would ask.

Besides the helpers `login` and `assert_accessible`, every page a test opens is watched:
a JavaScript error, anything the Content-Security-Policy blocks, or a stylesheet, script,
font or image that does not load, fails the test when it ends.
"""

import os
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django_otp.oath import totp  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from helhed.demo.governance_content import load_governance_demo
from helhed.demo.loader import load_demo

# Playwright runs an event loop in the test's thread; Django's ORM refuses to run beside
# one unless told that this is safe (it is: the loop is not ours and never awaits the ORM).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# We run as root on a closed network: no sandbox, no calls home, no component updates.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DANISH = "da-DK"
ENGLISH = "en-US"
# axe-core impacts that fail a page; "moderate" and "minor" are reported as warnings.
BLOCKING_IMPACTS = ("serious", "critical")

# What the CSP blocks on purpose: the bundled Redoc of the API docs asks its CDN for its
# logo, which the docs page's policy refuses (e2e/test_integrations.py checks that it does).
CSP_BLOCKED_ON_PURPOSE = ("https://cdn.redoc.ly/",)

expect.set_options(timeout=10_000)

PageFactory = Callable[..., Page]


class AccessibilityNotice(UserWarning):
    """An axe-core violation of moderate or minor impact: reported, not failed."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _watch(page: Page, problems: list[str]) -> None:
    """Record JavaScript errors and sub-resources that fail to load."""

    def on_response(response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} for {response.url} (loaded by {page.url})")

    def on_console(message: Any) -> None:
        # Chromium reports what the Content-Security-Policy blocks as a console error
        text = message.text
        on_purpose = any(f"'{prefix}" in text for prefix in CSP_BLOCKED_ON_PURPOSE)
        if message.type == "error" and "Content Security Policy" in text and not on_purpose:
            problems.append(f"CSP violation on {page.url}: {text}")

    page.on("pageerror", lambda error: problems.append(f"JavaScript error on {page.url}: {error}"))
    page.on("response", on_response)
    page.on("console", on_console)


@pytest.fixture
def new_page(browser: Browser) -> Iterator[PageFactory]:
    """Open a page in a new browser context: `new_page()` (Danish) or `new_page(ENGLISH)`."""
    contexts: list[BrowserContext] = []
    problems: list[str] = []

    def make(locale: str = DANISH) -> Page:
        context = browser.new_context(locale=locale)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        _watch(page, problems)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not problems, "The browser saw problems:\n" + "\n".join(problems)


@pytest.fixture
def page(new_page: PageFactory) -> Page:
    """A page in a fresh Danish browser context."""
    return new_page()


@pytest.fixture
def demo(transactional_db: None) -> None:
    """The demo municipalities Furesø and Horsens, their users and adopted policies, their
    committees, the Furesø committee case and both process plans."""
    load_demo()
    load_governance_demo()


def totp_code(username: str) -> str:
    """A code the user's authenticator would show now that the device has not yet used.

    The device accepts one step either side of now, once each: a second login within
    the same 30 seconds takes the next step's code, a third waits for the next step.
    """
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    while True:
        now_t = int((time.time() - device.t0) // device.step) + device.drift
        target = max(now_t, device.last_t + 1)
        if target <= now_t + device.tolerance:
            drift = target - now_t + device.drift
            return str(totp(device.bin_key, step=device.step, t0=device.t0, drift=drift)).zfill(6)
        time.sleep(1)  # the codes of this step and the next are used: wait for a new step


def enter_totp_code(page: Page, code: str) -> None:
    # the form of the authenticator's code (the page also has one for a recovery code)
    form = page.get_by_role("main").locator("form").filter(has=page.locator("input[name=token]"))
    form.locator("input[name=token]").fill(code)
    with page.expect_navigation():
        form.get_by_role("button").click()


def login(
    page: Page,
    live_server: LiveServer,
    username: str,
    password: str,
    *,
    second_factor: bool = True,
) -> None:
    """Log in through the real login page, and the TOTP step where the role has one
    (unless `second_factor` is False); fail unless they let the user in."""
    login_path = reverse("login")
    page.goto(f"{live_server.url}{login_path}")
    form = page.get_by_role("main").locator("form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.get_by_role("button").click()
    if urlparse(page.url).path == login_path:
        pytest.fail(f"Could not log in as {username!r}: still on {page.url}", pytrace=False)
    if (
        urlparse(page.url).path in (reverse("otp_verify"), reverse("otp_enrol"))
        and not second_factor
    ):
        return
    if urlparse(page.url).path == reverse("otp_verify"):
        enter_totp_code(page, totp_code(username))
        if urlparse(page.url).path == reverse("otp_verify"):
            pytest.fail(f"The TOTP step refused {username!r}: still on {page.url}", pytrace=False)


def _describe(violation: dict[str, Any]) -> str:
    lines = [
        f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
    ]
    for node in violation["nodes"]:
        target = " ".join(str(part) for part in node["target"])
        summary = " ".join(node.get("failureSummary", "").split())
        lines.append(f"    at {target}: {node['html'][:160]}")
        if summary:
            lines.append(f"       {summary[:300]}")
    return "\n".join(lines)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core over the whole document and return its violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluated through the browser's debugging protocol, so that a page's strict
        # Content-Security-Policy (the API docs have one) does not keep axe out
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def assert_accessible(page: Page) -> None:
    """Fail when axe-core finds a serious or critical violation; warn about the others."""
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    for violation in violations:
        if violation not in blocking:
            warnings.warn(AccessibilityNotice(f"{page.url}\n{_describe(violation)}"), stacklevel=2)
    if blocking:
        pytest.fail(
            f"{page.url} has {len(blocking)} serious or critical accessibility "
            "violation(s) (axe-core):\n" + "\n".join(_describe(v) for v in blocking),
            pytrace=False,
        )
