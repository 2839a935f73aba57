# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from helhed.governance import committee_views, item_views, process_plan_views

app_name = "governance"

urlpatterns = [
    path("app/udvalg/", committee_views.committee_list, name="committee_list"),
    path("app/udvalg/nyt/", committee_views.committee_create, name="committee_create"),
    path(
        "app/udvalg/<uuid:committee_id>/",
        committee_views.committee_detail,
        name="committee_detail",
    ),
    path(
        "app/udvalg/<uuid:committee_id>/moeder/nyt/",
        committee_views.meeting_create,
        name="meeting_create",
    ),
    path("app/moeder/<uuid:meeting_id>/", committee_views.meeting_detail, name="meeting_detail"),
    path("app/dagsordenspunkter/nyt/", item_views.item_create, name="item_create"),
    path("app/dagsordenspunkter/<uuid:item_id>/", item_views.item_detail, name="item_detail"),
    path("app/dagsordenspunkter/<uuid:item_id>/pdf/", item_views.item_pdf, name="item_pdf"),
    path("app/dagsordenspunkter/<uuid:item_id>/docx/", item_views.item_docx, name="item_docx"),
    path("app/dagsordenspunkter/<uuid:item_id>/rediger/", item_views.item_edit, name="item_edit"),
    path(
        "app/dagsordenspunkter/<uuid:item_id>/behandling/",
        item_views.item_schedule,
        name="item_schedule",
    ),
    path(
        "app/dagsordenspunkter/<uuid:item_id>/beslutning/",
        item_views.decision_record,
        name="decision_record",
    ),
    path(
        "app/dagsordenspunkter/<uuid:item_id>/bilag/nyt/",
        item_views.attachment_create,
        name="attachment_create",
    ),
    # gov-attach: generated bilag (hearing memo, follow-up report) and deleting a bilag
    path(
        "app/dagsordenspunkter/<uuid:item_id>/bilag/generer/",
        item_views.attachment_generate,
        name="attachment_generate",
    ),
    path(
        "app/bilag/<uuid:attachment_id>/slet/",
        item_views.attachment_delete,
        name="attachment_delete",
    ),
    path(
        "app/bilag/<uuid:attachment_id>/pdf/",
        item_views.attachment_download,
        name="attachment_download",
    ),
    path(
        "app/politikker/<uuid:policy_id>/procesplan/",
        process_plan_views.process_plan_detail,
        name="process_plan",
    ),
    path(
        "app/politikker/<uuid:policy_id>/procesplan/ny/",
        process_plan_views.milestone_create,
        name="milestone_create",
    ),
    path(
        "app/milepaele/<uuid:milestone_id>/rediger/",
        process_plan_views.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "app/milepaele/<uuid:milestone_id>/slet/",
        process_plan_views.milestone_delete,
        name="milestone_delete",
    ),
]
