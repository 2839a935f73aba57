# SPDX-License-Identifier: MPL-2.0
"""Security events: logins, failed logins, lockouts, second-factor failures and replays,
logouts and refusals (ADR 0023), from Django's and django-axes' signals, the TOTP step
and `RefusalAuditMiddleware`. One row each, never a password, never a CPR number."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from helhed.audit.models import SecurityEvent, SecurityEventKind
from helhed.organisations.lockout import lockout_username
from helhed.organisations.models import User
from helhed.organisations.signals import recovery_code_used, second_factor_failed

PATH_LENGTH = 200


def _ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR")
    return address if isinstance(address, str) and address else None


def security_event_record(
    *,
    kind: str,
    request: HttpRequest | None,
    user: Any = None,
    username: str | None = None,
    path: str = "",
) -> SecurityEvent:
    """Write one security event. `user` is the known user (if any); `username` the name
    as attempted, made safe by `lockout_username` (a CPR-shaped one becomes a hash)."""
    known = user if isinstance(user, User) else None
    if known is not None and username is None:
        username = known.get_username()
    if username is not None and request is not None:
        username = lockout_username(request, {"username": username})
    return SecurityEvent.objects.create(
        kind=kind,
        user=known,
        municipality_id=known.municipality_id if known is not None else None,
        username=(username or "")[:150],
        ip_address=_ip(request),
        path=path[:PATH_LENGTH],
    )


def _user_named(username: str | None) -> User | None:
    if not username:
        return None
    return User.objects.filter(**{User.USERNAME_FIELD: username}).first()


@receiver(user_logged_in, dispatch_uid="helhed_security_login")
def _on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEventKind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="helhed_security_logout")
def _on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        security_event_record(kind=SecurityEventKind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="helhed_security_login_failed")
def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = credentials.get("username")
    username = username if isinstance(username, str) else None
    security_event_record(
        kind=SecurityEventKind.LOGIN_FAILED,
        request=request,
        user=_user_named(username),
        username=username,
    )


@receiver(second_factor_failed, dispatch_uid="helhed_security_second_factor")
def _on_second_factor_failed(
    sender: Any, request: HttpRequest, user: User, replayed: bool, **kwargs: Any
) -> None:
    kind = (
        SecurityEventKind.SECOND_FACTOR_REPLAYED
        if replayed
        else SecurityEventKind.SECOND_FACTOR_FAILED
    )
    security_event_record(kind=kind, request=request, user=user)


@receiver(recovery_code_used, dispatch_uid="helhed_security_recovery_code")
def _on_recovery_code_used(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEventKind.RECOVERY_CODE_USED, request=request, user=user)


def on_locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, **kwargs: Any
) -> None:
    """axes' user_locked_out (connected in AuditConfig.ready); `username` is already the
    one AXES_USERNAME_CALLABLE made safe."""
    raw = request.POST.get("username") if request is not None else None
    security_event_record(
        kind=SecurityEventKind.LOCKED_OUT,
        request=request,
        user=_user_named(raw if isinstance(raw, str) else None),
        username=raw if isinstance(raw, str) else username,
    )


class RefusalAuditMiddleware:
    """Record every 403 answer (a refusal of a page or an operation) with who asked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            security_event_record(
                kind=SecurityEventKind.REFUSED,
                request=request,
                user=user if getattr(user, "is_authenticated", False) else None,
                path=request.path,
            )
        return response
