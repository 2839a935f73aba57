# SPDX-License-Identifier: MPL-2.0
"""Bearer-token authentication and scopes.

Each operation declares the one scope it needs: `auth=TokenAuth(Scope.REGISTRY_READ)`.
No token, a malformed header or an unknown or revoked token answer 401; a valid token
without the scope answers 403 naming the scope. Both are decided before the request's
parameters are read, so a refused request is never validated, read or audited.
"""

from datetime import timedelta
from typing import cast

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from helhed.api.models import Integration, Scope
from helhed.api.tokens import PREFIX, token_hash
from helhed.organisations.models import User

# last_used_at is written at most this often, so that a busy integration does not write
# on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_TOKEN_LENGTH = 100


class ScopeMissingError(Exception):
    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__(scope)


class TokenAuth(HttpBearer):
    """The integration whose active token the request bears, holding `scope`."""

    openapi_bearerFormat = "opaque"  # noqa: N815 - OpenAPI's own name, read by ninja

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> Integration | None:
        token = token.strip()
        if not token.startswith(PREFIX) or len(token) > MAX_TOKEN_LENGTH:
            return None
        integration = (
            Integration.objects.select_related("service_user", "municipality")
            .filter(token_hash=token_hash(token), active=True, service_user__is_active=True)
            .first()
        )
        if integration is None:
            return None
        if self.scope not in integration.scope_set:
            raise ScopeMissingError(self.scope)
        now = timezone.now()
        if (
            integration.last_used_at is None
            or now - integration.last_used_at > LAST_USED_RESOLUTION
        ):
            Integration.objects.filter(pk=integration.pk).update(last_used_at=now)
        return integration


def integration_of(request: HttpRequest) -> Integration:
    """The integration of an authenticated API request."""
    return cast(Integration, request.auth)  # type: ignore[attr-defined]


def actor_of(request: HttpRequest) -> User:
    """The service account an authenticated API request acts as."""
    return integration_of(request).service_user
