# SPDX-License-Identifier: MPL-2.0
"""Integrations: outside systems that use the JSON API on behalf of departments.

Each integration acts through its own service account (a User of the municipality with
the caseworker role in the integration's departments), so that the access layer and the
registry's services apply to it unchanged and every audit event names it. Its token is
stored only as a SHA-256 hash (docs/adr/0012-json-api.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from helhed.core.models import BaseModel
from helhed.organisations.models import Department, Municipality, User


class Scope(models.TextChoices):
    REGISTRY_READ = "registry:read", _("Read the registry")
    REGISTRY_WRITE = "registry:write", _("Write to the registry")
    PLANS_READ = "plans:read", _("Read the plans")
    PLANS_WRITE = "plans:write", _("Write to the plans")


class Integration(BaseModel):
    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    departments = models.ManyToManyField(
        Department, related_name="+", verbose_name=_("departments")
    )
    # Space-separated, as OAuth writes scopes; the services keep them to Scope's values.
    scopes = models.CharField(_("scopes"), max_length=200)
    active = models.BooleanField(_("active"), default=True)
    service_user = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="integration", editable=False
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the token, so that an administrator can tell tokens apart.
    token_prefix = models.CharField(max_length=12, editable=False)
    # None: created by the platform's operator with `manage.py api_token create`.
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="integration_name_unique_per_municipality",
                violation_error_message=_(
                    "The municipality already has an integration by this name."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())
