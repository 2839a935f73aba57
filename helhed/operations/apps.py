# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "helhed.operations"
    label = "operations"
