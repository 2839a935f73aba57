# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "helhed.policies"
    label = "policies"
