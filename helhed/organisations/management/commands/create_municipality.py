# SPDX-License-Identifier: MPL-2.0
"""`manage.py create_municipality --kommunekode 190 --name "Furesø Kommune" --slug furesoe`"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from helhed.organisations.services import municipality_create


class Command(BaseCommand):
    help = "Create a municipality (a tenant)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kommunekode", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            municipality = municipality_create(
                kommunekode=options["kommunekode"], name=options["name"], slug=options["slug"]
            )
        except ValidationError as error:
            lines = [
                f"{field}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            ]
            raise CommandError(_("Nothing was created.") + "\n" + "\n".join(lines)) from None
        self.stdout.write(
            _("Created %(name)s (kommunekode %(code)s).")
            % {"name": municipality.name, "code": municipality.kommunekode}
        )
