# SPDX-License-Identifier: MPL-2.0
"""The monthly overview and the national comparison, as pages and as PDF, DOCX and XLSX
(`?format=`). Aggregates only; no person is read or named.

Audience (docs/adr/0027): the municipality's managers and policy officers see the exact
counts of their own municipality up to today; a politician sees the overview up to the end
of the last month that has ended, disclosure-controlled against every version of it shown
before (docs/adr/0050), and so do its downloads. Another municipality's overview is 404
(tenants never see each other's exact numbers); in the national comparison every other
municipality's figure is disclosure-controlled for everyone.
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from helhed.indicators.reports.live_release import politician_overview
from helhed.indicators.reports.monthly_overview import (
    nothing_to_show,
    overview_counts,
    overview_document,
)
from helhed.indicators.reports.national_comparison import (
    comparison_choices,
    comparison_document,
    national_comparison,
)
from helhed.indicators.reports.overview_forms import ComparisonForm, ReportYearForm
from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Municipality, Role, User
from helhed.reports.document import Document
from helhed.reports.responses import (
    FORMATS,
    UnknownFormatError,
    document_response,
    requested_format,
)

STAFF_ROLES = (Role.MANAGER, Role.POLICY_OFFICER)
READERS = (*STAFF_ROLES, Role.POLITICIAN)


def is_staff_reader(user: User) -> bool:
    """Exact counts: the municipality's managers and policy officers. Anyone else who may
    read the reports (a politician) gets them disclosure-controlled."""
    return user.has_role(*STAFF_ROLES)


def _unknown_format(request: HttpRequest, template_context: dict[str, Any]) -> HttpResponse:
    fmt = request.GET.get("format", "")
    message = _("The format %(format)s cannot be downloaded; choose one of %(formats)s.") % {
        "format": fmt,
        "formats": ", ".join(f.upper() for f in FORMATS),
    }
    return render(
        request,
        "indicators/report_message.html",
        {**template_context, "message": message},
        status=400,
    )


def _answer(
    request: HttpRequest,
    *,
    template: str,
    context: dict[str, Any],
    document: Document | None,
    stem: str,
    fmt: str | None,
    status: int = 200,
) -> HttpResponse:
    if document is not None and fmt is not None:
        return document_response(document, fmt, stem=stem)
    return render(request, template, {**context, "document": document}, status=status)


def _own_municipality(request: HttpRequest, user: User) -> Municipality:
    """The municipality the address names (`kommune`), which must be the user's own."""
    own = user.municipality
    assert own is not None  # noqa: S101 (municipal_view lets no one else in)
    code = request.GET.get("kommune")
    if code not in (None, "", own.kommunekode):
        # another municipality (or none): not found, whether it exists or not
        raise Http404
    return own


@never_cache
@municipal_view(*READERS)
def monthly_overview(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    municipality = _own_municipality(request, user)
    today = timezone.localdate()
    staff = is_staff_reader(user)
    context: dict[str, Any] = {
        "title": _("Monthly overview"),
        "municipality": municipality,
        "exact": staff,
    }
    try:
        fmt = requested_format(request)
    except UnknownFormatError:
        return _unknown_format(request, context)
    data = request.GET if "aar" in request.GET else {"aar": str(today.year)}
    form = ReportYearForm(data, this_year=today.year)
    context["form"] = form
    if not form.is_valid():
        return render(request, "indicators/monthly_overview.html", context, status=400)
    year = form.cleaned_data["aar"]
    context["year"] = year
    if staff:
        counts = overview_counts(municipality_id=municipality.id, year=year, today=today)
        document = None
        if counts.empty:
            context["message"] = nothing_to_show(municipality.name, year)
        else:
            document = overview_document(
                counts, municipality_name=municipality.name, protected=False, as_of=timezone.now()
            )
    else:
        # outside the staff: up to the last ended month, protected against every version
        # of the overview shown before (docs/adr/0050)
        live = politician_overview(municipality=municipality, year=year, today=today)
        document, context["message"] = live.document, live.message
    if document is None:
        return render(request, "indicators/monthly_overview.html", context)
    return _answer(
        request,
        template="indicators/monthly_overview.html",
        context=context,
        document=document,
        stem=f"maanedsoversigt-{municipality.kommunekode}-{year}",
        fmt=fmt,
    )


@never_cache
@municipal_view(*READERS)
def national_comparison_page(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    municipality = user.municipality
    assert municipality is not None  # noqa: S101 (municipal_view lets no one else in)
    today = timezone.localdate()
    staff = is_staff_reader(user)
    context: dict[str, Any] = {
        "title": _("National comparison"),
        "municipality": municipality,
        "exact": staff,
    }
    try:
        fmt = requested_format(request)
    except UnknownFormatError:
        return _unknown_format(request, context)
    data = request.GET.copy() if "aar" in request.GET else {"aar": str(today.year)}
    if "aar" not in request.GET and "indikator" in request.GET:
        data["indikator"] = request.GET["indikator"]
    form = ComparisonForm(data, this_year=today.year, choices=comparison_choices())
    context["form"] = form
    if not form.is_valid():
        return render(request, "indicators/national_comparison.html", context, status=400)
    year = form.cleaned_data["aar"]
    choice = form.cleaned_data["indikator"] or None
    context["year"] = year
    comparison = national_comparison(
        municipality_id=municipality.id, year=year, today=today, own_exact=staff, choice=choice
    )
    if not comparison.has_data(choice):
        context["message"] = _(
            "No municipality has indicator values for %(year)s, so there is nothing to "
            "compare or download."
        ) % {"year": year}
        return render(request, "indicators/national_comparison.html", context)
    document = comparison_document(
        comparison, choice=choice, municipality_name=municipality.name, as_of=timezone.now()
    )
    return _answer(
        request,
        template="indicators/national_comparison.html",
        context=context,
        document=document,
        stem=f"landsoversigt-{municipality.kommunekode}-{year}",
        fmt=fmt,
    )
