# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "helhed.audit"
    label = "audit"

    def ready(self) -> None:
        from axes.signals import user_locked_out  # type: ignore[import-untyped]

        from helhed.audit import security

        user_locked_out.connect(security.on_locked_out, dispatch_uid="helhed_security_lockout")
