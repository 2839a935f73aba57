# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from helhed.indicators import views

app_name = "indicators"

urlpatterns = [
    path("app/indikatorer/", views.indicator_overview, name="overview"),
]

# --- the committee follow-up report and initiative progress (docs/adr/0028) ---------------
from helhed.indicators import follow_up_views  # noqa: E402

urlpatterns += [
    path(
        "app/indikatorer/opfoelgning/",
        follow_up_views.follow_up_current,
        name="follow_up",
    ),
    path(
        "app/indikatorer/opfoelgning/<uuid:version_id>/",
        follow_up_views.follow_up_report,
        name="follow_up_report",
    ),
    path(
        "app/indikatorer/initiativer/<uuid:initiative_id>/maaling/",
        follow_up_views.initiative_measures,
        name="initiative_measures",
    ),
]
