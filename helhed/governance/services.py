# SPDX-License-Identifier: MPL-2.0
"""Writes to the democratic process. Every write checks that the actor is a policy
officer of the object's municipality, validates in full and is atomic: a refusal leaves
nothing behind. Each row keeps who wrote it; a decision is the case's own history.

The city council's adoption of a policy is recorded as a decision; the policy version
moves to adopted through the policy's own lifecycle service, in the same transaction.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.governance.models import (
    AgendaEntry,
    AgendaItem,
    Attachment,
    Committee,
    DatePrecision,
    Decision,
    Meeting,
    Milestone,
    Outcome,
)
from helhed.governance.pdf_files import ensure_pdf
from helhed.organisations.models import Municipality, Role, User
from helhed.policies.models import Policy, PolicyVersion, Status
from helhed.policies.services import ensure_policy_officer, policy_version_transition

ITEM_FIELDS = (
    "title",
    "case_number",
    "decision_authority",
    "policy_version",
    "decision_theme",
    "case_description",
    "financial_consequences",
    "citizen_involvement",
    "legal_basis",
    "next_steps",
    "recommendation",
)


def _own_municipality(actor: User) -> Municipality:
    """The actor's municipality, where the actor is a policy officer."""
    if actor.municipality is None or not actor.has_role(Role.POLICY_OFFICER):
        raise PermissionDenied
    return actor.municipality


def _ensure_case_number_free(item: AgendaItem) -> None:
    taken = AgendaItem.objects.filter(
        municipality_id=item.municipality_id, case_number=item.case_number
    ).exclude(pk=item.pk)
    if item.case_number and taken.exists():
        raise ValidationError(
            {
                "case_number": _(
                    "The municipality already has an agenda item with case no. %(number)s."
                )
                % {"number": item.case_number}
            },
            code="duplicate_case_number",
        )


def _validate(obj: Any, *, exclude: list[str] | None = None) -> None:
    """full_clean, with the unique constraints left to the clear checks above them."""
    obj.full_clean(exclude=exclude, validate_constraints=False)


@transaction.atomic
def committee_create(*, actor: User, name: str, is_city_council: bool = False) -> Committee:
    municipality = _own_municipality(actor)
    committee = Committee(
        municipality=municipality,
        name=name.strip(),
        is_city_council=is_city_council,
        created_by=actor,
    )
    _validate(committee)
    others = Committee.objects.filter(municipality=municipality)
    # compared in Python: SQLite folds the case of ASCII letters only (Ø, Æ, Å)
    if any(
        n.casefold() == committee.name.casefold() for n in others.values_list("name", flat=True)
    ):
        raise ValidationError(
            {
                "name": _("The municipality already has a committee named %(name)s.")
                % {"name": committee.name}
            },
        )
    if is_city_council and others.filter(is_city_council=True).exists():
        raise ValidationError(
            {"is_city_council": _("The municipality already has its city council.")}
        )
    committee.save()
    return committee


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    committee: Committee,
    date: dt.date,
    start_time: dt.time | None = None,
    place: str = "",
) -> Meeting:
    ensure_policy_officer(actor=actor, obj=committee)
    meeting = Meeting(
        committee=committee, date=date, start_time=start_time, place=place, created_by=actor
    )
    _validate(meeting)
    meeting.save()
    return meeting


@transaction.atomic
def agenda_item_create(*, actor: User, meeting: Meeting | None = None, **fields: Any) -> AgendaItem:
    """A new case of the actor's municipality; with `meeting`, on that meeting's agenda."""
    municipality = _own_municipality(actor)
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"agenda_item_create() got unknown fields: {sorted(unknown)}")
    item = AgendaItem(municipality=municipality, updated_by=actor, **fields)
    _validate(item)
    _ensure_case_number_free(item)
    item.save()
    if meeting is not None:
        agenda_entry_create(actor=actor, item=item, meeting=meeting)
    return item


@transaction.atomic
def agenda_item_update(*, actor: User, item: AgendaItem, **fields: Any) -> AgendaItem:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"agenda_item_update() got fields it cannot change: {sorted(unknown)}")
    stored = AgendaItem.objects.select_for_update().get(pk=item.pk)
    ensure_policy_officer(actor=actor, obj=stored)
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.updated_by = actor
    _validate(stored)
    _ensure_case_number_free(stored)
    stored.save()
    return stored


@transaction.atomic
def agenda_entry_create(*, actor: User, item: AgendaItem, meeting: Meeting) -> AgendaEntry:
    """Put `item` on the agenda of `meeting`, as its next point."""
    ensure_policy_officer(actor=actor, obj=item)
    meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    ensure_policy_officer(actor=actor, obj=meeting)
    if AgendaEntry.objects.filter(meeting=meeting, item=item).exists():
        raise ValidationError(
            {"meeting": _("The agenda item is on this meeting's agenda already.")},
            code="already_on_agenda",
        )
    highest = AgendaEntry.objects.filter(meeting=meeting).aggregate(m=Max("number"))["m"]
    entry = AgendaEntry(meeting=meeting, item=item, number=(highest or 0) + 1)
    _validate(entry)
    entry.save()
    return entry


@transaction.atomic
def decision_record(*, actor: User, entry: AgendaEntry, outcome: str, text: str) -> Decision:
    """Record the committee's decision on `entry`. The city council's adoption of a case
    about a policy version adopts that version (policies.services.policy_version_transition);
    if the version cannot be adopted, nothing is recorded."""
    entry = (
        # lock the entry only: the item's policy version is an outer join, which
        # PostgreSQL cannot lock
        AgendaEntry.objects.select_for_update(of=("self",))
        .select_related("meeting__committee", "item__policy_version")
        .get(pk=entry.pk)
    )
    ensure_policy_officer(actor=actor, obj=entry)
    if Decision.objects.filter(entry=entry).exists():
        raise ValidationError(
            _("A decision is already recorded for this meeting; each committee decides once."),
            code="decided",
        )
    meeting = entry.meeting
    if meeting.date > timezone.localdate():
        raise ValidationError(
            {
                "entry": _("The meeting on %(date)s has not been held yet.")
                % {"date": f"{meeting.date:%d-%m-%Y}"}
            },
            code="future_meeting",
        )
    decision = Decision(entry=entry, outcome=outcome, text=text.strip(), recorded_by=actor)
    _validate(decision)
    if outcome == Outcome.ADOPTED:
        _adopt_policy_version(actor=actor, entry=entry, text=decision.text)
    decision.save()
    return decision


def _adopt_policy_version(*, actor: User, entry: AgendaEntry, text: str) -> None:
    meeting, version = entry.meeting, entry.item.policy_version
    if not meeting.committee.is_city_council:
        raise ValidationError(
            {
                "outcome": _("Only the city council adopts the policy; %(committee)s cannot.")
                % {"committee": meeting.committee.name}
            },
            code="not_city_council",
        )
    if version is None:
        raise ValidationError(
            {
                "outcome": _(
                    "The agenda item is not about a policy version: choose the version on "
                    "the agenda item before recording its adoption."
                )
            },
            code="no_version",
        )
    try:
        policy_version_transition(
            actor=actor,
            version=version,
            to_status=Status.ADOPTED,
            effective_on=meeting.date,
            note=_("%(committee)s on %(date)s, case no. %(number)s: %(text)s")
            % {
                "committee": meeting.committee.name,
                "date": f"{meeting.date:%d-%m-%Y}",
                "number": entry.item.case_number,
                "text": text,
            },
        )
    except ValidationError as error:
        raise ValidationError(
            {
                "outcome": _(
                    "The decision was not recorded: version %(number)s of the policy has "
                    'status "%(status)s" and cannot be adopted. %(reason)s'
                )
                % {
                    "number": version.number,
                    "status": Status(version.status).label,
                    "reason": " ".join(error.messages),
                }
            },
            code="not_adoptable",
        ) from error


@transaction.atomic
def attachment_add(
    *,
    actor: User,
    item: AgendaItem,
    title: str,
    policy_version: PolicyVersion | None = None,
    pdf: bytes | None = None,
    pdf_name: str = "",
) -> Attachment:
    """A bilag of `item`: a policy version's PDF and/or an uploaded PDF, under a title."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    ensure_policy_officer(actor=actor, obj=item)
    if policy_version is None and not pdf:
        raise ValidationError(
            {"policy_version": _("Choose a policy version or upload a PDF.")}, code="empty"
        )
    if pdf:
        ensure_pdf(pdf, field="pdf")
    highest = Attachment.objects.filter(item=item).aggregate(m=Max("number"))["m"]
    attachment = Attachment(
        item=item,
        number=(highest or 0) + 1,
        title=title.strip(),
        policy_version=policy_version,
        pdf=pdf or None,
        pdf_name=pdf_name[:200] if pdf else "",
        created_by=actor,
    )
    _validate(attachment)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, actor: User, attachment: Attachment) -> None:
    ensure_policy_officer(actor=actor, obj=attachment)
    attachment.delete()


@transaction.atomic
def milestone_save(*, actor: User, milestone: Milestone) -> Milestone:
    """Create or change a step of a policy's process plan. A stored milestone stays with
    the policy it is stored under, whatever it claims in memory."""
    if not milestone._state.adding:
        stored = Milestone.objects.select_for_update().filter(pk=milestone.pk).first()
        if stored is None:
            raise ValidationError(
                _("This milestone no longer exists; someone may have deleted it."), code="gone"
            )
        if stored.policy_id != milestone.policy_id:
            raise PermissionDenied
    policy = Policy.objects.select_related("municipality").get(pk=milestone.policy_id)
    ensure_policy_officer(actor=actor, obj=policy)
    milestone.policy = policy
    milestone.updated_by = actor
    if milestone.date is not None and milestone.precision == DatePrecision.MONTH:
        milestone.date = milestone.date.replace(day=1)
    _validate(milestone)
    milestone.save()
    return milestone


@transaction.atomic
def milestone_delete(*, actor: User, milestone: Milestone) -> None:
    ensure_policy_officer(actor=actor, obj=milestone)
    milestone.delete()
