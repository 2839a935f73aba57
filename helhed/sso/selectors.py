# SPDX-License-Identifier: MPL-2.0
"""Reads of single sign-on configuration."""

import uuid

from django.db.models import QuerySet

from helhed.organisations.models import Municipality
from helhed.sso.models import OidcProvider, SamlIdentityProvider, SsoRoleMapping


def mappings_for_municipality(*, municipality_id: uuid.UUID) -> QuerySet[SsoRoleMapping]:
    return SsoRoleMapping.objects.filter(municipality_id=municipality_id).select_related(
        "department"
    )


def saml_provider_by_slug(*, slug: str) -> SamlIdentityProvider | None:
    return (
        SamlIdentityProvider.objects.select_related("municipality")
        .filter(municipality__slug=slug, enabled=True)
        .first()
    )


def oidc_provider_by_slug(*, slug: str) -> OidcProvider | None:
    return (
        OidcProvider.objects.select_related("municipality")
        .filter(municipality__slug=slug, enabled=True)
        .first()
    )


def oidc_provider_by_municipality(*, municipality_id: uuid.UUID) -> OidcProvider | None:
    return (
        OidcProvider.objects.select_related("municipality")
        .filter(municipality_id=municipality_id, enabled=True)
        .first()
    )


def municipalities_with_sso() -> list[tuple[Municipality, bool, bool]]:
    """Each municipality with single sign-on: (municipality, has SAML, has OIDC)."""
    saml = set(
        SamlIdentityProvider.objects.filter(enabled=True).values_list("municipality_id", flat=True)
    )
    oidc = set(OidcProvider.objects.filter(enabled=True).values_list("municipality_id", flat=True))
    return [
        (m, m.id in saml, m.id in oidc)
        for m in Municipality.objects.filter(id__in=saml | oidc).order_by("name")
    ]


def saml_provider_by_municipality(*, municipality_id: uuid.UUID) -> SamlIdentityProvider | None:
    return (
        SamlIdentityProvider.objects.select_related("municipality")
        .filter(municipality_id=municipality_id, enabled=True)
        .exclude(metadata_xml="")
        .first()
    )
