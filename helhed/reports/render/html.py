# SPDX-License-Identifier: MPL-2.0
"""A Document as an HTML fragment for a page of the app and for the PDF.

Text is escaped by the template engine; only the chart's SVG, built here from numbers
and escaped text, is marked safe."""

import secrets
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from helhed.reports.document import Block, Chart, Document, Hidden, Paragraph, Section, Table, Terms
from helhed.reports.render.numbers import display
from helhed.reports.render.svg import chart_svg


@dataclass(frozen=True)
class HtmlCell:
    text: str
    numeric: bool
    hidden: bool


def table_context(table: Table) -> dict[str, Any]:
    return {
        "caption": table.caption,
        "columns": table.columns,
        "rows": [
            {
                "emphasised": number in table.emphasised_rows,
                "head": HtmlCell(display(row[0], table.columns[0]), False, False),
                "cells": [
                    HtmlCell(display(value, column), column.numeric, isinstance(value, Hidden))
                    for value, column in zip(row[1:], table.columns[1:], strict=True)
                ],
            }
            for number, row in enumerate(table.rows)
        ],
        "footnotes": table.footnotes,
    }


def _block(block: Block, counter: list[int], id_prefix: str) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "paragraphs": [p for p in block.text.split("\n\n") if p]}
    if isinstance(block, Terms):
        return {"type": "terms", "items": block.items}
    if isinstance(block, Table):
        return {"type": "table", "table": table_context(block)}
    if not isinstance(block, Chart):  # pragma: no cover (Block is a closed union)
        raise TypeError(block)
    counter[0] += 1
    return {
        "type": "chart",
        "svg": mark_safe(chart_svg(block, element_id=f"{id_prefix}-{counter[0]}")),  # noqa: S308 (escaped in svg.py)
        "table": table_context(block.table()),
    }


def _section(section: Section, level: int, counter: list[int], id_prefix: str) -> dict[str, Any]:
    return {
        "heading": section.heading,
        "level": min(level, 6),
        "blocks": [_block(b, counter, id_prefix) for b in section.blocks],
        "sections": [_section(s, level + 1, counter, id_prefix) for s in section.sections],
    }


def document_context(
    document: Document, *, first_level: int = 2, id_prefix: str = "chart"
) -> dict[str, Any]:
    counter = [0]
    return {
        "document": document,
        "sections": [_section(s, first_level, counter, id_prefix) for s in document.sections],
    }


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
    html = render_to_string(
        "reports/document.html",
        document_context(document, first_level=first_level, id_prefix=id_prefix),
    )
    return mark_safe(html)  # noqa: S308 (rendered by the template engine, which escapes)
