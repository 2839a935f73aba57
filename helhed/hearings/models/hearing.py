# SPDX-License-Identifier: MPL-2.0
"""A hearing: a period in which anyone may respond to a policy version.

Times are stored in UTC and entered and shown in Danish time (Europe/Copenhagen). A
hearing is public from the moment a policy officer starts it; responses are accepted
from its opening until its closing.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.core.models import BaseModel
from helhed.organisations.models import User
from helhed.policies.models import PolicyVersion


class HearingState(models.TextChoices):
    PREPARED = "prepared", _("Not yet started")
    UPCOMING = "upcoming", _("Opens soon")
    OPEN = "open", _("Open for responses")
    CLOSED = "closed", _("Closed")


class Hearing(BaseModel):
    TENANT_LOOKUP = "version__policy__municipality"

    version = models.ForeignKey(
        PolicyVersion,
        on_delete=models.PROTECT,
        related_name="hearings",
        verbose_name=_("policy version"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown at the top of the public hearing page."),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)

    class Meta:
        ordering = ["-opens_at", "created_at"]
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        constraints = [
            models.UniqueConstraint(
                fields=["version"],
                name="one_hearing_per_version",
                violation_error_message=_("This version already has a hearing."),
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="hearing_closes_after_it_opens",
                violation_error_message=_("The hearing must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (
            isinstance(self.opens_at, datetime)
            and isinstance(self.closes_at, datetime)
            and self.closes_at <= self.opens_at
        ):
            raise ValidationError(
                {"closes_at": _("The hearing must close after it opens.")}, code="closes_early"
            )

    def state(self, now: datetime | None = None) -> HearingState:
        now = now or timezone.now()
        if self.started_at is None:
            return HearingState.PREPARED
        if now < self.opens_at:
            return HearingState.UPCOMING
        if now < self.closes_at:
            return HearingState.OPEN
        return HearingState.CLOSED

    @property
    def current_state(self) -> HearingState:
        return self.state()

    @property
    def is_open(self) -> bool:
        return self.state() == HearingState.OPEN
