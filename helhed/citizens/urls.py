# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from helhed.citizens import break_the_glass_views, views

app_name = "citizens"

urlpatterns = [
    path("app/borgere/", views.caseload, name="caseload"),
    path("app/borgere/ny/", views.person_register, name="person_register"),
    path(
        "app/borgere/adgang/",
        break_the_glass_views.break_the_glass_by_cpr,
        name="break_the_glass_by_cpr",
    ),
    path(
        "app/borgere/<uuid:person_id>/adgang/",
        break_the_glass_views.break_the_glass_by_id,
        name="break_the_glass_by_id",
    ),
    path(
        "app/adgang-uden-for-sagsstamme/",
        break_the_glass_views.break_the_glass_review,
        name="break_the_glass_review",
    ),
    path("app/borgere/<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("app/borgere/<uuid:person_id>/husstand/", views.household_edit, name="household_edit"),
    path("app/borgere/<uuid:person_id>/forloeb/ny/", views.spell_create, name="spell_create"),
    path("app/borgere/<uuid:person_id>/dansk/ny/", views.danish_create, name="danish_create"),
    path(
        "app/borgere/<uuid:person_id>/program/ny/",
        views.programme_create,
        name="programme_create",
    ),
]
