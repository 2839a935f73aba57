# SPDX-License-Identifier: MPL-2.0
"""Settings shared by every environment. Environment-specific modules import from here."""

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
    "helhed.privacy",
    "helhed.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

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
