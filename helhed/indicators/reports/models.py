# SPDX-License-Identifier: MPL-2.0
"""Published reports and their revisions (docs/adr/0030). Imported by indicators/models.py.

A published report is frozen: its Document (``helhed.reports.document.to_data``) and the
time of the data behind it are stored when it is published and never changed. A later
correction in the registry is published as a ``ReportRevision``: a new frozen Document,
the cells that differ from the version before it, and the reason. Neither row is ever
updated: ``save`` refuses a row that exists, and the queryset refuses ``update``.
"""

from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from helhed.core.models import BaseModel
from helhed.organisations.models import Municipality, User


class Audience(models.TextChoices):
    COMMITTEE = "committee", _("A committee (politicians)")
    PUBLIC = "public", _("The public")


class FrozenError(RuntimeError):
    """A published report or revision would be changed."""


_M = TypeVar("_M", bound=models.Model)


class FrozenQuerySet(models.QuerySet[_M]):
    def update(self, **kwargs: Any) -> int:
        raise FrozenError("A published report and its revisions are never updated")


class _Frozen(BaseModel):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise FrozenError(f"{type(self).__name__} {self.pk} is frozen")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)


class PublishedReport(_Frozen):
    TENANT_LOOKUP = "municipality"
    objects = FrozenQuerySet["PublishedReport"].as_manager()

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=64)
    params = models.JSONField(default=dict, blank=True)
    audience = models.CharField(max_length=16, choices=Audience.choices)
    # the language the document was built in: a recomputation must use it to compare
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=300)
    document = models.JSONField()
    data_as_of = models.DateTimeField()
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField()
    recipient = models.CharField(max_length=300, blank=True)
    # a kind with linked tables (docs/adr/0048): the series its tables overlap with, and
    # what they published, true counts included, to protect the next version with. Never
    # shown to anyone.
    disclosure_series = models.CharField(max_length=64, blank=True)
    disclosure = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["municipality", "-published_at"], name="report_by_time")]

    def __str__(self) -> str:
        return f"{self.title} ({self.published_at:%Y-%m-%d})"


class ReportRevision(_Frozen):
    TENANT_LOOKUP = "report__municipality"
    objects = FrozenQuerySet["ReportRevision"].as_manager()

    report = models.ForeignKey(PublishedReport, on_delete=models.PROTECT, related_name="revisions")
    # 1, 2, ...: the report as first published is number 0
    number = models.PositiveIntegerField()
    document = models.JSONField()
    data_as_of = models.DateTimeField()
    # the cells that differ from the version before (services.Difference.to_data)
    differences = models.JSONField()
    reason = models.TextField()
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # as PublishedReport.disclosure, for this revision (docs/adr/0048)
    disclosure = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_revision_per_number"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="revision_number_from_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report.title}, revision {self.number}"


class LiveRelease(_Frozen):
    """What a live page of linked tables showed outside the staff (a politician's monthly
    overview, docs/adr/0050): the true counts and the cells it hid, kept like a published
    version so that every later version, published or live, is protected against it.
    One row per distinct set of counts (``fingerprint``); never shown to anyone."""

    TENANT_LOOKUP = "municipality"
    objects = FrozenQuerySet["LiveRelease"].as_manager()

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=64)
    series = models.CharField(max_length=64)
    # sha256 of the counts and relations (disclosure.Released.fingerprint)
    fingerprint = models.CharField(max_length=64)
    disclosure = models.JSONField(editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "series", "fingerprint"],
                name="one_live_release_per_counts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.series} ({self.created_at:%Y-%m-%d %H:%M})"
