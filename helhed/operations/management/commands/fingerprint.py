# SPDX-License-Identifier: MPL-2.0
"""`manage.py fingerprint`: rows and a checksum per table of the data a restore must give
back, and one checksum over all (the backup drill compares them; docs/operations.md)."""

from typing import Any

from django.core.management.base import BaseCommand

from helhed.operations.fingerprint import database_fingerprint


class Command(BaseCommand):
    help = "Print the fingerprint (rows and checksum per table) of the registry's data."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in database_fingerprint().lines():
            self.stdout.write(line)
