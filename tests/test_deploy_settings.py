# SPDX-License-Identifier: MPL-2.0
"""The production settings pass Django's deployment checks and refuse to start without
the environment they need (config/settings/production.py).

Each test runs Django in a subprocess: settings are read once per process.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

PROJECT = Path(__file__).resolve().parent.parent
REQUIRED = (
    "HELHED_SECRET_KEY",
    "HELHED_ALLOWED_HOSTS",
    "DATABASE_URL",
    "HELHED_CPR_ENCRYPTION_KEY",
    "HELHED_CPR_HASH_KEY",
)


def _production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HELHED_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        HELHED_SECRET_KEY=secrets.token_urlsafe(45),  # 60 characters
        HELHED_ALLOWED_HOSTS="helhed.example.dk",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        HELHED_CPR_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        HELHED_CPR_HASH_KEY=secrets.token_urlsafe(32),
    )
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (a fixed command line of this interpreter)
        [sys.executable, *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_generated_secret_key_is_as_long_as_the_check_demands(tmp_path: Path) -> None:
    assert len(_production_env(tmp_path)["HELHED_SECRET_KEY"]) == 60


def test_production_settings_pass_the_deploy_check_without_warnings(tmp_path: Path) -> None:
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env(tmp_path)
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "System check identified no issues" in output


def test_the_deploy_check_would_notice_a_weak_secret_key(tmp_path: Path) -> None:
    """Control: the check above can fail."""
    env = _production_env(tmp_path, HELHED_SECRET_KEY="kort")

    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.parametrize("name", REQUIRED)
def test_production_settings_refuse_to_load_without_a_required_variable(
    tmp_path: Path, name: str
) -> None:
    env = _production_env(tmp_path, **{name: None})

    result = _run(["-c", "import django; django.setup()"], env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr


def test_production_settings_refuse_a_blank_secret_key(tmp_path: Path) -> None:
    env = _production_env(tmp_path, HELHED_SECRET_KEY="   ")

    result = _run(["-c", "import django; django.setup()"], env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "HELHED_SECRET_KEY" in result.stderr


# The headers a production answer carries, read from a real request in a production process.
HEADERS_SCRIPT = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/api/v1/partners", secure=True, HTTP_HOST="helhed.example.dk")
print(json.dumps({
    "status": response.status_code,
    "headers": dict(response.headers),
    "hashers": settings.PASSWORD_HASHERS,
    "cookies": [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME],
}))
"""


def _production_answer(tmp_path: Path) -> dict[str, object]:
    result = _run(["-c", HEADERS_SCRIPT], _production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    answer: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


def test_a_production_answer_carries_the_security_headers(tmp_path: Path) -> None:
    answer = _production_answer(tmp_path)
    headers = answer["headers"]
    assert isinstance(headers, dict)

    assert answer["status"] == 401  # the API without a token: no template, no database
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp


def test_production_hashes_passwords_with_argon2_and_uses_host_only_cookies(
    tmp_path: Path,
) -> None:
    answer = _production_answer(tmp_path)
    hashers = answer["hashers"]
    assert isinstance(hashers, list)

    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert answer["cookies"] == ["__Host-sessionid", "__Host-csrftoken"]
