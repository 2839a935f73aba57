# SPDX-License-Identifier: MPL-2.0
"""Retention: how long each kind of record is kept, the archival holds that keep a
person's records whatever the periods say, and the record of every deletion run
(docs/adr/0017-reliability-and-retention.md)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from helhed.citizens.models import Person
from helhed.core.models import BaseModel
from helhed.organisations.models import Municipality, User

MAX_MONTHS = 240


class RetentionPeriods(BaseModel):
    """A municipality's own periods; a period left empty is the setting's default."""

    TENANT_LOOKUP = "municipality"

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="retention_periods"
    )
    audit_event_months = models.PositiveSmallIntegerField(
        _("audit events are kept (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHS)],
    )
    ended_record_months = models.PositiveSmallIntegerField(
        _("a person's records are kept after the case ended (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHS)],
    )
    hearing_response_months = models.PositiveSmallIntegerField(
        _("hearing respondents' personal data are kept after the hearing closed (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHS)],
    )

    class Meta:
        ordering = ["municipality"]
        verbose_name = _("retention periods")
        verbose_name_plural = _("retention periods")

    def __str__(self) -> str:
        return str(self.municipality_id)


class ArchivalHold(BaseModel):
    """Records the national archives' rules require kept (arkivloven; Rigsarkivet's
    bevaring og kassation): never deleted while the hold is active. A hold names one
    person, or none: then it holds every registry record of the municipality."""

    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    # PROTECT: a held person cannot be deleted by any means while the hold exists
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason (the archival rule that applies)"), max_length=300)
    placed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    released_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["municipality", "created_at"]
        verbose_name = _("archival hold")
        verbose_name_plural = _("archival holds")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.person_id or '*'}"


class RetentionRun(BaseModel):
    """What one run of the deletion job did (or, dry, would have done) in a municipality."""

    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    dry_run = models.BooleanField()
    audit_cutoff = models.DateTimeField()
    record_cutoff = models.DateField()
    audit_events = models.PositiveIntegerField(default=0)
    persons = models.PositiveIntegerField(default=0)
    households = models.PositiveIntegerField(default=0)
    persons_held = models.PositiveIntegerField(default=0)
    # hearing responses whose respondents' personal data were (would be) erased, or kept
    # under a hold of the whole municipality (docs/adr/0035)
    hearing_cutoff = models.DateTimeField(null=True)
    hearing_responses = models.PositiveIntegerField(default=0)
    hearing_responses_held = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.created_at:%Y-%m-%d}"
