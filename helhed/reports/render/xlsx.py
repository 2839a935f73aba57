# SPDX-License-Identifier: MPL-2.0
"""A Document as XLSX (openpyxl): a front sheet with the document's text, then one sheet
per table and per chart, numbers as numbers (so they can be computed on), a hidden cell
as its label, and a native chart on a chart's sheet."""

import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from helhed.reports.document import Chart, Document, Hidden, Paragraph, Section, Table, Terms
from helhed.reports.render.numbers import as_of_text

FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FORMATS = {"count": "#,##0", "number": "#,##0", "percent": "0"}


def _sheet_name(number: int, caption: str, taken: set[str]) -> str:
    name = f"{number} {FORBIDDEN.sub(' ', caption)}"[:31].strip()
    while name in taken:  # pragma: no cover (the number makes names unique)
        name = name[:-1]
    taken.add(name)
    return name


def _number_format(kind: str, decimals: int) -> str:
    if kind == "count" or decimals == 0:
        return FORMATS.get(kind, "General")
    return ("#,##0." if kind != "percent" else "0.") + "0" * decimals


def _write_table(sheet: Worksheet, table: Table) -> None:
    sheet.append([table.caption])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([c.label for c in table.columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for number, row in enumerate(table.rows):
        values: list[object] = []
        for value in row:
            if isinstance(value, Hidden):
                values.append(value.label)
            elif value is None:
                values.append(None)
            else:
                values.append(value if isinstance(value, str) else float(value))
        sheet.append(values)
        for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
            if column.numeric and isinstance(cell.value, float):
                cell.number_format = _number_format(column.kind, column.decimals)
            if number in table.emphasised_rows:
                cell.font = Font(bold=True)
    for note in table.footnotes:
        sheet.append([note])
    sheet.column_dimensions["A"].width = max([12, *(len(str(r[0] or "")) + 2 for r in table.rows)])


def _add_chart(sheet: Worksheet, chart: Chart) -> None:
    drawing = BarChart() if chart.kind == "bar" else LineChart()
    drawing.title = chart.title
    drawing.x_axis.title = chart.x_label
    drawing.y_axis.title = f"{chart.y_label} ({chart.unit})"
    last = 2 + len(chart.categories)
    data = Reference(sheet, min_col=2, max_col=1 + len(chart.series), min_row=2, max_row=last)
    drawing.add_data(data, titles_from_data=True)
    drawing.set_categories(Reference(sheet, min_col=1, min_row=3, max_row=last))
    drawing.width, drawing.height = 18, 9
    sheet.add_chart(drawing, f"{chr(ord('A') + len(chart.series) + 2)}2")


def _front(sheet: Worksheet, document: Document) -> None:
    sheet.title = _("Report")[:31]
    sheet.append([document.issuer])
    sheet.append([document.title])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=14)
    if document.subtitle:
        sheet.append([document.subtitle])
    if document.data_as_of:
        sheet.append([_("Data as of %(when)s.") % {"when": as_of_text(document.data_as_of)}])

    def walk(section: Section) -> None:
        sheet.append([])
        sheet.append([section.heading])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                for text in block.text.split("\n\n"):
                    sheet.append([text])
                    sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True)
            elif isinstance(block, Terms):
                for term, text in block.items:
                    sheet.append([term, text])
            elif isinstance(block, Table | Chart):
                caption = block.caption if isinstance(block, Table) else block.title
                sheet.append([_("Table: %(caption)s (its own sheet)") % {"caption": caption}])
        for child in section.sections:
            walk(child)

    for section in document.sections:
        walk(section)
    for note in document.notes:
        sheet.append([note])
    sheet.column_dimensions["A"].width = 100


def render_xlsx(document: Document) -> bytes:
    book = Workbook()
    front = book.active
    if not isinstance(front, Worksheet):  # pragma: no cover (a new workbook has one sheet)
        raise TypeError(front)
    _front(front, document)
    taken = {front.title}
    number = 0

    def walk(section: Section) -> None:
        nonlocal number
        for block in section.blocks:
            if isinstance(block, Table | Chart):
                number += 1
                table = block if isinstance(block, Table) else block.table()
                sheet = book.create_sheet(_sheet_name(number, table.caption, taken))
                _write_table(sheet, table)
                if isinstance(block, Chart):
                    _add_chart(sheet, block)
        for child in section.sections:
            walk(child)

    for section in document.sections:
        walk(section)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
