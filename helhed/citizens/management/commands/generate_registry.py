# SPDX-License-Identifier: MPL-2.0
"""`manage.py generate_registry`: the calibrated synthetic registry of the demo
municipalities, of those named, or of all 98 (docs/synthetic-registry.md)."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhed.citizens.synthetic import (
    DEFAULT_SEED,
    DEMO_SPECS,
    Summary,
    SyntheticRegistryError,
    generate_registry,
    municipalities_ensure,
    national_specs,
)
from helhed.organisations.models import Municipality


class Command(BaseCommand):
    help = (
        "Generate the synthetic registry (persons, households, arrivals, placements, status "
        "spells, programmes, Danish education, caseloads) of each demo municipality that "
        "exists, of those named, or of all 98. Deterministic for a seed and scale; a "
        "municipality that already has persons is left as it is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kommunekode",
            action="append",
            dest="kommunekoder",
            metavar="KODE",
            help=(
                "Only this municipality (repeatable); it must exist unless --all is given. "
                f"Default: the demo municipalities ({', '.join(sorted(DEMO_SPECS))}) that exist."
            ),
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help=(
                "All 98 municipalities (or those named with --kommunekode), creating the "
                "missing ones with a Jobcenter department and no users."
            ),
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            metavar="FACTOR",
            help="Multiply every flow by FACTOR (benchmarks; 20 gives about 1,000,000 persons).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "HELHED_ALLOW_DEMO", False):
            raise CommandError(
                "A synthetic registry is demo data and is refused here: "
                "set HELHED_ALLOW_DEMO = True only in a demo's settings."
            )
        seed: int = options["seed"]
        scale: float = options["scale"]
        if not 0 < scale <= 1000:
            raise CommandError("--scale must be above 0 and at most 1000.")
        requested: list[str] | None = options["kommunekoder"]
        try:
            if options["all"]:
                municipalities = municipalities_ensure(requested or list(national_specs()))
            else:
                municipalities = self._existing(requested)
            summaries = []
            for municipality in municipalities:
                started = time.monotonic()
                summary = generate_registry(municipality=municipality, seed=seed, scale=scale)
                summaries.append(summary)
                self.stdout.write(f"{summary.line()} ({time.monotonic() - started:.1f} s)")
        except SyntheticRegistryError as error:
            raise CommandError(f"The synthetic registry was not generated: {error}") from error
        self.stdout.write(_line(seed, scale, summaries))

    @staticmethod
    def _existing(requested: list[str] | None) -> list[Municipality]:
        described = national_specs()
        if requested:
            unknown = sorted(set(requested) - set(described))
            if unknown:
                raise CommandError(
                    f"No synthetic registry is described for kommunekode {', '.join(unknown)}."
                )
            wanted = list(dict.fromkeys(requested))
        else:
            wanted = sorted(DEMO_SPECS)
        found = {m.kommunekode: m for m in Municipality.objects.filter(kommunekode__in=wanted)}
        missing = [code for code in wanted if code not in found]
        if requested and missing:
            raise CommandError(
                f"No municipality with kommunekode {', '.join(missing)} exists "
                "(run manage.py load_demo first, or add --all to create it)."
            )
        if not found:
            raise CommandError("No demo municipality exists (run manage.py load_demo first).")
        return [found[code] for code in wanted if code in found]


def _line(seed: int, scale: float, summaries: list[Summary]) -> str:
    created = [f"{s.municipality} {s.persons} persons" for s in summaries if s.created]
    present = [f"{s.municipality} {s.persons} persons" for s in summaries if not s.created]
    scaled = "" if scale == 1 else f", scale {scale:g}"
    if len(summaries) > 3:
        persons = sum(s.persons for s in summaries if s.created)
        spells = sum(s.spells for s in summaries if s.created)
        return (
            f"Synthetic registry (seed {seed}{scaled}): created {len(created)} municipalities, "
            f"{persons} persons, {spells} status spells; already present {len(present)}."
        )
    return (
        f"Synthetic registry (seed {seed}{scaled}): created {', '.join(created) or 'nothing'}; "
        f"already present {', '.join(present) or 'nothing'}."
    )
