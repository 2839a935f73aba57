# SPDX-License-Identifier: MPL-2.0
from django.urls import path, register_converter

from helhed.policies import part_views, public_views, views
from helhed.policies.parts import PartKindConverter

register_converter(PartKindConverter, "part")

app_name = "policies"

urlpatterns = [
    path("", public_views.home, name="home"),
    path("kommuner/<slug:slug>/integrationspolitik/", public_views.public_policy, name="public"),
    path(
        "kommuner/<slug:slug>/integrationspolitik.pdf",
        public_views.public_policy_pdf,
        name="public_pdf",
    ),
    path("app/", views.dashboard, name="dashboard"),
    path("app/politikker/ny/", views.policy_create, name="policy_create"),
    path("app/versioner/<uuid:version_id>/", views.version_detail, name="version_detail"),
    path("app/versioner/<uuid:version_id>/rediger/", views.version_edit, name="version_edit"),
    path(
        "app/versioner/<uuid:version_id>/livsforloeb/",
        views.version_transition,
        name="version_transition",
    ),
    path(
        "app/versioner/<uuid:version_id>/ny-version/", views.version_revise, name="version_revise"
    ),
    path(
        "app/versioner/<uuid:version_id>/sammenlign/<uuid:other_id>/",
        views.version_compare,
        name="version_compare",
    ),
    path("app/versioner/<uuid:version_id>/pdf/", views.version_pdf, name="version_pdf"),
    path(
        "app/versioner/<uuid:version_id>/<part:kind>/ny/",
        part_views.part_create,
        name="part_create",
    ),
    path(
        "app/indsatser/<uuid:initiative_id>/opfoelgning/",
        views.initiative_progress,
        name="initiative_progress",
    ),
    path("app/<part:kind>/<uuid:part_id>/rediger/", part_views.part_edit, name="part_edit"),
    path("app/<part:kind>/<uuid:part_id>/slet/", part_views.part_delete, name="part_delete"),
    path("app/<part:kind>/<uuid:part_id>/flyt/", part_views.part_move, name="part_move"),
]
