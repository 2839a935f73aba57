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
# Demo-only keys (published): production reads its own from the environment.
HELHED_CPR_ENCRYPTION_KEY = os.environ.get(
    "HELHED_CPR_ENCRYPTION_KEY", "ZGVtby1vbmx5LWtleS1ub3QtZm9yLXByb2R1Y3Rpb24="
)
HELHED_CPR_HASH_KEY = os.environ.get("HELHED_CPR_HASH_KEY", "demo-only-cpr-hash-key")
