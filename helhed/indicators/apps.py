# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "helhed.indicators"
    label = "indicators"
    verbose_name = "Indikatorer"

    def ready(self) -> None:
        # Keep the indicators current whenever a registry or plan service changes a person.
        from helhed.indicators.maintenance import listen_to_registry

        listen_to_registry()
