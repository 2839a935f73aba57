# SPDX-License-Identifier: MPL-2.0
"""Reads of the holistic plan, always starting from what the user may see (access.py)."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from helhed.caseplans.access import InterventionPart, intervention_part, referrals_visible_to
from helhed.caseplans.models import Intervention, Referral, RuleFlag, rule_label
from helhed.citizens.access import open_case_of
from helhed.citizens.models import HousingPlacement, Person
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


def _person_events(person: Person) -> Iterable[TimelineEvent]:
    name = f"{person.first_name} {person.last_name}"
    for arrival in person.arrivals.all():
        yield TimelineEvent(
            arrival.arrived_on,
            name,
            _("Arrived in the municipality: %(source)s") % {"source": arrival.get_source_display()},
        )
    for placement in person.placements.all():
        kind = _("permanent") if placement.permanent else _("temporary")
        yield TimelineEvent(
            placement.placed_on,
            name,
            _("Housed in %(locality)s (%(kind)s)")
            % {"locality": placement.locality.name, "kind": kind},
        )
    for programme in person.programmes.all():
        yield TimelineEvent(
            programme.starts_on,
            name,
            _("Started %(programme)s") % {"programme": programme.get_kind_display()},
        )
        if programme.ends_on:
            yield TimelineEvent(
                programme.ends_on,
                name,
                _("Ended %(programme)s") % {"programme": programme.get_kind_display()},
            )
    for course in person.danish.all():
        yield TimelineEvent(
            course.referred_on,
            name,
            _("Referred to %(track)s") % {"track": course.get_track_display()},
        )
        if course.test_passed_on:
            yield TimelineEvent(
                course.test_passed_on,
                name,
                _("Passed %(test)s") % {"test": course.get_test_display()},
            )


def with_timeline_facts(persons: list[Person]) -> list[Person]:
    """The persons (already read) with the facts the timeline shows, in a fixed number of
    queries."""
    prefetch_related_objects(
        persons,
        "arrivals",
        Prefetch("placements", queryset=HousingPlacement.objects.select_related("locality")),
        "programmes",
        "danish",
    )
    return persons


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
    events: list[TimelineEvent] = []
    for person in with_timeline_facts(visible):
        events.extend(_person_events(person))
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
