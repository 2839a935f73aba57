# SPDX-License-Identifier: MPL-2.0
"""The indicator page of a municipality's managers and policy officers: aggregates only
(numerators, denominators and values; no person), and the policy's targets with status.
Internal staff see the raw counts; disclosure control is for what leaves the staff."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from helhed.indicators.forms import PeriodForm
from helhed.indicators.selectors import Period, indicator_table, target_statuses
from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Role


@never_cache
@municipal_view(Role.MANAGER, Role.POLICY_OFFICER)
def indicator_overview(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    today = timezone.localdate()
    municipality_id = user.municipality_id
    assert municipality_id is not None  # noqa: S101 (municipal_view lets no one else in)
    data = request.GET if "aar" in request.GET else {"aar": str(today.year)}
    form = PeriodForm(data, this_year=today.year)
    rows = []
    period = None
    status = 200
    if form.is_valid():
        period = Period(form.cleaned_data["aar"], form.cleaned_data["maaned"])
        rows = indicator_table(municipality_id=municipality_id, period=period, today=today)
    else:
        status = 400
    targets = target_statuses(municipality_id=municipality_id, today=today)
    return render(
        request,
        "indicators/indicator_overview.html",
        {"form": form, "period": period, "rows": rows, "targets": targets},
        status=status,
    )
