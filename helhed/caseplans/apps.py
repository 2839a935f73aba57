# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class CaseplansConfig(AppConfig):
    name = "helhed.caseplans"
    label = "caseplans"
    verbose_name = "Helhedsplaner"

    def ready(self) -> None:
        # Keep rule flags current whenever a registry service changes a person.
        from helhed.caseplans.flags import listen_to_registry

        listen_to_registry()
