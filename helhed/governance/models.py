# SPDX-License-Identifier: MPL-2.0
"""The democratic process of a policy: committees, their meetings, agenda items in the
Danish layout with a decision per committee and date, attachments (bilag), and the
policy's process plan (milestones).

An agenda item is a case of the municipality (one Sagsnr.); it is placed on the agenda
of one or more meetings (AgendaEntry), and each committee that treats it records its
decision (Decision) on that entry. A meeting's date and time are wall-clock time in
Copenhagen, the time the municipality's agenda prints (ADR 0031).
"""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhed.core.models import BaseModel
from helhed.organisations.models import Municipality, User
from helhed.policies.models import Policy, PolicyVersion

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
FIRST_YEAR, LAST_YEAR = 2000, 2100

case_number_validator = RegexValidator(
    r"^([0-9]{2}|[0-9]{4})/[0-9]{1,7}$",
    _("Write the case number as year/serial number, for example 18/12386."),
    code="case_number_format",
)


def _year_in_range(value: dt.date | None, field: str, label: Any) -> dict[str, Any]:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        return {
            field: _("%(field)s must fall in the years %(first)s to %(last)s.")
            % {"field": label, "first": FIRST_YEAR, "last": LAST_YEAR}
        }
    return {}


class Committee(BaseModel):
    """A political committee of the municipality (fagudvalg, Økonomiudvalget) or the
    city council itself (Byrådet, kommunalbestyrelsen)."""

    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="committees"
    )
    name = models.CharField(_("name"), max_length=150)
    is_city_council = models.BooleanField(
        _("the city council"),
        default=False,
        help_text=_("The city council adopts the policy; there is one per municipality."),
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["municipality", "-is_city_council", "name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="committee_name"),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(is_city_council=True),
                name="one_city_council_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Meeting(BaseModel):
    """A meeting of a committee, on a date (and time, when known) in Copenhagen."""

    TENANT_LOOKUP = "committee__municipality"

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("committee")
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(
        _("time"), null=True, blank=True, help_text=_("Danish time. Leave empty if not known.")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["date", "start_time", "committee__name"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.committee} {self.date:%d-%m-%Y}"

    @property
    def starts_at(self) -> dt.datetime | None:
        """The start as an aware datetime, when the time is known."""
        if self.start_time is None:
            return None
        return dt.datetime.combine(self.date, self.start_time, tzinfo=COPENHAGEN)

    def clean(self) -> None:
        errors = _year_in_range(self.date, "date", _("The date"))
        if errors:
            raise ValidationError(errors)


class AgendaItem(BaseModel):
    """A case (dagsordenspunkt) in the Danish layout, about a policy version or not."""

    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="agenda_items"
    )
    title = models.CharField(_("title"), max_length=250)
    case_number = models.CharField(
        _("case no."),
        max_length=20,
        validators=[case_number_validator],
        help_text=_("The case's number in the case system, for example 18/12386."),
    )
    decision_authority = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decision authority"),
        help_text=_("The committee that has the authority to decide the case."),
    )
    policy_version = models.ForeignKey(
        PolicyVersion,
        on_delete=models.PROTECT,
        related_name="agenda_items",
        null=True,
        blank=True,
        verbose_name=_("policy version"),
        help_text=_(
            "The version of the policy the case is about. The city council's adoption "
            "recorded on the case adopts this version."
        ),
    )
    decision_theme = models.TextField(_("decision theme"))
    case_description = models.TextField(_("case description"), blank=True)
    financial_consequences = models.TextField(_("financial consequences"), blank=True)
    citizen_involvement = models.TextField(_("citizen involvement"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    recommendation = models.TextField(_("recommendation"))
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["municipality", "-created_at"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "case_number"], name="agenda_item_case_number"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        committee = self.decision_authority if self.decision_authority_id else None
        if committee is not None and committee.municipality_id != self.municipality_id:
            errors["decision_authority"] = _("The committee belongs to another municipality.")
        version = self.policy_version if self.policy_version_id else None
        if version is not None and version.policy.municipality_id != self.municipality_id:
            errors["policy_version"] = _("The policy belongs to another municipality.")
        if errors:
            raise ValidationError(errors)


class AgendaEntry(BaseModel):
    """An agenda item on the agenda of one meeting, as its point number."""

    TENANT_LOOKUP = "meeting__committee__municipality"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="entries", verbose_name=_("meeting")
    )
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="entries")
    number = models.PositiveIntegerField(_("point no."))

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("agenda entry")
        verbose_name_plural = _("agenda entries")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "item"], name="agenda_entry_once"),
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_entry_number"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.number}. {self.item}"


class Outcome(models.TextChoices):
    DISCUSSED = "discussed", _("Discussed")
    APPROVED = "approved", _("Approved")
    RECOMMENDED = "recommended", _("Recommended to the city council")
    ADOPTED = "adopted", _("Adopted (the policy version is adopted)")
    REJECTED = "rejected", _("Rejected")
    POSTPONED = "postponed", _("Postponed")


class Decision(BaseModel):
    """A committee's decision on an agenda item at a meeting (Beslutning i ... den ...)."""

    TENANT_LOOKUP = "entry__meeting__committee__municipality"

    entry = models.OneToOneField(AgendaEntry, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    text = models.TextField(_("decision"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry__meeting__date", "entry__meeting__start_time", "created_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.entry}: {self.get_outcome_display()}"


class GeneratedKind(models.TextChoices):
    """A bilag the product makes: a document of the item's policy, frozen when attached."""

    HEARING_MEMO = "hearing_memo", _("Hearing memo")
    FOLLOW_UP_REPORT = "follow_up_report", _("Follow-up report")


class Attachment(BaseModel):
    """A bilag: a title, and a policy version (its PDF) and/or an uploaded PDF, or a
    generated document (the hearing memo of a hearing on the item's policy, or the
    policy's committee follow-up report) frozen as it stood when attached (ADR 0034)."""

    TENANT_LOOKUP = "item__municipality"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    number = models.PositiveIntegerField(_("no."))
    title = models.CharField(_("title"), max_length=250)
    policy_version = models.ForeignKey(
        PolicyVersion,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("policy version"),
        help_text=_("Attach this version of the policy as a PDF."),
    )
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_name = models.CharField(max_length=200, blank=True, editable=False)
    generated_kind = models.CharField(
        _("generated document"), max_length=32, choices=GeneratedKind.choices, blank=True
    )
    # the hearing whose memo, or the policy version whose follow-up report, is attached
    hearing = models.ForeignKey(
        "hearings.Hearing", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    report_version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # the generated document as helhed.reports.document.to_data made it when attached
    document = models.JSONField(null=True, blank=True, editable=False)
    document_language = models.CharField(max_length=8, blank=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["item", "number"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="attachment_number"),
            models.UniqueConstraint(
                fields=["item", "hearing"],
                condition=Q(hearing__isnull=False),
                name="attachment_memo_once",
            ),
            models.UniqueConstraint(
                fields=["item", "report_version"],
                condition=Q(report_version__isnull=False),
                name="attachment_follow_up_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} - {self.title}"

    def clean(self) -> None:
        version = self.policy_version if self.policy_version_id else None
        if version is not None and version.policy.municipality_id != self.item.municipality_id:
            raise ValidationError(
                {"policy_version": _("The policy belongs to another municipality.")}
            )
        report = self.report_version if self.report_version_id else None
        if report is not None and report.policy.municipality_id != self.item.municipality_id:
            raise ValidationError(
                {"report_version": _("The policy belongs to another municipality.")}
            )


class ChangeAction(models.TextChoices):
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    SCHEDULED = "scheduled", _("Put on an agenda")
    DECIDED = "decided", _("Decided")
    ATTACHED = "attached", _("Attachment added")
    DETACHED = "detached", _("Attachment deleted")
    DELETED = "deleted", _("Deleted")


class ChangeLog(BaseModel):
    """One governance write: who did what to which committee, meeting, agenda item,
    decision, attachment or milestone, and when (ADR 0034). Written by the services in
    the write's own transaction; never changed. `summary` is plain text in the language
    of the write (a case text, not personal data)."""

    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16, choices=ChangeAction.choices)
    object_type = models.CharField(max_length=32)
    object_id = models.UUIDField()
    # the agenda item the change concerns, if any; the history outlives a deleted bilag
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="changes", null=True, blank=True
    )
    # what the object is called (a committee's name, a bilag's number and title)
    summary = models.CharField(max_length=500)
    # the names of the fields a change changed (shown with their labels)
    fields = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        indexes = [models.Index(fields=["item", "created_at"], name="governance_change_item")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}"


class MilestoneKind(models.TextChoices):
    """The steps of a process plan, in the order the plan lists them."""

    THEMATIC_DISCUSSION = "thematic_discussion", _("Thematic discussion")
    POLITICAL_GOALS = "political_goals", _("Political goals set")
    CITIZEN_INVOLVEMENT = "citizen_involvement", _("Citizen involvement")
    HEARING = "hearing", _("Hearing")
    COMMITTEE_TREATMENT = "committee_treatment", _("Treatment in a committee")
    ADOPTION = "adoption", _("Adoption by the city council")
    IMPLEMENTATION = "implementation", _("Implementation")
    FOLLOW_UP = "follow_up", _("Follow-up")


MILESTONE_ORDER = {kind: position for position, kind in enumerate(MilestoneKind.values)}


class DatePrecision(models.TextChoices):
    DAY = "day", _("On the day")
    MONTH = "month", _("In the month")


class Milestone(BaseModel):
    """A step of a policy's process plan: what, in which committee, and when."""

    TENANT_LOOKUP = "policy__municipality"

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("step"), max_length=32, choices=MilestoneKind.choices)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="milestones",
        null=True,
        blank=True,
        verbose_name=_("committee"),
    )
    date = models.DateField(_("date"))
    precision = models.CharField(
        _("precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("A plan often knows only the month: then the day is not shown."),
    )
    description = models.TextField(_("description"), blank=True)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["policy", "date", "created_at"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"

    @property
    def is_month(self) -> bool:
        return self.precision == DatePrecision.MONTH

    def clean(self) -> None:
        errors = _year_in_range(self.date, "date", _("The date"))
        committee = self.committee if self.committee_id else None
        if committee is not None and committee.municipality_id != self.policy.municipality_id:
            errors["committee"] = _("The committee belongs to another municipality.")
        elif (
            committee is not None
            and self.kind == MilestoneKind.ADOPTION
            and not committee.is_city_council
        ):
            errors["committee"] = _("Only the city council adopts the policy.")
        if errors:
            raise ValidationError(errors)
