# SPDX-License-Identifier: MPL-2.0
"""`manage.py generate_registry`: the calibrated synthetic registry of the demo municipalities."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhed.citizens.synthetic import (
    DEFAULT_SEED,
    SPECS,
    Summary,
    SyntheticRegistryError,
    generate_registry,
)
from helhed.organisations.models import Municipality


class Command(BaseCommand):
    help = (
        "Generate the synthetic registry (persons, households, arrivals, placements, status "
        "spells, caseloads) of each demo municipality that exists, or of those named. "
        "Deterministic for a seed; a municipality that already has persons is left as it is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kommunekode",
            action="append",
            dest="kommunekoder",
            metavar="KODE",
            help=(
                "Only this municipality (repeatable). Default: every municipality with a "
                f"synthetic registry described ({', '.join(sorted(SPECS))}) that exists."
            ),
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "HELHED_ALLOW_DEMO", False):
            raise CommandError(
                "A synthetic registry is demo data and is refused here: "
                "set HELHED_ALLOW_DEMO = True only in a demo's settings."
            )
        seed: int = options["seed"]
        requested: list[str] | None = options["kommunekoder"]
        municipalities = self._municipalities(requested)
        try:
            summaries = [generate_registry(municipality=m, seed=seed) for m in municipalities]
        except SyntheticRegistryError as error:
            raise CommandError(f"The synthetic registry was not generated: {error}") from error
        self.stdout.write(_line(seed, summaries))

    @staticmethod
    def _municipalities(requested: list[str] | None) -> list[Municipality]:
        if requested:
            unknown = sorted(set(requested) - set(SPECS))
            if unknown:
                raise CommandError(
                    f"No synthetic registry is described for kommunekode {', '.join(unknown)} "
                    f"(described: {', '.join(sorted(SPECS))})."
                )
            wanted = list(dict.fromkeys(requested))
        else:
            wanted = sorted(SPECS)
        found = {m.kommunekode: m for m in Municipality.objects.filter(kommunekode__in=wanted)}
        missing = [code for code in wanted if code not in found]
        if requested and missing:
            raise CommandError(
                f"No municipality with kommunekode {', '.join(missing)} exists "
                "(run manage.py load_demo first)."
            )
        if not found:
            raise CommandError("No demo municipality exists (run manage.py load_demo first).")
        return [found[code] for code in wanted if code in found]


def _line(seed: int, summaries: list[Summary]) -> str:
    created = [f"{s.municipality} {s.persons} persons" for s in summaries if s.created]
    present = [f"{s.municipality} {s.persons} persons" for s in summaries if not s.created]
    return (
        f"Synthetic registry (seed {seed}): created {', '.join(created) or 'nothing'}; "
        f"already present {', '.join(present) or 'nothing'}."
    )
