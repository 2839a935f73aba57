# SPDX-License-Identifier: MPL-2.0
"""The monthly overview as a publishable report kind (docs/adr/0030, ADR 0027).

The params name a year and the month whose end the figures are taken at; a recomputation
for a revision is of the same months, so it shows corrections only. What is published is
always the disclosure-controlled overview (all its tables protected at once), whether it is
for a committee or the public: both are outside the staff. A municipality's overviews are
one series: each publication and revision is protected together with every version
published before it (docs/adr/0048, 0049), those of other years too, since an overview
repeats the year before's arrivals.
"""

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhed.indicators.definitions.base import month_end, month_start
from helhed.indicators.disclosure import Released
from helhed.indicators.reports.kinds import Built, ReportKind
from helhed.indicators.reports.month_params import MonthParamsForm, default_params, params_month
from helhed.indicators.reports.monthly_overview import (
    overview_counts,
    released_overview_document,
)
from helhed.organisations.models import Municipality
from helhed.reports.document import Document

KEY = "monthly_overview"


class OverviewParamsForm(MonthParamsForm):
    """The overview's year, counted up to the end of a month of it that has ended."""


SERIES = "overview"


def series(_params: dict[str, Any]) -> str:
    """Every overview of the municipality: a year's overview repeats the year before's
    arrivals tables, so the years are linked one to the next (docs/adr/0049)."""
    return SERIES


def build(municipality: Municipality, params: dict[str, Any], audience: str) -> Document:
    """The overview of the year up to the end of the month `params` name, protected."""
    return build_linked(municipality, params, audience, ()).document


def build_linked(
    municipality: Municipality,
    params: dict[str, Any],
    audience: str,
    previous: Sequence[Released],
) -> Built:
    """The overview protected together with every version published before it in its
    series (docs/adr/0048, 0049)."""
    as_of = timezone.now()
    month = params_month(params)
    first = month_start(month)
    year = first.year
    # the overview counts up to and including its `today`: the month's last day
    last_day = month_end(month)
    counts = overview_counts(municipality_id=municipality.id, year=year, today=last_day)
    if counts.empty:
        raise ValidationError(
            {
                "aar": _(
                    "There are no arrivals, education levels or housing placements registered "
                    "in %(municipality)s for %(year)s, so there is no overview to publish."
                )
                % {"municipality": municipality.name, "year": year}
            }
        )
    document, released = released_overview_document(
        counts, municipality_name=municipality.name, as_of=as_of, previous=previous
    )
    note = _("Figures up to and including %(month)s.") % {"month": date_format(first, "F Y")}
    return Built(replace(document, notes=[note, *document.notes]), released)


KIND = ReportKind(
    key=KEY,
    label=gettext_lazy("Monthly overview"),
    build=build,
    form=OverviewParamsForm,
    description=gettext_lazy(
        "The three tables of the monthly overview (arrivals by type, education level of the "
        "year's arrivals, permanent housing placements) for a year, up to the end of a month."
    ),
    initial=lambda _municipality, today: default_params(today),
    build_linked=build_linked,
    series=series,
)
