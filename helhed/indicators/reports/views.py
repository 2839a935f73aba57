# SPDX-License-Identifier: MPL-2.0
"""The staff's pages of published reports: the list, publishing, a report with its
revisions, the banner when the registry now gives other numbers, and revising."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from helhed.core.forms import add_validation_error
from helhed.indicators.reports import services
from helhed.indicators.reports.forms import KIND_PARAMETER, KindForm, PublishForm, ReviseForm
from helhed.indicators.reports.kinds import report_kind
from helhed.indicators.reports.models import PublishedReport
from helhed.indicators.reports.selectors import published_report_for, published_reports_for
from helhed.indicators.reports.versions import (
    difference_rows,
    version_download,
    versions_context,
)
from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Role, User

READERS = (Role.POLICY_OFFICER, Role.MANAGER)


@never_cache
@municipal_view(*READERS)
def report_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    return render(
        request,
        "indicators/publications/report_list.html",
        {
            "reports": published_reports_for(user=user),
            "can_publish": user.has_role(Role.POLICY_OFFICER),
        },
    )


@never_cache
@municipal_view(Role.POLICY_OFFICER)
def report_publish(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    source = request.POST if request.method == "POST" else request.GET
    kind_form = KindForm(source if KIND_PARAMETER in source else None)
    if not kind_form.is_bound or not kind_form.is_valid():
        status = 400 if kind_form.is_bound else 200
        return render(
            request,
            "indicators/publications/report_publish.html",
            {"kind_form": kind_form, "form": None},
            status=status,
        )
    kind = report_kind(kind_form.cleaned_data[KIND_PARAMETER])
    municipality = user.municipality
    assert municipality is not None  # noqa: S101 (municipal_view lets no one else in)
    if request.method == "POST":
        form = PublishForm(request.POST, kind=kind, municipality=municipality)
        if form.is_valid():
            try:
                report = services.report_publish(
                    actor=user,
                    kind=kind.key,
                    params=form.params,
                    audience=form.cleaned_data["audience"],
                    recipient=form.cleaned_data["recipient"],
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("The report was published. Its numbers are frozen."))
                return redirect("indicators:report_detail", report_id=report.id)
        status = 400
    else:
        initial = kind.initial(municipality, timezone.localdate()) if kind.initial else {}
        # a link may name the params (the follow-up page names its policy)
        initial.update({k: v for k, v in request.GET.items() if k in kind.form.base_fields})
        form = PublishForm(kind=kind, initial=initial, municipality=municipality)
        status = 200
    return render(
        request,
        "indicators/publications/report_publish.html",
        {"kind_form": kind_form, "form": form, "kind": kind},
        status=status,
    )


def _detail_context(
    request: HttpRequest, user: User, report: PublishedReport, revise_form: ReviseForm | None
) -> dict[str, Any]:
    versions = services.report_versions(report=report)
    context = versions_context(versions, report)
    differences: list[Any] = []
    recompute_error = ""
    try:
        differences = services.report_differences(report=report)
    except ValidationError as error:
        recompute_error = " ".join(error.messages)
    can_revise = user.has_role(Role.POLICY_OFFICER)
    context.update(
        {
            "report": report,
            "staff": True,
            "differences": difference_rows(differences),
            "recompute_error": recompute_error,
            "can_revise": can_revise,
            "revise_form": (revise_form or ReviseForm()) if can_revise and differences else None,
        }
    )
    return context


@never_cache
@municipal_view(*READERS)
def report_detail(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    report = published_report_for(user=user, report_id=report_id)
    response = version_download(request, report)
    if response is not None:
        return response
    return render(
        request,
        "indicators/publications/report_detail.html",
        _detail_context(request, user, report, None),
    )


@never_cache
@municipal_view(Role.POLICY_OFFICER)
@require_POST
def report_revise(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    report = published_report_for(user=user, report_id=report_id)
    form = ReviseForm(request.POST)
    if form.is_valid():
        try:
            revision = services.report_revise(
                actor=user, report=report, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Revision %(number)d was published with the reason given.")
                % {"number": revision.number},
            )
            return redirect("indicators:report_detail", report_id=report.id)
    context = _detail_context(request, user, report, form)
    if context["revise_form"] is None:
        # nothing to revise any more: the refusal is shown as the page's message
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return render(request, "indicators/publications/report_detail.html", context, status=400)
