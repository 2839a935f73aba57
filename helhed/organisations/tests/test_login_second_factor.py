# SPDX-License-Identifier: MPL-2.0
"""TOTP two-factor for every role that sees persons, through the real login pages."""

import logging
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from helhed.organisations.models import User
from helhed.organisations.second_factor import (
    PERSON_DATA_ROLES,
    mark_second_factor_verified,
    second_factor_method,
    second_factor_required,
)
from helhed.organisations.tests.factories import PASSWORD
from helhed.organisations.totp import totp_device_create, totp_key_new

NOW = datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC)
CASELOAD = "/app/borgere/"


def _code(key_hex: str, *, steps: int = 0) -> str:
    """The code an authenticator shows for the key now (or `steps` time steps later)."""
    return str(totp(bytes.fromhex(key_hex), drift=steps)).zfill(6)


def _password(client: Client, user: User, next_path: str = CASELOAD) -> object:
    return client.post(
        f"{reverse('login')}?next={next_path}",
        {"username": user.username, "password": PASSWORD, "next": next_path},
    )


def _device(user: User) -> TOTPDevice:
    return totp_device_create(user=user, key=totp_key_new())


def _location(response: object) -> str:
    return str(response["Location"])  # type: ignore[index]


def test_the_roles_that_need_a_second_factor_are_those_that_see_persons() -> None:
    # caseworkers (the registry), administrators (API tokens, departments) and the data
    # protection officer (persons' audit logs and access exports)
    assert set(PERSON_DATA_ROLES) == {"caseworker", "administrator", "data_protection_officer"}


@pytest.mark.django_db
def test_who_needs_a_second_factor(
    caseworker: User,
    administrator: User,
    superuser: User,
    policy_officer: User,
    manager: User,
    politician: User,
) -> None:
    assert second_factor_required(caseworker)
    assert second_factor_required(administrator)
    assert second_factor_required(superuser)
    assert not second_factor_required(policy_officer)
    assert not second_factor_required(manager)
    assert not second_factor_required(politician)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_caseworker_with_a_device_gives_a_code_and_then_sees_the_caseload(
    client: Client, caseworker: User
) -> None:
    device = _device(caseworker)
    # given the password
    response = _password(client, caseworker)
    # then the next step is the code, not the page asked for
    assert response.status_code == 302  # type: ignore[attr-defined]
    step = urlsplit(_location(response))
    assert step.path == reverse("otp_verify")
    assert parse_qs(step.query)["next"] == [CASELOAD]
    assert client.get(CASELOAD).status_code == 302
    # when the code is given
    response = client.post(reverse("otp_verify"), {"token": _code(device.key), "next": CASELOAD})
    # then the caseload opens
    assert response.status_code == 302
    assert _location(response) == CASELOAD
    assert client.get(CASELOAD).status_code == 200
    assert second_factor_method(client.get(CASELOAD).wsgi_request) == "totp"


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_until_the_code_is_given_every_app_page_redirects_to_it(
    client: Client, caseworker: User
) -> None:
    _device(caseworker)
    _password(client, caseworker)

    for path in (CASELOAD, "/app/arbejdsliste/", "/app/", "/app/import/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert urlsplit(_location(response)).path == reverse("otp_verify"), path
    posted = client.post(reverse("citizens:person_register"), {"first_name": "X"})
    assert posted.status_code == 302
    assert urlsplit(_location(posted)).path == reverse("otp_verify")


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_an_htmx_request_is_told_to_load_the_code_page(client: Client, caseworker: User) -> None:
    _device(caseworker)
    _password(client, caseworker)

    response = client.get(CASELOAD, headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert urlsplit(response["HX-Redirect"]).path == reverse("otp_verify")


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_wrong_code_is_refused_with_a_message_and_logged(
    client: Client, caseworker: User, caplog: pytest.LogCaptureFixture
) -> None:
    device = _device(caseworker)
    _password(client, caseworker)
    wrong = f"{(int(_code(device.key)) + 1) % 1_000_000:06d}"

    with caplog.at_level(logging.WARNING, logger="helhed.security"):
        response = client.post(reverse("otp_verify"), {"token": wrong, "next": CASELOAD})

    assert response.status_code == 400
    assert "Koden er forkert, for gammel eller allerede brugt" in response.content.decode()
    assert any("Second factor refused" in r.getMessage() for r in caplog.records)
    assert client.get(CASELOAD).status_code == 302


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("token", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_a_malformed_code_names_the_field_and_does_not_count_as_a_try(
    client: Client, caseworker: User, token: str
) -> None:
    device = _device(caseworker)
    _password(client, caseworker)

    response = client.post(reverse("otp_verify"), {"token": token, "next": CASELOAD})

    assert response.status_code == 400
    text = response.content.decode()
    assert "Kode fra din godkendelses-app" in text
    assert 'aria-invalid="true"' in text
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_code_may_be_typed_with_a_space(client: Client, caseworker: User) -> None:
    device = _device(caseworker)
    _password(client, caseworker)
    code = _code(device.key)

    response = client.post(
        reverse("otp_verify"), {"token": f"{code[:3]} {code[3:]}", "next": CASELOAD}
    )

    assert response.status_code == 302
    assert client.get(CASELOAD).status_code == 200


@pytest.mark.django_db
def test_a_used_code_is_refused_the_second_time(caseworker: User) -> None:
    device = _device(caseworker)
    with time_machine.travel(NOW, tick=False) as traveller:
        code = _code(device.key)
        first = Client()
        _password(first, caseworker)
        assert first.post(reverse("otp_verify"), {"token": code}).status_code == 302
        # when someone replays it, 10 seconds later, in another login
        traveller.shift(timedelta(seconds=10))
        second = Client()
        _password(second, caseworker)
        response = second.post(reverse("otp_verify"), {"token": code})
        # then it is refused, and that session stays outside
        assert response.status_code == 400
        assert second.get(CASELOAD).status_code == 302
        # and the device remembers the step that was used
        device.refresh_from_db()
        assert device.last_t == int(NOW.timestamp()) // 30


@pytest.mark.django_db
def test_the_next_code_works_after_a_used_one(caseworker: User) -> None:
    device = _device(caseworker)
    with time_machine.travel(NOW, tick=False) as traveller:
        first = Client()
        _password(first, caseworker)
        assert first.post(reverse("otp_verify"), {"token": _code(device.key)}).status_code == 302
        traveller.shift(timedelta(seconds=31))
        second = Client()
        _password(second, caseworker)
        response = second.post(reverse("otp_verify"), {"token": _code(device.key)})
    assert response.status_code == 302


@pytest.mark.django_db
def test_an_old_code_is_refused(client: Client, caseworker: User) -> None:
    device = _device(caseworker)
    with time_machine.travel(NOW, tick=False) as traveller:
        code = _code(device.key)
        traveller.shift(timedelta(minutes=2))
        _password(client, caseworker)
        response = client.post(reverse("otp_verify"), {"token": code})
    assert response.status_code == 400
    assert client.get(CASELOAD).status_code == 302


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_caseworker_without_a_device_is_sent_to_enrolment(
    client: Client, caseworker: User
) -> None:
    _password(client, caseworker)

    response = client.get(f"{reverse('otp_verify')}?next={CASELOAD}")

    assert response.status_code == 302
    assert urlsplit(_location(response)).path == reverse("otp_enrol")
    assert client.get(CASELOAD).status_code == 302


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_enrolment_shows_a_qr_code_and_the_key_and_a_code_confirms_it(
    client: Client, caseworker: User
) -> None:
    _password(client, caseworker)
    page = client.get(f"{reverse('otp_enrol')}?next={CASELOAD}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text
    assert "<script" not in text.split("<main", 1)[1].split("</main>")[0]
    key = client.session["helhed_totp_enrolment_key"]
    secret = page.context["secret"]
    assert secret.replace(" ", "") in text.replace(" ", "")
    assert not TOTPDevice.objects.filter(user=caseworker).exists()  # nothing written yet

    response = client.post(reverse("otp_enrol"), {"token": _code(key), "next": CASELOAD})

    # then the next step is the recovery codes, and then the page asked for
    assert response.status_code == 302
    assert _location(response) == f"{reverse('recovery_codes')}?next=%2Fapp%2Fborgere%2F"
    device = TOTPDevice.objects.get(user=caseworker)
    assert device.confirmed
    assert device.key == key
    assert client.get(CASELOAD).status_code == 200
    # the confirming code is used: it does not log in another session
    other = Client()
    _password(other, caseworker)
    assert other.post(reverse("otp_verify"), {"token": _code(key)}).status_code == 400


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_enrolment_refuses_a_wrong_code_and_writes_nothing(
    client: Client, caseworker: User
) -> None:
    _password(client, caseworker)
    client.get(reverse("otp_enrol"))
    key = client.session["helhed_totp_enrolment_key"]
    wrong = f"{(int(_code(key)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("otp_enrol"), {"token": wrong})

    assert response.status_code == 400
    assert "Koden passer ikke" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    assert client.session["helhed_totp_enrolment_key"] == key  # the same key to try again
    assert client.get(CASELOAD).status_code == 302


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_password_alone_cannot_replace_an_existing_device(
    client: Client, caseworker: User
) -> None:
    device = _device(caseworker)
    _password(client, caseworker)

    page = client.get(reverse("otp_enrol"))
    assert page.status_code == 302
    assert urlsplit(_location(page)).path == reverse("otp_verify")
    # even posting to the enrolment with a key of one's own
    session = client.session
    session["helhed_totp_enrolment_key"] = totp_key_new()
    session.save()
    posted = client.post(
        reverse("otp_enrol"), {"token": _code(session["helhed_totp_enrolment_key"])}
    )

    assert posted.status_code == 302
    assert list(TOTPDevice.objects.filter(user=caseworker)) == [device]
    assert client.get(CASELOAD).status_code == 302


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_an_administrator_needs_the_code_for_the_organisation_page(
    client: Client, administrator: User
) -> None:
    device = _device(administrator)
    _password(client, administrator, "/app/organisation/")
    assert client.get("/app/organisation/").status_code == 302

    client.post(reverse("otp_verify"), {"token": _code(device.key)})

    assert client.get("/app/organisation/").status_code == 200


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_superuser_needs_the_code_for_the_admin(client: Client, superuser: User) -> None:
    device = _device(superuser)
    client.post(reverse("login"), {"username": "root", "password": "root-password-123"})
    response = client.get("/admin/")
    assert response.status_code == 302
    assert urlsplit(_location(response)).path == reverse("otp_verify")

    client.post(reverse("otp_verify"), {"token": _code(device.key)})

    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_policy_officer_needs_no_second_factor(client: Client, policy_officer: User) -> None:
    response = _password(client, policy_officer, "/app/")

    assert _location(response) == "/app/"
    assert client.get("/app/").status_code == 200
    assert client.get(reverse("otp_verify")).status_code == 302  # nothing to do there


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_code_page_sends_nobody_to_another_site(client: Client, caseworker: User) -> None:
    device = _device(caseworker)
    _password(client, caseworker)

    response = client.post(
        reverse("otp_verify"), {"token": _code(device.key), "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert _location(response) == reverse("policies:dashboard")


@pytest.mark.django_db
def test_the_code_pages_require_a_password_first(client: Client) -> None:
    for name in ("otp_verify", "otp_enrol"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert urlsplit(_location(response)).path == reverse("login")


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_step_up_gives_the_session_a_new_key(client: Client, caseworker: User) -> None:
    device = _device(caseworker)
    _password(client, caseworker)
    before = client.session.session_key

    client.post(reverse("otp_verify"), {"token": _code(device.key)})

    assert client.session.session_key != before


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_sso_marks_the_second_factor_given_by_the_identity_provider(
    client: Client, caseworker: User
) -> None:
    # what helhed/sso does after its own login of the user
    client.force_login(caseworker)
    request = client.get("/").wsgi_request
    mark_second_factor_verified(request, method="saml")
    request.session.save()
    client.cookies["sessionid"] = str(request.session.session_key)

    assert client.get(CASELOAD).status_code == 200
    with pytest.raises(ValueError, match="Unknown second-factor method"):
        mark_second_factor_verified(request, method="sms")


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_api_is_not_affected(client: Client, caseworker: User) -> None:
    # a session user without a second factor asks the API: the API answers by token only
    _device(caseworker)
    _password(client, caseworker)

    response = client.get("/api/v1/partners")

    assert response.status_code == 401
    assert "Location" not in response
