# SPDX-License-Identifier: MPL-2.0
"""Reads of committees, meetings, agenda items and process plans, with what each page
needs fetched up front and everything scoped to one municipality."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, QuerySet, Subquery

from helhed.core.tenancy import scope_to_municipality
from helhed.governance.models import (
    AgendaEntry,
    AgendaItem,
    Attachment,
    Committee,
    DatePrecision,
    Meeting,
    Milestone,
)
from helhed.policies.models import Policy, PolicyVersion


def committees_for_municipality(*, municipality_id: object) -> QuerySet[Committee]:
    return scope_to_municipality(
        Committee.objects.annotate(meeting_count=Count("meetings")).order_by(
            "-is_city_council", "name"
        ),
        municipality_id,
    )


def agenda_items_for_municipality(*, municipality_id: object) -> QuerySet[AgendaItem]:
    return scope_to_municipality(
        AgendaItem.objects.select_related("decision_authority"), municipality_id
    )


def meetings_of_committee(*, committee: Committee) -> QuerySet[Meeting]:
    return committee.meetings.annotate(item_count=Count("entries")).order_by("-date", "-start_time")


def meeting_agenda(*, meeting: Meeting) -> list[AgendaEntry]:
    return list(
        meeting.entries.select_related("item__decision_authority", "decision").order_by("number")
    )


@dataclass
class ItemContent:
    """An agenda item with its treatments (meetings, each with its decision, if any) and
    attachments, in meeting order."""

    item: AgendaItem
    entries: list[AgendaEntry]
    attachments: list[Attachment]

    @property
    def decided(self) -> list[AgendaEntry]:
        return [e for e in self.entries if _has_decision(e)]

    @property
    def undecided(self) -> list[AgendaEntry]:
        return [e for e in self.entries if not _has_decision(e)]


def _has_decision(entry: AgendaEntry) -> bool:
    return hasattr(entry, "decision")


def agenda_item_content(*, item: AgendaItem) -> ItemContent:
    entries = list(
        item.entries.select_related("meeting__committee", "decision").order_by(
            "meeting__date", "meeting__start_time", "meeting__committee__name"
        )
    )
    attachments = list(
        item.attachments.select_related("policy_version").defer("pdf").order_by("number")
    )
    return ItemContent(item=item, entries=entries, attachments=attachments)


def meetings_for_municipality(*, municipality_id: object) -> QuerySet[Meeting]:
    return scope_to_municipality(Meeting.objects.select_related("committee"), municipality_id)


def policy_versions_for_municipality(*, municipality_id: object) -> QuerySet[PolicyVersion]:
    return scope_to_municipality(
        PolicyVersion.objects.select_related("policy").order_by("policy", "-number"),
        municipality_id,
    )


def process_plan(*, policy: Policy) -> list[Milestone]:
    return list(policy.milestones.select_related("committee").order_by("date", "created_at"))


def latest_version_of(*, policy: Policy) -> PolicyVersion | None:
    return policy.versions.order_by("-number").first()


def _latest_title() -> Subquery:
    latest = PolicyVersion.objects.filter(policy=OuterRef("policy")).order_by("-number")
    return Subquery(latest.values("title")[:1])


def milestones_upcoming(
    *, municipality_id: object, today: dt.date, limit: int = 10
) -> list[Milestone]:
    """The next steps of the municipality's process plans, soonest first (a step planned
    for a month stays upcoming until the month has passed)."""
    month_start = today.replace(day=1)
    queryset = (
        scope_to_municipality(Milestone.objects.select_related("committee"), municipality_id)
        .filter(date__gte=month_start)
        .annotate(policy_title=_latest_title())
        .order_by("date", "created_at")
    )
    found: list[Milestone] = []
    for milestone in queryset:
        if milestone.precision == DatePrecision.DAY and milestone.date < today:
            continue
        found.append(milestone)
        if len(found) == limit:
            break
    return found
