# SPDX-License-Identifier: MPL-2.0
"""The test suite: `make test`. DATABASE_URL selects PostgreSQL, otherwise SQLite."""

from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGH"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Fast hashing in tests; production uses the default hashers.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
HELHED_ALLOW_DEMO = True
HELHED_CPR_ENCRYPTION_KEY = "dGVzdC1vbmx5LWtleS0xMjM0NTY3ODkwMTIzNDU2Nzg="
HELHED_CPR_HASH_KEY = "test-only-cpr-hash-key"
# The import page runs an import in the request's thread: a test's transaction (and the
# in-memory SQLite of the browser tests) is not visible to another thread's connection.
HELHED_IMPORT_BACKGROUND = False
