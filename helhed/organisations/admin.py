# SPDX-License-Identifier: MPL-2.0
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _

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


class HelhedUserChangeForm(UserChangeForm[User]):
    """The rules of organisations.services.user_create, kept in the admin too."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        municipality = data.get("municipality")
        if municipality is None and not data.get("is_superuser"):
            self.add_error(
                "municipality", _("Every user except the platform's superusers has a municipality.")
            )
        foreign = [
            d
            for d in data.get("departments") or []
            if municipality is None or d.municipality_id != municipality.id
        ]
        if foreign:
            self.add_error(
                "departments",
                _("A user can only belong to departments of their own municipality."),
            )
        return data


@admin.register(User)
class HelhedUserAdmin(UserAdmin[User]):
    form = HelhedUserChangeForm
    list_display = ["username", "first_name", "last_name", "municipality", "is_superuser"]
    list_filter = ["municipality", "is_superuser"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Helhed", {"fields": ("municipality", "departments")}),
    )
    inlines = [RoleGrantInline]
