# SPDX-License-Identifier: MPL-2.0
"""The rows of the dashboard's table of every indicator, written in Python.

The table has a row for every cell of every indicator (a hundred-odd), each with its
links to the persons behind it. Written by the template engine it took a third of the
body's first view after a change (a loop, an include and a filter per cell); written here
it is the same markup, tag for tag (``tests/test_dashboard_rows.py`` renders the template
it replaced beside it, in Danish and English), escaped by ``format_html``.
"""

from collections.abc import Sequence

from django.template.defaultfilters import floatformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from helhed.indicators.selectors import Cell, IndicatorRow
from helhed.reports.render.numbers import NO_VALUE

Links = dict[str, str]


def value_text(cell: Cell) -> str:
    """The cell's value as ``includes/value.html`` writes it."""
    value = cell.value
    if value is None:
        return NO_VALUE
    if cell.unit == "percent":
        return f"{floatformat(value, 1)} %"
    if cell.unit == "days":
        return _("%(days)s days") % {"days": floatformat(value, 0)}
    return str(floatformat(value, 0))


def _part(count: int, href: str | None) -> SafeString:
    if href is None:
        return format_html("{}", count)
    return format_html('<a href="{}">{}</a>', href, count)


def _cell_row(row: IndicatorRow, span: int, first: bool, cell: Cell, links: Links) -> SafeString:
    heading = (
        format_html('<th scope="row" rowspan="{}">{}</th>', span, row.label)
        if first
        else mark_safe("")
    )
    return format_html(
        "<tr>{}<td>{}</td>"
        '<td class="text-align-right">{}</td>'
        '<td class="text-align-right">{}</td>'
        '<td class="text-align-right">{}</td></tr>',
        heading,
        cell.label,
        _part(cell.numerator, links.get("numerator")),
        _part(cell.denominator, links.get("denominator")),
        value_text(cell),
    )


def indicator_rows(rows: Sequence[tuple[IndicatorRow, Sequence[tuple[Cell, Links]]]]) -> SafeString:
    """The table body's rows: each indicator's cells (with their links), or a row that says
    the indicator has no data for the period."""
    parts: list[SafeString] = []
    for row, cells in rows:
        if not cells:
            parts.append(
                format_html(
                    '<tr><th scope="row">{}</th><td colspan="4">{}</td></tr>',
                    row.label,
                    _("No data for the period."),
                )
            )
            continue
        parts.extend(
            _cell_row(row, len(cells), index == 0, cell, links)
            for index, (cell, links) in enumerate(cells)
        )
    return format_html_join("\n", "{}", ((part,) for part in parts))
