# SPDX-License-Identifier: MPL-2.0
"""The municipality's registry as an XLSX workbook, one sheet per kind in the import's
columns, of the persons the user may see (access layer), with one export event per person.

Streamed: openpyxl's write-only mode writes each row to a temporary file as it comes, and
the persons are read in chunks, so memory does not grow with the registry. The CPR number
is masked (DDMMYY-xxxx): an export never holds one. A cell never becomes a formula, so a
name like "=HYPERLINK(...)" stays text in Excel.
"""

import uuid
from collections.abc import Iterator
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from helhed.audit.models import Action
from helhed.audit.services import audit_record_many
from helhed.citizens.access import persons_visible_to
from helhed.imports.sheets import SHEETS
from helhed.organisations.models import User

AUDIT_CHUNK = 2000


def export_file_name(*, kommunekode: str) -> str:
    """The download's name: generated, never taken from input."""
    return f"helhed-register-{kommunekode}-{timezone.localdate():%Y-%m-%d}.xlsx"


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, even when it starts with "="
    return cell


def _chunks(ids: Iterator[uuid.UUID]) -> Iterator[list[uuid.UUID]]:
    chunk: list[uuid.UUID] = []
    for pk in ids:
        chunk.append(pk)
        if len(chunk) == AUDIT_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@transaction.atomic
def registry_export(*, actor: User, file: IO[bytes]) -> int:
    """Write the workbook to `file`; returns the number of persons exported. The export
    events are written in the transaction that reads the data."""
    persons = persons_visible_to(actor)
    exported = 0
    for chunk in _chunks(persons.order_by("pk").values_list("pk", flat=True).iterator(2000)):
        exported += audit_record_many(
            actor=actor, action=Action.EXPORT, purpose=_("Export of the registry"), person_ids=chunk
        )
    workbook = Workbook(write_only=True)
    for kind, sheet in SHEETS.items():
        worksheet = workbook.create_sheet(title=kind)
        worksheet.append([_cell(worksheet, c.name) for c in sheet.columns])
        for row in sheet.export_rows(persons, actor):
            worksheet.append([_cell(worksheet, value) for value in row])
    workbook.save(file)
    return exported
