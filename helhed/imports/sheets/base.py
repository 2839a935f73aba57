# SPDX-License-Identifier: MPL-2.0
"""What a kind of import file (a sheet) is: its columns, how a chunk of its rows is
validated and written, and how the registry is exported in the same columns.

A sheet sees the file in chunks of rows (HELHED_IMPORT_BATCH). For each chunk it asks the
database what it needs about the chunk's keys only (persons by external id, the facts
already stored under the chunk's external ids, the periods of the chunk's persons), so
memory holds one chunk and the sets of keys seen, whatever the size of the file. Good
rows are written at the end of each chunk even after a problem elsewhere, so that later
checks (an overlap with an earlier row) see them; the whole file's transaction is rolled
back at the end when the report has any problem.
"""

import uuid
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from django.db import connection, models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhed.audit.models import Action
from helhed.audit.services import audit_record_many
from helhed.citizens.access import persons_visible_to
from helhed.citizens.models import EXTERNAL_ID_LENGTH, Person
from helhed.citizens.services import rectifications_record
from helhed.citizens.validation import Errors, first_overlap
from helhed.core.ids import random_uuid_ints, random_uuids
from helhed.core.plain_writes import insert_plain
from helhed.imports.columns import CellError, Column, text
from helhed.imports.report import Report
from helhed.imports.staging import Seen
from helhed.organisations.models import User

EXTERNAL_ID = Column(
    "external_id",
    text(EXTERNAL_ID_LENGTH),
    required=True,
    help=gettext_lazy(
        "The row's id in the system the file comes from; unique in the municipality. "
        "Importing a row again with the same id changes the stored record to match."
    ),
    example="S-1001",
)
PERSON_EXTERNAL_ID = Column(
    "person_external_id",
    text(EXTERNAL_ID_LENGTH),
    required=True,
    help=gettext_lazy("The external id of the person (from the persons file)."),
    example="P-1001",
)
# The spaces of the import's keys (helhed/imports/staging.py)
EXTERNAL_IDS = "external_id"
WRITTEN = "written"
CPR_HASHES = "cpr"
# Records made in Helhed have no external id; the export names them by their Helhed id.
HELHED_ID_PREFIX = "helhed-"


@dataclass
class Counts:
    read: int = 0
    validated: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def written(self) -> int:
        return self.created + self.updated


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, Any]


@dataclass(frozen=True)
class PersonInfo:
    id: uuid.UUID
    birth_date: date
    country_of_origin: str


@dataclass
class ImportContext:
    actor: User
    purpose: str
    report: Report
    today: date
    counts: Counts = field(default_factory=Counts)
    # the keys of the whole file (external ids, CPR hashes, persons audited) in a temporary
    # table, so that memory holds one chunk whatever the size of the file (ADR 0025)
    seen: Seen = field(default_factory=Seen)
    # the current chunk's external ids -> the row of the file that first used each
    first_rows: dict[str, int] = field(default_factory=dict)
    # rows of the current chunk with a problem
    bad_rows: set[int] = field(default_factory=set)
    # the sheet's own small look-ups, read once (departments, localities, ...)
    keys: dict[str, dict[Any, Any]] = field(default_factory=lambda: defaultdict(dict))

    @property
    def municipality_id(self) -> uuid.UUID:
        assert self.actor.municipality_id is not None  # noqa: S101 - checked by the service
        return self.actor.municipality_id

    def problem(self, row: int, column: str, message: str) -> None:
        self.bad_rows.add(row)
        self.report.add(row, column, message)

    def problems(self, row: int, errors: Errors, columns: dict[str, str] | None = None) -> None:
        """Report a rule's {field: message} on the columns named like the fields."""
        for name, message in errors.items():
            self.problem(row, (columns or {}).get(name, name), message)

    def start_chunk(self, rows: list[Row]) -> None:
        """Look the chunk's external ids up among those of the file so far (and remember
        them): `first_use` then answers from this chunk's share alone."""
        self.bad_rows.clear()
        first = self.seen.first(
            EXTERNAL_IDS, ((r.values["external_id"], r.number, "") for r in rows)
        )
        self.first_rows = {key: row for key, (row, _note) in first.items()}

    def first_use(self, row: Row) -> bool:
        """Whether this row is the first of the file with its external id (else reported)."""
        external_id = row.values["external_id"]
        first = self.first_rows.get(external_id, row.number)
        if first != row.number:
            self.problem(
                row.number,
                "external_id",
                _("The external id %(id)s is already used in row %(row)d of the file.")
                % {"id": external_id, "row": first},
            )
            return False
        return True

    def audit(self, person_ids: Iterable[uuid.UUID], action: str) -> None:
        """One event per person written, the first time this import writes them; they
        are also the persons whose rule flags the import recomputes at its end."""
        fresh = self.seen.unseen(WRITTEN, (p.hex for p in person_ids))
        if fresh:
            audit_record_many(
                actor=self.actor,
                action=action,
                purpose=self.purpose,
                person_ids=[uuid.UUID(hex=p) for p in fresh],
            )

    def written(self, batch: int) -> Iterator[list[uuid.UUID]]:
        """The persons this import wrote, `batch` at a time."""
        for keys in self.seen.keys(WRITTEN, batch):
            yield [uuid.UUID(hex=key) for key in keys]


def _same(value: Any) -> Any:
    return value


def _adapter(field: Any) -> Callable[[Any], Any]:
    """A fast conversion of a Python value to what the database driver takes, for one
    column: the per-value work of Field.get_db_prep_save, without its generality."""
    target = field.target_field if field.is_relation else field
    internal = target.get_internal_type()
    ops = connection.ops
    if internal == "UUIDField" and not connection.features.has_native_uuid_field:
        return lambda value: None if value is None else value.hex
    if internal == "DateTimeField":
        cache: dict[Any, Any] = {}  # one import stamps its rows with a few times only

        def datetime_value(value: Any) -> Any:
            if value not in cache:
                cache[value] = ops.adapt_datetimefield_value(value)
            return cache[value]

        return datetime_value
    if internal == "DateField":
        return ops.adapt_datefield_value
    if internal in ("CharField", "TextField", "BooleanField", "UUIDField") or internal.endswith(
        "IntegerField"
    ):
        return _same
    return lambda value: target.get_db_prep_save(value, connection)


def fresh_ids(count: int) -> list[Any]:
    """`count` random (version 4) UUIDs in the form the database driver takes (32 hex
    digits on SQLite): the ids of an import's new rows (helhed/core/ids.py)."""
    if connection.features.has_native_uuid_field:
        return random_uuids(count)
    return [f"{value:032x}" for value in random_uuid_ints(count)]


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: list[list[Any]]) -> None:
    """Insert `rows` (values in the order of `columns`, model field names) as plain rows
    (helhed/core/plain_writes.py): the bulk path of the import. A row whose first column
    is "id" and None gets a fresh id (`fresh_ids`)."""
    if not rows:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in columns]
    # Table and column names come from the model, never from the file; values are bound.
    adapters = [_adapter(f) for f in fields]
    # only the columns whose values change on the way to the driver, by position
    converted = [(i, a) for i, a in enumerate(adapters) if a is not _same]
    width = len(fields)
    params: list[list[Any]] = []
    for row in rows:
        if len(row) != width:
            raise ValueError(f"A row of {len(row)} values for {width} columns")
        values = row.copy()
        for i, adapt in converted:
            values[i] = adapt(values[i])
        params.append(values)
    if columns[0] == "id":
        new = [values for values in params if values[0] is None]
        for values, pk in zip(new, fresh_ids(len(new)), strict=True):
            values[0] = pk
    insert_plain(meta.db_table, [str(f.column) for f in fields], params)  # type: ignore[union-attr]


# A column's index past any row's cells: the column is not in the file's header.
ABSENT = 1 << 30


class RowParser:
    """A sheet's row parser, compiled once for a file's header: each column's position
    among the cells, whether it is required, its empty value and its parsers. Called with
    a row's cells, it gives the row with each cell read as its column's type, or None
    (its problems reported), as a loop over the columns would."""

    def __init__(self, columns: Sequence[Column], names: Sequence[str]) -> None:
        position = {name: index for index, name in enumerate(names)}
        self.plan = tuple(
            (
                c.name,
                position.get(c.name, ABSENT),
                c.required,
                c.empty,
                c.type.parse,
                c.type.text_parser,
            )
            for c in columns
        )

    def __call__(self, number: int, cells: Sequence[Any], ctx: ImportContext) -> Row | None:
        values: dict[str, Any] = {}
        ok = True
        width = len(cells)
        for name, index, required, empty, parse, parse_text in self.plan:
            cell: Any = cells[index] if index < width else None
            try:
                if cell.__class__ is str:  # every cell of a CSV file: strip once
                    cell = cell.strip()
                    if cell:
                        values[name] = parse_text(cell)
                        continue
                elif cell is not None:
                    values[name] = parse(cell)
                    continue
            except CellError as error:
                ctx.problem(number, name, str(error))
                ok = False
                continue
            if required:
                ctx.problem(number, name, _("This column must be filled in."))
                ok = False
            values[name] = empty
        return Row(number, values) if ok else None


class Sheet(ABC):
    kind: ClassVar[str]
    # what of a person its rows change (helhed/citizens/changes.py FACTS): the upkeep after
    # the file recomputes only the indicators and rule flags that read it (ADR 0044);
    # None: anything (a person's row, household and relations)
    changes: ClassVar[frozenset[str] | None] = None
    title: ClassVar[Promise]
    description: ClassVar[Promise]
    columns: ClassVar[tuple[Column, ...]]

    @abstractmethod
    def process(self, rows: list[Row], ctx: ImportContext) -> None:
        """Validate a chunk of rows, report its problems and write its good rows."""

    @abstractmethod
    def export_rows(self, persons: QuerySet[Person], actor: User) -> Iterator[list[Any]]:
        """The registry's records of `persons` in this sheet's columns, as `actor` may see
        them."""


def helhed_or_external(external_id: str, pk: uuid.UUID) -> str:
    return external_id or f"{HELHED_ID_PREFIX}{pk}"


@dataclass
class PeriodInfo:
    external_id: str
    starts_on: date
    ends_on: date | None
    label: str


def persons_by_external_id(
    ctx: ImportContext, external_ids: Iterable[str]
) -> dict[str, PersonInfo]:
    """The persons of the user's caseload with these external ids (through the access
    layer: a person outside it is not found, the same as one that does not exist)."""
    # exclude(""): the condition of the partial unique index, so the database uses it
    found = (
        persons_visible_to(ctx.actor)
        .filter(external_id__in_values=set(external_ids))
        .exclude(external_id="")
        .order_by()
    )
    return {
        external_id: PersonInfo(pk, born, country)
        for pk, external_id, born, country in found.values_list(
            "pk", "external_id", "birth_date", "country_of_origin"
        )
    }


class FactSheet(Sheet):
    """A sheet of facts about persons (arrivals, spells, ...), one model row per file row,
    the person named by `person_external_id`."""

    model: ClassVar[type[models.Model]]
    # model fields set from the row, compared to decide whether a stored record changed
    fields: ClassVar[tuple[str, ...]]
    # fields derived from the others (and the language): not compared
    derived: ClassVar[frozenset[str]] = frozenset()
    # for periods that may not overlap (spells, programmes): the message for an overlap
    periods: ClassVar[bool] = False
    # column -> the lookup that exports it, where they differ
    export_lookups: ClassVar[dict[str, str]] = {}

    @abstractmethod
    def values(self, row: Row, person: PersonInfo, ctx: ImportContext) -> dict[str, Any] | None:
        """The model field values of a row, or None with its problems reported."""

    def overlap_message(self, other: PeriodInfo) -> str:
        raise NotImplementedError

    def period_label(self, values: dict[str, Any]) -> str:
        raise NotImplementedError

    def export_value(self, column: str, value: Any) -> Any:
        return value

    def _periods(self, person_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[PeriodInfo]]:
        found: dict[uuid.UUID, list[PeriodInfo]] = defaultdict(list)
        stored = (
            self.model._default_manager.filter(person_id__in_values=set(person_ids))
            .order_by()
            .values("person_id", "external_id", "starts_on", "ends_on", *self.fields)
        )
        for values in stored:
            found[values["person_id"]].append(
                PeriodInfo(
                    values["external_id"],
                    values["starts_on"],
                    values["ends_on"],
                    self.period_label(values),
                )
            )
        return found

    def _stored(self, rows: list[Row], ctx: ImportContext) -> dict[str, Any]:
        """The facts of the municipality stored under the chunk's external ids. Looked up
        by external id alone (the partial index), the municipality checked here: joined
        to the persons, the database would probe every person of the municipality."""
        facts = list(
            self.model._default_manager.filter(
                external_id__in_values=[r.values["external_id"] for r in rows]
            )
            .exclude(external_id="")
            .order_by()
        )
        ours = set(
            Person.objects.filter(
                pk__in_values={f.person_id for f in facts},  # type: ignore[attr-defined]
                municipality_id=ctx.municipality_id,
            ).values_list("pk", flat=True)
        )
        return {f.external_id: f for f in facts if f.person_id in ours}  # type: ignore[attr-defined]

    def process(self, rows: list[Row], ctx: ImportContext) -> None:
        persons = persons_by_external_id(ctx, (r.values["person_external_id"] for r in rows))
        existing = self._stored(rows, ctx)
        periods = self._periods(p.id for p in persons.values()) if self.periods else {}
        now = timezone.now()
        new: list[list[Any]] = []
        changed: list[models.Model] = []
        rectified: list[tuple[uuid.UUID, str, uuid.UUID, str, Any, Any]] = []
        touched: list[uuid.UUID] = []
        for row in rows:
            if not ctx.first_use(row):
                continue
            external_id = row.values["external_id"]
            person = persons.get(row.values["person_external_id"])
            if person is None:
                ctx.problem(
                    row.number,
                    "person_external_id",
                    _("No person with the external id %(id)s is in your caseload.")
                    % {"id": row.values["person_external_id"]},
                )
                continue
            stored = existing.get(external_id)
            if stored is not None and stored.person_id != person.id:
                ctx.problem(
                    row.number,
                    "external_id",
                    _("The external id %(id)s belongs to another person's record.")
                    % {"id": external_id},
                )
                continue
            values = self.values(row, person, ctx)
            if values is None:
                continue
            if self.periods:
                others = [p for p in periods.get(person.id, []) if p.external_id != external_id]
                other = first_overlap(others, values["starts_on"], values["ends_on"])
                if other is not None:
                    ctx.problem(row.number, "starts_on", self.overlap_message(other))
                    continue
                periods.setdefault(person.id, []).append(
                    PeriodInfo(
                        external_id,
                        values["starts_on"],
                        values["ends_on"],
                        self.period_label(values),
                    )
                )
            if stored is None:
                new.append(
                    [None, now, now, person.id, external_id]  # None: a fresh id
                    + [values[name] for name in self.fields]
                )
                touched.append(person.id)
            elif any(
                getattr(stored, name) != values[name]
                for name in self.fields
                if name not in self.derived
            ):
                if self.model._meta.app_label == "citizens":  # registry data, not a plan's
                    record = str(self.model._meta.model_name)
                    rectified.extend(
                        (person.id, record, stored.pk, name, getattr(stored, name), value)
                        for name, value in values.items()
                        if name not in self.derived and getattr(stored, name) != value
                    )
                for name, value in values.items():
                    setattr(stored, name, value)
                stored.updated_at = now
                changed.append(stored)
                touched.append(person.id)
            else:
                ctx.counts.unchanged += 1
        insert_rows(
            self.model,
            ["id", "created_at", "updated_at", "person", "external_id", *self.fields],
            new,
        )
        if changed:
            self.model._default_manager.bulk_update(changed, [*self.fields, "updated_at"])
            rectifications_record(actor=ctx.actor, reason=ctx.purpose, changes=rectified)
        ctx.counts.created += len(new)
        ctx.counts.updated += len(changed)
        ctx.audit(touched, Action.UPDATE)

    def export_filter(self, actor: User) -> Q:
        """Which of the persons' records `actor` may export (all, unless a sheet's access
        rule says otherwise)."""
        return Q()

    def export_rows(self, persons: QuerySet[Person], actor: User) -> Iterator[list[Any]]:
        names = [c.name for c in self.columns][2:]
        lookups = [self.export_lookups.get(n, n) for n in names]
        records = (
            self.model._default_manager.filter(person__in=persons.values("pk"))
            .filter(self.export_filter(actor))
            .order_by("person_id", "pk")
            .values_list("pk", "external_id", "person_id", "person__external_id", *lookups)
        )
        for pk, external_id, person_pk, person_external_id, *rest in records.iterator(2000):
            yield [
                helhed_or_external(external_id, pk),
                helhed_or_external(person_external_id, person_pk),
                *(self.export_value(n, v) for n, v in zip(names, rest, strict=True)),
            ]
