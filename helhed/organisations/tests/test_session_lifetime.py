# SPDX-License-Identifier: MPL-2.0
"""A session ends after 30 idle minutes and 8 hours after login, with a message saying why."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from helhed.organisations.models import User
from helhed.organisations.tests.factories import PASSWORD

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
PAGE = "/app/"


def _login(client: Client, user: User) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def _assert_logged_out_to_login(client: Client, response: object, words: str) -> None:
    assert response.status_code == 302  # type: ignore[attr-defined]
    target = urlsplit(response["Location"])  # type: ignore[index]
    assert target.path == reverse("login")
    assert parse_qs(target.query)["next"] == [PAGE]
    page = client.get(response["Location"])  # type: ignore[index]
    assert page.status_code == 200
    assert words in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_timeouts_are_settings_of_30_minutes_and_8_hours() -> None:
    from config.settings import base

    assert timedelta(minutes=30) == base.HELHED_SESSION_IDLE_TIMEOUT
    assert timedelta(hours=8) == base.HELHED_SESSION_ABSOLUTE_TIMEOUT
    assert base.SESSION_COOKIE_AGE == 8 * 60 * 60


@pytest.mark.django_db
def test_29_idle_minutes_keep_the_session(client: Client, policy_officer: User) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        _login(client, policy_officer)
        assert client.get(PAGE).status_code == 200
        traveller.shift(timedelta(minutes=29))

        assert client.get(PAGE).status_code == 200


@pytest.mark.django_db
def test_30_idle_minutes_log_the_user_out_with_a_message(
    client: Client, policy_officer: User
) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        _login(client, policy_officer)
        assert client.get(PAGE).status_code == 200
        traveller.shift(timedelta(minutes=30, seconds=1))

        response = client.get(PAGE)

        _assert_logged_out_to_login(client, response, "ikke har været aktiv i mere end 30 minutter")


@pytest.mark.django_db
def test_activity_keeps_the_session_but_not_beyond_8_hours(
    client: Client, policy_officer: User
) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        _login(client, policy_officer)
        assert client.get(PAGE).status_code == 200
        # a request every 20 minutes for 7 h 40 min: never idle for 30 minutes
        for _ in range(23):
            traveller.shift(timedelta(minutes=20))
            assert client.get(PAGE).status_code == 200
        traveller.shift(timedelta(minutes=20))  # 8 hours after login

        response = client.get(PAGE)

        _assert_logged_out_to_login(client, response, "loggede ind for mere end 8 timer siden")


@pytest.mark.django_db
def test_the_absolute_timeout_counts_from_login_not_from_the_last_request(
    client: Client, policy_officer: User
) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        _login(client, policy_officer)
        client.get(PAGE)
        traveller.shift(timedelta(hours=7, minutes=50))
        # idle for 7 h 50 min: logged out for being idle, which is said
        response = client.get(PAGE)
        messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert response.status_code == 302
    assert any("30 minutter" in m for m in messages)


@pytest.mark.django_db
def test_the_timeouts_follow_the_settings(
    client: Client, policy_officer: User, settings: object
) -> None:
    settings.HELHED_SESSION_IDLE_TIMEOUT = timedelta(minutes=5)  # type: ignore[attr-defined]
    with time_machine.travel(NOW, tick=False) as traveller:
        _login(client, policy_officer)
        client.get(PAGE)
        traveller.shift(timedelta(minutes=6))

        response = client.get(PAGE)

        _assert_logged_out_to_login(client, response, "mere end 5 minutter")


@pytest.mark.django_db
def test_an_expired_session_in_english(client: Client, policy_officer: User) -> None:
    client.cookies["django_language"] = "en"
    with time_machine.travel(NOW, tick=False) as traveller:
        _login(client, policy_officer)
        client.get(PAGE)
        traveller.shift(timedelta(minutes=31))
        response = client.get(PAGE)
        page = client.get(response["Location"])
    assert "idle for more than 30 minutes" in page.content.decode()


@pytest.mark.django_db
def test_an_expired_htmx_request_is_told_to_load_the_login_page(
    client: Client, policy_officer: User
) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        _login(client, policy_officer)
        client.get(PAGE)
        traveller.shift(timedelta(minutes=31))

        response = client.get(PAGE, headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("login")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_anonymous_visitors_are_not_touched(client: Client) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        first = client.get("/")
        traveller.shift(timedelta(hours=9))
        later = client.get("/")
    assert (first.status_code, later.status_code) == (200, 200)
    # no session is started for them
    assert "sessionid" not in first.cookies
    assert "sessionid" not in later.cookies
