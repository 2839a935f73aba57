# SPDX-License-Identifier: MPL-2.0
"""After 5 failed logins, a username is locked out from that address for 30 minutes."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt  # type: ignore[import-untyped]
from django.test import Client
from django.urls import reverse

from helhed.organisations.models import User
from helhed.organisations.tests.factories import PASSWORD

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LOGIN = "/log-ind/"


def _post(client: Client, username: str, password: str, address: str = "127.0.0.1") -> object:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client: Client, username: str, times: int, address: str = "127.0.0.1") -> list[int]:
    """Post a wrong password `times` times; the answers' status codes."""
    return [
        _post(client, username, "wrong-password", address).status_code  # type: ignore[attr-defined]
        for _ in range(times)
    ]


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_four_failures_still_let_the_right_password_in(client: Client, manager: User) -> None:
    assert _fail(client, manager.username, 4) == [200] * 4

    response = _post(client, manager.username, PASSWORD)

    assert response.status_code == 302  # type: ignore[attr-defined]
    assert client.session.get("_auth_user_id") == str(manager.pk)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_five_failures_lock_out_even_the_right_password(client: Client, manager: User) -> None:
    # the fifth failure is answered with the lockout already
    assert _fail(client, manager.username, 5) == [200, 200, 200, 200, 429]

    response = _post(client, manager.username, PASSWORD)

    assert response.status_code == 429  # type: ignore[attr-defined]
    assert "_auth_user_id" not in client.session
    text = response.content.decode()  # type: ignore[attr-defined]
    assert "For mange mislykkede log ind" in text
    assert "30 minutter" in text
    assert 'name="username"' in text  # the login page itself, not an error page
    assert "Traceback" not in text


@pytest.mark.django_db
def test_the_lockout_ends_30_minutes_after_the_last_failure(client: Client, manager: User) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        _fail(client, manager.username, 5)
        traveller.shift(timedelta(minutes=30, seconds=1))

        response = _post(client, manager.username, PASSWORD)

        assert response.status_code == 302  # type: ignore[attr-defined]
        assert client.session.get("_auth_user_id") == str(manager.pk)


@pytest.mark.django_db
def test_trying_while_locked_out_starts_the_30_minutes_again(client: Client, manager: User) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        _fail(client, manager.username, 5)
        traveller.shift(timedelta(minutes=29))
        assert _post(client, manager.username, PASSWORD).status_code == 429  # type: ignore[attr-defined]
        traveller.shift(timedelta(minutes=2))  # 31 minutes after the fifth failure
        assert _post(client, manager.username, PASSWORD).status_code == 429  # type: ignore[attr-defined]

        traveller.shift(timedelta(minutes=31))
        response = _post(client, manager.username, PASSWORD)

    assert response.status_code == 302  # type: ignore[attr-defined]


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_lockout_is_per_username_and_address(
    client: Client, manager: User, politician: User
) -> None:
    _fail(client, manager.username, 5)

    # the same user from another address, and another user from the same address, get in
    assert _post(Client(), manager.username, PASSWORD, "10.1.2.3").status_code == 302  # type: ignore[attr-defined]
    assert _post(Client(), politician.username, PASSWORD).status_code == 302  # type: ignore[attr-defined]
    assert _post(Client(), manager.username, PASSWORD).status_code == 429  # type: ignore[attr-defined]


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_successful_login_resets_the_count(client: Client, manager: User) -> None:
    _fail(client, manager.username, 4)
    assert _post(client, manager.username, PASSWORD).status_code == 302  # type: ignore[attr-defined]
    client.logout()

    _fail(client, manager.username, 4)

    assert _post(client, manager.username, PASSWORD).status_code == 302  # type: ignore[attr-defined]


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_lockout_is_logged_and_a_cpr_typed_as_username_is_not(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    cpr = "150385-4321"
    with caplog.at_level(logging.INFO):
        _fail(client, cpr, 5)
        response = _post(client, cpr, "anything")

    assert response.status_code == 429  # type: ignore[attr-defined]
    lockouts = [r for r in caplog.records if "locked out" in r.getMessage()]
    assert lockouts, "the lockout was not logged"
    everything = "\n".join(r.getMessage() for r in caplog.records)
    assert "1503854321" not in everything.replace("-", "")
    stored = list(AccessAttempt.objects.values_list("username", flat=True))
    assert stored
    assert all(cpr not in name and "150385" not in name for name in stored)
    assert cpr not in response.content.decode()  # type: ignore[attr-defined]


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_lockout_page_is_english_for_an_english_visitor(client: Client, manager: User) -> None:
    client.cookies["django_language"] = "en"
    _fail(client, manager.username, 5)

    response = _post(client, manager.username, PASSWORD)

    assert response.status_code == 429  # type: ignore[attr-defined]
    assert "Too many failed logins" in response.content.decode()  # type: ignore[attr-defined]


def test_the_login_url_is_the_one_the_tests_post_to() -> None:
    assert reverse("login") == LOGIN
