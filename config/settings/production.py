# SPDX-License-Identifier: MPL-2.0
"""Production: everything that differs from the demo comes from environment variables.

Required: HELHED_SECRET_KEY, HELHED_ALLOWED_HOSTS (comma-separated), DATABASE_URL,
HELHED_CPR_ENCRYPTION_KEY (a Fernet key) and HELHED_CPR_HASH_KEY.
`manage.py check --deploy --fail-level WARNING` is clean with these settings (tested).
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.database import database_config


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


DEBUG = False
SECRET_KEY = _required("HELHED_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("HELHED_ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("HELHED_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
_required("DATABASE_URL")
HELHED_CPR_ENCRYPTION_KEY = _required("HELHED_CPR_ENCRYPTION_KEY")
HELHED_CPR_HASH_KEY = _required("HELHED_CPR_HASH_KEY")
DATABASES = {"default": database_config(BASE_DIR)}  # noqa: F405

SECURE_SSL_REDIRECT = os.environ.get("HELHED_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("HELHED_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The session lives as long as the absolute timeout (base.py); the cookies only over HTTPS,
# under the __Host- prefix (no Domain, path /), so no sub-domain can set or read them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
STATIC_ROOT = Path(os.environ.get("HELHED_STATIC_ROOT", str(STATIC_ROOT)))  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Single sign-on: Helhed's SAML key pair (docs/sso.md); without it AuthnRequests go unsigned.
HELHED_SAML_SP_KEY_FILE = os.environ.get("HELHED_SAML_SP_KEY_FILE", "")
HELHED_SAML_SP_CERT_FILE = os.environ.get("HELHED_SAML_SP_CERT_FILE", "")
