# SPDX-License-Identifier: MPL-2.0
"""Create or revoke an integration's API token from the command line.

    manage.py api_token create --municipality 615 --name "Jobcenter-system" \\
        --department Jobcenter --scope registry:read --scope registry:write
    manage.py api_token revoke --municipality 615 --name "Jobcenter-system"
    manage.py api_token list --municipality 615

The token is printed once, on standard output; only its hash is kept.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from helhed.api.models import Integration, Scope
from helhed.api.services import integration_create, integration_revoke
from helhed.organisations.models import Municipality


class Command(BaseCommand):
    help = "Create, list or revoke API integrations and their tokens."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["create", "revoke", "list"])
        parser.add_argument("--municipality", required=True, help="kommunekode, e.g. 615")
        parser.add_argument("--name", help="the integration's name")
        parser.add_argument(
            "--department", action="append", default=[], help="a department's name (repeat)"
        )
        parser.add_argument(
            "--scope", action="append", default=[], choices=Scope.values, help="repeat"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(kommunekode=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"No municipality has kommunekode {options['municipality']}.")
        action = options["action"]
        if action == "list":
            for integration in Integration.objects.filter(municipality=municipality):
                state = "active" if integration.active else "revoked"
                self.stdout.write(
                    f"{integration.name}\t{integration.token_prefix}…\t"
                    f"{integration.scopes}\t{state}"
                )
            return
        if not options["name"]:
            raise CommandError("Give the integration's --name.")
        if action == "create":
            self._create(municipality, options)
        else:
            found = Integration.objects.filter(
                municipality=municipality, name=options["name"]
            ).first()
            if found is None:
                raise CommandError(f"{municipality} has no integration {options['name']!r}.")
            integration_revoke(actor=None, integration=found)
            self.stderr.write(f"Revoked {found.name}.")

    def _create(self, municipality: Municipality, options: dict[str, Any]) -> None:
        departments = []
        for name in options["department"]:
            department = municipality.departments.filter(name=name).first()
            if department is None:
                raise CommandError(f"{municipality} has no department {name!r}.")
            departments.append(department)
        try:
            new = integration_create(
                actor=None,
                municipality=municipality,
                name=options["name"],
                departments=departments,
                scopes=options["scope"],
            )
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{f}: {' '.join(m)}" for f, m in error.message_dict.items())
            ) from None
        self.stderr.write(
            f"Created {new.integration.name} with scopes {new.integration.scopes}. "
            "Its token follows; it is shown only this once."
        )
        self.stdout.write(new.token)
