# SPDX-License-Identifier: MPL-2.0
"""`manage.py restore --input FILE [--force]`: replace the database's content with the
backup FILE. Refused, with nothing changed, for a file that is not a backup of this kind
of database, and for a database that holds data unless --force is given."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from helhed.operations.backup import database_restore
from helhed.operations.backup_files import BackupError


class Command(BaseCommand):
    help = "Restore the database from a backup made by `manage.py backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, metavar="FILE")
        parser.add_argument(
            "--force", action="store_true", help="Replace a database that holds data."
        )
        parser.add_argument("--language", default="da", choices=["da", "en"])

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            try:
                path = database_restore(source=options["input"], force=options["force"])
            except BackupError as error:
                raise CommandError(error.message) from None
            self.stdout.write(
                self.style.SUCCESS(
                    _("The database was restored from %(name)s. Compare `manage.py fingerprint`.")
                    % {"name": path.name}
                )
            )
