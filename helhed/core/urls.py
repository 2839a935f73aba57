# SPDX-License-Identifier: MPL-2.0
from django.urls import path
from django.views.i18n import set_language

app_name = "core"

urlpatterns = [
    path("sprog/", set_language, name="set_language"),
]
