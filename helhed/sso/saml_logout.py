# SPDX-License-Identifier: MPL-2.0
"""SAML single logout (ADR 0037), on djangosaml2's views.

Helhed starts it (SP-initiated): logging out of Helhed of a user who came through SAML
ends the Helhed session and sends a signed LogoutRequest to the municipality's IdP, whose
LogoutResponse comes back to `ls/`. The IdP starts it (IdP-initiated): its LogoutRequest
arrives at `ls/` (redirect binding) or `ls/post/` (POST binding) and ends the Helhed
session of that browser if, and only if, the request is signed by the municipality's IdP
and names the user of the session. djangosaml2 alone would accept an unsigned request and
would end the session even for a request about another user; both are refused here.
"""

from typing import Any

import saml2  # type: ignore[import-untyped]
from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render, resolve_url
from django.utils.translation import gettext as _
from djangosaml2 import views as saml_views  # type: ignore[import-untyped]
from djangosaml2.utils import get_location  # type: ignore[import-untyped]
from saml2.config import SPConfig  # type: ignore[import-untyped]

from helhed.sso.models import SamlIdentityProvider
from helhed.sso.saml_config import saml_config_for_provider


def logout_refusal(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return render(request, "sso/logout_refused.html", {"message": message}, status=status)


def saml_subject_id(request: HttpRequest) -> Any:
    """The NameID the SAML login of this browser left, or None."""
    saml_session = getattr(request, "saml_session", None)
    if saml_session is None:
        return None
    return saml_views._get_subject_id(saml_session)


class _SamlLogoutStart(saml_views.LogoutInitView):
    """djangosaml2's LogoutInitView for the user's own municipality's IdP (the logout
    URL of Helhed names no municipality)."""

    provider: SamlIdentityProvider

    def get_sp_config(self, request: HttpRequest) -> SPConfig:
        return saml_config_for_provider(request, self.provider)


def saml_logout_start(request: HttpRequest, provider: SamlIdentityProvider) -> HttpResponse:
    """End the Helhed session and send the user to the IdP with a LogoutRequest. If the IdP
    offers no single logout, the Helhed session is ended all the same."""
    view = _SamlLogoutStart()
    view.provider = provider
    view.setup(request)
    response: HttpResponse = view.get(request)
    if response.status_code >= 400:
        # djangosaml2 has ended the Helhed session already; the IdP knew no session
        auth.logout(request)
        return HttpResponseRedirect(resolve_url(settings.LOGOUT_REDIRECT_URL))
    return response


class SamlLogoutServiceView(saml_views.LogoutView):
    """`ls/` and `ls/post/`: the IdP's LogoutResponse to Helhed's request, or its own
    LogoutRequest."""

    def do_logout_service(
        self, request: HttpRequest, data: QueryDict, binding: str, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        if "SAMLResponse" in data:
            response: HttpResponse = super().do_logout_service(request, data, binding)
            if response.status_code != 302:
                # an unknown or failed LogoutResponse: the Helhed session is ended anyway
                auth.logout(request)
                return HttpResponseRedirect(resolve_url(settings.LOGOUT_REDIRECT_URL))
            return response
        if "SAMLRequest" in data:
            return self._idp_logout_request(request, data, binding)
        return logout_refusal(
            request, _("The logout request from the identity provider is missing."), status=400
        )

    def _idp_logout_request(
        self, request: HttpRequest, data: QueryDict, binding: str
    ) -> HttpResponse:
        state, client = self.get_state_client(request)
        # absent, not "": the redirect binding's signature covers RelayState only if sent
        relay_state = data.get("RelayState")
        signature = (
            {
                "sigalg": data.get("SigAlg"),
                "signature": data.get("Signature"),
            }
            if binding == saml2.BINDING_HTTP_REDIRECT
            else {}
        )
        try:
            parsed = client.parse_logout_request(
                data["SAMLRequest"], binding, relay_state=relay_state, **signature
            )
        except Exception:  # unsigned, forged, altered, malformed: all refused alike
            parsed = None
        if parsed is None:
            return logout_refusal(
                request,
                _(
                    "The logout request is not signed by this municipality's identity "
                    "provider, and has been refused. You are still logged in."
                ),
            )
        subject_id = saml_subject_id(request)
        if subject_id is None or parsed.message.name_id != subject_id:
            return logout_refusal(
                request,
                _("The logout request is about another user than the one logged in here."),
            )
        http_info = client.handle_logout_request(
            data["SAMLRequest"], subject_id, binding, relay_state=relay_state, **signature
        )
        state.sync()
        auth.logout(request)
        if http_info.get("method", "GET") == "POST" and "data" in http_info:
            return HttpResponse(http_info["data"])
        return HttpResponseRedirect(get_location(http_info))
