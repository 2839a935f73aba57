# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from helhed.caseplans import views

app_name = "caseplans"

urlpatterns = [
    path("app/arbejdsliste/", views.worklist, name="worklist"),
    path("app/borgere/<uuid:person_id>/plan/", views.person_plan, name="person_plan"),
    path(
        "app/borgere/<uuid:person_id>/plan/indsats/ny/",
        views.intervention_create,
        name="intervention_create",
    ),
    path(
        "app/borgere/<uuid:person_id>/plan/henvisning/ny/",
        views.referral_create,
        name="referral_create",
    ),
    path("app/husstande/<uuid:household_id>/", views.household_detail, name="household_detail"),
    path(
        "app/husstande/<uuid:household_id>/indsats/ny/",
        views.household_intervention_create,
        name="household_intervention_create",
    ),
    path(
        "app/husstande/<uuid:household_id>/relation/ny/",
        views.household_relation_create,
        name="household_relation_create",
    ),
    path(
        "app/indsatser/<uuid:intervention_id>/",
        views.intervention_detail,
        name="intervention_detail",
    ),
    path(
        "app/indsatser/<uuid:intervention_id>/start/",
        views.intervention_start,
        name="intervention_start",
    ),
    path(
        "app/indsatser/<uuid:intervention_id>/afslut/",
        views.intervention_complete,
        name="intervention_complete",
    ),
    path(
        "app/indsatser/<uuid:intervention_id>/annuller/",
        views.intervention_cancel,
        name="intervention_cancel",
    ),
    path("app/henvisninger/<uuid:referral_id>/", views.referral_detail, name="referral_detail"),
    path("app/samarbejdspartnere/", views.partner_list, name="partner_list"),
    path("app/samarbejdspartnere/ny/", views.partner_create, name="partner_create"),
]
