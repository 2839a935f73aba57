# SPDX-License-Identifier: MPL-2.0
"""The one security header Django and django-csp do not set: Permissions-Policy.

It switches off browser features Helhed never uses (camera, microphone, location, ...),
so that no injected or third-party script could ask for them either.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy: str = settings.HELHED_PERMISSIONS_POLICY
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
