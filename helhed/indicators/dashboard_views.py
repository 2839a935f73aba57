# SPDX-License-Identifier: MPL-2.0
"""The managers' dashboard (aggregates, as a page and as PDF, DOCX and XLSX) and its
drill-down to the persons behind a number (docs/adr/0029).

The dashboard: managers, caseworkers and policy officers of the municipality (its staff:
counts are not disclosure-controlled, docs/adr/0022). The drill-down: managers and
caseworkers only, each seeing the persons of their departments' caseload, with one audit
event per page in the transaction that builds the page. Policy officers and politicians
see aggregates only and are told so; bad input answers 400 and reads and logs nothing.
"""

from datetime import date
from urllib.parse import urlencode

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from helhed.audit.models import Action
from helhed.audit.services import audit_record
from helhed.core.indicator_keys import BY_KEY
from helhed.indicators import drilldown
from helhed.indicators.dashboard_forms import (
    DENOMINATOR,
    NUMERATOR,
    TOTAL,
    DashboardMonthForm,
    DrilldownForm,
)
from helhed.indicators.dashboard_rows import indicator_rows
from helhed.indicators.definitions.base import Month
from helhed.indicators.drilldown import CellRef, drilldown_page
from helhed.indicators.reports.dashboard import build_dashboard, month_code, month_label
from helhed.indicators.reports.dashboard_cache import cached_dashboard_body
from helhed.indicators.selectors import Cell, PolicyTargets, SeriesReader, breakdown_label
from helhed.organisations.access import municipal_view, staff_user
from helhed.organisations.models import Role, User
from helhed.reports.responses import UnknownFormatError, document_response, requested_format

DASHBOARD_ROLES = (Role.MANAGER, Role.CASEWORKER, Role.POLICY_OFFICER)
DRILLDOWN_ROLES = (Role.MANAGER, Role.CASEWORKER)
# told that they see aggregates only (the other roles get the plain refusal)
AGGREGATE_ROLES = (Role.POLICY_OFFICER, Role.POLITICIAN)


def _message(
    request: HttpRequest, *, heading: str, messages: list[str], status: int
) -> HttpResponse:
    return render(
        request,
        "indicators/dashboard_message.html",
        {"heading": heading, "messages": messages},
        status=status,
    )


def drilldown_href(
    key: str, month: Month, breakdown: str, part: str, *, persons: str | None = None
) -> str:
    """The drill-down's address (`persons`: its path, if already reversed)."""
    query = {"indikator": key, "maaned": month_code(month), "gruppe": breakdown, "del": part}
    return f"{persons or reverse('indicators:dashboard_persons')}?{urlencode(query)}"


def _links(persons: str | None, month: Month, key: str, cell: Cell | None) -> dict[str, str]:
    """The cell's links to the persons behind it; none without `persons` (the drill-down's
    path, given to the readers who may drill down)."""
    if cell is None or persons is None:
        return {}
    return {
        "numerator": drilldown_href(key, month, cell.breakdown, NUMERATOR, persons=persons),
        "denominator": drilldown_href(key, month, cell.breakdown, DENOMINATOR, persons=persons),
    }


@never_cache
@municipal_view(*DASHBOARD_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    today = timezone.localdate()
    assert user.municipality is not None  # noqa: S101 (municipal_view lets no one else in)
    try:
        fmt = requested_format(request)
    except UnknownFormatError:
        return _message(
            request,
            heading=_("Unknown format"),
            messages=[_("The dashboard can be downloaded as PDF, DOCX or XLSX.")],
            status=400,
        )
    data = request.GET if "aar" in request.GET else DashboardMonthForm.default_data(today)
    form = DashboardMonthForm(data, today=today)
    if not form.is_valid():
        return render(request, "indicators/dashboard.html", {"form": form}, status=400)
    month = form.cleaned_data["month"]
    assert user.municipality_id is not None  # noqa: S101
    if fmt is not None:
        board = build_dashboard(
            municipality_id=user.municipality_id,
            issuer=user.municipality.name,
            month=month,
            today=today,
        )
        return document_response(
            board.document, fmt, stem=f"dashboard-{user.municipality.slug}-{month_code(month)}"
        )
    drill = user.has_role(*DRILLDOWN_ROLES)
    body = cached_dashboard_body(
        municipality_id=user.municipality_id,
        month=month,
        today=today,
        links=drill,
        build=lambda policy, read_series: _body(user, month, today, policy, read_series),
    )
    return render(
        request,
        "indicators/dashboard.html",
        {"form": form, "body": body, "month_label": month_label(month), "drilldown": drill},
    )


def _body(
    user: User, month: Month, today: date, policy: PolicyTargets, read_series: SeriesReader
) -> str:
    """The dashboard's body below its heading: the same for every reader who may (or may
    not) drill down, so it is cached (reports/dashboard_cache.py, which gives the policy
    in force and its targets)."""
    assert user.municipality is not None  # noqa: S101
    board = build_dashboard(
        municipality_id=user.municipality.id,
        issuer=user.municipality.name,
        month=month,
        today=today,
        policy=policy,
        read_series=read_series,
    )
    # reversed once for the body's hundred-odd links
    persons = reverse("indicators:dashboard_persons") if user.has_role(*DRILLDOWN_ROLES) else None
    tiles = [(tile, _links(persons, month, tile.key, tile.cell)) for tile in board.tiles]
    rows = [
        (
            row,
            [
                (cell, _links(persons, month, row.key, cell))
                for cell in [*row.cells, *([row.total] if row.total else [])]
            ],
        )
        for row in board.rows
        if row.computed
    ]
    return render_to_string(
        "indicators/dashboard_body.html",
        {
            "board": board,
            "tiles": tiles,
            "table_rows": indicator_rows(rows),
            "month_label": month_label(month),
        },
    )


def _group_label(key: str, breakdown: str) -> str:
    return _("Total") if breakdown == TOTAL else breakdown_label(key, breakdown)


@never_cache
@municipal_view(*DRILLDOWN_ROLES, *AGGREGATE_ROLES)
def dashboard_persons(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    assert user.municipality_id is not None  # noqa: S101
    if not user.has_role(*DRILLDOWN_ROLES):
        # before reading anything: not even whether the cell exists
        return _message(
            request,
            heading=_("The persons behind the numbers are not shown to you"),
            messages=[
                _(
                    "Your role sees the indicators as aggregates only. The persons behind "
                    "a number are shown to managers and caseworkers, each for their own "
                    "departments' caseload."
                )
            ],
            status=403,
        )
    form = DrilldownForm(
        request.GET, municipality_id=user.municipality_id, today=timezone.localdate()
    )
    if not form.is_valid():
        return render(
            request,
            "indicators/dashboard_message.html",
            {
                "heading": _("The number could not be looked up"),
                "form": form,
                "messages": [],
            },
            status=400,
        )
    data = form.cleaned_data
    cell = CellRef(data["indikator"], data["maaned"], data["gruppe"], data["part"])
    part = _("numerator") if cell.part == NUMERATOR else _("denominator")
    criterion = _("indicator %(key)s, %(month)s, group %(group)s, %(part)s") % {
        "key": cell.key,
        "month": month_code(cell.month),
        "group": _group_label(cell.key, cell.breakdown),
        "part": part,
    }
    purpose = data["formaal"] or _("follow-up on an indicator")
    with transaction.atomic():
        page = drilldown_page(user=user, cell=cell, after=data["efter"])
        audit_record(actor=user, action=Action.SEARCH, search_criterion=criterion, purpose=purpose)
        base = {
            "indikator": cell.key,
            "maaned": month_code(cell.month),
            "gruppe": cell.breakdown,
            "del": cell.part,
        }
        if data["formaal"]:
            base["formaal"] = data["formaal"]
        response = render(
            request,
            "indicators/dashboard_persons.html",
            {
                "form": form,
                "page": page,
                "label": BY_KEY[cell.key].label,
                "month_label": month_label(cell.month),
                "group_label": _group_label(cell.key, cell.breakdown),
                "part": part,
                "is_denominator": cell.part == DENOMINATOR,
                "page_size": drilldown.DRILLDOWN_PAGE,
                "paged": data["efter"] is not None,
                "first_href": f"?{urlencode(base)}",
                "next_href": f"?{urlencode({**base, 'efter': str(page.next_after)})}"
                if page.next_after
                else "",
                "dashboard_href": reverse("indicators:dashboard")
                + "?"
                + urlencode({"aar": cell.month // 12, "maaned": cell.month % 12 + 1}),
                "base": base,
            },
        )
    return response
