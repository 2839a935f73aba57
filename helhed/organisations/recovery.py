# SPDX-License-Identifier: MPL-2.0
"""Recovery codes for the second factor: ten one-time codes a user keeps on paper, each
letting them past the TOTP step once when their phone is lost (ADR 0015, addendum).

A code is 10 characters from an alphabet without look-alikes (about 49 bits), written
`xxxxx-xxxxx`; only its HMAC-SHA256 under the SECRET_KEY is stored, so a database dump
gives no usable code. Making new codes ends the old ones. Case, spaces and dashes do not
matter when a code is typed.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from helhed.organisations.models import RecoveryCode, User

COUNT = 10
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
LENGTH = 10


def _normalised(code: str) -> str:
    return "".join(c for c in code.lower() if c not in " -\t")


def _hash(code: str) -> str:
    key = f"helhed-recovery-code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, _normalised(code).encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    text = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{text[:5]}-{text[5:]}"


@transaction.atomic
def recovery_codes_new(*, user: User) -> list[str]:
    """New codes for `user` (the old ones end); the only time they are seen in clear."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = [_new_code() for _ in range(COUNT)]
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(c)) for c in codes)
    return codes


def recovery_codes_left(*, user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def recovery_code_use(*, user: User, code: str) -> bool:
    """Whether `code` is one of the user's unused codes; it is used up if so."""
    if len(_normalised(code)) != LENGTH:
        return False
    found = (
        RecoveryCode.objects.select_for_update()
        .filter(user=user, code_hash=_hash(code), used_at__isnull=True)
        .first()
    )
    if found is None:
        return False
    found.used_at = timezone.now()
    found.save(update_fields=["used_at", "updated_at"])
    return True
