# SPDX-License-Identifier: MPL-2.0
"""The policy officers' hearing pages: create and start a hearing, register input from
other sources, summarise and split responses, and give each its disposition."""

import uuid
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helhed.core.forms import add_validation_error
from helhed.hearings import services
from helhed.hearings.access import (
    access_hearing_by_id,
    access_point_of_response,
    access_response_by_id,
)
from helhed.hearings.danish_time import DANISH
from helhed.hearings.downloads import attachment_response
from helhed.hearings.forms import (
    DispositionForm,
    HearingForm,
    ModerationForm,
    PointForm,
    ResponseRegisterForm,
    SummaryForm,
)
from helhed.hearings.memo import hearing_memo
from helhed.hearings.memo_document import memo_document
from helhed.hearings.models import Hearing, HearingResponse, LogAction
from helhed.hearings.models.response import ResponseAttachment
from helhed.hearings.sections import section_choices
from helhed.hearings.selectors import (
    hearings_for_municipality,
    next_version,
    response_log,
    responses_with_dispositions,
    versions_without_hearing,
)
from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Role
from helhed.policies.access import access_version_by_id
from helhed.policies.selectors import version_content
from helhed.reports.responses import UnknownFormatError, document_response, requested_format


@municipal_view(Role.POLICY_OFFICER)
def hearing_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    return render(
        request,
        "hearings/hearing_list.html",
        {
            "hearings": hearings_for_municipality(municipality_id=user.municipality_id),
            "drafts": versions_without_hearing(municipality_id=user.municipality_id),
        },
    )


@municipal_view(Role.POLICY_OFFICER)
def hearing_create(request: HttpRequest, version_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    version = access_version_by_id(user=user, version_id=version_id)
    initial = {
        "title": _("Public hearing on %(title)s %(period)s")
        % {"title": version.title, "period": version.period_label}
    }
    form = HearingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            hearing = services.hearing_create(actor=user, version=version, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The hearing was created. Start it to publish it."))
            return redirect("hearings:hearing_detail", hearing_id=hearing.id)
    return render(
        request,
        "hearings/hearing_form.html",
        {"form": form, "version": version, "hearing": None},
        status=400 if form.is_bound else 200,
    )


@municipal_view(Role.POLICY_OFFICER)
def hearing_edit(request: HttpRequest, hearing_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    hearing = access_hearing_by_id(user=user, hearing_id=hearing_id)
    initial = {
        "title": hearing.title,
        "description": hearing.description,
        "opens_at": hearing.opens_at,
        "closes_at": hearing.closes_at,
    }
    form = HearingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.hearing_update(actor=user, hearing=hearing, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("hearings:hearing_detail", hearing_id=hearing.id)
    return render(
        request,
        "hearings/hearing_form.html",
        {"form": form, "version": hearing.version, "hearing": hearing},
        status=400 if form.is_bound else 200,
    )


@municipal_view(Role.POLICY_OFFICER)
@require_POST
def hearing_start(request: HttpRequest, hearing_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    hearing = access_hearing_by_id(user=user, hearing_id=hearing_id)
    try:
        services.hearing_start(actor=user, hearing=hearing)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The hearing was started and is now public."))
    return redirect("hearings:hearing_detail", hearing_id=hearing.id)


@municipal_view(Role.POLICY_OFFICER)
def hearing_detail(request: HttpRequest, hearing_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    hearing = access_hearing_by_id(user=user, hearing_id=hearing_id)
    responses = list(responses_with_dispositions(hearing=hearing))
    services.log_read(actor=user, hearing=hearing, action=LogAction.RESPONSES_READ)
    return render(
        request,
        "hearings/hearing_detail.html",
        {
            "hearing": hearing,
            "version": hearing.version,
            "responses": responses,
            "next_version": next_version(hearing.version),
            "undecided": sum(1 for r in responses if not r.is_withdrawn and not _is_decided(r)),
        },
    )


def _is_decided(response: HearingResponse) -> bool:
    points = list(response.points.all())
    if points:
        return all(getattr(p, "disposition", None) is not None for p in points)
    return any(d.point_id is None for d in response.dispositions.all())


@municipal_view(Role.POLICY_OFFICER)
def response_register(request: HttpRequest, hearing_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    hearing = access_hearing_by_id(user=user, hearing_id=hearing_id)
    sections = section_choices(version_content(version=hearing.version))
    form = ResponseRegisterForm(request.POST or None, sections=sections)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        received_on = data.pop("received_on")
        received_at = datetime(
            received_on.year, received_on.month, received_on.day, 12, tzinfo=DANISH
        )
        try:
            submitted = services.response_register(
                actor=user, hearing=hearing, received_at=received_at, **data
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The input was registered as response %(number)s.")
                % {"number": submitted.response.number},
            )
            return redirect("hearings:response_detail", response_id=submitted.response.id)
    return render(
        request,
        "hearings/response_register.html",
        {"form": form, "hearing": hearing},
        status=400 if form.is_bound else 200,
    )


@municipal_view(Role.POLICY_OFFICER)
def response_detail(request: HttpRequest, response_id: uuid.UUID) -> HttpResponse:
    """A response with its points and dispositions; POST saves its summary."""
    user = staff_user(request)
    response = access_response_by_id(user=user, response_id=response_id)
    form = SummaryForm(request.POST or None, initial={"summary": response.summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.response_summarise(
                actor=user, response=response, summary=form.cleaned_data["summary"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The summary was saved."))
            return redirect("hearings:response_detail", response_id=response.id)
    attachment = ResponseAttachment.objects.defer("content").filter(response=response).first()
    services.log_read(
        actor=user, hearing=response.hearing, action=LogAction.RESPONSE_READ, response=response
    )
    return render(
        request,
        "hearings/response_detail.html",
        {
            "response": response,
            "hearing": response.hearing,
            "form": form,
            "attachment": attachment,
            "log": response_log(response=response),
            "points": response.points.select_related("disposition"),
            "whole": response.dispositions.filter(point__isnull=True).first(),
        },
        status=400 if form.is_bound else 200,
    )


@municipal_view(Role.POLICY_OFFICER)
def point_create(request: HttpRequest, response_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    response = access_response_by_id(user=user, response_id=response_id)
    sections = section_choices(version_content(version=response.hearing.version))
    form = PointForm(request.POST or None, sections=sections, initial={"section": response.section})
    if request.method == "POST" and form.is_valid():
        try:
            services.point_add(actor=user, response=response, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The point was added."))
            return redirect("hearings:response_detail", response_id=response.id)
    return render(
        request,
        "hearings/point_form.html",
        {"form": form, "response": response, "hearing": response.hearing},
        status=400 if form.is_bound else 200,
    )


@municipal_view(Role.POLICY_OFFICER)
def disposition_edit(request: HttpRequest, response_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    response = access_response_by_id(user=user, response_id=response_id)
    hearing: Hearing = response.hearing
    following = next_version(hearing.version)
    changed = section_choices(version_content(version=following), whole=False) if following else []
    initial: dict[str, object] = {}
    wanted = request.GET.get("punkt")
    if wanted:
        point = access_point_of_response(response=response, point_id=wanted)
        initial["point"] = point.pk
        existing = getattr(point, "disposition", None)
    else:
        existing = response.dispositions.filter(point__isnull=True).first()
    if existing is not None:
        initial.update(
            outcome=existing.outcome,
            reason=existing.reason,
            changed_section=existing.changed_section,
        )
    form = DispositionForm(
        request.POST or None,
        initial=initial,
        points=response.points.all(),
        changed_sections=changed,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.disposition_set(actor=user, response=response, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The disposition was saved."))
            return redirect("hearings:response_detail", response_id=response.id)
    return render(
        request,
        "hearings/disposition_form.html",
        {
            "form": form,
            "response": response,
            "hearing": hearing,
            "next_version": following,
        },
        status=400 if form.is_bound else 200,
    )


@municipal_view(Role.POLICY_OFFICER)
def attachment_download(request: HttpRequest, response_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    response = access_response_by_id(user=user, response_id=response_id)
    attachment = ResponseAttachment.objects.filter(response=response).first()
    if attachment is None:
        messages.error(request, _("The response has no attachment."))
        return redirect("hearings:response_detail", response_id=response.id)
    services.log_read(
        actor=user, hearing=response.hearing, action=LogAction.ATTACHMENT_READ, response=response
    )
    return attachment_response(attachment, public=False)


@municipal_view(Role.POLICY_OFFICER)
def response_moderate(request: HttpRequest, response_id: uuid.UUID) -> HttpResponse:
    """Hide a response from the public page, or show a hidden one again (POST with a
    reason)."""
    user = staff_user(request)
    response = access_response_by_id(user=user, response_id=response_id)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        change = services.response_show if response.is_hidden else services.response_hide
        try:
            change(actor=user, response=response, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The response is shown on the public page again.")
                if response.is_hidden
                else _("The response is hidden from the public page."),
            )
            return redirect("hearings:response_detail", response_id=response.id)
    return render(
        request,
        "hearings/response_moderate.html",
        {"form": form, "response": response, "hearing": response.hearing},
        status=400 if form.is_bound else 200,
    )


@municipal_view(Role.POLICY_OFFICER, Role.POLITICIAN)
def memo(request: HttpRequest, hearing_id: uuid.UUID) -> HttpResponse:
    """The hearing memo as a page; `?format=pdf` or `?format=docx` downloads it."""
    hearing = access_hearing_by_id(user=staff_user(request), hearing_id=hearing_id)
    document = memo_document(hearing_memo(hearing=hearing))
    try:
        fmt = requested_format(request)
    except UnknownFormatError:
        messages.error(request, _("The hearing memo can be downloaded as PDF or DOCX."))
        return redirect("hearings:memo", hearing_id=hearing.id)
    if fmt is not None:
        stem = f"hoeringsnotat {hearing.version.policy.municipality.slug} {hearing.version.title}"
        return document_response(document, fmt, stem=stem)
    return render(request, "hearings/memo.html", {"hearing": hearing, "document": document})
