# SPDX-License-Identifier: MPL-2.0
from django.contrib.auth import views as auth_views
from django.urls import path

from helhed.organisations import views
from helhed.organisations.forms import LoginForm

urlpatterns = [
    path(
        "log-ind/",
        auth_views.LoginView.as_view(
            template_name="organisations/login.html", authentication_form=LoginForm
        ),
        name="login",
    ),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("app/organisation/", views.organisation_overview, name="organisation_overview"),
]
