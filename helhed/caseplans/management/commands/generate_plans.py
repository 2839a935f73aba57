# SPDX-License-Identifier: MPL-2.0
"""`manage.py generate_plans`: synthetic holistic plans for the synthetic registries."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhed.caseplans.synthetic import DEFAULT_SEED, generate_plans
from helhed.citizens.models import Person
from helhed.organisations.models import Municipality


class Command(BaseCommand):
    help = (
        "Generate partners, interventions and referrals for every municipality with a "
        "registry (or those named). Deterministic for a seed; a municipality that already "
        "has interventions is left as it is. Demo data: refused outside demo settings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kommunekode", action="append", dest="kommunekoder", metavar="KODE")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "HELHED_ALLOW_DEMO", False):
            raise CommandError(
                "Synthetic plans are demo data and are refused here: "
                "set HELHED_ALLOW_DEMO = True only in a demo's settings."
            )
        codes: list[str] | None = options["kommunekoder"]
        with_persons = Person.objects.values("municipality_id")
        municipalities = Municipality.objects.filter(pk__in=with_persons).order_by("kommunekode")
        if codes:
            municipalities = municipalities.filter(kommunekode__in=codes)
            missing = set(codes) - {m.kommunekode for m in municipalities}
            if missing:
                raise CommandError(
                    f"No registry exists for kommunekode {', '.join(sorted(missing))} "
                    "(run manage.py generate_registry first)."
                )
        for municipality in municipalities:
            try:
                summary = generate_plans(municipality=municipality, seed=options["seed"])
            except ValueError as error:
                raise CommandError(f"No plans were generated: {error}") from error
            self.stdout.write(summary.line())
