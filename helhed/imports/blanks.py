# SPDX-License-Identifier: MPL-2.0
"""The downloadable templates: a header-only CSV file and XLSX workbook per kind."""

import csv
import io

from openpyxl import Workbook

from helhed.imports.sheets import SHEETS


def template_csv(kind: str) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerow([c.name for c in SHEETS[kind].columns])
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has a sheet
    sheet.title = kind
    sheet.append([c.name for c in SHEETS[kind].columns])
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()
