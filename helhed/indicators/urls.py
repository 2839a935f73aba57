# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from helhed.indicators import views

app_name = "indicators"

urlpatterns = [
    path("app/indikatorer/", views.indicator_overview, name="overview"),
]
