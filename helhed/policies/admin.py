# SPDX-License-Identifier: MPL-2.0
"""Policies in Django's admin: to look at, never to change.

Policies change only through the services (frozen versions, lifecycle steps with an
actor); the admin would bypass all of it, so every policy model is view-only here.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from helhed.policies.models import Policy, PolicyTransition, PolicyVersion


class ViewOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Policy)
class PolicyAdmin(ViewOnlyAdmin):
    list_display = ["id", "municipality", "created_at"]
    list_filter = ["municipality"]
    list_select_related = ["municipality"]


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ViewOnlyAdmin):
    list_display = ["title", "period_start", "period_end", "number", "status"]
    list_filter = ["status", "policy__municipality"]


@admin.register(PolicyTransition)
class PolicyTransitionAdmin(ViewOnlyAdmin):
    list_display = ["version", "from_status", "to_status", "actor", "recorded_at"]
    list_select_related = ["version", "actor"]
