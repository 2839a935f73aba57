# SPDX-License-Identifier: MPL-2.0
"""Reads of the holistic plan, always starting from what the user may see (access.py)."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from helhed.caseplans.access import InterventionPart, intervention_part, referrals_visible_to
from helhed.caseplans.models import Intervention, Referral, RuleFlag, rule_label
from helhed.citizens.access import open_case_of
from helhed.citizens.models import (
    Arrival,
    ArrivalSource,
    DanishEducation,
    DanishTestKind,
    DanishTrack,
    HousingPlacement,
    Locality,
    Person,
    ProgrammeEnrolment,
    ProgrammeKind,
)
from helhed.core.lookups import in_sql
from helhed.organisations.models import Role, User

# Persons shown on one worklist page; the next page starts after its last person.
WORKLIST_PAGE = 50


@dataclass(frozen=True)
class WorklistFlag:
    """What a worklist row shows of an open flag."""

    rule: str
    due_on: date

    @property
    def rule_label(self) -> str:
        return rule_label(self.rule)


@dataclass
class WorklistRow:
    person: Person
    flags: list[WorklistFlag] = field(default_factory=list)

    @property
    def next_due(self) -> date:
        return min(flag.due_on for flag in self.flags)


def worklist_for_user(
    *, user: User, mine_only: bool, after: uuid.UUID | None = None
) -> tuple[list[WorklistRow], bool]:
    """One page of the persons the user sees with open flags, in (earliest open deadline,
    person id) order, and whether there are more. `mine_only`: only the user's own cases.
    `after` (a keyset, like the caseload's): the page starts after that person; an
    unknown id, a person the user does not see or one with no open flag gives the first
    page, so the cursor cannot probe a hidden person's deadline."""
    if not user.has_role(Role.CASEWORKER) or user.municipality_id is None:
        return [], False
    # The municipality's open flags in deadline order (one index), each kept if its person
    # has an open case the user sees: the cost follows the municipality's open flags and
    # the page, not the size of the registry.
    open_flags = RuleFlag.objects.filter(
        municipality_id=user.municipality_id, resolved_at__isnull=True
    ).filter(open_case_of(user, OuterRef("person_id"), own_only=mine_only))
    flags = open_flags.order_by("due_on", "person_id", "rule")
    if after is not None:
        start = open_flags.filter(person_id=after).aggregate(due=Min("due_on"))["due"]
        if start is not None:
            # From the cursor's deadline on, leaving out the persons of earlier pages: those
            # with an open flag before the cursor in (deadline, person id) order.
            earlier = RuleFlag.objects.filter(
                person_id=OuterRef("person_id"), resolved_at__isnull=True
            ).filter(Q(due_on__lt=start) | Q(due_on=start, person_id__lte=after))
            flags = flags.filter(due_on__gte=start).exclude(Exists(earlier))
    # The scan reads person ids only, a few chunks of the index at most: it stops at the
    # first person past the page.
    page: dict[uuid.UUID, None] = {}  # the page's person ids in order
    more = False
    for person_id in flags.values_list("person_id", flat=True).iterator(
        chunk_size=2 * WORKLIST_PAGE
    ):
        if person_id not in page:
            if len(page) == WORKLIST_PAGE:
                more = True
                break
            page[person_id] = None
    # The page's persons with what the list shows of them (no CPR number decrypted), and
    # their open flags, also those whose deadline lies beyond where the scan stopped.
    persons = Person.objects.only("id", "municipality_id", "first_name", "last_name").in_bulk(
        list(page)
    )
    rows = {
        person_id: WorklistRow(persons[person_id]) for person_id in page if person_id in persons
    }
    for person_id, rule, due_on in (
        RuleFlag.objects.filter(person_id__in=list(rows), resolved_at__isnull=True)
        .order_by("due_on", "rule")
        .values_list("person_id", "rule", "due_on")
    ):
        rows[person_id].flags.append(WorklistFlag(rule, due_on))
    # (a flag resolved since the scan leaves its person out)
    return [row for row in rows.values() if row.flags], more


def flags_of_person(*, person: Person) -> tuple[list[RuleFlag], list[RuleFlag]]:
    """The person's open flags and the history of resolved ones (newest first)."""
    flags = list(RuleFlag.objects.filter(person=person).order_by("due_on", "rule"))
    open_flags = [f for f in flags if f.resolved_at is None]
    resolved = sorted(
        (f for f in flags if f.resolved_at is not None),
        key=lambda f: f.resolved_at or f.created_at,
        reverse=True,
    )
    return open_flags, resolved


def referrals_of_person(*, user: User, person: Person) -> QuerySet[Referral]:
    """The person's referrals sent from or to one of the user's departments."""
    return (
        referrals_visible_to(user)
        .filter(person=person)
        .select_related("from_department", "to_department")
    )


@dataclass(frozen=True)
class TimelineEvent:
    """One dated line of a shared timeline."""

    day: date
    subject: str
    text: str
    department: str = ""
    part: InterventionPart | None = None


# The timeline's facts of the registry, in one statement: (which, person, day, second day,
# text, second text, flag) of arrivals, placements (with their locality's name),
# programmes and Danish education, in the order the timeline lists them.
_NO_DAY, _NO_TEXT, _NO_FLAG = (
    "CAST(NULL AS DATE)",
    "CAST(NULL AS VARCHAR(16))",
    "CAST(NULL AS BOOLEAN)",
)
_FACT_BRANCHES = (
    ("a", Arrival, f"t.arrived_on, {_NO_DAY}, t.source, {_NO_TEXT}, {_NO_FLAG}", ""),
    ("h", HousingPlacement, f"t.placed_on, {_NO_DAY}, l.name, {_NO_TEXT}, t.permanent", "locality"),
    ("p", ProgrammeEnrolment, f"t.starts_on, t.ends_on, t.kind, {_NO_TEXT}, {_NO_FLAG}", ""),
    ("d", DanishEducation, f"t.referred_on, t.test_passed_on, t.track, t.test, {_NO_FLAG}", ""),
)
# (PostgreSQL types a chain of UNIONs pair by pair: an untyped NULL in the first two would be
# text, and then not match the dates of the third.)
_ORDER = {"a": 0, "h": 1, "p": 2, "d": 3}


def _day(value: object) -> date | None:
    """A date column as read: a date, or its ISO text on SQLite."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _timeline_rows(person_ids: list[uuid.UUID]) -> list[tuple[Any, ...]]:
    """The rows of `_FACT_BRANCHES` of these persons, each kind in its model's order."""
    if not person_ids:
        return []
    key = [p if connection.features.has_native_uuid_field else p.hex for p in person_ids]
    selects: list[str] = []
    params: list[Any] = []
    for which, model, columns, join in _FACT_BRANCHES:
        table = connection.ops.quote_name(model._meta.db_table)
        joined = ""
        if join:
            locality = connection.ops.quote_name(Locality._meta.db_table)
            joined = f" JOIN {locality} l ON l.id = t.locality_id"
        condition, values = in_sql("t.person_id", key)
        # names from the models; the values are bound
        selects.append(
            f"SELECT '{which}', t.person_id, {columns} FROM {table} t{joined} WHERE {condition}"  # noqa: S608
        )
        params += values
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        rows = [
            (which, person, _day(day), _day(second), text, other, flag)
            for which, person, day, second, text, other, flag in cursor.fetchall()
        ]
    # arrivals newest first, the others oldest first (the models' orderings)
    rows.sort(key=_in_model_order)
    return rows


def _in_model_order(row: tuple[Any, ...]) -> tuple[int, int]:
    """Arrivals newest first, the others oldest first (the models' orderings)."""
    which, day = row[0], row[2]
    ordinal = day.toordinal() if day else 0
    return _ORDER[which], -ordinal if which == "a" else ordinal


def _label(choices: Any, value: str) -> str:
    return str(dict(choices.choices).get(value, value))


def _fact_events(row: tuple[Any, ...], name: str) -> Iterable[TimelineEvent]:
    which, _person, day, second, text, other, flag = row
    if which == "a":
        yield TimelineEvent(
            day,
            name,
            _("Arrived in the municipality: %(source)s") % {"source": _label(ArrivalSource, text)},
        )
    elif which == "h":
        kind = _("permanent") if flag else _("temporary")
        yield TimelineEvent(
            day, name, _("Housed in %(locality)s (%(kind)s)") % {"locality": text, "kind": kind}
        )
    elif which == "p":
        programme = _label(ProgrammeKind, text)
        yield TimelineEvent(day, name, _("Started %(programme)s") % {"programme": programme})
        if second:
            yield TimelineEvent(second, name, _("Ended %(programme)s") % {"programme": programme})
    else:
        yield TimelineEvent(
            day, name, _("Referred to %(track)s") % {"track": _label(DanishTrack, text)}
        )
        if second:
            yield TimelineEvent(
                second, name, _("Passed %(test)s") % {"test": _label(DanishTestKind, other)}
            )


def timeline_facts(persons: list[Person]) -> list[TimelineEvent]:
    """The timeline's events of the persons' registry facts (arrivals, placements,
    programmes, Danish education), read in one statement, in the order the timeline
    lists them: person by person, each kind in its model's order."""
    names = {p.id: f"{p.first_name} {p.last_name}" for p in persons}
    by_person: dict[uuid.UUID, list[tuple[Any, ...]]] = {p.id: [] for p in persons}
    for row in _timeline_rows(list(names)):
        person = row[1] if isinstance(row[1], uuid.UUID) else uuid.UUID(hex=str(row[1]))
        by_person[person].append(row)
    return [
        event
        for person_id, rows in by_person.items()
        for row in rows
        for event in _fact_events(row, names[person_id])
    ]


def shared_timeline(
    *,
    user: User,
    visible: list[Person],
    others: list[Person],
    household_id: uuid.UUID | None,
    parts: list[InterventionPart] | None = None,
) -> list[TimelineEvent]:
    """The shared timeline of a household (or of one person): every fact of the members
    the user sees, and of every member's plan the interventions as the user may see them
    (`parts`: those already read for the page, else read here).
    The caller has read and audited every member through the access layer."""
    names = {p.id: f"{p.first_name} {p.last_name}" for p in [*visible, *others]}
    events = timeline_facts(visible)
    if parts is None:
        interventions = Intervention.objects.filter(person_id__in=list(names)).select_related(
            "owner_department", "partner", "household"
        )
        if household_id is not None:
            interventions = interventions | Intervention.objects.filter(
                household_id=household_id
            ).select_related("owner_department", "partner", "household")
        parts = [
            intervention_part(
                user,
                intervention,
                names.get(intervention.person_id, "")
                if intervention.person_id
                else str(intervention.household),
            )
            for intervention in interventions.order_by("starts_on")
        ]
    for part in parts:
        events.append(
            TimelineEvent(
                part.intervention.starts_on,
                part.subject,
                part.label,
                department=part.intervention.owner_department.name,
                part=part,
            )
        )
    return sorted(events, key=lambda e: (e.day, e.subject))
