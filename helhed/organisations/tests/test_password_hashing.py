# SPDX-License-Identifier: MPL-2.0
"""Passwords are hashed with Argon2id outside the test suite (which keeps a fast hasher)."""

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher
from django.test import override_settings

from config.settings import base
from helhed.organisations.models import Municipality
from helhed.organisations.tests.factories import make_user


def test_the_base_settings_hash_new_passwords_with_argon2_first() -> None:
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    # the older hashers stay only to verify (and upgrade) hashes made before
    assert "django.contrib.auth.hashers.MD5PasswordHasher" not in base.PASSWORD_HASHERS


@pytest.mark.django_db
def test_a_user_created_under_the_base_settings_gets_an_argon2id_hash(
    own_municipality: Municipality,
) -> None:
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        user = make_user(municipality=own_municipality, roles=["manager"], username="argon")
        user.refresh_from_db()

        assert user.password.startswith("argon2$argon2id$")
        assert identify_hasher(user.password).algorithm == "argon2"
        assert check_password("test-password-123", user.password)
        assert not check_password("test-password-124", user.password)


@pytest.mark.django_db
def test_an_old_pbkdf2_hash_is_upgraded_to_argon2_at_login(
    client: object, own_municipality: Municipality
) -> None:
    # given a user whose password was hashed with PBKDF2 (before this setting)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        user = make_user(municipality=own_municipality, roles=["manager"], username="gammel")
    assert user.password.startswith("pbkdf2_sha256$")
    # when they log in through the login page under the base settings
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        response = client.post(  # type: ignore[attr-defined]
            "/log-ind/", {"username": "gammel", "password": "test-password-123"}
        )
    # then the stored hash is Argon2
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
