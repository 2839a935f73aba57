# SPDX-License-Identifier: MPL-2.0
"""Generating a municipality's synthetic registry: the public entry points."""

import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.db import transaction

from helhed.citizens.models import Person
from helhed.citizens.synthetic.builder import Builder
from helhed.citizens.synthetic.errors import SyntheticRegistryError
from helhed.citizens.synthetic.specs import spec_for
from helhed.citizens.synthetic.writer import write_registry
from helhed.organisations.kommuner import KOMMUNE_BY_CODE
from helhed.organisations.models import Department, DepartmentKind, Municipality, User
from helhed.organisations.services import department_create, municipality_create

DEFAULT_SEED = 2015
JOBCENTER = "Jobcenter"
CASEWORKER_USERNAME = "{slug}-sagsbehandler"


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


@dataclass(frozen=True)
class Summary:
    kommunekode: str
    municipality: str
    seed: int
    created: bool
    persons: int
    households: int = 0
    arrivals: int = 0
    relations: int = 0
    localities: int = 0
    placements: int = 0
    spells: int = 0
    assignments: int = 0
    programmes: int = 0
    danish: int = 0

    def line(self) -> str:
        name = f"{self.municipality} ({self.kommunekode})"
        if not self.created:
            return (
                f"Synthetic registry for {name}: already present ({self.persons} persons); "
                "nothing changed."
            )
        return (
            f"Synthetic registry for {name}, seed {self.seed}: created {self.persons} persons "
            f"in {self.households} households, {self.relations} household relations, "
            f"{self.placements} housing placements in {self.localities} new localities, "
            f"{self.spells} status spells, {self.programmes} programme enrolments, "
            f"{self.danish} Danish educations, {self.assignments} case assignments."
        )


def generate_registry(
    *, municipality: Municipality, seed: int, scale: float = 1.0, stdout: Writer | None = None
) -> Summary:
    """Generate the municipality's synthetic registry, unless it already has persons."""
    spec = spec_for(municipality.kommunekode, scale=scale)
    if spec is None:
        raise SyntheticRegistryError(
            f"No synthetic registry is described for kommunekode {municipality.kommunekode}."
        )
    with transaction.atomic():
        # Serialises concurrent runs for the same municipality (PostgreSQL; SQLite's
        # BEGIN IMMEDIATE already does).
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        existing = Person.objects.filter(municipality=municipality).count()
        if existing:
            summary = Summary(
                kommunekode=municipality.kommunekode,
                municipality=municipality.name,
                seed=seed,
                created=False,
                persons=existing,
            )
        else:
            department = _jobcenter(municipality)
            caseworker = User.objects.filter(
                municipality=municipality,
                username=CASEWORKER_USERNAME.format(slug=municipality.slug),
            ).first()
            # The scale is part of the seed: another scale is another registry.
            suffix = "" if scale == 1 else f":x{scale:g}"
            rng = random.Random(f"helhed-synthetic:{spec.kommunekode}:{seed}{suffix}")  # noqa: S311
            builder = Builder(spec, rng)
            builder.build()
            written = write_registry(
                municipality=municipality,
                department=department,
                caseworker=caseworker,
                localities=[name for name, _ in spec.localities],
                households=builder.households,
                persons=builder.persons,
            )
            summary = Summary(
                kommunekode=municipality.kommunekode,
                municipality=municipality.name,
                seed=seed,
                created=True,
                persons=written.persons,
                households=written.households,
                arrivals=written.arrivals,
                relations=written.relations,
                localities=written.localities,
                placements=written.placements,
                spells=written.spells,
                assignments=written.assignments,
                programmes=written.programmes,
                danish=written.danish,
            )
    if stdout is not None:
        stdout.write(summary.line() + "\n")
    return summary


def _jobcenter(municipality: Municipality) -> Department:
    department = (
        Department.objects.filter(municipality=municipality, name=JOBCENTER).first()
        or Department.objects.filter(
            municipality=municipality, kind=DepartmentKind.JOBCENTER
        ).first()
    )
    if department is None:
        raise SyntheticRegistryError(
            f"{municipality.name} has no jobcenter department for the caseload "
            "(run manage.py load_demo first, or generate with --all)."
        )
    return department


@transaction.atomic
def municipalities_ensure(kommunekoder: Iterable[str]) -> list[Municipality]:
    """The municipalities of `kommunekoder`, each created with a Jobcenter department
    (through the organisations services) where it does not exist yet; no users."""
    codes = list(dict.fromkeys(kommunekoder))
    unknown = [code for code in codes if code not in KOMMUNE_BY_CODE]
    if unknown:
        raise SyntheticRegistryError(f"No municipality has kommunekode {', '.join(unknown)}.")
    found = {m.kommunekode: m for m in Municipality.objects.filter(kommunekode__in=codes)}
    for code in codes:
        if code in found:
            if not Department.objects.filter(
                municipality=found[code], kind=DepartmentKind.JOBCENTER
            ).exists():
                department_create(
                    municipality=found[code], name=JOBCENTER, kind=DepartmentKind.JOBCENTER
                )
            continue
        kommune = KOMMUNE_BY_CODE[code]
        municipality = municipality_create(
            kommunekode=code, name=kommune.full_name, slug=kommune.slug
        )
        department_create(municipality=municipality, name=JOBCENTER, kind=DepartmentKind.JOBCENTER)
        found[code] = municipality
    return [found[code] for code in codes]
