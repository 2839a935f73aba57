# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "helhed.privacy"
    label = "privacy"
