# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from helhed.hearings import public_views, views

app_name = "hearings"

urlpatterns = [
    # public, beside the public policy pages
    path("kommuner/<slug:slug>/hoeringer/", public_views.hearing_list, name="public_list"),
    path(
        "kommuner/<slug:slug>/hoeringer/<uuid:hearing_id>/",
        public_views.hearing_page,
        name="public_hearing",
    ),
    path(
        "kommuner/<slug:slug>/hoeringer/<uuid:hearing_id>/svar/<uuid:response_id>/bilag/",
        public_views.public_attachment,
        name="public_attachment",
    ),
    path("hoeringssvar/<str:token>/", public_views.response_follow, name="follow"),
    path(
        "hoeringssvar/<str:token>/samtykke/",
        public_views.response_consent_withdrawal,
        name="follow_consent_withdraw",
    ),
    path(
        "hoeringssvar/<str:token>/tilbagetraek/",
        public_views.response_withdrawal,
        name="follow_withdraw",
    ),
    # staff
    path("app/hoeringer/", views.hearing_list, name="hearing_list"),
    path(
        "app/versioner/<uuid:version_id>/hoering/ny/",
        views.hearing_create,
        name="hearing_create",
    ),
    path("app/hoeringer/<uuid:hearing_id>/", views.hearing_detail, name="hearing_detail"),
    path("app/hoeringer/<uuid:hearing_id>/rediger/", views.hearing_edit, name="hearing_edit"),
    path("app/hoeringer/<uuid:hearing_id>/start/", views.hearing_start, name="hearing_start"),
    path(
        "app/hoeringer/<uuid:hearing_id>/indlaeg/ny/",
        views.response_register,
        name="response_register",
    ),
    path("app/hoeringer/<uuid:hearing_id>/hoeringsnotat/", views.memo, name="memo"),
    path("app/hoeringssvar/<uuid:response_id>/", views.response_detail, name="response_detail"),
    path(
        "app/hoeringssvar/<uuid:response_id>/punkter/ny/",
        views.point_create,
        name="point_create",
    ),
    path(
        "app/hoeringssvar/<uuid:response_id>/behandling/",
        views.disposition_edit,
        name="disposition_edit",
    ),
    path(
        "app/hoeringssvar/<uuid:response_id>/moderering/",
        views.response_moderate,
        name="response_moderate",
    ),
    path(
        "app/hoeringssvar/<uuid:response_id>/bilag/",
        views.attachment_download,
        name="attachment_download",
    ),
]
