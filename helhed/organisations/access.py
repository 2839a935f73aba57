# SPDX-License-Identifier: MPL-2.0
"""Who may enter which part of Helhed. Views use these decorators; templates never decide."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from helhed.organisations.models import Role, User

View = TypeVar("View", bound=Callable[..., HttpResponse])

ALL_ROLES = tuple(Role.values)


def staff_user(request: HttpRequest) -> User:
    """The signed-in municipal user of a request (the decorators guarantee one)."""
    return cast(User, request.user)


def municipal_view(*roles: str) -> Callable[[View], View]:
    """Require a signed-in user of a municipality holding one of `roles` (any role if none)."""
    allowed = roles or ALL_ROLES

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = staff_user(request)
            if user.municipality_id is None or not user.has_role(*allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return cast(View, wrapper)

    return decorator
