# SPDX-License-Identifier: MPL-2.0
"""Municipalities (the tenant), their departments (instanser), users and roles."""
# mypy: disable-error-code="import-untyped"
# (django-stubs follows the reverse relations of User into django-otp, which has no types)

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from helhed.core.models import BaseModel

kommunekode_validator = RegexValidator(
    r"^[0-9]{3}$", _("A kommunekode is three digits, for example 190 or 615.")
)


class Municipality(BaseModel):
    """A Danish municipality: the tenant. All its data is invisible to every other."""

    TENANT_LOOKUP = "self"

    kommunekode = models.CharField(
        _("kommunekode"),
        max_length=3,
        unique=True,
        validators=[kommunekode_validator],
        error_messages={"unique": _("A municipality with this kommunekode already exists.")},
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("web address name"),
        unique=True,
        help_text=_("Used in public addresses, for example 'horsens'."),
        error_messages={"unique": _("Another municipality already uses this address name.")},
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class DepartmentKind(models.TextChoices):
    JOBCENTER = "jobcenter", _("Jobcenter")
    DAYCARE = "daycare", _("Daycare")
    SCHOOL = "school", _("School")
    LANGUAGE_CENTRE = "language_centre", _("Language centre")
    HOUSING = "housing", _("Housing")
    CULTURE_LEISURE = "culture_leisure", _("Culture and leisure")
    SOCIAL = "social", _("Social services")
    HEALTH = "health", _("Health")
    ADMINISTRATION = "administration", _("Administration")
    OTHER = "other", _("Other")


class Department(BaseModel):
    """An instans: a part of the municipality that takes part in the integration effort."""

    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=32, choices=DepartmentKind.choices)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="department_name_unique_per_municipality",
                violation_error_message=_(
                    "The municipality already has a department by this name."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    POLICY_OFFICER = "policy_officer", _("Policy officer")
    CASEWORKER = "caseworker", _("Caseworker")
    MANAGER = "manager", _("Manager")
    POLITICIAN = "politician", _("Politician")
    # reads the audit log and answers citizens' requests for access (GDPR art. 15)
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")


class User(AbstractUser):
    """A person who works in Helhed for one municipality, in one or more departments."""

    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text=_("Required for everyone except the platform's superusers."),
    )
    departments = models.ManyToManyField(Department, related_name="members", blank=True)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_set(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(self.role_grants.values_list("role", flat=True))
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))


class RoleGrant(BaseModel):
    """One role held by a user in their municipality."""

    TENANT_LOOKUP = "user__municipality"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="role_grant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


class RecoveryCode(BaseModel):
    """One of a user's one-time recovery codes for the second factor (a lost phone).

    Only a keyed hash is stored (helhed/organisations/recovery.py); the codes are shown
    once, when made. A used code keeps its row, with the time it was used."""

    TENANT_LOOKUP = "user__municipality"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "created_at"]
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"{self.user} {'used' if self.used_at else 'unused'}"
