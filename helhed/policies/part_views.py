# SPDX-License-Identifier: MPL-2.0
"""Create, change, delete and reorder the parts of a draft policy version."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Role
from helhed.policies import services
from helhed.policies.access import access_object_by_id, access_version_by_id
from helhed.policies.models import PolicyVersion
from helhed.policies.parts import PartKind


def _back(version: PolicyVersion, kind: PartKind) -> HttpResponseRedirect:
    url = reverse("policies:version_detail", kwargs={"version_id": version.id})
    return HttpResponseRedirect(f"{url}#{kind.anchor}")


def _form_page(
    request: HttpRequest,
    *,
    kind: PartKind,
    version: PolicyVersion,
    form: object,
    creating: bool,
) -> HttpResponse:
    if not version.is_editable:
        messages.error(request, services.frozen_message(version))
    bound = getattr(form, "is_bound", False)
    return render(
        request,
        "policies/part_form.html",
        {"form": form, "version": version, "kind": kind, "creating": creating},
        status=400 if bound else 200,
    )


def _save(
    request: HttpRequest, *, kind: PartKind, version: PolicyVersion, form: object
) -> HttpResponse | None:
    from helhed.policies.forms import VersionPartForm

    assert isinstance(form, VersionPartForm)  # noqa: S101
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        services.version_part_save(actor=staff_user(request), part=form.instance)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, _("The changes were saved."))
    return _back(version, kind)


@municipal_view(Role.POLICY_OFFICER)
def part_create(request: HttpRequest, version_id: uuid.UUID, kind: PartKind) -> HttpResponse:
    version = access_version_by_id(user=staff_user(request), version_id=version_id)
    initial = {}
    if "fokusomraade" in request.GET:
        initial["focus_area"] = request.GET["fokusomraade"]
    if "maalsaetning" in request.GET:
        initial["objective"] = request.GET["maalsaetning"]
    form = kind.form(request.POST or None, version=version, initial=initial)
    done = _save(request, kind=kind, version=version, form=form)
    return done or _form_page(request, kind=kind, version=version, form=form, creating=True)


@municipal_view(Role.POLICY_OFFICER)
def part_edit(request: HttpRequest, kind: PartKind, part_id: uuid.UUID) -> HttpResponse:
    part = access_object_by_id(user=staff_user(request), model=kind.model, object_id=part_id)
    version = part.version
    form = kind.form(request.POST or None, instance=part, version=version)
    done = _save(request, kind=kind, version=version, form=form)
    return done or _form_page(request, kind=kind, version=version, form=form, creating=False)


@municipal_view(Role.POLICY_OFFICER)
def part_delete(request: HttpRequest, kind: PartKind, part_id: uuid.UUID) -> HttpResponse:
    part = access_object_by_id(user=staff_user(request), model=kind.model, object_id=part_id)
    version = part.version
    if request.method == "POST":
        try:
            services.version_part_delete(actor=staff_user(request), part=part)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _('"%(name)s" was deleted.') % {"name": str(part)[:80]})
        return _back(version, kind)
    if not version.is_editable:
        messages.error(request, services.frozen_message(version))
    return render(
        request,
        "policies/part_delete.html",
        {"part": part, "version": version, "kind": kind},
    )


@municipal_view(Role.POLICY_OFFICER)
@require_POST
def part_move(request: HttpRequest, kind: PartKind, part_id: uuid.UUID) -> HttpResponse:
    part = access_object_by_id(user=staff_user(request), model=kind.model, object_id=part_id)
    offset = -1 if request.POST.get("retning") == "op" else 1
    try:
        services.version_part_move(actor=staff_user(request), part=part, offset=offset)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(_back(part.version, kind).url)
