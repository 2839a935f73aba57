# SPDX-License-Identifier: MPL-2.0
"""Single sign-on per municipality: its SAML identity provider (KOMBIT's Context Handler or
its own), its OpenID provider, and how the provider's job functions map to Helhed roles."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from helhed.core.models import BaseModel
from helhed.organisations.models import Department, Municipality, Role, User


class SamlIdentityProvider(BaseModel):
    """The SAML 2.0 (OIOSAML) identity provider a municipality's staff log in through."""

    TENANT_LOOKUP = "municipality"

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="saml_identity_provider"
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    label = models.CharField(
        _("button text"),
        max_length=100,
        blank=True,
        help_text=_('Shown on the login page; empty: "Log in with the municipality\'s login".'),
    )
    idp_entity_id = models.CharField(
        _("identity provider's entity id"),
        max_length=500,
        help_text=_("The entityID of the identity provider, as written in its metadata."),
    )
    metadata_xml = models.TextField(
        _("identity provider's metadata (XML)"),
        blank=True,
        help_text=_("Paste the metadata XML, or give its address below."),
    )
    metadata_url = models.URLField(_("identity provider's metadata address"), blank=True)
    sp_entity_id = models.CharField(
        _("Helhed's entity id"),
        max_length=500,
        blank=True,
        help_text=_(
            "The entity id Helhed has as service provider at this identity provider; empty: "
            "the address of Helhed's metadata for the municipality."
        ),
    )
    cvr = models.CharField(
        _("CVR number"),
        max_length=8,
        blank=True,
        help_text=_(
            "The municipality's CVR number. When given, only privileges the identity provider "
            "grants in this CVR's scope count, and the assertion's CVR must match."
        ),
    )

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("SAML identity provider")
        verbose_name_plural = _("SAML identity providers")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.idp_entity_id}"

    def clean(self) -> None:
        if not self.metadata_xml.strip() and not self.metadata_url:
            raise ValidationError(
                {"metadata_xml": _("Give the identity provider's metadata or its address.")}
            )
        if self.cvr and not (len(self.cvr) == 8 and self.cvr.isdigit()):
            raise ValidationError({"cvr": _("A CVR number is eight digits.")})


class OidcProvider(BaseModel):
    """The OpenID Connect provider a municipality's staff log in through."""

    TENANT_LOOKUP = "municipality"

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="oidc_provider"
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    label = models.CharField(_("button text"), max_length=100, blank=True)
    issuer = models.URLField(
        _("issuer"), help_text=_("The provider's issuer; its discovery document lies below it.")
    )
    authorization_endpoint = models.URLField(_("authorization endpoint"))
    token_endpoint = models.URLField(_("token endpoint"))
    jwks_uri = models.URLField(_("JWKS address"))
    end_session_endpoint = models.URLField(
        _("end-session endpoint"),
        blank=True,
        help_text=_(
            "Where logging out of Helhed also logs out of the provider (RP-initiated "
            "logout). Empty: the provider offers none, and only Helhed's session ends."
        ),
    )
    client_id = models.CharField(_("client id"), max_length=255)
    client_secret = models.CharField(_("client secret"), max_length=255)
    roles_claim = models.CharField(
        _("roles claim"),
        max_length=100,
        default="roles",
        help_text=_("The claim of the ID token that lists the user's job functions."),
    )

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("OpenID Connect provider")
        verbose_name_plural = _("OpenID Connect providers")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.issuer}"


class SsoRoleMapping(BaseModel):
    """One job function (an OIOSAML privilege, or a value of the OIDC roles claim) of a
    municipality's identity provider, and the Helhed role and department it gives."""

    TENANT_LOOKUP = "municipality"

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="sso_role_mappings"
    )
    value = models.CharField(
        _("job function"),
        max_length=500,
        help_text=_(
            "The privilege (user system role) or claim value exactly as the identity "
            "provider sends it, for example http://helhed.dk/roles/usersystemrole/sagsbehandler/1."
        ),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )

    class Meta:
        ordering = ["municipality__name", "value", "role"]
        verbose_name = _("SSO role mapping")
        verbose_name_plural = _("SSO role mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "value", "role"],
                name="sso_role_mapping_unique",
                violation_error_message=_("This job function already gives this role."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.value} → {self.get_role_display()}"

    def clean(self) -> None:
        if (
            self.department_id is not None
            and self.municipality_id is not None
            and (
                self.department is not None
                and self.department.municipality_id != self.municipality_id
            )
        ):
            raise ValidationError(
                {"department": _("The department must belong to the same municipality.")}
            )


class SsoIdentity(BaseModel):
    """The identity provider's persistent id of a Helhed user: how a returning user is found."""

    TENANT_LOOKUP = "user__municipality"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sso_identities")
    protocol = models.CharField(max_length=8, choices=[("saml", "SAML"), ("oidc", "OIDC")])
    issuer = models.CharField(max_length=500)
    subject = models.CharField(max_length=500)

    class Meta:
        ordering = ["issuer", "subject"]
        verbose_name = _("SSO identity")
        verbose_name_plural = _("SSO identities")
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "issuer", "subject"], name="sso_identity_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer}: {self.subject}"


class ConsumedAssertion(models.Model):
    """A SAML assertion id already used to log in: used once, never again (replay)."""

    assertion_id = models.CharField(max_length=255, unique=True)
    issuer = models.CharField(max_length=500)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["expires_at"]
        verbose_name = _("consumed SAML assertion")
        verbose_name_plural = _("consumed SAML assertions")

    def __str__(self) -> str:
        return self.assertion_id
