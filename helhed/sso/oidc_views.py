# SPDX-License-Identifier: MPL-2.0
"""OpenID Connect login, per municipality: mozilla-django-oidc's views, told which
municipality's provider to use, with Helhed's refusals and session marker."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from mozilla_django_oidc import views as oidc_views  # type: ignore[import-untyped]

from helhed.sso.login import _mark_verified_by_idp
from helhed.sso.oidc_backend import PROVIDER_ATTRIBUTE
from helhed.sso.refusals import refusal_response
from helhed.sso.selectors import oidc_provider_by_municipality, oidc_provider_by_slug

# state -> municipality id, for the logins this session has started
STATES_SESSION_KEY = "helhed_oidc_municipalities"


class OidcLoginView(oidc_views.OIDCAuthenticationRequestView):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # the provider is the municipality's (see get), not one from settings
        super(oidc_views.OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        provider = oidc_provider_by_slug(slug=slug)
        if provider is None:
            raise Http404
        self.OIDC_OP_AUTH_ENDPOINT = provider.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = provider.client_id
        response: HttpResponse = super().get(request)
        state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
        states = dict(request.session.get(STATES_SESSION_KEY, {}))
        states[state] = str(provider.municipality_id)
        request.session[STATES_SESSION_KEY] = states
        return response


class OidcCallbackView(oidc_views.OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        state = request.GET.get("state", "")
        states = dict(request.session.get(STATES_SESSION_KEY, {}))
        municipality_id = states.pop(state, None)
        if municipality_id is None:
            return refusal_response(
                request,
                _(
                    "The identity provider's answer does not belong to a login started here, "
                    "or has already been used. Log in again."
                ),
            )
        request.session[STATES_SESSION_KEY] = states
        provider = oidc_provider_by_municipality(municipality_id=municipality_id)
        if provider is None:
            return refusal_response(request, _("The municipality's identity provider is unknown."))
        setattr(request, PROVIDER_ATTRIBUTE, provider)
        try:
            response: HttpResponse = super().get(request)
        except SuspiciousOperation:
            return refusal_response(request)
        return response

    def login_failure(self) -> HttpResponse:
        if self.request.GET.get("error"):
            return refusal_response(self.request, _("The identity provider did not log you in."))
        return refusal_response(self.request)

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        _mark_verified_by_idp(self.request, "oidc")
        return response
