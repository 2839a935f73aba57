# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "helhed.governance"
    label = "governance"
    verbose_name = "Governance"
