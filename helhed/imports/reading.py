# SPDX-License-Identifier: MPL-2.0
"""Reading an import file row by row, never whole: CSV (UTF-8) and XLSX (openpyxl's
read-only mode, which streams the sheet's XML).

Each reader checks the header against the sheet's columns before any row, and yields
(1, the header's column names), then (row number, cells) of each row that is not blank,
with the spreadsheet's numbering (the header is row 1); for a row with more cells than the
header, the message that says so instead of its cells. A sheet's row parser, compiled once
for the header (sheets/base.py, `RowParser`), reads the cells by position.
"""

import csv
import io
import itertools
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from helhed.imports.columns import Column, as_text, is_blank
from helhed.imports.report import ImportRefusedError, Problem

# (row number, cells), or (row number, the message of a row that cannot be read)
Rows = Iterator[tuple[int, Sequence[Any] | str]]
# Told the share of the file read so far (0-100), when the reader can know it.
OnPercent = Callable[[int], None]

FORMATS = ("csv", "xlsx")


def file_format(file_name: str) -> str:
    suffix = Path(file_name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ImportRefusedError(
            [Problem(0, "", _("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))]
        )
    return suffix


def _refuse(message: str, row: int = 0, column: str = "") -> ImportRefusedError:
    return ImportRefusedError([Problem(row, column, message)])


def _not_utf8(line: int) -> ImportRefusedError:
    return _refuse(
        _(
            "The file is not UTF-8 text: row %(row)d cannot be read. In Excel, choose "
            "File > Save As and the type 'CSV UTF-8 (comma-separated) (*.csv)', then "
            "upload that file."
        )
        % {"row": line},
        row=line,
    )


def check_header(header: Sequence[Any], columns: Sequence[Column]) -> list[str]:
    """The header's column names, or a refusal naming every missing or unknown column."""
    names = [as_text(cell).lower() if not is_blank(cell) else "" for cell in header]
    while names and not names[-1]:
        names.pop()
    known = {c.name for c in columns}
    problems = [
        Problem(1, c.name, _("The required column %(name)s is missing.") % {"name": c.name})
        for c in columns
        if c.required and c.name not in names
    ]
    for name in names:
        if not name:
            problems.append(Problem(1, "", _("A column has no name in the header.")))
        elif name not in known:
            problems.append(
                Problem(
                    1,
                    name[:40],
                    _("The column %(name)s is not one of this kind's columns.")
                    % {"name": name[:40]},
                )
            )
    duplicates = sorted({n for n in names if n and names.count(n) > 1})
    problems += [
        Problem(1, n, _("The column %(name)s appears twice.") % {"name": n}) for n in duplicates
    ]
    if problems:
        raise ImportRefusedError(problems)
    return names


def _rows(numbered: Iterator[tuple[int, Sequence[Any]]], columns: Sequence[Column]) -> Rows:
    """The checked header's names as row 1, then each row that is not blank: its cells,
    or (for a row with more cells than the header) the message that says so."""
    try:
        _number, header = next(numbered)
    except StopIteration:
        raise _refuse(_("The file is empty: it has no header row.")) from None
    names = check_header(header, columns)
    yield 1, names
    width = len(names)
    for number, cells in numbered:
        # is_blank of the first cell, inlined: the common row is not blank
        first = cells[0] if cells else None
        filled = first.__class__ is str and first and not first.isspace()
        if not filled and all(is_blank(cell) for cell in cells):
            continue
        if len(cells) > width and not all(is_blank(c) for c in cells[width:]):
            yield number, _("The row has more cells than the header has columns.")
            continue
        yield number, cells


# Lines between two reports of the share of the file read.
PERCENT_EVERY = 512


def _utf8_lines(path: Path, on_percent: OnPercent | None) -> Iterator[str]:
    """The file's lines (split at \\n only, as read in binary), decoded as UTF-8 a buffer at
    a time; at the first buffer that does not decode, line by line from the last line
    given, so that the refusal names the first line that is not UTF-8."""
    size = path.stat().st_size
    given = 0
    last = -1
    with path.open("rb") as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8", newline="\n")
        try:
            for decoded in text:
                given += 1
                yield decoded.removeprefix("\ufeff") if given == 1 else decoded
                if on_percent is not None and size and given % PERCENT_EVERY == 0:
                    percent = min(100, binary.tell() * 100 // size)
                    if percent != last:
                        last = percent
                        on_percent(percent)
        except UnicodeDecodeError:
            pass
        else:
            if on_percent is not None and size and last != 100:
                on_percent(100)
            return
    with path.open("rb") as binary:
        for line, raw in enumerate(binary, start=1):
            if line <= given:
                continue
            try:
                text_line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise _not_utf8(line) from None
            yield text_line.removeprefix("\ufeff") if line == 1 else text_line
    raise _not_utf8(given + 1)  # pragma: no cover - the buffer that failed had a bad line


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def csv_rows(path: Path, columns: Sequence[Column], on_percent: OnPercent | None = None) -> Rows:
    lines = _utf8_lines(path, on_percent)
    try:
        first = next(lines)
    except StopIteration:
        raise _refuse(_("The file is empty: it has no header row.")) from None
    reader = csv.reader(itertools.chain((first,), lines), delimiter=_delimiter(first), strict=True)

    def numbered() -> Iterator[tuple[int, Sequence[Any]]]:
        last = 0  # the line the last good row ended on: a broken row starts after it
        try:
            for cells in reader:
                yield reader.line_num, cells
                last = reader.line_num
        except csv.Error:
            raise _refuse(
                _("Row %(row)d is not valid CSV (a quotation mark is not closed).")
                % {"row": last + 1},
                row=last + 1,
            ) from None

    yield from _rows(numbered(), columns)


def xlsx_rows(path: Path, columns: Sequence[Column], on_percent: OnPercent | None = None) -> Rows:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        raise _refuse(_("The file is not an Excel workbook (.xlsx) that can be read.")) from None
    try:
        sheet = workbook.worksheets[0]
        total = sheet.max_row or 0

        def numbered() -> Iterator[tuple[int, Sequence[Any]]]:
            last = -1
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, cells
                if on_percent is not None and total:
                    percent = min(100, number * 100 // total)
                    if percent != last:
                        last = percent
                        on_percent(percent)

        yield from _rows(numbered(), columns)
    finally:
        workbook.close()


def read_rows(
    path: Path, file_name: str, columns: Sequence[Column], on_percent: OnPercent | None = None
) -> Rows:
    reader = csv_rows if file_format(file_name) == "csv" else xlsx_rows
    return reader(path, columns, on_percent)
