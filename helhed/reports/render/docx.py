# SPDX-License-Identifier: MPL-2.0
"""A Document as DOCX (python-docx), for the municipality's case and meeting systems.

Word has no SVG: a chart is given as its table, under the chart's title (the PDF has the
picture). Numbers are formatted for the language as on the page."""

import io

import docx
from django.utils.translation import gettext as _
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from helhed.reports.document import Chart, Document, Paragraph, Section, Table, Terms
from helhed.reports.render.numbers import as_of_text, display


def _table(word: WordDocument, table: Table) -> None:
    caption = word.add_paragraph(table.caption)
    caption.style = word.styles["Caption"]
    grid = word.add_table(rows=1, cols=len(table.columns))
    grid.style = word.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = column.label
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for number, row in enumerate(table.rows):
        cells = grid.add_row().cells
        for cell, value, column in zip(cells, row, table.columns, strict=True):
            cell.text = display(value, column)
            paragraph = cell.paragraphs[0]
            if column.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if number in table.emphasised_rows:
                for run in paragraph.runs:
                    run.bold = True
    for note in table.footnotes:
        word.add_paragraph(note).runs[0].font.size = Pt(8)


def _section(word: WordDocument, section: Section, level: int) -> None:
    word.add_heading(section.heading, level=min(level, 9))
    for block in section.blocks:
        if isinstance(block, Paragraph):
            for text in block.text.split("\n\n"):
                if text:
                    word.add_paragraph(text)
        elif isinstance(block, Terms):
            for term, text in block.items:
                word.add_paragraph().add_run(term).bold = True
                word.add_paragraph(text)
        elif isinstance(block, Table):
            _table(word, block)
        elif isinstance(block, Chart):
            _table(word, block.table())
            note = word.add_paragraph(_("The chart of these numbers is in the PDF edition."))
            note.runs[0].font.size = Pt(8)
    for child in section.sections:
        _section(word, child, level + 1)


def render_docx(document: Document) -> bytes:
    word = docx.Document()
    word.core_properties.title = document.title
    word.core_properties.author = document.issuer
    if document.issuer:
        word.add_paragraph(document.issuer)
    word.add_heading(document.title, level=0)
    if document.subtitle:
        word.add_paragraph(document.subtitle)
    if document.data_as_of:
        word.add_paragraph(_("Data as of %(when)s.") % {"when": as_of_text(document.data_as_of)})
    for section in document.sections:
        _section(word, section, 1)
    for note in document.notes:
        word.add_paragraph(note).runs[0].font.size = Pt(8)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
