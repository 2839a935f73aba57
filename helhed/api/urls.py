# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from helhed.api import views

app_name = "api_admin"

urlpatterns = [
    path("app/integrationer/", views.integration_list, name="integration_list"),
    path(
        "app/integrationer/<uuid:integration_id>/tilbagekald/",
        views.integration_revoke_view,
        name="integration_revoke",
    ),
]
