# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from helhed.indicators import views

app_name = "indicators"

urlpatterns = [
    path("app/indikatorer/", views.indicator_overview, name="overview"),
]

# the managers' dashboard and its drill-down to the persons behind a number (ADR 0029)
from helhed.indicators import dashboard_views  # noqa: E402

urlpatterns += [
    path("app/indikatorer/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path(
        "app/indikatorer/dashboard/personer/",
        dashboard_views.dashboard_persons,
        name="dashboard_persons",
    ),
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
