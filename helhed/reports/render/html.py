# SPDX-License-Identifier: MPL-2.0
"""A Document as an HTML fragment for a page of the app and for the PDF.

Written in Python rather than through templates: a report has a table cell for every
number, and the template engine's cost per cell was a large part of building the
follow-up page and the dashboard (docs/adr/0046-first-view-of-report-pages.md). The
output is byte for byte what the templates gave (kept in `tests/reference_templates/` and
compared in `tests/test_html_renderer.py`). Every text is escaped as the template engine
escapes it (`_text`); only the chart's SVG, built from numbers and escaped text in
svg.py, goes in as it is."""

import html
import secrets
from typing import Any

from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # (the {{ }} conversion, missing in the stubs)
from django.utils.translation import gettext as _

from helhed.reports.document import Block, Chart, Document, Paragraph, Section, Table, Terms
from helhed.reports.render.numbers import display
from helhed.reports.render.svg import chart_svg

_CONTEXT = Context(autoescape=True)


def _text(value: Any) -> str:
    """`value` as `{{ value }}` writes it in a template (localised, escaped)."""
    if type(value) is str:  # not a SafeString: escaped as django.utils.html.escape does
        return html.escape(value)
    return str(render_value_in_context(value, _CONTEXT))


def _table(table: Table) -> str:
    columns = table.columns
    out = [
        '<div class="table--responsive-scroll">\n'
        '<table class="table table--zebra helhed-report-table">\n'
        f"  <caption>{_text(table.caption)}</caption>\n"
        "  <thead><tr>"
    ]
    for column in columns:
        numeric = ' class="text-align-right"' if column.numeric else ""
        out.append(f'<th scope="col"{numeric}>{_text(column.label)}</th>')
    out.append("</tr></thead>\n  <tbody>\n  ")
    cells = [(column, ' class="text-align-right"' if column.numeric else "") for column in columns]
    first = columns[0]
    for number, row in enumerate(table.rows):
        emphasised = ' class="helhed-emphasised"' if number in table.emphasised_rows else ""
        out.append(f'<tr{emphasised}><th scope="row">{_text(display(row[0], first))}</th>')
        for value, (column, numeric) in zip(row[1:], cells[1:], strict=True):
            out.append(f"<td{numeric}>{_text(display(value, column))}</td>")
        out.append("</tr>\n  ")
    out.append("\n  </tbody>\n</table>\n</div>\n")
    out.extend(f'<p class="font-size-sm">{_text(note)}</p>' for note in table.footnotes)
    out.append("\n")
    return "".join(out)


def _block(block: Block, counter: list[int], id_prefix: str) -> str:
    if isinstance(block, Paragraph):
        paragraphs = (p for p in block.text.split("\n\n") if p)
        return "".join(f'<p class="helhed-prose">{_text(p)}</p>' for p in paragraphs) + "\n"
    if isinstance(block, Terms):
        items = "".join(
            f'<dt>{_text(term)}</dt><dd class="helhed-prose">{_text(text)}</dd>'
            for term, text in block.items
        )
        return f'<dl class="helhed-terms">{items}</dl>\n'
    if isinstance(block, Table):
        return _table(block) + "\n"
    if not isinstance(block, Chart):  # pragma: no cover (Block is a closed union)
        raise TypeError(block)
    counter[0] += 1
    svg = chart_svg(block, element_id=f"{id_prefix}-{counter[0]}")  # escaped in svg.py
    return f'<figure class="helhed-figure">{svg}\n{_table(block.table())}</figure>\n'


def _section(section: Section, level: int, counter: list[int], id_prefix: str) -> str:
    shown = min(level, 6)
    tag = f"h{shown}" if 2 <= shown <= 5 else "h6"  # as the template wrote it, level 1 too
    blocks = "".join(f"\n{_block(b, counter, id_prefix)}\n" for b in section.blocks)
    children = "".join(_section(s, level + 1, counter, id_prefix) for s in section.sections)
    return (
        '<section class="helhed-document-section">\n'
        f"<{tag}>{_text(section.heading)}</{tag}>\n{blocks}\n{children}\n</section>\n"
    )


def unique_id_prefix() -> str:
    """A prefix for the element ids of one document's charts that no other document on
    the same page has (two documents, or two charts with the same title, share a page)."""
    return f"chart-{secrets.token_hex(4)}"


def render_html(
    document: Document, *, first_level: int = 2, id_prefix: str = "chart"
) -> SafeString:
    """The document's body (no title: the page has its own heading). Its charts' element
    ids are `id_prefix`-1, -2, ... (with -title and -desc): a page that shows more than
    one document gives each its own prefix (`unique_id_prefix`)."""
    counter = [0]
    out = ['<div class="helhed-document">\n']
    if document.data_as_of:
        when = _text(date_format(template_localtime(document.data_as_of), "j. F Y H:i"))
        out.append(
            '<p class="helhed-document-as-of">'
            + _("Data as of %(when)s.") % {"when": when}
            + "</p>"
        )
    out.append("\n")
    out.extend(_section(s, first_level, counter, id_prefix) for s in document.sections)
    out.append("\n")
    if document.notes:
        notes = "".join(f'<p class="font-size-sm">{_text(note)}</p>' for note in document.notes)
        out.append(f'<div class="helhed-document-notes">{notes}</div>')
    out.append("\n</div>\n")
    return mark_safe("".join(out))  # noqa: S308 (every text escaped by _text, the SVG in svg.py)
