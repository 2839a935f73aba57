# SPDX-License-Identifier: MPL-2.0
"""The dashboard's table rows written in Python are the markup the template they replaced
wrote, tag for tag, in Danish and English: every unit, a value that cannot be computed, a
label to escape, with and without links, and an indicator without cells."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy

from helhed.indicators.dashboard_rows import indicator_rows
from helhed.indicators.selectors import Cell, IndicatorRow

# the loop of templates/indicators/dashboard_body.html before indicators/dashboard_rows.py
TEMPLATE = Template(
    """{% load i18n %}
  {% for row, cells in rows %}
    {% for cell, links in cells %}
    <tr>
      {% if forloop.first %}<th scope="row" rowspan="{{ cells|length }}">{{ row.label }}</th>{% endif %}
      <td>{{ cell.label }}</td>
      <td class="text-align-right">{% if links %}<a href="{{ links.numerator }}">{{ cell.numerator }}</a>{% else %}{{ cell.numerator }}{% endif %}</td>
      <td class="text-align-right">{% if links %}<a href="{{ links.denominator }}">{{ cell.denominator }}</a>{% else %}{{ cell.denominator }}{% endif %}</td>
      <td class="text-align-right">{% include "indicators/includes/value.html" with cell=cell %}</td>
    </tr>
    {% empty %}
    <tr><th scope="row">{{ row.label }}</th><td colspan="4">{% translate "No data for the period." %}</td></tr>
    {% endfor %}
  {% endfor %}"""  # noqa: E501
)


def tags(html: str) -> str:
    """The markup without the whitespace between tags (the template's indentation) and
    before a cell's end (the include of the value ended with a line break)."""
    return re.sub(r"\s+</td>", "</td>", re.sub(r">\s+<", "><", html.strip()))


def links(n: int) -> dict[str, str]:
    return {
        "numerator": f"/app/indikatorer/dashboard/personer/?indikator=k&gruppe={n}&del=taeller",
        "denominator": f"/app/indikatorer/dashboard/personer/?indikator=k&gruppe={n}&del=naevner",
    }


ROWS = [
    (
        IndicatorRow("share", gettext_lazy("Self-support"), "percent", True),
        [
            (Cell("a", "Mænd", 9, 20, "percent"), links(1)),
            (Cell("b", "Kvinder <& \"'", 1, 3, "percent"), links(2)),
            (Cell("c", "I alt", 0, 0, "percent"), {}),
            (Cell("d", "Store tal", 12345, 67890, "percent"), {}),
        ],
    ),
    (
        IndicatorRow("days", gettext_lazy("Median time to the first job"), "days", True),
        [
            (Cell("e", "I alt", 14, 14, "days", median=182.5), links(3)),
            (Cell("f", "Ingen", 0, 0, "days", median=None), {}),
        ],
    ),
    (
        IndicatorRow("count", gettext_lazy("Arrivals"), "persons", True),
        [(Cell("g", "Kvote", 1234, 1234, "persons"), links(4))],
    ),
    (IndicatorRow("empty", gettext_lazy("Leisure <association>"), "percent", True), []),
]


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_rows_are_the_templates_markup(language: str) -> None:
    with translation.override(language):
        expected = TEMPLATE.render(Context({"rows": ROWS}))
        written = indicator_rows(ROWS)
    assert tags(written) == tags(expected)
    # and it says something: every row, escaped, the units' text
    assert tags(written).count("<tr>") == 8
    assert "Kvinder &lt;&amp; &quot;&#x27;" in written
    assert "Leisure &lt;association&gt;" in written
    assert ("182,5" if language == "da" else "182.5") not in written  # days: no decimals
    assert ("45,0 %" if language == "da" else "45.0 %") in written


def test_a_page_without_rows_has_none() -> None:
    assert indicator_rows([]) == ""
