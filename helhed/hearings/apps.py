# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class HearingsConfig(AppConfig):
    name = "helhed.hearings"
    label = "hearings"
