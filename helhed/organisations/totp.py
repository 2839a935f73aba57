# SPDX-License-Identifier: MPL-2.0
"""TOTP second factor (django-otp's TOTPDevice): enrolment, verification, the QR code.

A user has at most one confirmed device. Enrolment keeps the new key in the session
until the user proves with a code that the authenticator has it; only then is the device
written, confirmed and with that code's time step used, so it cannot be replayed.
Verification is django-otp's: a code is accepted once (the device remembers the last
time step used), within one step either side of now, and a failed code slows the next.
"""

import base64
import time

import segno
from django.db import transaction
from django_otp.oath import TOTP  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]
from django_otp.util import random_hex  # type: ignore[import-untyped]

from helhed.organisations.models import User

DEVICE_NAME = "Helhed"


def totp_key_new() -> str:
    """A new random key: 20 bytes, as hex (the form TOTPDevice stores)."""
    key: str = random_hex(20)
    return key


def totp_key_base32(key: str) -> str:
    """The key as authenticator apps take it typed in: base32 in groups of four."""
    text = base64.b32encode(bytes.fromhex(key)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def totp_config_url(*, user: User, key: str) -> str:
    return str(TOTPDevice(user=user, key=key, name=DEVICE_NAME).config_url)


def totp_qr_svg(*, user: User, key: str, title: str) -> str:
    """The otpauth:// address as an inline SVG QR code (markup only: no script, no style)."""
    qr = segno.make(totp_config_url(user=user, key=key), error="m")
    return str(qr.svg_inline(scale=4, dark="#000", light="#fff", title=title))


def totp_device_for(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def totp_device_create(*, user: User, key: str) -> TOTPDevice:
    """A confirmed device with `key` (enrolment confirmed, or the demo's published key)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice(user=user, key=key, name=DEVICE_NAME, confirmed=True)
        device.full_clean()
        device.save()
    return device


def totp_enrolment_confirm(*, user: User, key: str, token: str) -> TOTPDevice | None:
    """The user's new device if `token` is a current code for `key`, otherwise None."""
    if totp_device_for(user) is not None:
        # one device per user: replacing it takes an administrator, not a password
        return None
    probe = TOTPDevice(user=user, key=key, name=DEVICE_NAME)
    totp = TOTP(probe.bin_key, probe.step, probe.t0, probe.digits, probe.drift)
    totp.time = time.time()
    if not token.isdigit() or not totp.verify(int(token), probe.tolerance):
        return None
    with transaction.atomic():
        device = totp_device_create(user=user, key=key)
        device.last_t = totp.t()
        device.save(update_fields=["last_t"])
    return device


def totp_verify(*, user: User, token: str) -> bool:
    """Whether `token` is a fresh, current code of the user's confirmed device."""
    device = totp_device_for(user)
    if device is None or not token.isdigit():
        return False
    return bool(device.verify_token(token))


def totp_replayed(*, user: User, token: str) -> bool:
    """Whether `token` is the code of the time step the user's device last accepted: a
    replay, refused by `totp_verify`, recorded as such."""
    device = totp_device_for(user)
    if device is None or not token.isdigit() or device.last_t < 0:
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = device.t0 + device.last_t * device.step
    return bool(totp.token() == int(token))
