# SPDX-License-Identifier: MPL-2.0
"""Signals of authentication that Django and django-axes do not send themselves; the
audit app records them (helhed/audit/security.py)."""

from django.dispatch import Signal

# A wrong or reused TOTP code: sent with request, user and replayed (bool).
second_factor_failed = Signal()
# A recovery code let the user past the second factor: sent with request and user.
recovery_code_used = Signal()
