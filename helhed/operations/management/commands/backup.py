# SPDX-License-Identifier: MPL-2.0
"""`manage.py backup --output FILE`: a backup of the whole database in the new file FILE
(SQLite's online backup, or pg_dump -Fc for PostgreSQL), safe while the application runs."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from helhed.operations.backup import database_backup
from helhed.operations.backup_files import BackupError


class Command(BaseCommand):
    help = "Write a backup of the database to a new file (never overwriting one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, metavar="FILE")
        parser.add_argument("--language", default="da", choices=["da", "en"])

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            try:
                summary = database_backup(output=options["output"])
            except BackupError as error:
                raise CommandError(error.message) from None
            self.stdout.write(
                self.style.SUCCESS(
                    _("Backup of the %(vendor)s database written to %(path)s (%(size)d bytes).")
                    % {"vendor": summary.vendor, "path": summary.path, "size": summary.size}
                )
            )
