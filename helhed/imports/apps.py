# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "helhed.imports"
    label = "imports"
