# SPDX-License-Identifier: MPL-2.0
"""Helhed's logout (`log-ud/`, POST only), with single logout for single sign-on
(ADR 0037): a session that came through SAML ends at the municipality's IdP as well, one
that came through OpenID Connect at the provider's end_session_endpoint if it has one.
Any other session ends as Django's LogoutView ends it."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url

from helhed.organisations.second_factor import SESSION_KEY
from helhed.sso.models import OidcProvider
from helhed.sso.saml_logout import saml_logout_start, saml_subject_id
from helhed.sso.selectors import oidc_provider_by_municipality, saml_provider_by_municipality


def _sso_method(request: HttpRequest) -> str:
    marker = request.session.get(SESSION_KEY)
    return str(marker.get("method", "")) if isinstance(marker, dict) else ""


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        municipality_id = getattr(user, "municipality_id", None)
        if user.is_authenticated and municipality_id is not None:
            method = _sso_method(request)
            if method == "saml" and saml_subject_id(request) is not None:
                provider = saml_provider_by_municipality(municipality_id=municipality_id)
                if provider is not None:
                    return saml_logout_start(request, provider)
            if method == "oidc":
                oidc = oidc_provider_by_municipality(municipality_id=municipality_id)
                if oidc is not None and oidc.end_session_endpoint:
                    return oidc_logout(request, oidc)
        response: HttpResponse = super().post(request, *args, **kwargs)
        return response


def oidc_logout(request: HttpRequest, provider: OidcProvider) -> HttpResponse:
    """RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): end Helhed's session,
    then send the browser to the provider's end_session_endpoint, naming the client and
    where to come back to. No id_token_hint: Helhed does not keep the ID token (it names
    the user) in the session."""
    auth.logout(request)
    back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    query = urlencode({"client_id": provider.client_id, "post_logout_redirect_uri": back})
    separator = "&" if "?" in provider.end_session_endpoint else "?"
    return HttpResponseRedirect(f"{provider.end_session_endpoint}{separator}{query}")
