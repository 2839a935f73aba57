# SPDX-License-Identifier: MPL-2.0
"""Recovery codes: made on request and shown once, stored only as keyed hashes, each
accepted once at the second-factor step instead of the authenticator's code."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from helhed.audit.models import SecurityEvent, SecurityEventKind
from helhed.organisations.models import RecoveryCode, User
from helhed.organisations.recovery import (
    COUNT,
    recovery_code_use,
    recovery_codes_left,
    recovery_codes_new,
)
from helhed.organisations.second_factor import second_factor_method
from helhed.organisations.tests.factories import PASSWORD
from helhed.organisations.tests.sessions import login_verified
from helhed.organisations.totp import totp_device_create, totp_key_new

pytestmark = pytest.mark.django_db
CASELOAD = "/app/borgere/"
CODE = re.compile(r"^[a-z2-9]{5}-[a-z2-9]{5}$")


def _password_only(user: User) -> Client:
    """A session past the password, at the second-factor step."""
    totp_device_create(user=user, key=totp_key_new())
    client = Client()
    response = client.post(
        f"{reverse('login')}?next={CASELOAD}",
        {"username": user.username, "password": PASSWORD, "next": CASELOAD},
    )
    assert response.status_code == 302
    return client


def test_new_codes_are_ten_distinct_codes_stored_only_as_hashes(caseworker: User) -> None:
    codes = recovery_codes_new(user=caseworker)

    assert len(codes) == COUNT == len(set(codes))
    assert all(CODE.match(c) for c in codes)
    stored = list(RecoveryCode.objects.filter(user=caseworker).values_list("code_hash", flat=True))
    assert len(stored) == COUNT
    for code in codes:
        assert code not in stored
        assert code.replace("-", "") not in stored
    assert recovery_codes_left(user=caseworker) == COUNT


def test_a_code_works_once(caseworker: User) -> None:
    code = recovery_codes_new(user=caseworker)[3]

    assert recovery_code_use(user=caseworker, code=code)
    assert not recovery_code_use(user=caseworker, code=code)
    assert recovery_codes_left(user=caseworker) == COUNT - 1


def test_case_spaces_and_dashes_do_not_matter(caseworker: User) -> None:
    code = recovery_codes_new(user=caseworker)[0]
    typed = " ".join(code.replace("-", "").upper())

    assert recovery_code_use(user=caseworker, code=typed)


def test_another_users_code_and_a_wrong_code_are_refused(
    caseworker: User, administrator: User
) -> None:
    theirs = recovery_codes_new(user=administrator)[0]
    recovery_codes_new(user=caseworker)

    assert not recovery_code_use(user=caseworker, code=theirs)
    assert not recovery_code_use(user=caseworker, code="abcde-fghjk")
    assert not recovery_code_use(user=caseworker, code="")
    assert recovery_codes_left(user=caseworker) == COUNT
    assert recovery_codes_left(user=administrator) == COUNT


def test_new_codes_end_the_old_ones(caseworker: User) -> None:
    old = recovery_codes_new(user=caseworker)
    recovery_codes_new(user=caseworker)

    assert not any(recovery_code_use(user=caseworker, code=c) for c in old)
    assert recovery_codes_left(user=caseworker) == COUNT


def test_a_recovery_code_passes_the_second_factor_and_is_recorded(caseworker: User) -> None:
    code = recovery_codes_new(user=caseworker)[0]
    client = _password_only(caseworker)

    response = client.post(reverse("otp_verify"), {"recovery_code": code, "next": CASELOAD})

    assert response.status_code == 302
    assert response["Location"] == CASELOAD
    assert client.get(CASELOAD).status_code == 200
    request = type("R", (), {"session": client.session})()
    assert second_factor_method(request) == "recovery"
    event = SecurityEvent.objects.get(kind=SecurityEventKind.RECOVERY_CODE_USED)
    assert event.user_id == caseworker.pk
    assert recovery_codes_left(user=caseworker) == COUNT - 1


def test_a_wrong_recovery_code_is_refused_with_a_message_and_recorded(caseworker: User) -> None:
    recovery_codes_new(user=caseworker)
    client = _password_only(caseworker)

    response = client.post(
        reverse("otp_verify"), {"recovery_code": "abcde-fghjk", "next": CASELOAD}
    )

    assert response.status_code == 400
    assert "Gendannelseskoden er forkert eller allerede brugt." in response.content.decode()
    assert client.get(CASELOAD).status_code == 302  # still at the second-factor step
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SECOND_FACTOR_FAILED).count() == 1
    assert recovery_codes_left(user=caseworker) == COUNT


def test_a_used_recovery_code_does_not_open_a_second_session(caseworker: User) -> None:
    code = recovery_codes_new(user=caseworker)[0]
    first = _password_only(caseworker)
    assert first.post(reverse("otp_verify"), {"recovery_code": code}).status_code == 302
    second = Client()
    second.post(reverse("login"), {"username": caseworker.username, "password": PASSWORD})

    response = second.post(reverse("otp_verify"), {"recovery_code": code})

    assert response.status_code == 400
    assert second.get(CASELOAD).status_code == 302


def test_the_codes_page_shows_new_codes_once_and_then_only_the_count(caseworker: User) -> None:
    client = Client()
    login_verified(client, caseworker)
    url = reverse("recovery_codes")

    before = client.get(url)
    made = client.post(url, {"next": CASELOAD})
    after = client.get(url)

    assert "Du har 0 ubrugte gendannelseskoder." in before.content.decode()
    codes = made.context["codes"]
    assert len(codes) == COUNT
    assert all(code in made.content.decode() for code in codes)
    assert made["Cache-Control"].startswith("max-age=0")
    assert not any(code in after.content.decode() for code in codes)
    assert f"Du har {COUNT} ubrugte gendannelseskoder." in after.content.decode()


def test_the_codes_page_is_for_the_roles_with_a_second_factor(
    policy_officer: User, caseworker: User
) -> None:
    officer = Client()
    login_verified(officer, policy_officer)
    assert officer.post(reverse("recovery_codes")).status_code == 403
    assert not RecoveryCode.objects.exists()
    assert Client().get(reverse("recovery_codes")).status_code == 302  # to the login
