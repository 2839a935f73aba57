# SPDX-License-Identifier: MPL-2.0
"""The pysaml2 configuration of Helhed as service provider, built per municipality.

djangosaml2 asks for it through the setting SAML_CONFIG_LOADER; every SAML URL names the
municipality (`/sso/<slug>/saml/...`), and the configuration trusts only that
municipality's identity provider: an assertion signed by any other is refused.
"""

import copy
from typing import Any

import saml2  # type: ignore[import-untyped]
from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from saml2.config import SPConfig  # type: ignore[import-untyped]
from saml2.saml import NAMEID_FORMAT_PERSISTENT  # type: ignore[import-untyped]

from helhed.sso.models import SamlIdentityProvider
from helhed.sso.selectors import saml_provider_by_slug


def provider_for_request(request: HttpRequest) -> SamlIdentityProvider:
    match = request.resolver_match
    slug = match.kwargs.get("slug", "") if match is not None else ""
    provider = saml_provider_by_slug(slug=slug)
    if provider is None or not provider.metadata_xml.strip():
        raise Http404
    return provider


def sp_entity_id(request: HttpRequest, provider: SamlIdentityProvider) -> str:
    if provider.sp_entity_id:
        return provider.sp_entity_id
    slug = provider.municipality.slug
    return request.build_absolute_uri(reverse("sso:saml_metadata", kwargs={"slug": slug}))


def saml_config_dict(request: HttpRequest, provider: SamlIdentityProvider) -> dict[str, Any]:
    slug = provider.municipality.slug
    acs = request.build_absolute_uri(reverse("sso:saml_acs", kwargs={"slug": slug}))
    ls = request.build_absolute_uri(reverse("sso:saml_ls", kwargs={"slug": slug}))
    ls_post = request.build_absolute_uri(reverse("sso:saml_ls_post", kwargs={"slug": slug}))
    config: dict[str, Any] = copy.deepcopy(settings.HELHED_SAML_BASE_CONFIG)
    sp = config.setdefault("service", {}).setdefault("sp", {})
    config["entityid"] = sp_entity_id(request, provider)
    config["metadata"] = {"inline": [provider.metadata_xml]}
    sp["name"] = f"Helhed — {provider.municipality.name}"
    sp["endpoints"] = {
        "assertion_consumer_service": [(acs, saml2.BINDING_HTTP_POST)],
        # single logout (ADR 0037): the IdP's LogoutRequests and LogoutResponses
        "single_logout_service": [
            (ls, saml2.BINDING_HTTP_REDIRECT),
            (ls_post, saml2.BINDING_HTTP_POST),
        ],
    }
    sp["idp"] = {provider.idp_entity_id: None}
    sp.setdefault("name_id_format", [NAMEID_FORMAT_PERSISTENT])
    key_file = settings.HELHED_SAML_SP_KEY_FILE
    cert_file = settings.HELHED_SAML_SP_CERT_FILE
    if key_file and cert_file:
        config["key_file"] = str(key_file)
        config["cert_file"] = str(cert_file)
        config["encryption_keypairs"] = [{"key_file": str(key_file), "cert_file": str(cert_file)}]
        sp["authn_requests_signed"] = True
        sp["logout_requests_signed"] = True
        sp["logout_responses_signed"] = True
    else:
        sp["authn_requests_signed"] = False
    return config


def saml_config_for_provider(request: HttpRequest, provider: SamlIdentityProvider) -> SPConfig:
    conf = SPConfig()
    conf.load(saml_config_dict(request, provider))
    # The only requests a service provider parses are the IdP's LogoutRequests; pysaml2
    # demands a signature on them only if this (IdP-side) flag is set, and djangosaml2
    # does not set it: without it an unsigned LogoutRequest would end a session.
    conf.setattr("idp", "want_authn_requests_signed", True)
    return conf


def saml_config_for_request(request: HttpRequest | None = None) -> SPConfig:
    """SAML_CONFIG_LOADER: the configuration for the municipality the URL names."""
    if request is None:
        raise Http404
    return saml_config_for_provider(request, provider_for_request(request))
