# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "helhed.api"
    label = "api"
