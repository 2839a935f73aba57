# SPDX-License-Identifier: MPL-2.0
"""Writes of single sign-on: a user created or updated just in time from what the identity
provider asserts, and a SAML assertion marked as used."""

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.organisations.models import Municipality, RoleGrant, User
from helhed.sso.models import ConsumedAssertion, SsoIdentity
from helhed.sso.selectors import mappings_for_municipality


class SsoRefusedError(Exception):
    """A login the identity provider vouched for, which Helhed refuses; `message` is for
    the user (translated), and holds no personal data."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SsoIdentityClaims:
    """What an identity provider asserted about a user, read from SAML or OIDC."""

    protocol: str  # "saml" or "oidc"
    issuer: str
    subject: str
    job_functions: tuple[str, ...]
    first_name: str = ""
    last_name: str = ""
    email: str = ""


def _username(municipality: Municipality) -> str:
    # not derived from the subject or the e-mail: an identifier of the IdP is not a name
    return f"sso-{municipality.kommunekode}-{secrets.token_hex(6)}"


@transaction.atomic
def sso_user_provision(*, municipality: Municipality, claims: SsoIdentityClaims) -> User:
    """The user `claims` describe, created or brought up to date in `municipality`: their
    roles and departments are exactly those the mapped job functions give.

    Raises SsoRefusedError when no job function maps to a role, or when the identity belongs
    to a user of another municipality."""
    if not claims.subject:
        raise SsoRefusedError(_("The identity provider did not say who you are."))
    mappings = [
        m
        for m in mappings_for_municipality(municipality_id=municipality.id)
        if m.value in set(claims.job_functions)
    ]
    roles = sorted({m.role for m in mappings})
    if not roles:
        raise SsoRefusedError(
            _(
                "You have no role in Helhed. Ask your municipality's administrator to give "
                "you a Helhed user system role."
            )
        )
    departments = {m.department_id: m.department for m in mappings if m.department is not None}

    identity = (
        SsoIdentity.objects.select_related("user")
        .filter(protocol=claims.protocol, issuer=claims.issuer, subject=claims.subject)
        .first()
    )
    if identity is None:
        user = User(municipality=municipality, username=_username(municipality))
        user.set_unusable_password()
    else:
        user = identity.user
        if user.municipality_id != municipality.id:
            raise SsoRefusedError(_("Your login belongs to another municipality."))
        if not user.is_active:
            raise SsoRefusedError(_("Your Helhed user is deactivated."))
    user.first_name = claims.first_name[:150]
    user.last_name = claims.last_name[:150]
    user.email = claims.email[:254] if "@" in claims.email else ""
    user.full_clean()
    user.save()
    if identity is None:
        SsoIdentity.objects.create(
            user=user, protocol=claims.protocol, issuer=claims.issuer, subject=claims.subject
        )
    user.departments.set(departments.values())
    _roles_set(user=user, roles=roles)
    return user


def _roles_set(*, user: User, roles: Iterable[str]) -> None:
    wanted = set(roles)
    held = set(user.role_grants.values_list("role", flat=True))
    user.role_grants.filter(role__in=held - wanted).delete()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in sorted(wanted - held)])
    user._role_cache = frozenset(wanted)


def saml_assertion_consume(
    *, assertion_id: str, issuer: str, not_on_or_after: datetime.datetime | None
) -> None:
    """Record that an assertion has been used; raise SsoRefusedError if it was used before."""
    if not assertion_id:
        raise SsoRefusedError(_("The identity provider's answer has no id and cannot be used."))
    expires_at = not_on_or_after or timezone.now() + datetime.timedelta(hours=1)
    ConsumedAssertion.objects.filter(
        expires_at__lt=timezone.now() - datetime.timedelta(days=1)
    ).delete()
    try:
        with transaction.atomic():
            ConsumedAssertion.objects.create(
                assertion_id=assertion_id, issuer=issuer, expires_at=expires_at
            )
    except IntegrityError as error:
        raise SsoRefusedError(
            _("This answer from the identity provider has already been used. Log in again.")
        ) from error
