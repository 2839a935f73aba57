# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from helhed.indicators import views
from helhed.indicators.reports import public_views as publication_public_views
from helhed.indicators.reports import views as publication_views

app_name = "indicators"

urlpatterns = [
    path("app/indikatorer/", views.indicator_overview, name="overview"),
]

# Published (frozen) reports and their revisions (ADR 0030)
urlpatterns += [
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
