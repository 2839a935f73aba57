# SPDX-License-Identifier: MPL-2.0
from django.contrib import admin

from helhed.policies.models import Policy, PolicyTransition, PolicyVersion


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin[Policy]):
    list_display = ["__str__", "municipality"]
    list_filter = ["municipality"]


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin[PolicyVersion]):
    list_display = ["title", "period_start", "period_end", "number", "status"]
    list_filter = ["status", "policy__municipality"]
    readonly_fields = ["status"]


@admin.register(PolicyTransition)
class PolicyTransitionAdmin(admin.ModelAdmin[PolicyTransition]):
    list_display = ["version", "from_status", "to_status", "actor", "recorded_at"]
    readonly_fields = [f.name for f in PolicyTransition._meta.fields]
