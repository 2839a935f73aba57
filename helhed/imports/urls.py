# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from helhed.imports import views

app_name = "imports"

urlpatterns = [
    path("app/import/", views.import_page, name="import_page"),
    path("app/import/skabelon/", views.template_download, name="template"),
    path("app/import/eksport/", views.export_download, name="export"),
    path("app/import/<uuid:job_id>/", views.job_detail, name="job"),
]
