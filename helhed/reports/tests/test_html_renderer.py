# SPDX-License-Identifier: MPL-2.0
"""The HTML of a Document is written in Python (render/html.py) and is byte for byte what
the templates it replaced wrote (kept in reference_templates/, rendered here with the
context they were given): every kind of block, escaping, lazy texts, hidden cells,
emphasised rows, every heading level, with and without notes and date, in both
languages (a real follow-up report and dashboard: indicators/tests/test_report_html.py)."""

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from django.template import Context, Engine
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from helhed.reports.document import (
    Block,
    Chart,
    Column,
    Document,
    Hidden,
    Paragraph,
    Section,
    Series,
    Table,
    Terms,
)
from helhed.reports.render.html import render_html
from helhed.reports.render.numbers import display
from helhed.reports.render.svg import chart_svg
from helhed.reports.tests.samples import sample_document

ENGINE = Engine(
    dirs=[str(Path(__file__).parent / "reference_templates")],
    libraries={"i18n": "django.templatetags.i18n"},
)


# --- the templates' context, as render/html.py built it before -------------------------


def _table_context(table: Table) -> dict[str, Any]:
    return {
        "caption": table.caption,
        "columns": table.columns,
        "rows": [
            {
                "emphasised": number in table.emphasised_rows,
                "head": {"text": display(row[0], table.columns[0])},
                "cells": [
                    {"text": display(value, column), "numeric": column.numeric}
                    for value, column in zip(row[1:], table.columns[1:], strict=True)
                ],
            }
            for number, row in enumerate(table.rows)
        ],
        "footnotes": table.footnotes,
    }


def _block_context(block: Block, counter: list[int], prefix: str) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "paragraphs": [p for p in block.text.split("\n\n") if p]}
    if isinstance(block, Terms):
        return {"type": "terms", "items": block.items}
    if isinstance(block, Table):
        return {"type": "table", "table": _table_context(block)}
    assert isinstance(block, Chart)
    counter[0] += 1
    return {
        "type": "chart",
        "svg": mark_safe(chart_svg(block, element_id=f"{prefix}-{counter[0]}")),  # noqa: S308
        "table": _table_context(block.table()),
    }


def _section_context(section: Section, level: int, counter: list[int], prefix: str) -> Any:
    return {
        "heading": section.heading,
        "level": min(level, 6),
        "blocks": [_block_context(b, counter, prefix) for b in section.blocks],
        "sections": [_section_context(s, level + 1, counter, prefix) for s in section.sections],
    }


def reference_html(document: Document, *, first_level: int = 2, id_prefix: str = "chart") -> str:
    counter = [0]
    sections = [_section_context(s, first_level, counter, id_prefix) for s in document.sections]
    template = ENGINE.get_template("reports/document.html")
    return template.render(Context({"document": document, "sections": sections}))


def assert_same(document: Document, **options: Any) -> None:
    assert str(render_html(document, **options)) == reference_html(document, **options)


# --- documents -------------------------------------------------------------------------


def lazy(text: str) -> str:
    """A lazy translation where a Document takes a text (the templates took either)."""
    return cast(str, gettext_lazy(text))


def awkward_document() -> Document:
    """Text that must be escaped, text already safe, lazy texts, a hidden cell, an empty
    table, a section with nothing in it, sections nested past level 6."""
    deep = Section("Niveau 7", blocks=[Paragraph("dybt")])
    for level in (6, 5, 4, 3):
        deep = Section(f"Niveau {level}", sections=[deep])
    return Document(
        title="<Titel> & \"citat\" 'enkelt'",
        issuer="A & B",
        data_as_of=datetime(2026, 6, 30, 22, 5, tzinfo=UTC),  # 1 July in Copenhagen
        notes=[lazy("Total"), "<b>fed</b>"],
        sections=[
            Section(
                lazy("Status"),
                blocks=[
                    Paragraph("a < b && c > d\n\n\n\n\"e\" 'f'"),
                    Terms(
                        [
                            (lazy("Month"), "<i>x</i>"),
                            ("Ø", ""),
                            ("Sikker", mark_safe("<b>allerede escaped &amp;</b>")),
                        ]
                    ),
                    Table(
                        caption="Tabel <1>",
                        columns=[
                            Column(lazy("Indicator")),
                            Column("Antal", "count"),
                            Column("Tal", "number", 2),
                            Column("Andel", "percent", 1),
                            Column("Tekst", "text"),
                        ],
                        rows=[
                            ["<række>", 1234567, 3.14159, 99.95, "a&b"],
                            [Hidden("<5"), Hidden("skjult"), None, 0.05, 12],
                            ["", 0, -1.005, None, None],
                        ],
                        footnotes=["Fodnote & mere", lazy("Share")],
                        emphasised_rows=frozenset({0, 2}),
                    ),
                    Table(caption="Tom", columns=[Column("Kun")], rows=[]),
                ],
            ),
            Section("Intet"),
            deep,
            Section(
                "Grafer",
                blocks=[
                    Chart(
                        title="Søjler <&>",
                        x_label="Måned",
                        y_label="Personer",
                        unit="personer",
                        categories=["jan. 2026", "feb. 2026"],
                        series=[Series("Ankomne", [3.0, None])],
                        kind="bar",
                    )
                ],
            ),
        ],
    )


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("first_level", [1, 2, 3])
def test_the_sample_document_is_written_as_the_templates_wrote_it(
    language: str, first_level: int
) -> None:
    with translation.override(language):
        assert_same(sample_document(), first_level=first_level, id_prefix="chart-ab12cd34")


@pytest.mark.parametrize("language", ["da", "en"])
def test_escaping_lazy_texts_hidden_cells_and_deep_sections_are_written_the_same(
    language: str,
) -> None:
    with translation.override(language):
        assert_same(awkward_document())
        assert_same(awkward_document(), first_level=5)


def test_a_document_without_date_or_notes_is_written_the_same() -> None:
    with translation.override("da"):
        assert_same(replace(awkward_document(), data_as_of=None, notes=[]))
        assert_same(Document(title="Tom", sections=[]))
