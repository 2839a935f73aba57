# SPDX-License-Identifier: MPL-2.0
"""The hearing's own log: who read the respondents' names and e-mail addresses, and who
registered, dispositioned, moderated, withdrew or erased what (docs/adr/0035).

The registry's audit log (helhed/audit) is about registry persons; respondents are not
registry persons, so their reads and changes are logged here, next to the hearing.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.core.models import BaseModel
from helhed.hearings.models.hearing import Hearing
from helhed.hearings.models.response import HearingResponse
from helhed.organisations.models import Municipality, User


class LogAction(models.TextChoices):
    RESPONSES_READ = "responses_read", _("Read the list of responses")
    RESPONSE_READ = "response_read", _("Read the response")
    ATTACHMENT_READ = "attachment_read", _("Downloaded the attachment")
    REGISTERED = "registered", _("Registered the input")
    SUMMARISED = "summarised", _("Saved the summary")
    POINT_ADDED = "point_added", _("Split out a point")
    DISPOSITIONED = "dispositioned", _("Gave a disposition")
    HIDDEN = "hidden", _("Hid the response from the public page")
    SHOWN = "shown", _("Showed the response on the public page again")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("The respondent withdrew consent to publication")
    WITHDRAWN = "withdrawn", _("The respondent withdrew the response")
    ERASED = "erased", _("Retention erased the personal data")


READS = (LogAction.RESPONSES_READ, LogAction.RESPONSE_READ, LogAction.ATTACHMENT_READ)


class HearingLogEntry(BaseModel):
    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="log_entries")
    response = models.ForeignKey(
        HearingResponse,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="log_entries",
    )
    response_number = models.PositiveIntegerField(_("response"), null=True, blank=True)
    # empty: the respondent (by the private link) or the retention job
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=32, choices=LogAction.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-occurred_at", "-created_at"]
        verbose_name = _("hearing log entry")
        verbose_name_plural = _("hearing log entries")
        indexes = [models.Index(fields=["municipality", "occurred_at"], name="hearing_log_when")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"
