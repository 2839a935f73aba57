# SPDX-License-Identifier: MPL-2.0
"""Who read or changed which person's data, when, in which role and why.

One event per read or change of a person's data, written in the same transaction as the
response is built (see helhed/citizens/access.py). The hash chain and the audit viewer
come with the security work (docs/adr/0009-registry-core.md).
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from helhed.organisations.models import Municipality, User


class Action(models.TextChoices):
    READ = "read", _("Read")
    SEARCH = "search", _("Search")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    EXPORT = "export", _("Export")
    # A caseworker opened a person outside their caseload, stating the reason in
    # `purpose` (helhed/citizens/break_the_glass.py).
    BREAK_THE_GLASS = "break_the_glass", _("Break the glass")


class AuditEvent(models.Model):
    TENANT_LOOKUP = "municipality"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    roles = models.CharField(max_length=200)
    action = models.CharField(max_length=16, choices=Action.choices)
    # The person is referred to by id, not by a foreign key: the event outlives the record.
    person_id = models.UUIDField(null=True, blank=True, db_index=True)
    search_criterion = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=300)

    class Meta:
        ordering = ["occurred_at"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.person_id}"
