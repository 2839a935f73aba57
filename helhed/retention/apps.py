# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "helhed.retention"
    label = "retention"
