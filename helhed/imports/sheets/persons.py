# SPDX-License-Identifier: MPL-2.0
"""Persons: the CPR number (validated, encrypted and hashed as at registration), names,
origin, education, household and the department whose caseload the person joins.

A CPR number is registered once per municipality: a row whose CPR number is already
registered under another external id (or in another row of the file) is refused, and so
is a row that would change the CPR number of an external id. Parents are named by their
external ids and must be registered already or come earlier in the file.
"""

import dataclasses
import uuid
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhed.audit.models import Action
from helhed.citizens.access import persons_visible_to
from helhed.citizens.countries import COUNTRIES
from helhed.citizens.cpr import cpr_lookup_hash, encrypt_cpr, parse_cpr
from helhed.citizens.models import (
    EXTERNAL_ID_LENGTH,
    CaseAssignment,
    EducationLevel,
    Household,
    HouseholdRelation,
    Person,
    RelationKind,
)
from helhed.citizens.services import rectifications_record
from helhed.citizens.validation import parent_errors
from helhed.core.tenancy import scope_to_municipality
from helhed.imports.columns import BOOLEAN, Column, choice, text
from helhed.imports.sheets.base import (
    CPR_HASHES,
    EXTERNAL_ID,
    ImportContext,
    Row,
    Sheet,
    helhed_or_external,
    insert_rows,
)
from helhed.organisations.models import Department, User

# Households looked up by name are cached up to this many, so memory stays flat.
HOUSEHOLD_CACHE = 10_000
PARENT_COLUMNS = ("parent1_external_id", "parent2_external_id")
COMPARED = (
    "first_name",
    "last_name",
    "country_of_origin",
    "education_level",
    "unaccompanied_minor",
    "household_id",
)


def _parent_column(name: str) -> Column:
    return Column(
        name,
        text(EXTERNAL_ID_LENGTH),
        required=False,
        help=gettext_lazy(
            "The external id of a parent, registered already or earlier in the file."
        ),
        example="",
    )


class PersonSheet(Sheet):
    kind = "persons"
    title = gettext_lazy("Persons")
    description = gettext_lazy(
        "The persons of the target group. Import them before their arrivals, spells and "
        "other facts, which name them by their external id."
    )
    columns = (
        dataclasses.replace(EXTERNAL_ID, example="P-1001"),
        Column(
            "cpr",
            text(11),
            required=True,
            help=gettext_lazy("The CPR number, DDMMYY-XXXX (modulus 11 is not checked)."),
            example="010190-1234",
        ),
        Column(
            "first_name",
            text(100),
            required=True,
            help=gettext_lazy("First name(s)."),
            example="Amal",
        ),
        Column(
            "last_name", text(100), required=True, help=gettext_lazy("Last name."), example="Haddad"
        ),
        Column(
            "country_of_origin",
            choice([code for code, _label in COUNTRIES]),
            required=True,
            help=gettext_lazy("Country of origin, a two-letter ISO code (XX: stateless)."),
            example="SY",
        ),
        Column(
            "education_level",
            choice(EducationLevel.values),
            required=False,
            help=gettext_lazy("Education level; empty means not yet assessed."),
            example="none",
        ),
        Column(
            "unaccompanied_minor",
            BOOLEAN,
            required=False,
            help=gettext_lazy("ja for an unaccompanied minor; empty means nej."),
            example="nej",
        ),
        Column(
            "household_external_id",
            text(120),
            required=False,
            help=gettext_lazy("The household's id; a household is created the first time."),
            example="H-501",
        ),
        Column(
            "department",
            text(150),
            required=True,
            help=gettext_lazy(
                "The name of the department whose caseload the person joins; you must be "
                "a caseworker there."
            ),
            example="Jobcenter",
        ),
        *(_parent_column(name) for name in PARENT_COLUMNS),
    )

    def _department(self, row: Row, ctx: ImportContext) -> uuid.UUID | None:
        departments: dict[str, tuple[uuid.UUID, bool]] = ctx.keys["departments"]
        if not departments:
            own = set(ctx.actor.departments.values_list("pk", flat=True))
            for name, pk in scope_to_municipality(
                Department.objects.all(), ctx.municipality_id
            ).values_list("name", "pk"):
                departments[name] = (pk, pk in own)
        name = row.values["department"]
        found = departments.get(name)
        if found is None:
            ctx.problem(
                row.number,
                "department",
                _("%(name)s is not a department of the municipality.") % {"name": name},
            )
            return None
        if not found[1]:
            ctx.problem(
                row.number,
                "department",
                _("You are not a caseworker of %(name)s.") % {"name": name},
            )
            return None
        return found[0]

    def _household(self, name: str, ctx: ImportContext) -> uuid.UUID | None:
        if not name:
            return None
        households: dict[str, uuid.UUID] = ctx.keys["households"]
        if len(households) >= HOUSEHOLD_CACHE:
            households.clear()  # a cache only: the database finds those created before
        if name not in households:
            found = (
                scope_to_municipality(Household.objects.all(), ctx.municipality_id)
                .filter(name=name)
                .values_list("pk", flat=True)
                .first()
            )
            if found is None:
                found = Household.objects.create(municipality_id=ctx.municipality_id, name=name).pk
            households[name] = found
        return households[name]

    def process(self, rows: list[Row], ctx: ImportContext) -> None:
        numbers: dict[int, Any] = {}
        for row in rows:
            try:
                numbers[row.number] = parse_cpr(row.values["cpr"])
            except ValidationError as error:
                ctx.problem(row.number, "cpr", " ".join(error.messages))
        hashes = {n: cpr_lookup_hash(cpr) for n, cpr in numbers.items()}
        persons = scope_to_municipality(Person.objects.all(), ctx.municipality_id)
        by_external_id = {
            p.external_id: p
            for p in persons.filter(
                external_id__in_values=[r.values["external_id"] for r in rows]
            ).exclude(external_id="")
        }
        by_hash = dict(
            persons.filter(cpr_hash__in_values=hashes.values())
            .order_by()
            .values_list("cpr_hash", "external_id")
        )
        visible = set(
            persons_visible_to(ctx.actor)
            .filter(pk__in_values=[p.pk for p in by_external_id.values()])
            .order_by()
            .values_list("pk", flat=True)
        )
        eligible = [r for r in rows if ctx.first_use(r) and r.number in numbers]
        # the first row of the file with each CPR number (its hash), kept in the database
        first_rows = ctx.seen.first(
            CPR_HASHES, ((hashes[r.number], r.number, r.values["external_id"]) for r in eligible)
        )
        now = timezone.now()
        new: list[list[Any]] = []
        assignments: list[list[Any]] = []
        changed: list[Person] = []
        rectified: list[tuple[uuid.UUID, str, uuid.UUID, str, Any, Any]] = []
        kept: list[tuple[Row, uuid.UUID, Any]] = []  # rows whose parents are checked next
        for row in eligible:
            v = row.values
            external_id = v["external_id"]
            number, lookup = numbers[row.number], hashes[row.number]
            first_row, first_id = first_rows[lookup]
            if first_row != row.number:
                ctx.problem(
                    row.number,
                    "cpr",
                    _("The same CPR number is in row %(row)d under the external id %(id)s.")
                    % {"row": first_row, "id": first_id},
                )
                continue
            department = self._department(row, ctx)
            stored = by_external_id.get(external_id)
            if stored is not None and stored.cpr_hash != lookup:
                ctx.problem(
                    row.number,
                    "cpr",
                    _("The external id %(id)s is registered with another CPR number.")
                    % {"id": external_id},
                )
                continue
            if stored is not None and stored.pk not in visible:
                ctx.problem(
                    row.number,
                    "external_id",
                    _("The person with the external id %(id)s is not in your caseload.")
                    % {"id": external_id},
                )
                continue
            if stored is None and lookup in by_hash:
                other = by_hash[lookup]
                ctx.problem(
                    row.number,
                    "cpr",
                    _(
                        "A person with this CPR number is already registered under the "
                        "external id %(id)s: a duplicate person under a new external id."
                    )
                    % {"id": other}
                    if other
                    else _(
                        "A person with this CPR number is already registered in Helhed "
                        "(without an external id): a duplicate person under a new external id."
                    ),
                )
                continue
            if department is None:
                continue
            values = {
                "first_name": v["first_name"],
                "last_name": v["last_name"],
                "country_of_origin": v["country_of_origin"],
                "education_level": v["education_level"] or EducationLevel.UNKNOWN,
                "unaccompanied_minor": v["unaccompanied_minor"],
                "household_id": self._household(v["household_external_id"], ctx),
            }
            if stored is None:
                pk = uuid.uuid4()
                new.append(
                    [
                        pk,
                        now,
                        now,
                        ctx.municipality_id,
                        external_id,
                        encrypt_cpr(number),
                        lookup,
                        number.birth_date,
                        number.sex,
                        *values.values(),
                    ]
                )
                assignments.append([uuid.uuid4(), now, now, pk, department, ctx.today])
                kept.append((row, pk, number.birth_date))
            else:
                if any(getattr(stored, name) != values[name] for name in COMPARED):
                    rectified.extend(
                        (stored.pk, "person", stored.pk, name, getattr(stored, name), value)
                        for name, value in values.items()
                        if name in COMPARED and getattr(stored, name) != value
                    )
                    for name, value in values.items():
                        setattr(stored, name, value)
                    stored.updated_at = now
                    changed.append(stored)
                else:
                    ctx.counts.unchanged += 1
                kept.append((row, stored.pk, stored.birth_date))
        insert_rows(
            Person,
            [
                "id",
                "created_at",
                "updated_at",
                "municipality",
                "external_id",
                "cpr_encrypted",
                "cpr_hash",
                "birth_date",
                "sex",
                *(name.removesuffix("_id") for name in COMPARED),
            ],
            new,
        )
        insert_rows(
            CaseAssignment,
            ["id", "created_at", "updated_at", "person", "department", "started_on"],
            assignments,
        )
        if changed:
            Person.objects.bulk_update(changed, [*COMPARED, "updated_at"])
            rectifications_record(actor=ctx.actor, reason=ctx.purpose, changes=rectified)
        ctx.counts.created += len(new)
        ctx.counts.updated += len(changed)
        ctx.audit((r[0] for r in new), Action.CREATE)
        ctx.audit((p.pk for p in changed), Action.UPDATE)
        self._relate_parents(kept, ctx)

    def _relate_parents(self, kept: list[tuple[Row, uuid.UUID, Any]], ctx: ImportContext) -> None:
        wanted = {r.values[c] for r, _pk, _born in kept for c in PARENT_COLUMNS} - {""}
        if not wanted:
            return
        parents = {
            external_id: (pk, born)
            for pk, external_id, born in persons_visible_to(ctx.actor)
            .filter(external_id__in_values=wanted)
            .exclude(external_id="")
            .order_by()
            .values_list("pk", "external_id", "birth_date")
        }
        existing = set(
            HouseholdRelation.objects.filter(
                relative_id__in_values=[pk for _r, pk, _b in kept], kind=RelationKind.PARENT
            ).values_list("person_id", "relative_id")
        )
        now = timezone.now()
        relations: list[list[Any]] = []
        for row, child, child_born in kept:
            for column in PARENT_COLUMNS:
                parent_id = row.values[column]
                if not parent_id:
                    continue
                parent = parents.get(parent_id)
                if parent is None:
                    ctx.problem(
                        row.number,
                        column,
                        _(
                            "No person with the external id %(id)s is in your caseload: a "
                            "parent must be registered already or come earlier in the file."
                        )
                        % {"id": parent_id},
                    )
                    continue
                errors = parent_errors(parent_birth_date=parent[1], child_birth_date=child_born)
                if errors:
                    ctx.problems(row.number, errors, {"relative": column})
                elif parent[0] == child:
                    ctx.problem(row.number, column, _("A person cannot be related to themselves."))
                elif (parent[0], child) not in existing:
                    existing.add((parent[0], child))
                    relations.append([uuid.uuid4(), now, now, parent[0], child, "parent"])
        insert_rows(
            HouseholdRelation,
            ["id", "created_at", "updated_at", "person", "relative", "kind"],
            relations,
        )
        ctx.audit((r[3] for r in relations), Action.UPDATE)

    def export_rows(self, persons: QuerySet[Person], actor: User) -> Iterator[list[Any]]:
        def parent(offset: int) -> Subquery:
            return Subquery(
                HouseholdRelation.objects.filter(relative=OuterRef("pk"), kind=RelationKind.PARENT)
                .order_by("person__birth_date", "person_id")
                .values("person__external_id")[offset : offset + 1]
            )

        department = Subquery(
            CaseAssignment.objects.filter(person=OuterRef("pk"), ended_on__isnull=True)
            .order_by("started_on")
            .values("department__name")[:1]
        )
        rows = (
            Person.objects.filter(pk__in=persons.values("pk"))
            .annotate(department_name=department, parent1=parent(0), parent2=parent(1))
            .order_by("pk")
            .values_list(
                "pk",
                "external_id",
                "birth_date",
                "first_name",
                "last_name",
                "country_of_origin",
                "education_level",
                "unaccompanied_minor",
                "household__name",
                "department_name",
                "parent1",
                "parent2",
            )
        )
        for pk, external_id, born, *rest in rows.iterator(chunk_size=2000):
            first, last, country, education, minor, household, dept, p1, p2 = rest
            yield [
                helhed_or_external(external_id, pk),
                f"{born:%d%m%y}-xxxx",  # masked: the export never holds a CPR number
                first,
                last,
                country,
                education,
                "ja" if minor else "nej",
                household or "",
                dept or "",
                p1 or "",
                p2 or "",
            ]
