# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "helhed.sso"
    label = "sso"
