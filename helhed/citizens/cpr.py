# SPDX-License-Identifier: MPL-2.0
"""CPR numbers: validation, birth date and sex, encryption and the keyed lookup hash.

- Valid = ten digits whose first six are a real date in the century the seventh digit
  gives. There is no modulus-11 check: CPR has issued numbers without it since 2007 and
  systems must accept them (shared/reference/danish-domain.md, 6.5).
- Stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256), looked up by HMAC-SHA256 under a
  separate key. Both keys come from the environment, never the database; an unkeyed hash
  of a CPR number could be reversed by trying all of them.
- Never in a URL, a log line or an error message: only `mask()` is shown.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

_SHAPE = re.compile(r"^([0-9]{6})-?([0-9]{4})$")  # ASCII digits only


@dataclass(frozen=True)
class Cpr:
    digits: str  # ten digits, no separator

    @property
    def birth_date(self) -> date:
        return _birth_date(self.digits)

    @property
    def sex(self) -> str:
        return "male" if int(self.digits[9]) % 2 else "female"

    def mask(self) -> str:
        return f"{self.digits[:6]}-xxxx"


def _century(year2: int, seventh: int) -> int:
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if year2 <= 36 else 1900
    return 2000 if year2 <= 57 else 1800


def _birth_date(digits: str) -> date:
    day, month, year2 = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    return date(_century(year2, int(digits[6])) + year2, month, day)


def parse_cpr(raw: str) -> Cpr:
    """The CPR number in `raw`, or a ValidationError that does not repeat the number."""
    match = _SHAPE.match(raw.strip().replace(" ", ""))
    if match is None:
        raise ValidationError(
            _("A CPR number is ten digits, written DDMMYY-XXXX."), code="cpr_format"
        )
    digits = match.group(1) + match.group(2)
    try:
        born = _birth_date(digits)
    except ValueError:
        raise ValidationError(
            _("The first six digits of the CPR number are not a date (DDMMYY)."),
            code="cpr_date",
        ) from None
    if born > timezone.localdate():
        raise ValidationError(
            _("The CPR number gives a birth date in the future."), code="cpr_future"
        )
    return Cpr(digits)


def cpr_lookup_hash(cpr: Cpr) -> str:
    key = settings.HELHED_CPR_HASH_KEY.encode()
    return hmac.new(key, cpr.digits.encode(), hashlib.sha256).hexdigest()


def _fernet() -> Fernet:
    return Fernet(settings.HELHED_CPR_ENCRYPTION_KEY.encode())


def encrypt_cpr(cpr: Cpr) -> str:
    return _fernet().encrypt(cpr.digits.encode()).decode()


def decrypt_cpr(token: str) -> Cpr:
    try:
        return Cpr(_fernet().decrypt(token.encode()).decode())
    except InvalidToken as error:
        raise RuntimeError("A CPR number could not be decrypted with the configured key") from error
