# SPDX-License-Identifier: MPL-2.0
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("helhed.core.urls")),
    path("", include("helhed.organisations.urls")),
    path("", include("helhed.policies.urls")),
    path("", include("helhed.citizens.urls")),
    path("", include("helhed.imports.urls")),
    path("admin/", admin.site.urls),
]
