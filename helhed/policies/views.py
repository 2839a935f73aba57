# SPDX-License-Identifier: MPL-2.0
"""Pages where municipal staff read and policy officers write the policy."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Role
from helhed.policies import services
from helhed.policies.access import (
    access_object_by_id,
    access_version_by_id,
    can_edit_policies,
    can_follow_up_initiatives,
)
from helhed.policies.comparison import compare_outlines, version_outline
from helhed.policies.forms import (
    InitiativeProgressForm,
    PolicyCreateForm,
    PolicyVersionForm,
    TransitionForm,
)
from helhed.policies.models import Initiative, PolicyVersion, Status
from helhed.policies.publication import pdf_response
from helhed.policies.selectors import policies_for_municipality, version_content
from helhed.policies.services import ALLOWED_TRANSITIONS


@municipal_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    policies = policies_for_municipality(municipality_id=user.municipality_id)
    return render(
        request,
        "policies/dashboard.html",
        {"policies": policies, "can_edit": can_edit_policies(user)},
    )


@municipal_view(Role.POLICY_OFFICER)
def policy_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = PolicyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.policy_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The policy was created as a draft."))
            return redirect("policies:version_detail", version_id=version.id)
    status = 400 if form.is_bound else 200
    return render(request, "policies/policy_create.html", {"form": form}, status=status)


@municipal_view()
def version_detail(request: HttpRequest, version_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    version = access_version_by_id(user=user, version_id=version_id)
    content = version_content(version=version)
    others = version.policy.versions.exclude(pk=version.pk).order_by("-number")
    can_edit = can_edit_policies(user)
    return render(
        request,
        "policies/version_detail.html",
        {
            "version": version,
            "content": content,
            "others": others,
            "can_edit": can_edit and version.is_editable,
            "can_manage": can_edit,
            "transitions": ALLOWED_TRANSITIONS[version.status] if can_edit else (),
            "can_revise": can_edit and version.status in (Status.ADOPTED, Status.HEARING),
            "can_follow_up": can_follow_up_initiatives(user) and version.status == Status.ADOPTED,
        },
    )


@municipal_view(Role.POLICY_OFFICER)
def version_edit(request: HttpRequest, version_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    version = access_version_by_id(user=user, version_id=version_id)
    form = PolicyVersionForm(request.POST or None, instance=version)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.policy_version_update(actor=user, version=version, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("policies:version_detail", version_id=version.id)
        version.refresh_from_db()
    elif not version.is_editable:
        messages.error(request, services.frozen_message(version))
    status = 400 if form.is_bound else 200
    return render(
        request, "policies/version_edit.html", {"form": form, "version": version}, status=status
    )


@municipal_view(Role.POLICY_OFFICER)
def version_transition(request: HttpRequest, version_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    version = access_version_by_id(user=user, version_id=version_id)
    initial = {"to_status": request.GET.get("til", "")}
    form = TransitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_version_transition(actor=user, version=version, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The lifecycle step was recorded."))
            return redirect("policies:version_detail", version_id=version.id)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "policies/version_transition.html",
        {"form": form, "version": version},
        status=status,
    )


@municipal_view(Role.POLICY_OFFICER)
@require_POST
def version_revise(request: HttpRequest, version_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    version = access_version_by_id(user=user, version_id=version_id)
    try:
        new = services.policy_version_revise(actor=user, version=version)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("policies:version_detail", version_id=version.id)
    messages.success(
        request, _("Version %(number)s was created as a draft.") % {"number": new.number}
    )
    return redirect("policies:version_detail", version_id=new.id)


@municipal_view()
def version_compare(
    request: HttpRequest, version_id: uuid.UUID, other_id: uuid.UUID
) -> HttpResponse:
    user = staff_user(request)
    first = access_version_by_id(user=user, version_id=version_id)
    second = access_version_by_id(user=user, version_id=other_id)
    if first.policy_id != second.policy_id:
        messages.error(request, _("Only versions of the same policy can be compared."))
        return redirect("policies:version_detail", version_id=first.id)
    older, newer = sorted([first, second], key=lambda v: v.number)
    rows = compare_outlines(
        version_outline(version_content(version=older)),
        version_outline(version_content(version=newer)),
    )
    return render(
        request,
        "policies/version_compare.html",
        {
            "older": older,
            "newer": newer,
            "rows": rows,
            "changes": sum(1 for r in rows if r.change != "same"),
        },
    )


@municipal_view()
def version_pdf(request: HttpRequest, version_id: uuid.UUID) -> HttpResponse:
    version: PolicyVersion = access_version_by_id(user=staff_user(request), version_id=version_id)
    return pdf_response(version=version, public=False)


@municipal_view(Role.POLICY_OFFICER, Role.MANAGER)
def initiative_progress(request: HttpRequest, initiative_id: uuid.UUID) -> HttpResponse:
    """Follow up an initiative of the adopted action plan, with its history."""
    user = staff_user(request)
    initiative = access_object_by_id(user=user, model=Initiative, object_id=initiative_id)
    initial = {"status": initiative.status, "progress": initiative.progress}
    form = InitiativeProgressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_progress_update(
                actor=user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The progress was recorded."))
            return redirect("policies:version_detail", version_id=initiative.version_id)
    return render(
        request,
        "policies/initiative_progress.html",
        {
            "form": form,
            "initiative": initiative,
            "version": initiative.version,
            "history": initiative.progress_updates.select_related("actor"),
        },
        status=400 if form.is_bound else 200,
    )
