# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "helhed.core"
    label = "core"
