# SPDX-License-Identifier: MPL-2.0
"""Committees and their meetings: the list, a committee with its meetings, a meeting
with its agenda, and the policy officer's forms for a new committee or meeting."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from helhed.governance import services
from helhed.governance.access import (
    READ_ROLES,
    access_committee_by_id,
    access_meeting_by_id,
    can_edit_governance,
)
from helhed.governance.forms import CommitteeForm, MeetingForm, add_validation_error
from helhed.governance.selectors import (
    agenda_items_for_municipality,
    committees_for_municipality,
    meeting_agenda,
    meetings_of_committee,
)
from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Role


@municipal_view(*READ_ROLES)
def committee_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    return render(
        request,
        "governance/committee_list.html",
        {
            "committees": committees_for_municipality(municipality_id=user.municipality_id),
            "items": agenda_items_for_municipality(municipality_id=user.municipality_id)[:50],
            "can_edit": can_edit_governance(user),
        },
    )


@municipal_view(Role.POLICY_OFFICER)
def committee_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            committee = services.committee_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The committee was created."))
            return redirect("governance:committee_detail", committee_id=committee.id)
    return render(
        request,
        "governance/committee_create.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@municipal_view(*READ_ROLES)
def committee_detail(request: HttpRequest, committee_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    committee = access_committee_by_id(user=user, committee_id=committee_id)
    return render(
        request,
        "governance/committee_detail.html",
        {
            "committee": committee,
            "meetings": meetings_of_committee(committee=committee),
            "can_edit": can_edit_governance(user),
        },
    )


@municipal_view(Role.POLICY_OFFICER)
def meeting_create(request: HttpRequest, committee_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    committee = access_committee_by_id(user=user, committee_id=committee_id)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=user, committee=committee, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The meeting was created."))
            return redirect("governance:meeting_detail", meeting_id=meeting.id)
    return render(
        request,
        "governance/meeting_create.html",
        {"form": form, "committee": committee},
        status=400 if form.is_bound else 200,
    )


@municipal_view(*READ_ROLES)
def meeting_detail(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    meeting = access_meeting_by_id(user=user, meeting_id=meeting_id)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "entries": meeting_agenda(meeting=meeting),
            "can_edit": can_edit_governance(user),
        },
    )
