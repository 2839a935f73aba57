# SPDX-License-Identifier: MPL-2.0
"""Writes of a municipality's single sign-on configuration (called by `manage.py sso_configure`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from saml2.attribute_converter import ac_factory  # type: ignore[import-untyped]
from saml2.mdstore import InMemoryMetaData  # type: ignore[import-untyped]

from helhed.organisations.models import Department, Municipality, Role
from helhed.sso.models import OidcProvider, SamlIdentityProvider, SsoRoleMapping


def _idp_entity_ids(metadata_xml: str) -> list[str]:
    metadata = InMemoryMetaData(ac_factory(), metadata_xml)
    try:
        metadata.load()
    except Exception as error:  # pysaml2 raises many kinds on bad XML
        raise ValidationError(
            {"metadata_xml": _("The metadata is not valid SAML metadata.")}
        ) from error
    return sorted(
        entity for entity, description in metadata.items() if "idpsso_descriptor" in description
    )


@transaction.atomic
def saml_provider_configure(
    *,
    municipality: Municipality,
    metadata_xml: str,
    metadata_url: str = "",
    sp_entity_id: str = "",
    cvr: str = "",
    label: str = "",
    enabled: bool = True,
) -> SamlIdentityProvider:
    """Set (create or replace) the municipality's SAML identity provider from its metadata;
    the metadata must describe exactly one identity provider."""
    entity_ids = _idp_entity_ids(metadata_xml) if metadata_xml.strip() else []
    if len(entity_ids) != 1:
        raise ValidationError(
            {"metadata_xml": _("The metadata must describe exactly one identity provider.")}
        )
    provider = SamlIdentityProvider.objects.filter(municipality=municipality).first()
    provider = provider or SamlIdentityProvider(municipality=municipality)
    provider.idp_entity_id = entity_ids[0]
    provider.metadata_xml = metadata_xml
    provider.metadata_url = metadata_url
    provider.sp_entity_id = sp_entity_id.strip()
    provider.cvr = cvr.strip()
    provider.label = label.strip()
    provider.enabled = enabled
    provider.full_clean()
    provider.save()
    return provider


@transaction.atomic
def oidc_provider_configure(
    *,
    municipality: Municipality,
    issuer: str,
    authorization_endpoint: str,
    token_endpoint: str,
    jwks_uri: str,
    end_session_endpoint: str = "",
    client_id: str,
    client_secret: str,
    roles_claim: str = "roles",
    label: str = "",
    enabled: bool = True,
) -> OidcProvider:
    """Set (create or replace) the municipality's OpenID Connect provider."""
    provider = OidcProvider.objects.filter(municipality=municipality).first()
    provider = provider or OidcProvider(municipality=municipality)
    provider.issuer = issuer.strip()
    provider.authorization_endpoint = authorization_endpoint.strip()
    provider.token_endpoint = token_endpoint.strip()
    provider.jwks_uri = jwks_uri.strip()
    provider.end_session_endpoint = end_session_endpoint.strip()
    provider.client_id = client_id.strip()
    provider.client_secret = client_secret
    provider.roles_claim = roles_claim.strip()
    provider.label = label.strip()
    provider.enabled = enabled
    provider.full_clean()
    provider.save()
    return provider


@transaction.atomic
def sso_role_map(
    *, municipality: Municipality, value: str, role: str, department_name: str = ""
) -> SsoRoleMapping:
    """Let the job function `value` give `role` (and membership of a department)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s") % {"role": role}})
    department = None
    if department_name:
        department = Department.objects.filter(
            municipality=municipality, name=department_name.strip()
        ).first()
        if department is None:
            raise ValidationError(
                {"department": _("The municipality has no department by this name.")}
            )
    mapping = SsoRoleMapping.objects.filter(
        municipality=municipality, value=value.strip(), role=role
    ).first() or SsoRoleMapping(municipality=municipality, value=value.strip(), role=role)
    mapping.department = department
    mapping.full_clean()
    mapping.save()
    return mapping
