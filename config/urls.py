# SPDX-License-Identifier: MPL-2.0
from django.contrib import admin
from django.urls import include, path

from helhed.api.api import api
from helhed.sso.logout_views import LogoutView

urlpatterns = [
    path("", include("helhed.core.urls")),
    path("", include("helhed.organisations.urls")),
    # logging out also ends the identity provider's session where one was used (ADR 0037),
    # so the view lives with single sign-on, which builds on organisations
    path("log-ud/", LogoutView.as_view(), name="logout"),
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
