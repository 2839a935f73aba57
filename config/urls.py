# SPDX-License-Identifier: MPL-2.0
from django.contrib import admin
from django.urls import include, path

from helhed.api.api import api

urlpatterns = [
    path("", include("helhed.core.urls")),
    path("", include("helhed.organisations.urls")),
    path("", include("helhed.policies.urls")),
    path("", include("helhed.citizens.urls")),
    path("", include("helhed.caseplans.urls")),
    path("", include("helhed.api.urls")),
    path("api/v1/", api.urls),
    path("", include("helhed.imports.urls")),
    path("", include("helhed.sso.urls")),
    path("", include("helhed.privacy.urls")),
    path("", include("helhed.indicators.urls")),
    path("", include("helhed.governance.urls")),
    path("", include("helhed.hearings.urls")),
    path("admin/", admin.site.urls),
]

# An API address that matches nothing answers in the API's error shape.
handler404 = "helhed.api.errors.page_not_found"
