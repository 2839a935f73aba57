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
    ChangeLog,
    Committee,
    DatePrecision,
    Meeting,
    Milestone,
)
from helhed.hearings.models import Hearing
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


def agenda_item_content(*, item: AgendaItem, with_documents: bool = False) -> ItemContent:
    """The item's treatments and bilag; `with_documents` reads the generated bilag's
    frozen documents too (the exports need them, the page does not)."""
    entries = list(
        item.entries.select_related("meeting__committee", "decision").order_by(
            "meeting__date", "meeting__start_time", "meeting__committee__name"
        )
    )
    deferred = ("pdf",) if with_documents else ("pdf", "document")
    attachments = list(
        item.attachments.select_related("policy_version").defer(*deferred).order_by("number")
    )
    return ItemContent(item=item, entries=entries, attachments=attachments)


def item_is_decided(*, item: AgendaItem) -> bool:
    """Whether a committee has recorded a decision on the item (its bilag then stay)."""
    return AgendaEntry.objects.filter(item=item, decision__isnull=False).exists()


def item_history(*, item: AgendaItem) -> list[ChangeLog]:
    """Who created, changed, scheduled, decided and attached what on the item, newest first."""
    return list(
        ChangeLog.objects.filter(item=item, municipality_id=item.municipality_id)
        .select_related("actor")
        .order_by("-created_at")
    )


def hearings_for_item(*, item: AgendaItem) -> QuerySet[Hearing]:
    """The hearings on a version of the item's policy, in the item's municipality: the
    memos the item can attach (none if the item is about no policy version)."""
    version = item.policy_version
    if version is None:
        return Hearing.objects.none()
    return scope_to_municipality(
        Hearing.objects.select_related("version").filter(version__policy_id=version.policy_id),
        item.municipality_id,
    ).order_by("-opens_at")


def follow_up_versions_for_item(*, item: AgendaItem) -> QuerySet[PolicyVersion]:
    """The versions of the item's policy whose follow-up report the item can attach."""
    version = item.policy_version
    if version is None:
        return PolicyVersion.objects.none()
    return scope_to_municipality(
        PolicyVersion.objects.select_related("policy").filter(policy_id=version.policy_id),
        item.municipality_id,
    ).order_by("-number")


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
