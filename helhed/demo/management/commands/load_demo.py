# SPDX-License-Identifier: MPL-2.0
"""`manage.py load_demo`: the two demo municipalities with their policies and demo users."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from helhed.demo.governance_content import load_governance_demo
from helhed.demo.hearings import load_demo_hearings
from helhed.demo.loader import DemoConflictError, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo content: Furesø and Horsens Kommune, their departments, one demo user "
        "per role and their integration policies. Safe to run again: what exists is kept."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "HELHED_ALLOW_DEMO", False):
            raise CommandError(
                "The demo content has published passwords and is refused here: "
                "set HELHED_ALLOW_DEMO = True only in a demo's settings."
            )
        try:
            load_demo(stdout=self.stdout)
            # committees, the Furesø committee case and both process plans (issue 5)
            load_governance_demo()
            load_demo_hearings(stdout=self.stdout)
        except (DemoConflictError, ValidationError, PermissionDenied) as error:
            raise CommandError(f"The demo content was not loaded: {error}") from error
