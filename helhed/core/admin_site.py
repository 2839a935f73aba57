# SPDX-License-Identifier: MPL-2.0
"""Django's admin, for the platform's superusers only.

Municipal staff never use it, not even with is_staff set: they work in Helhed's own
pages, where every read goes through the access layer.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class SuperuserAdminSite(admin.AdminSite):
    site_header = "Helhed"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)


class HelhedAdminConfig(AdminConfig):
    default_site = "helhed.core.admin_site.SuperuserAdminSite"
