# SPDX-License-Identifier: MPL-2.0
"""Security events (ADR 0023): each login, failed login, lockout, wrong or reused
second-factor code, logout and refusal writes one event, with the user or the attempted
username, the time and the address; never a password or a CPR number; and a failed
attempt writes nothing else."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp  # type: ignore[import-untyped]

from helhed.audit.models import AuditEvent, SecurityEvent, SecurityEventKind
from helhed.organisations.models import User
from helhed.organisations.tests.factories import PASSWORD
from helhed.organisations.tests.sessions import login_verified
from helhed.organisations.totp import totp_device_create, totp_key_new

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
NOW = datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC)
ADDRESS = "10.1.2.3"


def _post(client: Client, username: str, password: str) -> object:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ADDRESS)


def _kinds() -> list[str]:
    return list(SecurityEvent.objects.values_list("kind", flat=True))


def _nothing_of(event: SecurityEvent, *secrets: str) -> None:
    stored = " ".join(str(getattr(event, f.attname)) for f in SecurityEvent._meta.fields)
    for secret in secrets:
        assert secret not in stored


@time_machine.travel(NOW, tick=False)
def test_a_login_writes_one_event_with_user_municipality_address_and_time(
    client: Client, manager: User
) -> None:
    _post(client, manager.username, PASSWORD)

    event = SecurityEvent.objects.get()
    assert event.kind == SecurityEventKind.LOGIN
    assert (event.user, event.municipality_id) == (manager, manager.municipality_id)
    assert (event.username, event.ip_address) == (manager.username, ADDRESS)
    assert event.occurred_at == NOW
    _nothing_of(event, PASSWORD)


def test_a_failed_login_of_a_known_user_writes_its_event_and_nothing_else(
    client: Client, manager: User
) -> None:
    audit_before = AuditEvent.objects.count()

    response = _post(client, manager.username, "forkert-kodeord-123")

    assert response.status_code == 200  # type: ignore[attr-defined]
    event = SecurityEvent.objects.get()
    assert (event.kind, event.user, event.ip_address) == (
        SecurityEventKind.LOGIN_FAILED,
        manager,
        ADDRESS,
    )
    _nothing_of(event, "forkert-kodeord-123", PASSWORD)
    assert AuditEvent.objects.count() == audit_before
    assert not Session.objects.exists()
    manager.refresh_from_db()
    assert manager.last_login is None


def test_a_failed_login_of_an_unknown_username_has_no_user_and_no_municipality(
    client: Client,
) -> None:
    _post(client, "ingen-saadan", "hvad-som-helst-1")

    event = SecurityEvent.objects.get()
    assert event.kind == SecurityEventKind.LOGIN_FAILED
    assert (event.user, event.municipality, event.username) == (None, None, "ingen-saadan")


def test_a_cpr_number_typed_as_username_is_not_stored(client: Client) -> None:
    _post(client, "010190-1234", "hvad-som-helst-1")

    event = SecurityEvent.objects.get()
    assert event.username.startswith("cpr-shaped:")
    _nothing_of(event, "010190", "1234")


def test_the_fifth_failure_writes_a_lockout(client: Client, manager: User) -> None:
    for _ in range(5):
        _post(client, manager.username, "forkert-kodeord-123")

    lockouts = SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT)
    assert lockouts.count() == 1
    assert lockouts.get().user == manager
    assert _kinds().count(SecurityEventKind.LOGIN_FAILED) == 5
    assert AuditEvent.objects.count() == 0


def _code(key_hex: str) -> str:
    return str(totp(bytes.fromhex(key_hex))).zfill(6)


@time_machine.travel(NOW, tick=False)
def test_a_wrong_second_factor_code_writes_its_event_and_a_reused_one_a_replay(
    caseworker: User,
) -> None:
    device = totp_device_create(user=caseworker, key=totp_key_new())
    first, second = Client(), Client()
    for client in (first, second):
        _post(client, caseworker.username, PASSWORD)
    SecurityEvent.objects.all().delete()
    code = _code(device.key)
    wrong = "000000" if code != "000000" else "111111"

    assert first.post(reverse("otp_verify"), {"token": code}).status_code == 302
    assert _kinds() == []
    assert second.post(reverse("otp_verify"), {"token": code}).status_code == 400
    assert _kinds() == [SecurityEventKind.SECOND_FACTOR_REPLAYED]
    assert second.post(reverse("otp_verify"), {"token": wrong}).status_code == 400

    assert _kinds() == [
        SecurityEventKind.SECOND_FACTOR_REPLAYED,
        SecurityEventKind.SECOND_FACTOR_FAILED,
    ]
    assert {e.user for e in SecurityEvent.objects.all()} == {caseworker}
    assert AuditEvent.objects.count() == 0


def test_a_logout_writes_one_event(client: Client, manager: User) -> None:
    _post(client, manager.username, PASSWORD)

    client.post(reverse("logout"))

    assert _kinds() == [SecurityEventKind.LOGIN, SecurityEventKind.LOGOUT]
    assert SecurityEvent.objects.get(kind=SecurityEventKind.LOGOUT).user == manager


def test_a_refusal_writes_one_event_with_the_path(client: Client, caseworker: User) -> None:
    login_verified(client, caseworker)
    SecurityEvent.objects.all().delete()
    url = reverse("privacy:audit_log")

    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 403

    event = SecurityEvent.objects.get()
    assert (event.kind, event.user, event.path, event.ip_address) == (
        SecurityEventKind.REFUSED,
        caseworker,
        url,
        ADDRESS,
    )


def test_an_allowed_page_writes_no_security_event(client: Client, caseworker: User) -> None:
    login_verified(client, caseworker)
    SecurityEvent.objects.all().delete()

    assert client.get("/app/borgere/").status_code == 200

    assert not SecurityEvent.objects.exists()
