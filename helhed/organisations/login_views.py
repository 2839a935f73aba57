# SPDX-License-Identifier: MPL-2.0
"""Login: the password, then for a role that sees persons the TOTP second factor.

`login` is Django's login page; a user who needs a second factor goes on to `otp_verify`
(or to `otp_enrol` the first time) before any /app/ page opens. SSO logs users in its own
way and calls second_factor.mark_second_factor_verified, so it never comes here.
"""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from helhed.organisations.access import municipal_view
from helhed.organisations.forms import LoginForm, RecoveryCodeForm, TotpCodeForm
from helhed.organisations.models import User
from helhed.organisations.recovery import recovery_code_use, recovery_codes_left, recovery_codes_new
from helhed.organisations.second_factor import (
    PERSON_DATA_ROLES,
    mark_second_factor_verified,
    second_factor_required,
    second_factor_url,
    second_factor_verified,
)
from helhed.organisations.signals import recovery_code_used, second_factor_failed
from helhed.organisations.totp import (
    totp_device_for,
    totp_enrolment_confirm,
    totp_key_base32,
    totp_key_new,
    totp_qr_svg,
    totp_replayed,
    totp_verify,
)

logger = logging.getLogger("helhed.security")

ENROLMENT_KEY = "helhed_totp_enrolment_key"


class LoginView(auth_views.LoginView):
    template_name = "organisations/login.html"
    authentication_form = LoginForm

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if second_factor_required(self.request.user):
            return second_factor_url(url)
        return url


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    return user


@never_cache
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Ask a user who has a device for the code it shows now."""
    user = _user(request)
    next_url = _next_url(request)
    if not second_factor_required(user) or second_factor_verified(request):
        return redirect(next_url)
    if totp_device_for(user) is None:
        return redirect(f"{resolve_url('otp_enrol')}?{request.GET.urlencode()}")
    recovering = request.method == "POST" and "recovery_code" in request.POST
    form = TotpCodeForm(None if recovering else request.POST or None)
    recovery = RecoveryCodeForm(request.POST if recovering else None)
    if recovering and recovery.is_valid():
        if recovery_code_use(user=user, code=recovery.cleaned_data["recovery_code"]):
            mark_second_factor_verified(request, method="recovery")
            recovery_code_used.send(sender=User, request=request, user=user)
            logger.info("Second factor by recovery code (user id %s)", user.pk)
            return redirect(next_url)
        logger.warning("Second factor refused: wrong or used recovery code (user id %s)", user.pk)
        second_factor_failed.send(sender=User, request=request, user=user, replayed=False)
        recovery.add_error(
            "recovery_code",
            _("The recovery code is wrong or already used. Check it and try again."),
        )
    if request.method == "POST" and not recovering and form.is_valid():
        if totp_verify(user=user, token=form.cleaned_data["token"]):
            mark_second_factor_verified(request, method="totp")
            return redirect(next_url)
        logger.warning("Second factor refused: wrong or used code (user id %s)", user.pk)
        second_factor_failed.send(
            sender=User,
            request=request,
            user=user,
            replayed=totp_replayed(user=user, token=form.cleaned_data["token"]),
        )
        form.add_error(
            "token",
            _("The code is wrong, too old or already used. Wait for a new code and try again."),
        )
    return render(
        request,
        "organisations/otp_verify.html",
        {"form": form, "recovery": recovery, "next": next_url},
        status=400 if form.is_bound or recovery.is_bound else 200,
    )


@never_cache
@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator the first time: a QR code and the key, confirmed by a code."""
    user = _user(request)
    next_url = _next_url(request)
    if not second_factor_required(user) or second_factor_verified(request):
        return redirect(next_url)
    if totp_device_for(user) is not None:
        # a device exists: a password alone must not replace it
        return redirect(f"{resolve_url('otp_verify')}?{request.GET.urlencode()}")
    key = request.session.get(ENROLMENT_KEY)
    if not isinstance(key, str):
        key = totp_key_new()
        request.session[ENROLMENT_KEY] = key
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = totp_enrolment_confirm(user=user, key=key, token=form.cleaned_data["token"])
        if device is not None:
            del request.session[ENROLMENT_KEY]
            logger.info("Second factor enrolled (user id %s)", user.pk)
            mark_second_factor_verified(request, method="totp")
            # next: the recovery codes, for the day the phone is lost
            return redirect(f"{resolve_url('recovery_codes')}?{urlencode({'next': next_url})}")
        form.add_error(
            "token",
            _(
                "The code does not match. Check that the app has the key below and that "
                "the clock of your phone is right, then try again."
            ),
        )
    return render(
        request,
        "organisations/otp_enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": totp_qr_svg(
                user=user, key=key, title=_("QR code for your authenticator app")
            ),
            "secret": totp_key_base32(key),
        },
        status=400 if form.is_bound else 200,
    )


@never_cache
@municipal_view(*PERSON_DATA_ROLES)
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; new ones, shown once, on request."""
    user = _user(request)
    codes = recovery_codes_new(user=user) if request.method == "POST" else None
    if codes is not None:
        logger.info("Recovery codes made (user id %s)", user.pk)
    return render(
        request,
        "organisations/recovery_codes.html",
        {"codes": codes, "left": recovery_codes_left(user=user), "next": _next_url(request)},
    )
