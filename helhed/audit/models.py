# SPDX-License-Identifier: MPL-2.0
"""Who read or changed which person's data, when, in which role and why.

One event per read or change of a person's data, written in the same transaction as the
response is built (see helhed/citizens/access.py). The events of each municipality form a
hash chain (helhed/audit/chain.py, docs/adr/0016-audit-hash-chain.md): its head row is
locked by every writer, and a checkpoint records where deleted old events ended.
"""

import uuid

from django.db import models
from django.utils import timezone
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
    # set by audit_record once the chain head is locked, so time follows the sequence
    occurred_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    roles = models.CharField(max_length=200)
    action = models.CharField(max_length=16, choices=Action.choices)
    # The person is referred to by id, not by a foreign key: the event outlives the record.
    person_id = models.UUIDField(null=True, blank=True, db_index=True)
    search_criterion = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=300)
    # the event's place in its municipality's chain: 1, 2, 3, ... without gaps
    sequence = models.PositiveBigIntegerField(editable=False)
    previous_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["occurred_at", "sequence"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "sequence"], name="audit_event_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.person_id}"


class AuditChainHead(models.Model):
    """The last event of a municipality's chain. Every writer locks this row first
    (select_for_update), so sequences never collide and links never fork."""

    TENANT_LOOKUP = "municipality"

    municipality = models.OneToOneField(
        Municipality, on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["municipality"]
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"{self.municipality_id} #{self.sequence}"


class AuditCheckpoint(models.Model):
    """The oldest events of a chain up to and including `sequence` were deleted (retention);
    `hash` is the last deleted event's hash, to which the oldest remaining event links."""

    TENANT_LOOKUP = "municipality"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)
    deleted = models.PositiveBigIntegerField(help_text="How many events the deletion removed.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["municipality", "sequence"]
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "sequence"], name="audit_checkpoint_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} ..#{self.sequence}"


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKED_OUT = "locked_out", _("Locked out")
    SECOND_FACTOR_FAILED = "otp_failed", _("Wrong second-factor code")
    SECOND_FACTOR_REPLAYED = "otp_replayed", _("Reused second-factor code")
    RECOVERY_CODE_USED = "recovery_used", _("Recovery code used")
    LOGOUT = "logout", _("Logout")
    REFUSED = "refused", _("Access refused")


class SecurityEvent(models.Model):
    """An authentication or a refusal (docs/adr/0023-field-access-and-security-events.md).

    Not a use of a citizen's data, so not in the municipality's hash chain: a failed login
    of an unknown username has no municipality, and the chain stays the record of uses of
    personal data that the look-up report and retention rely on. Never a password; a
    username shaped like a CPR number is kept as a keyed hash.
    """

    TENANT_LOOKUP = "municipality"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurred_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    kind = models.CharField(max_length=16, choices=SecurityEventKind.choices)
    # the user's municipality; none for an unknown username or a user of no municipality
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)  # as attempted
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=200, blank=True)  # of a refusal

    class Meta:
        ordering = ["occurred_at"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.kind} {self.username}"
