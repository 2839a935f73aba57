# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "helhed.core"
    label = "core"

    def ready(self) -> None:
        from helhed.core.log_masking import install_cpr_masking
        from helhed.core.lookups import register

        install_cpr_masking()
        register()
