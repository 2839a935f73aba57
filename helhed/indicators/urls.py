# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from helhed.indicators import views

app_name = "indicators"

urlpatterns = [
    path("app/indikatorer/", views.indicator_overview, name="overview"),
]

# the monthly overview and the national comparison (ADR 0027)
from helhed.indicators import overview_views  # noqa: E402

urlpatterns += [
    path(
        "app/indikatorer/maanedsoversigt/",
        overview_views.monthly_overview,
        name="monthly_overview",
    ),
    path(
        "app/indikatorer/landsoversigt/",
        overview_views.national_comparison_page,
        name="national_comparison",
    ),
]
