# SPDX-License-Identifier: MPL-2.0
"""The integration policy: versions, vision, values, target group, focus areas, objectives,
measurable targets and initiatives (the action plan).

A Policy is the municipality's policy across time; its content lives in numbered
PolicyVersions. Only a draft version can be edited. Adopting a version freezes it;
a change after that is a new version (see services.policy_version_revise).
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhed.core.indicator_keys import BY_KEY, indicator_key_choices
from helhed.core.models import BaseModel
from helhed.organisations.models import Department, Municipality, User


class Policy(BaseModel):
    """A municipality's integration policy; what it says is in its versions."""

    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="policies"
    )

    class Meta:
        ordering = ["municipality__name", "created_at"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    def __str__(self) -> str:
        latest = self.versions.order_by("-number").first()
        return latest.title if latest else str(self.id)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    HEARING = "hearing", _("In public hearing")
    ADOPTED = "adopted", _("Adopted")
    ARCHIVED = "archived", _("Archived")


class PolicyVersion(BaseModel):
    """One version of a policy's text and structure, with its lifecycle status."""

    TENANT_LOOKUP = "policy__municipality"

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True)
    period_start = models.PositiveIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    period_end = models.PositiveIntegerField(
        _("last year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    introduction = models.TextField(_("introduction and frame"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    values_introduction = models.TextField(_("introduction to the values"), blank=True)
    target_group_description = models.TextField(_("target group"), blank=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False
    )
    adopted_on = models.DateField(
        _("adopted on"),
        null=True,
        blank=True,
        help_text=_("The date of the city council's decision, when known."),
    )

    class Meta:
        ordering = ["policy", "-number"]
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="policy_version_number"),
            models.UniqueConstraint(
                fields=["policy"],
                condition=Q(status="adopted"),
                name="one_adopted_version_per_policy",
                violation_error_message=_("A policy can have only one adopted version."),
            ),
            models.UniqueConstraint(
                fields=["policy"],
                condition=Q(status__in=["draft", "hearing"]),
                name="one_working_version_per_policy",
                violation_error_message=_(
                    "A policy can have only one version in draft or hearing at a time."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.period_label} (v{self.number})"

    @property
    def period_label(self) -> str:
        return f"{self.period_start}-{self.period_end}"

    @property
    def is_editable(self) -> bool:
        return self.status == Status.DRAFT

    def clean(self) -> None:
        if (
            isinstance(self.period_start, int)
            and isinstance(self.period_end, int)
            and 2000 <= self.period_start <= 2100
            and 2000 <= self.period_end <= 2100
            and self.period_end < self.period_start
        ):
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})


class PolicyTransition(BaseModel):
    """A lifecycle step of a version: who recorded it, when, and when it took effect."""

    TENANT_LOOKUP = "version__policy__municipality"

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["version", "recorded_at"]
        verbose_name = _("lifecycle step")
        verbose_name_plural = _("lifecycle steps")

    def __str__(self) -> str:
        return f"{self.version}: {self.from_status} -> {self.to_status}"


class OrderedVersionPart(BaseModel):
    """A part of a version kept in the order the policy presents it."""

    order = models.PositiveIntegerField(_("order"), default=0)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True


class PolicyValue(OrderedVersionPart):
    TENANT_LOOKUP = "version__policy__municipality"

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="values")
    name = models.CharField(_("value"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["version", "order", "created_at"]
        verbose_name = _("value")
        verbose_name_plural = _("values")

    def __str__(self) -> str:
        return self.name


class TargetGroupEntry(OrderedVersionPart):
    """A group the policy includes or, as a rule, excludes."""

    TENANT_LOOKUP = "version__policy__municipality"

    class Kind(models.TextChoices):
        INCLUDED = "included", _("Included")
        EXCLUDED = "excluded", _("Excluded")

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.CASCADE, related_name="target_groups"
    )
    kind = models.CharField(_("included or excluded"), max_length=16, choices=Kind.choices)
    text = models.CharField(_("group"), max_length=300)

    class Meta:
        ordering = ["version", "kind", "order", "created_at"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.text


class FocusArea(OrderedVersionPart):
    TENANT_LOOKUP = "version__policy__municipality"

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="focus_areas")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["version", "order", "created_at"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self) -> str:
        return self.title


class Objective(OrderedVersionPart):
    """A direction set for a focus area, or for the whole policy when it has no focus area."""

    TENANT_LOOKUP = "version__policy__municipality"

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="objectives")
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.CASCADE,
        related_name="objectives",
        null=True,
        blank=True,
        verbose_name=_("focus area"),
        help_text=_("Leave empty for an overall strategic objective of the policy."),
    )
    text = models.TextField(_("objective"))

    class Meta:
        ordering = ["version", "order", "created_at"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        area = self.focus_area if self.focus_area_id else None
        if area is not None and area.version_id != self.version_id:
            raise ValidationError(
                {"focus_area": _("The focus area belongs to another policy version.")}
            )


class Comparator(models.TextChoices):
    AT_LEAST = "gte", _("at least")
    AT_MOST = "lte", _("at most")
    EXACTLY = "eq", _("exactly")


class Unit(models.TextChoices):
    PERCENT = "percent", _("per cent")
    PERSONS = "persons", _("persons")
    DAYS = "days", _("days")
    MONTHS = "months", _("months")
    COUNT = "count", _("count")


UNIT_SYMBOLS = {Unit.PERCENT: "%"}


class Target(OrderedVersionPart):
    """A measurable target bound to an indicator key, with a deadline."""

    TENANT_LOOKUP = "version__policy__municipality"

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="targets")
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="targets", verbose_name=_("objective")
    )
    description = models.TextField(_("target as written in the policy"))
    indicator_key = models.CharField(_("indicator"), max_length=64, choices=indicator_key_choices)
    comparator = models.CharField(_("comparator"), max_length=3, choices=Comparator.choices)
    value = models.DecimalField(
        _("value"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    deadline = models.DateField(_("deadline"))

    class Meta:
        ordering = ["version", "order", "created_at"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.get_indicator_key_display()} {self.get_comparator_display()} {self.value}"

    @property
    def value_label(self) -> str:
        number = f"{self.value.normalize():f}".replace(".", ",")
        symbol = UNIT_SYMBOLS.get(Unit(self.unit))
        return f"{number} {symbol}" if symbol else f"{number} {self.get_unit_display()}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.objective_id and self.objective.version_id != self.version_id:
            errors["objective"] = _("The objective belongs to another policy version.")
        if self.unit == Unit.PERCENT and self.value is not None and self.value > 100:
            errors["value"] = _("A share cannot be more than 100 %.")
        indicator = BY_KEY.get(self.indicator_key)
        if indicator is not None and self.unit and self.unit != indicator.unit:
            errors["unit"] = _("%(indicator)s is measured in %(unit)s.") % {
                "indicator": indicator.label,
                "unit": Unit(indicator.unit).label,
            }
        version = self.version if self.version_id else None
        if version is not None and self.deadline is not None:
            first, last = version.period_start - 1, version.period_end + 5
            if not first <= self.deadline.year <= last:
                errors["deadline"] = _(
                    "The deadline must fall in the years %(first)s to %(last)s "
                    "(the policy's period, give or take)."
                ) % {"first": first, "last": last}
        if errors:
            raise ValidationError(errors)


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Initiative(OrderedVersionPart):
    """An initiative of the action plan: what the municipality does to reach an objective."""

    TENANT_LOOKUP = "version__policy__municipality"

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="initiatives")
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.CASCADE,
        related_name="initiatives",
        verbose_name=_("focus area"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="initiatives",
        null=True,
        blank=True,
        verbose_name=_("owner department"),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.PLANNED,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    # whole kroner; blank when the initiative has no budget of its own (it is run within
    # the owner department's ordinary budget)
    budget = models.PositiveBigIntegerField(
        _("budget (DKK)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10**12)],
        help_text=_(
            "The initiative's budget for the policy's period in whole kroner. Leave it blank "
            "if the initiative is run within the department's ordinary budget."
        ),
    )

    class Meta:
        ordering = ["version", "order", "created_at"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.focus_area_id and self.focus_area.version_id != self.version_id:
            errors["focus_area"] = _("The focus area belongs to another policy version.")
        department = self.owner_department if self.owner_department_id else None
        if (
            department is not None
            and department.municipality_id != self.version.policy.municipality_id
        ):
            errors["owner_department"] = _("The department belongs to another municipality.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The initiative cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


class InitiativeProgressUpdate(BaseModel):
    """A follow-up of an initiative of an adopted action plan: who set which status and
    progress, when and why. The initiative keeps the latest; this keeps the history."""

    TENANT_LOOKUP = "initiative__version__policy__municipality"

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="progress_updates"
    )
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=InitiativeStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    note = models.TextField(_("reason"))

    class Meta:
        ordering = ["initiative", "-recorded_at"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.initiative}: {self.progress} %"
