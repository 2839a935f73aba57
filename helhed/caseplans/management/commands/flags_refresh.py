# SPDX-License-Identifier: MPL-2.0
"""`manage.py flags_refresh`: bring every rule flag up to date (run it nightly).

The registry's and the plan's services keep the flags of the persons they change current
at once; this command catches the flags that open or close as days pass (a deadline
window, a programme's first year, a minor's 18th birthday)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhed.caseplans.flags import CHUNK, flags_sync
from helhed.citizens.models import Person
from helhed.organisations.models import Municipality


class Command(BaseCommand):
    help = "Open and resolve rule flags so that they agree with the registry today."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kommunekode", action="append", dest="kommunekoder", metavar="KODE")

    def handle(self, *args: Any, **options: Any) -> None:
        codes: list[str] | None = options["kommunekoder"]
        municipalities = Municipality.objects.order_by("kommunekode")
        if codes:
            municipalities = municipalities.filter(kommunekode__in=codes)
            missing = set(codes) - {m.kommunekode for m in municipalities}
            if missing:
                raise CommandError(
                    f"No municipality with kommunekode {', '.join(sorted(missing))}."
                )
        for municipality in municipalities:
            ids = list(
                Person.objects.filter(municipality=municipality)
                .order_by("id")
                .values_list("id", flat=True)
            )
            opened = resolved = 0
            for start in range(0, len(ids), CHUNK):
                more_opened, more_resolved = flags_sync(person_ids=ids[start : start + CHUNK])
                opened += more_opened
                resolved += more_resolved
            self.stdout.write(
                f"Rule flags of {municipality.name}: {len(ids)} persons, "
                f"{opened} flags opened, {resolved} resolved."
            )
