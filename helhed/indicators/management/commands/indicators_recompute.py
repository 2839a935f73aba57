# SPDX-License-Identifier: MPL-2.0
"""`manage.py indicators_recompute [--municipality CODE] [--from-store]`: rebuild the indicators.

The registry's and the plan's services keep the indicators current at once; this command
rebuilds a municipality's facts and aggregates from the registry (after a bulk load that
bypassed the services, such as the demo's generators, or to check the store).
`--from-store` rebuilds only the aggregates of every municipality from the store of
facts, in the database (seconds at national scale)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhed.indicators.maintenance import indicators_reaggregate, indicators_recompute
from helhed.organisations.models import Municipality


class Command(BaseCommand):
    help = "Rebuild the indicators of every municipality (or one) from the registry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", metavar="KODE", help="kommunekode, e.g. 615")
        parser.add_argument(
            "--from-store",
            action="store_true",
            help="rebuild every municipality's aggregates from the store of facts",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code: str | None = options["municipality"]
        if options["from_store"]:
            if code:
                raise CommandError(
                    "--from-store rebuilds every municipality; leave out --municipality."
                )
            started = time.perf_counter()
            made = indicators_reaggregate()
            self.stdout.write(
                f"{made} aggregate rows from the store in {time.perf_counter() - started:.1f} s"
            )
            return
        municipalities = Municipality.objects.order_by("kommunekode")
        if code:
            municipalities = municipalities.filter(kommunekode=code)
            if not municipalities.exists():
                raise CommandError(f"No municipality with kommunekode {code}.")
        for municipality in municipalities:
            started = time.perf_counter()
            made = indicators_recompute(municipality=municipality)
            self.stdout.write(
                f"{municipality.kommunekode} {municipality.name}: {made} facts "
                f"in {time.perf_counter() - started:.1f} s"
            )
