# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from helhed.indicators import (
    accountability_views,
    dashboard_views,
    follow_up_views,
    overview_views,
    views,
)
from helhed.indicators.reports import public_views as publication_public_views
from helhed.indicators.reports import views as publication_views

app_name = "indicators"

urlpatterns = [
    # public: the action plan's accountability page (issue 5)
    path(
        "kommuner/<slug:slug>/integrationspolitik/handleplan/",
        accountability_views.public_accountability,
        name="accountability",
    ),
    path("app/indikatorer/", views.indicator_overview, name="overview"),
    # the managers' dashboard and its drill-down to the persons behind a number (ADR 0029)
    path("app/indikatorer/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path(
        "app/indikatorer/dashboard/personer/",
        dashboard_views.dashboard_persons,
        name="dashboard_persons",
    ),
    # the monthly overview and the national comparison (ADR 0027)
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
    # the committee follow-up report and initiative progress (ADR 0028)
    path("app/indikatorer/opfoelgning/", follow_up_views.follow_up_current, name="follow_up"),
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
    # published (frozen) reports and their revisions (ADR 0030)
    path("app/udgivelser/", publication_views.report_list, name="report_list"),
    path("app/udgivelser/ny/", publication_views.report_publish, name="report_publish"),
    path(
        "app/udgivelser/<uuid:report_id>/",
        publication_views.report_detail,
        name="report_detail",
    ),
    path(
        "app/udgivelser/<uuid:report_id>/revider/",
        publication_views.report_revise,
        name="report_revise",
    ),
    path(
        "kommuner/<slug:slug>/udgivelser/",
        publication_public_views.public_report_list,
        name="public_report_list",
    ),
    path(
        "kommuner/<slug:slug>/udgivelser/<uuid:report_id>/",
        publication_public_views.public_report_detail,
        name="public_report",
    ),
]
