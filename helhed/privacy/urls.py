# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from helhed.privacy import views

app_name = "privacy"

urlpatterns = [
    path("app/logning/", views.audit_log, name="audit_log"),
    path("app/indsigt/", views.subject_access, name="subject_access"),
    path("app/opbevaring/", views.retention, name="retention"),
]
