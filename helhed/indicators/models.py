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

from django.db import models

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


class IndicatorValue(models.Model):
    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
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
                name="indicator_value_one_per_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.breakdown} {self.month}: {self.numerator}/{self.denominator}"


# Published (frozen) reports and their revisions (ADR 0030)
from helhed.indicators.reports.models import (  # noqa: E402
    Audience,
    PublishedReport,
    ReportRevision,
)

__all__ = ["Audience", "IndicatorFact", "IndicatorValue", "PublishedReport", "ReportRevision"]
