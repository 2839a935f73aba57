# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from helhed.organisations import login_views, views

urlpatterns = [
    path("log-ind/", login_views.LoginView.as_view(), name="login"),
    path("log-ind/kode/", login_views.otp_verify, name="otp_verify"),
    path("log-ind/godkendelses-app/", login_views.otp_enrol, name="otp_enrol"),
    path("app/sikkerhed/gendannelseskoder/", login_views.recovery_codes, name="recovery_codes"),
    path("app/organisation/", views.organisation_overview, name="organisation_overview"),
]
