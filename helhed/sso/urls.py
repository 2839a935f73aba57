# SPDX-License-Identifier: MPL-2.0
from django.urls import path

from helhed.sso.oidc_views import OidcCallbackView, OidcLoginView
from helhed.sso.saml_logout import SamlLogoutServiceView
from helhed.sso.saml_views import SamlAcsView, SamlLoginView, SamlMetadataView

app_name = "sso"

urlpatterns = [
    path("sso/<slug:slug>/saml/log-ind/", SamlLoginView.as_view(), name="saml_login"),
    path("sso/<slug:slug>/saml/acs/", SamlAcsView.as_view(), name="saml_acs"),
    path("sso/<slug:slug>/saml/metadata/", SamlMetadataView.as_view(), name="saml_metadata"),
    # single logout (ADR 0037): the IdP's LogoutRequests and LogoutResponses
    path("sso/<slug:slug>/saml/ls/", SamlLogoutServiceView.as_view(), name="saml_ls"),
    path("sso/<slug:slug>/saml/ls/post/", SamlLogoutServiceView.as_view(), name="saml_ls_post"),
    path("sso/<slug:slug>/oidc/log-ind/", OidcLoginView.as_view(), name="oidc_login"),
    path("sso/oidc/callback/", OidcCallbackView.as_view(), name="oidc_callback"),
]
