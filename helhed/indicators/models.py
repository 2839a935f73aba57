# SPDX-License-Identifier: MPL-2.0
"""The indicators' own store, derived from the registry only (never written back).

`IndicatorFact`: what one person contributes to one indicator, as a run of months in which
the contribution is the same (docs/adr/0021-indicator-engine.md): a person has a row per
change of their state, not per month, so the table grows with the registry's facts and not
with time. `IndicatorValue`: the municipality's aggregate kept as *changes*: the numerator
and denominator of a month are the sums of the changes of that month and every month
before it. Both are rebuilt by `manage.py indicators_recompute` and kept current by
maintenance.py inside every registry and plan write.

Integer keys: the rows are internal, never addressed in a URL, and the aggregate's upsert
must not need a key made in Python. `person_id` is not a foreign key: deleting a person
(retention) must not be blocked, and the deletion's `persons_changed` removes the rows.
"""

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from helhed.caseplans.catalogue import InterventionKind
from helhed.organisations.models import Municipality


class IndicatorFact(models.Model):
    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    person_id = models.UUIDField(db_index=True)
    key = models.CharField(max_length=48)
    breakdown = models.CharField(max_length=160, blank=True)
    # the first month of the run (the first day of the month) and its last month, inclusive;
    # no last month: the run lasts for as long as the registry says nothing else
    first_month = models.DateField()
    last_month = models.DateField(null=True, blank=True)
    in_numerator = models.BooleanField()
    measure = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["municipality", "key", "first_month", "id"]
        indexes = [
            models.Index(fields=["municipality", "key", "first_month"], name="fact_by_key_month")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.person_id} {self.first_month}-{self.last_month or ''}"


# The last month of a run that lasts for as long as the registry says nothing else: a date
# no run can reach, so that a run's span is a plain key (SQL keys cannot match a NULL).
OPEN_RUN = date(9999, 12, 1)


class IndicatorRun(models.Model):
    """How many of a municipality's facts share one key, breakdown and span of months, and
    how many of them are in the numerator: the store of facts counted by span, kept with
    the facts in the same transaction (ADR 0021 addendum). The full recompute of the
    aggregates reads these counts instead of every person's fact (a tenth of the rows at
    national scale); a test proves them equal to the facts counted afresh."""

    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=48)
    breakdown = models.CharField(max_length=160, blank=True)
    first_month = models.DateField()
    last_month = models.DateField()  # OPEN_RUN: no last month
    persons = models.IntegerField()
    in_numerator = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key", "breakdown", "first_month", "last_month"],
                name="indicator_run_one_per_span",
            )
        ]
        # The rebuild groups the spans by first month and by last month: with the counts
        # in the index neither grouping sorts nor looks a row up (ADR 0021, addendum).
        indexes = [
            models.Index(
                fields=[
                    "municipality",
                    "key",
                    "breakdown",
                    "first_month",
                    "in_numerator",
                    "persons",
                ],
                name="run_by_first_month",
            ),
            models.Index(
                fields=[
                    "municipality",
                    "key",
                    "breakdown",
                    "last_month",
                    "in_numerator",
                    "persons",
                ],
                name="run_by_last_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.breakdown} {self.first_month}-{self.last_month}: {self.persons}"


# The aggregates' unique constraint (and index): the full rebuild drops and builds it again.
VALUE_ONE_PER_MONTH = "indicator_value_one_per_month"


class IndicatorValue(models.Model):
    TENANT_LOOKUP = "municipality"

    # No index of its own: the unique constraint's index starts with the municipality and
    # serves its look-ups; a third b-tree would only slow the full rebuild's insert. No
    # constraint in the database either: the rows are derived from the spans, whose own
    # foreign key holds the municipality, and PostgreSQL spent 4 s of a national rebuild
    # checking 503,523 deferred references at commit. Django still cascades a deletion.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    key = models.CharField(max_length=48)
    breakdown = models.CharField(max_length=160, blank=True)
    month = models.DateField()
    numerator = models.IntegerField(default=0)
    denominator = models.IntegerField(default=0)

    class Meta:
        ordering = ["municipality", "key", "breakdown", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key", "breakdown", "month"],
                name=VALUE_ONE_PER_MONTH,
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.breakdown} {self.month}: {self.numerator}/{self.denominator}"


class RegistryStamp(models.Model):
    """How many times the municipality's report data changed: raised by one in the
    transaction of every write whose upkeep changed the municipality's indicator facts or
    may have changed its interventions (maintenance.py), and by the full recompute and
    rebuild. The cached report pages read it as the registry's part of their stamp: one
    row by key, whatever the size of the registry (docs/adr/0053-registry-stamp.md)."""

    TENANT_LOOKUP = "municipality"

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    changes = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.changes}"


# --- The committee follow-up: what realises an initiative (docs/adr/0028) ----------------


class InitiativeMeasure(models.Model):
    """A link from an initiative of the action plan to what measures its progress: one of
    the policy's targets (the share of the way from baseline to target), or a kind of
    intervention of the plans (how many started in the initiative's period against the
    number planned). Here, not in policies: the policy may not know the plans."""

    TENANT_LOOKUP = "initiative__version__policy__municipality"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    initiative = models.ForeignKey(
        "policies.Initiative", on_delete=models.CASCADE, related_name="measures"
    )
    target = models.ForeignKey(
        "policies.Target",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target"),
    )
    intervention_kind = models.CharField(
        _("intervention"), max_length=24, choices=InterventionKind.choices, blank=True
    )
    planned = models.PositiveIntegerField(
        _("planned number"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many interventions of the kind the initiative plans to start."),
    )
    created_by = models.ForeignKey(
        "organisations.User", on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ["initiative", "created_at"]
        verbose_name = _("measure of an initiative")
        verbose_name_plural = _("measures of initiatives")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(target__isnull=False, intervention_kind="", planned__isnull=True)
                    | models.Q(target__isnull=True, planned__isnull=False)
                    & ~models.Q(intervention_kind="")
                ),
                name="initiative_measure_target_or_intervention_kind",
            ),
            models.UniqueConstraint(
                fields=["initiative", "target"],
                condition=models.Q(target__isnull=False),
                name="initiative_measure_target_once",
                violation_error_message=_("The target is already linked to the initiative."),
            ),
            models.UniqueConstraint(
                fields=["initiative", "intervention_kind"],
                condition=~models.Q(intervention_kind=""),
                name="initiative_measure_kind_once",
                violation_error_message=_(
                    "The kind of intervention is already linked to the initiative."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.target_id or self.intervention_kind}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        has_target = self.target_id is not None
        if has_target == bool(self.intervention_kind):
            errors["__all__"] = _("Choose either a target or a kind of intervention.")
        if self.intervention_kind and self.planned is None:
            errors["planned"] = _("Give the number of interventions the initiative plans.")
        if has_target and self.planned is not None:
            errors["planned"] = _("A planned number belongs with a kind of intervention.")
        target = self.target if has_target else None
        if (
            target is not None
            and self.initiative_id is not None
            and target.version_id != self.initiative.version_id
        ):
            errors["target"] = _("The target belongs to another policy version.")
        if errors:
            raise ValidationError(errors)


# Published (frozen) reports and their revisions (ADR 0030)
from helhed.indicators.reports.models import (  # noqa: E402
    Audience,
    LiveRelease,
    PublishedReport,
    ReportRevision,
)

__all__ = [
    "Audience",
    "IndicatorFact",
    "IndicatorRun",
    "IndicatorValue",
    "InitiativeMeasure",
    "LiveRelease",
    "PublishedReport",
    "ReportRevision",
]
