# SPDX-License-Identifier: MPL-2.0
"""The text of a download, for tests: what a reader of the PDF, DOCX or XLSX would see."""

import io

from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader


def download_text(fmt: str, content: bytes) -> str:
    if fmt == "pdf":
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    if fmt == "docx":
        word = WordDocument(io.BytesIO(content))
        parts = [p.text for p in word.paragraphs]
        for table in word.tables:
            for row in table.rows:
                parts.append("\t".join(cell.text for cell in row.cells))
        return "\n".join(parts)
    workbook = load_workbook(io.BytesIO(content))
    parts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts.append("\t".join("" if v is None else str(v) for v in row))
    return "\n".join(parts)


def xlsx_cells(content: bytes) -> list[list[object]]:
    """Every row of every sheet, the cells' values as stored (numbers as numbers)."""
    workbook = load_workbook(io.BytesIO(content))
    return [list(row) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
