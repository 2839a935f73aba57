# SPDX-License-Identifier: MPL-2.0
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from helhed.organisations.models import Department, Municipality, RoleGrant, User


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ["name", "kommunekode", "slug"]
    search_fields = ["name", "kommunekode"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["municipality", "kind"]


class RoleGrantInline(admin.TabularInline[RoleGrant, User]):
    model = RoleGrant
    extra = 0


@admin.register(User)
class HelhedUserAdmin(UserAdmin[User]):
    list_display = ["username", "first_name", "last_name", "municipality", "is_superuser"]
    list_filter = ["municipality", "is_superuser"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Helhed", {"fields": ("municipality", "departments")}),
    )
    inlines = [RoleGrantInline]
