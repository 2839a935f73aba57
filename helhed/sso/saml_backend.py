# SPDX-License-Identifier: MPL-2.0
"""The authentication backend for SAML: djangosaml2 has verified the response (signature,
audience, time, InResponseTo); here Helhed checks the assertion once more for its own
rules and provisions the user."""

import calendar
import datetime
import logging
from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from saml2.time_util import str_to_time  # type: ignore[import-untyped]

from helhed.organisations.models import User
from helhed.sso import oiosaml
from helhed.sso.refusals import refusal_note
from helhed.sso.saml_config import provider_for_request
from helhed.sso.services import (
    SsoIdentityClaims,
    SsoRefusedError,
    saml_assertion_consume,
    sso_user_provision,
)

logger = logging.getLogger(__name__)


def _not_on_or_after(value: Any) -> datetime.datetime | None:
    if not value:
        return None
    parsed = str_to_time(value)  # a UTC struct_time
    if not parsed:
        return None
    return datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.UTC)


def _claims(session_info: dict[str, Any], cvr: str) -> SsoIdentityClaims:
    attributes = session_info.get("ava") or {}
    try:
        privileges = oiosaml.privileges(attributes)
    except oiosaml.PrivilegeListError as error:
        raise SsoRefusedError(
            _("The identity provider sent job functions Helhed cannot read.")
        ) from error
    if cvr:
        asserted_cvr = oiosaml.first(attributes, oiosaml.CVR)
        if asserted_cvr and asserted_cvr != cvr:
            raise SsoRefusedError(_("Your login belongs to another municipality."))
        privileges = [p for p in privileges if p.cvr == cvr]
    name_id = session_info.get("name_id")
    subject = oiosaml.first(attributes, oiosaml.PERSISTENT_ID) or (
        str(getattr(name_id, "text", "") or "") if name_id is not None else ""
    )
    first_name = oiosaml.first(attributes, oiosaml.FIRST_NAME)
    last_name = oiosaml.first(attributes, oiosaml.LAST_NAME)
    if not (first_name or last_name):
        first_name, _space, last_name = oiosaml.first(attributes, oiosaml.FULL_NAME).rpartition(" ")
    return SsoIdentityClaims(
        protocol="saml",
        issuer=str(session_info.get("issuer") or ""),
        subject=subject,
        job_functions=tuple(p.value for p in privileges),
        first_name=first_name,
        last_name=last_name,
        email=oiosaml.first(attributes, oiosaml.EMAIL),
    )


class SamlBackend(BaseBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        session_info: dict[str, Any] | None = None,
        assertion_info: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> User | None:
        if request is None or session_info is None:
            return None
        provider = provider_for_request(request)
        try:
            if session_info.get("issuer") != provider.idp_entity_id:
                raise SsoRefusedError(_("The identity provider is not this municipality's."))
            info = assertion_info or {}
            saml_assertion_consume(
                assertion_id=str(info.get("assertion_id") or ""),
                issuer=provider.idp_entity_id,
                not_on_or_after=_not_on_or_after(info.get("not_on_or_after")),
            )
            claims = _claims(session_info, provider.cvr)
            user = sso_user_provision(municipality=provider.municipality, claims=claims)
        except SsoRefusedError as refusal:
            logger.info(
                "SAML login refused for %s: %s", provider.municipality.slug, refusal.message
            )
            refusal_note(request, refusal.message)
            raise PermissionDenied(refusal.message) from refusal
        return user

    def get_user(self, user_id: Any) -> User | None:
        return User.objects.filter(pk=user_id).first()
