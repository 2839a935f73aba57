# SPDX-License-Identifier: MPL-2.0
"""The demo on a developer's machine: `make run`."""

import os

from config.settings.base import *  # noqa: F403

DEBUG = os.environ.get("HELHED_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get(
    "HELHED_SECRET_KEY", "local-demo-only-key-not-for-production-0123456789abcdef"
)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
HELHED_ALLOW_DEMO = True
