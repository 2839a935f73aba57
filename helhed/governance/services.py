# SPDX-License-Identifier: MPL-2.0
"""Writes to the democratic process. Every write checks that the actor is a policy
officer of the object's municipality, validates in full and is atomic: a refusal leaves
nothing behind. Each row keeps who wrote it, and each write leaves a line in the
governance history (history.py, ADR 0034) in the same transaction.

The city council's adoption of a policy is recorded as a decision; the policy version
moves to adopted through the policy's own lifecycle service, in the same transaction.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from helhed.governance.generated import (
    follow_up_as_attachment,
    follow_up_attachment_title,
    memo_as_attachment,
    memo_attachment_title,
)
from helhed.governance.history import record_change
from helhed.governance.models import (
    AgendaEntry,
    AgendaItem,
    Attachment,
    ChangeAction,
    Committee,
    DatePrecision,
    Decision,
    GeneratedKind,
    Meeting,
    Milestone,
    Outcome,
)
from helhed.governance.pdf_files import ensure_pdf
from helhed.hearings.models import Hearing
from helhed.organisations.models import Municipality, Role, User
from helhed.policies.models import Policy, PolicyVersion, Status
from helhed.policies.services import ensure_policy_officer, policy_version_transition
from helhed.reports.document import to_data

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
    record_change(
        actor=actor,
        municipality_id=municipality.pk,
        action=ChangeAction.CREATED,
        object_type="committee",
        object_id=committee.pk,
        summary=committee.name,
    )
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
    record_change(
        actor=actor,
        municipality_id=committee.municipality_id,
        action=ChangeAction.CREATED,
        object_type="meeting",
        object_id=meeting.pk,
        summary=str(meeting),
    )
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
    _record_item_change(actor=actor, item=item, action=ChangeAction.CREATED)
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
    changed = []
    for name, value in fields.items():
        if getattr(stored, name) != value:
            changed.append(name)
        setattr(stored, name, value)
    stored.updated_by = actor
    _validate(stored)
    _ensure_case_number_free(stored)
    stored.save()
    if changed:
        _record_item_change(actor=actor, item=stored, action=ChangeAction.CHANGED, fields=changed)
    return stored


def _record_item_change(
    *,
    actor: User,
    item: AgendaItem,
    action: str,
    object_type: str = "agenda_item",
    object_id: Any = None,
    summary: str | None = None,
    fields: list[str] | None = None,
) -> None:
    record_change(
        actor=actor,
        municipality_id=item.municipality_id,
        action=action,
        object_type=object_type,
        object_id=object_id or item.pk,
        item_id=item.pk,
        summary=item.title if summary is None else summary,
        fields=fields,
    )


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
    _record_item_change(
        actor=actor,
        item=item,
        action=ChangeAction.SCHEDULED,
        object_type="agenda_entry",
        object_id=entry.pk,
        summary=f"{meeting}, {entry.number}.",
    )
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
    _record_item_change(
        actor=actor,
        item=entry.item,
        action=ChangeAction.DECIDED,
        object_type="decision",
        object_id=decision.pk,
        summary=f"{meeting}: {decision.get_outcome_display()}",
    )
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
    attachment = Attachment(
        item=item,
        number=_next_attachment_number(item),
        title=title.strip(),
        policy_version=policy_version,
        pdf=pdf or None,
        pdf_name=pdf_name[:200] if pdf else "",
        created_by=actor,
    )
    _validate(attachment)
    attachment.save()
    _record_attachment(actor=actor, item=item, attachment=attachment)
    return attachment


def _record_attachment(
    *, actor: User, item: AgendaItem, attachment: Attachment, action: str = ChangeAction.ATTACHED
) -> None:
    _record_item_change(
        actor=actor,
        item=item,
        action=action,
        object_type="attachment",
        object_id=attachment.pk,
        summary=str(attachment),
    )


def _next_attachment_number(item: AgendaItem) -> int:
    highest = Attachment.objects.filter(item=item).aggregate(m=Max("number"))["m"]
    return (highest or 0) + 1


def _ensure_policy_of_item(item: AgendaItem, version: PolicyVersion, *, field: str) -> None:
    """`version` must be a version of the policy the item is about, in its municipality."""
    own = item.policy_version
    if version.policy.municipality_id != item.municipality_id:
        raise ValidationError(
            {field: _("The policy belongs to another municipality.")}, code="other_municipality"
        )
    if own is None:
        raise ValidationError(
            {
                field: _(
                    "The agenda item is not about a policy version: choose the version on the "
                    "agenda item before attaching its hearing memo or follow-up report."
                )
            },
            code="no_version",
        )
    if version.policy_id != own.policy_id:
        raise ValidationError(
            {field: _("The hearing or report is about another policy than the agenda item.")},
            code="other_policy",
        )


@transaction.atomic
def attachment_generate(
    *,
    actor: User,
    item: AgendaItem,
    hearing: Hearing | None = None,
    report_version: PolicyVersion | None = None,
) -> list[Attachment]:
    """Attach the memo of `hearing` and/or the follow-up report of `report_version` to
    `item`, each frozen as it stands now (ADR 0034). Both must be of the item's policy."""
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("policy_version__policy")
        .get(pk=item.pk)
    )
    ensure_policy_officer(actor=actor, obj=item)
    if hearing is None and report_version is None:
        raise ValidationError(
            {"hearing": _("Choose a hearing memo or a follow-up report to attach.")},
            code="empty",
        )
    made: list[Attachment] = []
    if hearing is not None:
        hearing = Hearing.objects.select_related("version__policy__municipality").get(pk=hearing.pk)
        _ensure_policy_of_item(item, hearing.version, field="hearing")
        if Attachment.objects.filter(item=item, hearing=hearing).exists():
            raise ValidationError(
                {"hearing": _("The memo of this hearing is attached to the item already.")},
                code="attached",
            )
        made.append(
            _save_generated(
                actor=actor,
                item=item,
                kind=GeneratedKind.HEARING_MEMO,
                title=memo_attachment_title(hearing),
                document=to_data(memo_as_attachment(hearing)),
                hearing=hearing,
            )
        )
    if report_version is not None:
        report_version = PolicyVersion.objects.select_related("policy__municipality").get(
            pk=report_version.pk
        )
        _ensure_policy_of_item(item, report_version, field="report_version")
        if Attachment.objects.filter(item=item, report_version=report_version).exists():
            raise ValidationError(
                {
                    "report_version": _(
                        "The follow-up report of this version is attached to the item already."
                    )
                },
                code="attached",
            )
        made.append(
            _save_generated(
                actor=actor,
                item=item,
                kind=GeneratedKind.FOLLOW_UP_REPORT,
                title=follow_up_attachment_title(report_version),
                document=to_data(follow_up_as_attachment(report_version)),
                report_version=report_version,
            )
        )
    return made


def _save_generated(
    *,
    actor: User,
    item: AgendaItem,
    kind: str,
    title: str,
    document: dict[str, Any],
    hearing: Hearing | None = None,
    report_version: PolicyVersion | None = None,
) -> Attachment:
    attachment = Attachment(
        item=item,
        number=_next_attachment_number(item),
        title=title[:250],
        generated_kind=kind,
        hearing=hearing,
        report_version=report_version,
        document=document,
        document_language=get_language() or "",
        created_by=actor,
    )
    _validate(attachment)
    attachment.save()
    _record_attachment(actor=actor, item=item, attachment=attachment)
    return attachment


@transaction.atomic
def attachment_delete(*, actor: User, attachment: Attachment) -> None:
    """Delete a bilag; the later ones move up a number. Once a committee has decided on
    the item, its bilag are what the decision was made on, and stay (ADR 0034)."""
    stored = Attachment.objects.filter(pk=attachment.pk).first()
    if stored is None:
        raise ValidationError(
            _("This attachment no longer exists; someone may have deleted it."), code="gone"
        )
    item = AgendaItem.objects.select_for_update().get(pk=stored.item_id)
    ensure_policy_officer(actor=actor, obj=item)
    if Decision.objects.filter(entry__item=item).exists():
        raise ValidationError(
            _(
                "A committee has decided on the agenda item: its attachments are part of the "
                "decision and cannot be deleted."
            ),
            code="decided",
        )
    number = stored.number
    _record_attachment(actor=actor, item=item, attachment=stored, action=ChangeAction.DETACHED)
    stored.delete()
    # renumber in ascending order: each number is free when it is taken
    for later in Attachment.objects.filter(item=item, number__gt=number).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number", "updated_at"])


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
    adding = milestone._state.adding
    _validate(milestone)
    milestone.save()
    _record_milestone(
        actor=actor,
        milestone=milestone,
        action=ChangeAction.CREATED if adding else ChangeAction.CHANGED,
    )
    return milestone


def _record_milestone(*, actor: User, milestone: Milestone, action: str) -> None:
    record_change(
        actor=actor,
        municipality_id=milestone.policy.municipality_id,
        action=action,
        object_type="milestone",
        object_id=milestone.pk,
        summary=f"{milestone.get_kind_display()} {milestone.date:%d-%m-%Y}",
    )


@transaction.atomic
def milestone_delete(*, actor: User, milestone: Milestone) -> None:
    ensure_policy_officer(actor=actor, obj=milestone)
    _record_milestone(actor=actor, milestone=milestone, action=ChangeAction.DELETED)
    milestone.delete()
