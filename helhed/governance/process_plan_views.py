# SPDX-License-Identifier: MPL-2.0
"""A policy's process plan: the timeline, and the policy officer's forms to add, change
and delete its milestones."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from helhed.governance import services
from helhed.governance.access import (
    READ_ROLES,
    access_milestone_by_id,
    access_policy_by_id,
    can_edit_governance,
)
from helhed.governance.forms import MilestoneForm, add_validation_error
from helhed.governance.models import Milestone
from helhed.governance.selectors import latest_version_of, process_plan
from helhed.governance.timeline import build_timeline
from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Role
from helhed.policies.models import Policy


@municipal_view(*READ_ROLES)
def process_plan_detail(request: HttpRequest, policy_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    policy = access_policy_by_id(user=user, policy_id=policy_id)
    return render(
        request,
        "governance/process_plan.html",
        {
            "policy": policy,
            "version": latest_version_of(policy=policy),
            "timeline": build_timeline(process_plan(policy=policy)),
            "can_edit": can_edit_governance(user),
        },
    )


def _milestone_form(
    request: HttpRequest, *, policy: Policy, milestone: Milestone, creating: bool
) -> HttpResponse:
    user = staff_user(request)
    form = MilestoneForm(request.POST or None, instance=milestone, policy=policy)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_save(actor=user, milestone=form.instance)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The process plan was saved."))
            return redirect("governance:process_plan", policy_id=policy.id)
    return render(
        request,
        "governance/milestone_form.html",
        {
            "form": form,
            "policy": policy,
            "version": latest_version_of(policy=policy),
            "creating": creating,
        },
        status=400 if form.is_bound else 200,
    )


@municipal_view(Role.POLICY_OFFICER)
def milestone_create(request: HttpRequest, policy_id: uuid.UUID) -> HttpResponse:
    policy = access_policy_by_id(user=staff_user(request), policy_id=policy_id)
    milestone = Milestone(policy=policy)
    return _milestone_form(request, policy=policy, milestone=milestone, creating=True)


@municipal_view(Role.POLICY_OFFICER)
def milestone_edit(request: HttpRequest, milestone_id: uuid.UUID) -> HttpResponse:
    milestone = access_milestone_by_id(user=staff_user(request), milestone_id=milestone_id)
    return _milestone_form(request, policy=milestone.policy, milestone=milestone, creating=False)


@municipal_view(Role.POLICY_OFFICER)
def milestone_delete(request: HttpRequest, milestone_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    milestone = access_milestone_by_id(user=user, milestone_id=milestone_id)
    policy = milestone.policy
    if request.method == "POST":
        services.milestone_delete(actor=user, milestone=milestone)
        messages.success(request, _("The milestone was deleted."))
        return redirect("governance:process_plan", policy_id=policy.id)
    return render(
        request,
        "governance/milestone_delete.html",
        {"milestone": milestone, "policy": policy, "version": latest_version_of(policy=policy)},
    )
