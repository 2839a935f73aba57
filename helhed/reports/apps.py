# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "helhed.reports"
