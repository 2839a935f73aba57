# SPDX-License-Identifier: MPL-2.0
"""The SAML service provider's endpoints, per municipality: djangosaml2's views with
Helhed's refusals (a Danish reason, status 403, nothing written) and its session marker."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from djangosaml2 import views as saml_views  # type: ignore[import-untyped]
from saml2.response import IncorrectlySigned, StatusError, UnsolicitedResponse  # type: ignore[import-untyped]
from saml2.sigver import MissingKey, SignatureError  # type: ignore[import-untyped]
from saml2.validate import ResponseLifetimeExceed, ToEarly  # type: ignore[import-untyped]

from helhed.sso.login import _mark_verified_by_idp
from helhed.sso.refusals import REFUSAL_ATTRIBUTE, refusal_note, refusal_response


def _reason(exception: Exception | None) -> str:
    if isinstance(exception, (ResponseLifetimeExceed, ToEarly)):
        return _("The identity provider's answer has expired or is not valid yet. Log in again.")
    if isinstance(exception, (SignatureError, IncorrectlySigned, MissingKey)):
        return _(
            "The identity provider's answer is not signed by this municipality's identity "
            "provider, and has been refused."
        )
    if isinstance(exception, UnsolicitedResponse):
        return _(
            "The identity provider's answer does not belong to a login started here, or "
            "has already been used. Log in again."
        )
    if str(exception).startswith("AudienceRestrictions"):
        return _("The identity provider's answer is meant for another service, not Helhed.")
    if isinstance(exception, StatusError):
        return _("The identity provider did not log you in.")
    return ""


class SamlLoginView(saml_views.LoginView):
    def unknown_idp(self, request: HttpRequest, idp: Any) -> HttpResponse:
        return refusal_response(request, _("The municipality's identity provider is unknown."))


class SamlAcsView(saml_views.AssertionConsumerServiceView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.POST.get("SAMLResponse"):
            return refusal_response(
                request, _("The answer from the identity provider is missing."), status=400
            )
        response: HttpResponse = super().post(request)
        return response

    def custom_validation(self, response: Any) -> None:
        """OIOSAML requires an audience restriction; pysaml2 accepts an assertion without."""
        conditions = getattr(response.assertion, "conditions", None)
        audiences = {
            (audience.text or "").strip()
            for restriction in getattr(conditions, "audience_restriction", None) or []
            for audience in restriction.audience or []
        }
        if response.entity_id not in audiences:
            refusal_note(
                self.request,
                _("The identity provider's answer is meant for another service, not Helhed."),
            )
            raise ValueError("no audience restriction for this service provider")

    def handle_acs_failure(
        self,
        request: HttpRequest,
        exception: Exception | None = None,
        status: int = 403,
        **kwargs: Any,
    ) -> HttpResponse:
        message = getattr(request, REFUSAL_ATTRIBUTE, "") or _reason(exception)
        return refusal_response(request, message, status=403)

    def post_login_hook(
        self, request: HttpRequest, user: Any, session_info: dict[str, Any]
    ) -> None:
        _mark_verified_by_idp(request, "saml")


class SamlMetadataView(saml_views.MetadataView):
    pass
