# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "helhed.demo"
    label = "demo"
