# SPDX-License-Identifier: MPL-2.0
"""Keeping the stored rule flags equal to what the rules say of the registry.

`flags_sync` reads the facts of some persons in a fixed number of queries, evaluates the
rules (rules.py) and writes only the differences: a new flag for a rule that now applies,
a resolution on an open flag whose rule is met or no longer applies. A resolved flag is
never deleted, so its history stays. It runs inside the transaction of every write that
changes a person's facts (registry services and plan services), and nightly for the
flags that open or close as days pass (`manage.py flags_refresh`).
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from helhed.caseplans.models import INTERVENTION_FACT_COLUMNS, Intervention, Resolution, RuleFlag
from helhed.caseplans.rules import (
    NOT_READ,
    READS,
    Due,
    FactNotReadError,
    Facts,
    Period,
    PlannedIntervention,
    Verdict,
    evaluate,
    reading,
)
from helhed.citizens.changes import FACTS, Changed, listen
from helhed.citizens.models import (
    Arrival,
    DanishEducation,
    Person,
    ProgrammeEnrolment,
    StatusSpell,
)
from helhed.citizens.shared_reads import (
    ARRIVAL_COLUMNS,
    DANISH_COLUMNS,
    PERSON_COLUMNS,
    period_rows,
    shared_rows,
)

# Persons evaluated per round of queries.
CHUNK = 2000


def minor_school_days() -> int:
    return int(getattr(settings, "HELHED_MINOR_SCHOOL_DAYS", 30))


def facts_of(
    person_ids: Sequence[uuid.UUID], reads: frozenset[str] = FACTS, *, defer_spells: bool = False
) -> dict[uuid.UUID, Facts]:
    """The rule facts of each person, in seven plain reads whatever their number; of the facts
    beyond the person's row only those in `reads` (the others are left empty: the
    caller's rules do not read them, ADR 0044). `defer_spells`: the spells are not read
    but marked NOT_READ, for the caller to read for those whose rules use them."""
    # the same reads as the indicators' (shared_reads.py), read once in a shared block
    rows = [
        (person_id, birth_date, minor, household_id)
        for person_id, _m, birth_date, household_id, _e, minor in shared_rows(
            Person, PERSON_COLUMNS, by="id", values=person_ids
        )
    ]
    takeover: dict[uuid.UUID, tuple[date, str]] = {}
    if "arrivals" in reads:
        arrivals = shared_rows(Arrival, ARRIVAL_COLUMNS, by="person", values=person_ids)
        for person_id, arrived_on, source, in_target_group in arrivals:
            latest = takeover.get(person_id)
            if in_target_group and (latest is None or arrived_on >= latest[0]):
                takeover[person_id] = (arrived_on, source)  # the latest wins
    read_spells = "spells" in reads and not defer_spells
    spells = _periods(StatusSpell, person_ids) if read_spells else defaultdict(list)
    programmes = (
        _periods(ProgrammeEnrolment, person_ids) if "programmes" in reads else defaultdict(list)
    )
    referrals: dict[uuid.UUID, list[date]] = defaultdict(list)
    if "danish" in reads:
        for person_id, referred_on, _test, _passed in shared_rows(
            DanishEducation, DANISH_COLUMNS, by="person", values=person_ids
        ):
            referrals[person_id].append(referred_on)
    household_ids = {household_id for *_, household_id in rows if household_id is not None}
    own: dict[uuid.UUID, list[PlannedIntervention]] = defaultdict(list)
    shared: dict[uuid.UUID, list[PlannedIntervention]] = defaultdict(list)
    if "interventions" in reads:
        # a person's own and their households' (an intervention has one or the other)
        for by, values in (("person", person_ids), ("household", household_ids)):
            for _pk, person_id, household_id, kind, status, starts_on, ends_on in shared_rows(
                Intervention, INTERVENTION_FACT_COLUMNS, by=by, values=values
            ):
                planned = PlannedIntervention(kind, status, starts_on, ends_on)
                if person_id is not None:
                    own[person_id].append(planned)
                else:
                    shared[household_id].append(planned)
    facts = {}
    for person_id, birth_date, minor, household_id in rows:
        arrival = takeover.get(person_id)
        facts[person_id] = Facts(
            birth_date=birth_date,
            unaccompanied_minor=minor,
            takeover=arrival[0] if arrival else None,
            source=arrival[1] if arrival else "",
            spells=tuple(spells[person_id]) if not defer_spells else NOT_READ,
            programmes=tuple(programmes[person_id]),
            danish_referrals=tuple(referrals[person_id]),
            interventions=tuple(own[person_id] + (shared[household_id] if household_id else [])),
        )
    return facts


def _periods(
    model: type[StatusSpell] | type[ProgrammeEnrolment], person_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Period]]:
    found: dict[uuid.UUID, list[Period]] = defaultdict(list)
    for person_id, kind, starts_on, ends_on in period_rows(model, person_ids):
        found[person_id].append(Period(kind, starts_on, ends_on))
    return found


@transaction.atomic
def flags_sync(
    *, person_ids: Iterable[uuid.UUID], today: date | None = None, changed: Changed = None
) -> tuple[int, int]:
    """Open and resolve flags so that they agree with the rules; (opened, resolved).
    `changed`: the registry's facts that are all that changed (helhed/citizens/changes.py):
    only the rules that read them are evaluated; the others' flags stand (ADR 0044)."""
    rules = reading(changed)
    if not rules:
        return 0, 0
    reads = frozenset().union(*(READS[rule] for rule in rules))
    # When the spells did not change, a rule that reads them may not get to them (a
    # company offer's flag is resolved by the intervention before self-support is asked):
    # they are read afterwards, in one query, for the persons whose rules used them.
    defer = "spells" in reads and changed is not None and "spells" not in changed
    day = today or timezone.localdate()
    days = minor_school_days()
    ids = list(dict.fromkeys(person_ids))
    opened = resolved = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        facts = facts_of(chunk, reads, defer_spells=defer)
        open_flags = {
            (flag.person_id, flag.rule): flag
            for flag in RuleFlag.objects.filter(
                person_id__in_values=chunk, resolved_at__isnull=True, rule__in=rules
            )
        }
        now = timezone.now()
        new: list[RuleFlag] = []
        by_resolution: dict[str, list[uuid.UUID]] = defaultdict(list)
        verdicts_of: dict[uuid.UUID, dict[str, Verdict]] = {}
        unread: list[uuid.UUID] = []
        for person_id, person_facts in facts.items():
            try:
                verdicts_of[person_id] = evaluate(
                    person_facts, day, minor_school_days=days, rules=rules
                )
            except FactNotReadError:
                unread.append(person_id)
        if unread:
            spells = _periods(StatusSpell, unread)
            for person_id in unread:
                person_facts = replace(facts[person_id], spells=tuple(spells[person_id]))
                verdicts_of[person_id] = evaluate(
                    person_facts, day, minor_school_days=days, rules=rules
                )
        for person_id, verdicts in verdicts_of.items():
            for rule, verdict in verdicts.items():
                flag = open_flags.get((person_id, rule))
                if isinstance(verdict, Due):
                    if flag is None:
                        new.append(
                            RuleFlag(
                                person_id=person_id,
                                rule=rule,
                                opened_on=verdict.opened_on,
                                due_on=verdict.due_on,
                            )
                        )
                    elif (flag.opened_on, flag.due_on) != (verdict.opened_on, verdict.due_on):
                        # the facts moved the deadline (a corrected arrival date)
                        RuleFlag.objects.filter(pk=flag.pk).update(
                            opened_on=verdict.opened_on, due_on=verdict.due_on, updated_at=now
                        )
                elif flag is not None:
                    by_resolution[Resolution(verdict)].append(flag.pk)
        if new:
            municipality_of = dict(
                Person.objects.filter(pk__in_values={flag.person_id for flag in new}).values_list(
                    "pk", "municipality_id"
                )
            )
            for flag in new:
                flag.municipality_id = municipality_of[flag.person_id]
            RuleFlag.objects.bulk_create(new)
        for resolution, flag_ids in by_resolution.items():
            RuleFlag.objects.filter(pk__in=flag_ids).update(
                resolved_at=now, resolution=resolution, updated_at=now
            )
            resolved += len(flag_ids)
        opened += len(new)
    return opened, resolved


def household_members(person_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """The persons and everyone sharing a household with them (a household intervention
    counts for every member)."""
    households = (
        Person.objects.filter(pk__in_values=person_ids, household__isnull=False)
        .order_by()
        .values("household_id")
    )
    members = (
        Person.objects.filter(household_id__in=households).order_by().values_list("id", flat=True)
    )
    return list(dict.fromkeys([*person_ids, *members]))


def _on_registry_change(person_ids: list[uuid.UUID], changed: Changed) -> None:
    flags_sync(person_ids=person_ids, changed=changed)


def flags_sync_households(*, person_ids: list[uuid.UUID]) -> None:
    flags_sync(person_ids=household_members(person_ids))


def listen_to_registry() -> None:
    listen(_on_registry_change)
