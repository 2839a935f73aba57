# SPDX-License-Identifier: MPL-2.0
"""Settings shared by every environment. Environment-specific modules import from here."""

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from config.settings.database import database_config

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = ""
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "helhed.core.admin_site.HelhedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # lockout after repeated failed logins, and TOTP second factor (ADR 0015)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "helhed.core",
    "helhed.organisations",
    "helhed.policies",
    "helhed.audit",
    "helhed.citizens",
    "helhed.caseplans",
    "helhed.api",
    # django-ninja: its templates and static files, so that the API docs need no CDN
    "ninja",
    "helhed.imports",
    "helhed.retention",
    "helhed.operations",
    "helhed.privacy",
    "helhed.indicators",
    # the public hearing of a policy version, its responses, dispositions and memo
    "helhed.hearings",
    "helhed.reports",
    # committees, meetings, agenda items and the process plan (issue 5)
    "helhed.governance",
    "helhed.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "helhed.core.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # records each 403 answer as a security event (ADR 0023)
    "helhed.audit.security.RefusalAuditMiddleware",
    # after the session, the user and the messages: they log out an expired session and
    # send a user whose role sees persons to the second factor before any /app/ page
    "helhed.organisations.session_lifetime.SessionLifetimeMiddleware",
    "helhed.organisations.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # last, as django-axes requires: answers a locked-out login with the login page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "helhed" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "helhed.core.context_processors.page_path",
            ],
        },
    },
]

DATABASES = {"default": database_config(BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "policies:dashboard"
LOGOUT_REDIRECT_URL = "policies:home"

# Argon2id first: new and changed passwords are hashed with it; the others only verify
# (and upgrade on login) hashes made before.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# django-axes answers a locked-out username+address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Danish by default, English available.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from the npm registry at set-up (package.json); none is copied in.
STATICFILES_DIRS = [
    ("dkfds", NODE_MODULES / "dkfds" / "dist"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]

CSRF_FAILURE_VIEW = "helhed.core.csrf_failure.csrf_failure"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4): this server's files only, no inline script or
# style, no plugins, no framing. The API docs page sets its own, looser style policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
HELHED_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

# Lockout (django-axes): 5 failed logins for one username from one address lock that
# pair for 30 minutes; a successful login resets the count. Usernames shaped like a CPR
# number are stored and logged as a keyed hash (helhed/organisations/lockout.py).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "helhed.organisations.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "helhed.organisations.lockout.lockout_username"
AXES_VERBOSE = False

# Two-factor (django-otp, TOTP): required for every role that sees persons
# (helhed/organisations/second_factor.py). The issuer names Helhed in the authenticator.
OTP_TOTP_ISSUER = "Helhed"

# Sessions end after 30 minutes without a request and 8 hours after login, whichever
# comes first (helhed/organisations/session_lifetime.py).
HELHED_SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
HELHED_SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=8)
SESSION_COOKIE_AGE = int(HELHED_SESSION_ABSOLUTE_TIMEOUT.total_seconds())

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The demo content (published passwords) may be loaded only where a settings module allows it.
HELHED_ALLOW_DEMO = False

# CPR numbers are encrypted with one key and looked up by a keyed hash under another; both
# live outside the database (environment variables in production, see production.py).
HELHED_CPR_ENCRYPTION_KEY = ""
HELHED_CPR_HASH_KEY = ""

# Imports (helhed/imports): the largest file accepted, the rows validated and written per
# chunk, the problems a report lists, and whether the web page runs imports in a
# background thread (docs/adr/0011-imports-and-exports.md).
HELHED_IMPORT_MAX_BYTES = 200 * 1024 * 1024
HELHED_IMPORT_BATCH = 2000
HELHED_IMPORT_REPORT_LIMIT = 1000
HELHED_IMPORT_BACKGROUND = True

# ---------------------------------------------------------------------------------------
# Single sign-on (helhed/sso; docs/sso.md, docs/adr/0018-single-sign-on.md): SAML 2.0 in
# the OIOSAML profile (djangosaml2/pysaml2) and OpenID Connect (mozilla-django-oidc), each
# configured per municipality in the database (`manage.py sso_configure`).
INSTALLED_APPS += ["djangosaml2", "helhed.sso"]
# djangosaml2 keeps its pending requests in a cookie of its own (SameSite=None, so the
# identity provider's POST back carries it).
MIDDLEWARE += ["djangosaml2.middleware.SamlSessionMiddleware"]
AUTHENTICATION_BACKENDS = [
    *AUTHENTICATION_BACKENDS,  # axes first, then passwords
    "helhed.sso.saml_backend.SamlBackend",
    "helhed.sso.oidc_backend.OidcBackend",
]
SAML_CONFIG_LOADER = "helhed.sso.saml_config.saml_config_for_request"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_SESSION_COOKIE_NAME = "helhed_saml_session"
SAML_SESSION_COOKIE_SECURE = True
# Helhed's own key pair as service provider: signs AuthnRequests (OIOSAML 3 requires it)
# and decrypts encrypted assertions. Paths; set from the environment in production.
HELHED_SAML_SP_KEY_FILE = ""
HELHED_SAML_SP_CERT_FILE = ""
# What every municipality's SAML configuration shares (helhed/sso/saml_config.py adds the
# municipality's identity provider, entity id and endpoints).
HELHED_SAML_BASE_CONFIG = {
    "xmlsec_binary": "/usr/bin/xmlsec1",
    "allow_unknown_attributes": True,
    "accepted_time_diff": 60,
    "service": {
        "sp": {
            "allow_unsolicited": False,
            "want_assertions_signed": True,
            "want_response_signed": False,
            "only_use_keys_in_metadata": True,
            "signing_algorithm": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            "digest_algorithm": "http://www.w3.org/2001/04/xmlenc#sha256",
        },
    },
}
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:oidc_callback"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid profile email"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 15
# No SAML XML or OIDC token in the logs (they may carry personal data).
_loggers = LOGGING["loggers"]
if isinstance(_loggers, dict):
    _loggers.update({"saml2": {"level": "WARNING"}, "djangosaml2": {"level": "WARNING"}})
# Backups (helhed/operations, docs/operations.md): where PostgreSQL's pg_dump and pg_restore
# of the server's major version are, when not in /usr/lib/postgresql/<major>/bin or on PATH.
HELHED_PG_BIN_DIR = ""

# Retention (helhed/retention, docs/adr/0017-reliability-and-retention.md): audit events are
# kept 6 months, a person's registry records 5 years after the case ended (KLE P1825D);
# a municipality may set its own periods, and archival holds keep records whatever these say.
HELHED_RETENTION_AUDIT_EVENT_MONTHS = 6
HELHED_RETENTION_ENDED_RECORD_MONTHS = 60
# hearing respondents' name, e-mail, private link and attachment (docs/adr/0035)
HELHED_RETENTION_HEARING_RESPONSE_MONTHS = 12

# The public hearing (helhed/hearings): responses an hour from one client address
HELHED_HEARING_RESPONSES_PER_HOUR = 5
