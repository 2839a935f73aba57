# SPDX-License-Identifier: MPL-2.0
"""Creating and revoking integrations. The token is returned once and never stored."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from helhed.api.models import Integration, Scope
from helhed.api.tokens import token_generate, token_hash, token_prefix
from helhed.organisations.models import Department, Municipality, Role, User
from helhed.organisations.services import user_create


@dataclass(frozen=True)
class NewIntegration:
    integration: Integration
    token: str  # shown to the administrator once; only its hash is kept


def _ensure_administrator_of(actor: User | None, municipality: Municipality) -> None:
    if actor is None:
        return  # the platform's operator, on the command line
    if actor.municipality_id != municipality.id or not actor.has_role(Role.ADMINISTRATOR):
        raise PermissionDenied


@transaction.atomic
def integration_create(
    *,
    actor: User | None,
    municipality: Municipality,
    name: str,
    departments: Iterable[Department],
    scopes: Iterable[str],
) -> NewIntegration:
    """A new integration with its service account and token. `actor` None is the operator."""
    _ensure_administrator_of(actor, municipality)
    departments = list(departments)
    scopes = sorted(set(scopes))
    name = name.strip()
    errors: dict[str, str] = {}
    if not departments:
        errors["departments"] = _("Choose at least one department.")
    elif any(d.municipality_id != municipality.id for d in departments):
        errors["departments"] = _(
            "A user can only belong to departments of their own municipality."
        )
    unknown = [s for s in scopes if s not in Scope.values]
    if unknown:
        errors["scopes"] = _("Unknown scope: %(scope)s") % {"scope": unknown[0]}
    elif not scopes:
        errors["scopes"] = _("Choose at least one scope.")
    token = token_generate()
    integration = Integration(
        municipality=municipality,
        name=name,
        scopes=" ".join(scopes),
        token_hash=token_hash(token),
        token_prefix=token_prefix(token),
        created_by=actor,
    )
    try:
        integration.full_clean(exclude=["service_user"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault("name" if field == "__all__" else field, " ".join(messages))
    if errors:
        raise ValidationError(errors)
    # The service account: a caseworker of the integration's departments who cannot log in.
    service_user = user_create(
        municipality=municipality,
        username=f"api-{municipality.kommunekode}-{slugify(name)[:40]}-{secrets.token_hex(3)}",
        password=secrets.token_urlsafe(32),
        first_name=name[:150],
        last_name=_("(integration)"),
        departments=departments,
        roles=[Role.CASEWORKER],
    )
    service_user.set_unusable_password()
    service_user.save(update_fields=["password"])
    integration.service_user = service_user
    integration.save()
    integration.departments.set(departments)
    return NewIntegration(integration=integration, token=token)


@transaction.atomic
def integration_revoke(*, actor: User | None, integration: Integration) -> Integration:
    """The integration's token stops working at once, and so does its service account."""
    _ensure_administrator_of(actor, integration.municipality)
    if not integration.active:
        return integration
    integration.active = False
    integration.revoked_at = timezone.now()
    integration.revoked_by = actor
    integration.save(update_fields=["active", "revoked_at", "revoked_by", "updated_at"])
    service_user = integration.service_user
    service_user.is_active = False
    service_user.save(update_fields=["is_active"])
    return integration
