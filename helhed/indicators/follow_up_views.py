# SPDX-License-Identifier: MPL-2.0
"""The committee follow-up report of a policy version (page, PDF, DOCX, XLSX) and the
policy officer's page linking an initiative to what measures its progress.

The municipality's managers and policy officers read exact figures; its politicians read
the same report disclosure-controlled, in the page and in every download (ADR 0028)."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from helhed.indicators import measure_services
from helhed.indicators.measure_forms import InitiativeMeasureForm
from helhed.indicators.models import InitiativeMeasure
from helhed.indicators.progress import initiatives_progress
from helhed.indicators.reports.follow_up import follow_up_document
from helhed.indicators.reports.follow_up_cache import follow_up_page
from helhed.indicators.selectors import current_version
from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Role, User
from helhed.policies.access import access_object_by_id, access_version_by_id
from helhed.policies.models import Initiative, PolicyVersion
from helhed.reports.responses import UnknownFormatError, document_response, requested_format

READERS = (Role.MANAGER, Role.POLICY_OFFICER, Role.POLITICIAN)


def reads_exact_figures(user: User) -> bool:
    """The municipality's staff; a politician (only) reads disclosure-controlled figures."""
    return user.has_role(Role.MANAGER, Role.POLICY_OFFICER)


@never_cache
@municipal_view(*READERS)
def follow_up_current(request: HttpRequest) -> HttpResponse:
    """The follow-up report of the policy in force, or why there is none."""
    user = staff_user(request)
    assert user.municipality_id is not None  # noqa: S101 (municipal_view lets no one else in)
    version = current_version(municipality_id=user.municipality_id)
    if version is not None:
        return redirect("indicators:follow_up_report", version_id=version.id)
    return render(request, "indicators/follow_up/no_policy.html")


@never_cache
@municipal_view(*READERS)
def follow_up_report(request: HttpRequest, version_id: uuid.UUID) -> HttpResponse:
    user = staff_user(request)
    version = access_version_by_id(user=user, version_id=version_id)
    try:
        fmt = requested_format(request)
    except UnknownFormatError:
        return render(
            request,
            "indicators/follow_up/bad_format.html",
            {"version": version, "requested": request.GET.get("format", "")},
            status=400,
        )
    exact = reads_exact_figures(user)
    if fmt is not None:
        document = follow_up_document(version=version, exact=exact)
        stem = _("follow-up %(title)s %(period)s") % {
            "title": version.title,
            "period": version.period_label,
        }
        return document_response(document, fmt, stem=stem)
    can_link = user.has_role(Role.POLICY_OFFICER)
    initiatives = list(version.initiatives.select_related("focus_area")) if can_link else []
    return render(
        request,
        "indicators/follow_up/report.html",
        {
            "version": version,
            "page": follow_up_page(version=version, exact=exact),
            "exact": exact,
            "can_link": can_link,
            "initiatives": initiatives,
        },
    )


def _measures_page(
    request: HttpRequest,
    *,
    initiative: Initiative,
    version: PolicyVersion,
    form: InitiativeMeasureForm,
    status: int = 200,
) -> HttpResponse:
    progress = initiatives_progress([initiative], version=version)[initiative.id]
    return render(
        request,
        "indicators/follow_up/initiative_measures.html",
        {
            "initiative": initiative,
            "version": version,
            "form": form,
            "progress": progress,
        },
        status=status,
    )


@never_cache
@municipal_view(Role.POLICY_OFFICER)
def initiative_measures(request: HttpRequest, initiative_id: uuid.UUID) -> HttpResponse:
    """What measures an initiative's progress: add a link, remove one, see the figure."""
    user = staff_user(request)
    initiative = access_object_by_id(user=user, model=Initiative, object_id=initiative_id)
    version = access_version_by_id(user=user, version_id=initiative.version_id)
    if request.method != "POST":
        form = InitiativeMeasureForm(initiative=initiative)
        return _measures_page(request, initiative=initiative, version=version, form=form)
    if "remove" in request.POST:
        try:
            measure = InitiativeMeasure.objects.get(
                initiative=initiative, pk=uuid.UUID(request.POST["remove"])
            )
        except (ValueError, InitiativeMeasure.DoesNotExist) as error:
            raise Http404 from error
        measure_services.initiative_measure_remove(actor=user, measure=measure)
        messages.success(request, _("The link was removed."))
        return redirect("indicators:initiative_measures", initiative_id=initiative.id)
    form = InitiativeMeasureForm(request.POST, initiative=initiative)
    if form.is_valid():
        try:
            measure_services.initiative_measure_add(
                actor=user,
                initiative=initiative,
                target=form.cleaned_data["target"],
                intervention_kind=form.cleaned_data["intervention_kind"] or "",
                planned=form.cleaned_data["planned"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The link was added."))
            return redirect("indicators:initiative_measures", initiative_id=initiative.id)
    return _measures_page(request, initiative=initiative, version=version, form=form, status=400)
