# SPDX-License-Identifier: MPL-2.0
"""The authentication backend for OpenID Connect, per municipality.

mozilla-django-oidc reads one provider from settings; Helhed has one per municipality, so
this backend takes the provider the callback view found for the login's state, and
checks more than the library does: the ID token's audience (the library switches that
check off), its issuer, and that it carries an expiry.
"""

import logging
from typing import Any

import jwt
import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend  # type: ignore[import-untyped]

from helhed.organisations.models import User
from helhed.sso.models import OidcProvider
from helhed.sso.refusals import refusal_note
from helhed.sso.services import SsoIdentityClaims, SsoRefusedError, sso_user_provision

logger = logging.getLogger(__name__)

PROVIDER_ATTRIBUTE = "helhed_oidc_provider"
SIGNING_ALGORITHM = "RS256"


def _job_functions(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if isinstance(v, str | int))
    return ()


class OidcBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # the provider is known per login, not from settings (see authenticate)
        self.UserModel = get_user_model()
        self.OIDC_RP_SIGN_ALGO = SIGNING_ALGORITHM
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.provider: OidcProvider | None = None

    def _configure(self, provider: OidcProvider) -> None:
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = provider.token_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = provider.jwks_uri
        self.OIDC_OP_USER_ENDPOINT = ""
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        provider = getattr(request, PROVIDER_ATTRIBUTE, None) if request is not None else None
        if request is None or provider is None:
            return None
        self._configure(provider)
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except SsoRefusedError as refusal:
            message = refusal.message
        except SuspiciousOperation:
            message = _(
                "The identity provider's answer does not belong to a login started here, or "
                "its signature is not the provider's. Log in again."
            )
        except (requests.RequestException, ValueError, KeyError):
            message = _("Helhed could not complete the login with the identity provider.")
        else:
            return user
        logger.info("OIDC login refused for %s: %s", provider.municipality.slug, message)
        refusal_note(request, message)
        raise PermissionDenied(message)

    def _verify_jws(self, payload: str | bytes, key: Any) -> dict[str, Any]:
        """The ID token's claims, if signed with the provider's key (RS256 only), for this
        client, by this issuer, and not expired."""
        assert self.provider is not None  # noqa: S101 - set by authenticate
        try:
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=[SIGNING_ALGORITHM],
                audience=self.provider.client_id,
                issuer=self.provider.issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                leeway=30,
            )
        except jwt.ExpiredSignatureError as error:
            raise SsoRefusedError(
                _("The identity provider's answer has expired. Log in again.")
            ) from error
        except jwt.InvalidAudienceError as error:
            raise SsoRefusedError(
                _("The identity provider's answer is meant for another service, not Helhed.")
            ) from error
        except jwt.InvalidIssuerError as error:
            raise SsoRefusedError(_("The identity provider is not this municipality's.")) from error
        except jwt.InvalidTokenError as error:
            raise SsoRefusedError(
                _(
                    "The identity provider's answer is not signed by this municipality's "
                    "identity provider, and has been refused."
                )
            ) from error
        return claims

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        assert self.provider is not None  # noqa: S101 - set by authenticate
        claims = SsoIdentityClaims(
            protocol="oidc",
            issuer=self.provider.issuer,
            subject=str(payload.get("sub") or ""),
            job_functions=_job_functions(payload.get(self.provider.roles_claim)),
            first_name=str(payload.get("given_name") or ""),
            last_name=str(payload.get("family_name") or ""),
            email=str(payload.get("email") or ""),
        )
        return sso_user_provision(municipality=self.provider.municipality, claims=claims)
