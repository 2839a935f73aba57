# SPDX-License-Identifier: MPL-2.0
"""Importing a file of one kind into the registry: all of it, or none of it.

The file is read as a stream in chunks; each chunk is validated and its good rows written
inside one transaction for the whole file. When the file has any problem, the transaction
is rolled back at the end and the report says what to correct; nothing is written. The
same file imported again changes nothing (rows are matched by external id).

Who may import: a caseworker, into the caseload of their own departments (the rule of the
registry's services). Facts are imported only for persons in the importer's caseload.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhed.citizens.changes import persons_changed
from helhed.citizens.shared_reads import reads_shared
from helhed.core.sqlite_cache import larger_sqlite_cache
from helhed.imports.reading import Rows, read_rows
from helhed.imports.report import ImportRefusedError, Problem, Report, mask_cpr_like
from helhed.imports.sheets import SHEETS
from helhed.imports.sheets.base import Counts, ImportContext, Row, RowParser
from helhed.organisations.models import Role, User

OnProgress = Callable[[Counts, int | None], None]
MEGABYTE = 1024 * 1024
# Persons whose rule flags are recomputed per round at the end of an import.
FLAGS_BATCH = 2000
# SQLite's page cache during an import (its default is 2 MB): an import touches the
# facts' table and indexes, the temporary keys, the audit events and the indicators in
# turn, and with the default cache it reads the same pages again and again. Bounded, and
# counted in the import's peak memory (docs/benchmarks.md).
SQLITE_CACHE_KIB = 128 * 1024
# The same for the temporary key table (staging.py), whose pages SQLite otherwise writes
# to a temporary file and reads back once past its 2 MB default: ~40 bytes a key of the
# file, so this holds the keys of ~1M rows before it spills.
SQLITE_TEMP_CACHE_KIB = 64 * 1024


@dataclass
class ImportResult:
    kind: str
    file_name: str
    counts: Counts
    report: Report
    refused: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.report


class _RollBackError(Exception):
    """The file had problems: undo every row written."""


def display_name(file_name: str) -> str:
    """The uploaded file's name as audit purposes and pages show it: the last path part,
    printable, short, and never with a CPR number in it."""
    name = re.split(r"[\\/]", file_name)[-1]
    name = "".join(ch for ch in name if ch.isprintable())[:100]
    return mask_cpr_like(name) or "?"


def size_problem(size: int) -> Problem | None:
    limit = int(settings.HELHED_IMPORT_MAX_BYTES)
    if size <= limit:
        return None
    return Problem(
        0,
        "",
        _("The file is %(size)s MB; files up to %(limit)s MB can be imported. Split it in parts.")
        % {"size": f"{size / MEGABYTE:.1f}", "limit": f"{limit / MEGABYTE:.0f}"},
    )


def _chunks(rows: Rows, ctx: ImportContext, kind: str) -> Iterator[list[Row]]:
    _header, names = next(rows)  # the reader checked it
    parse = RowParser(SHEETS[kind].columns, names)
    batch = int(settings.HELHED_IMPORT_BATCH)
    counts = ctx.counts
    chunk: list[Row] = []
    for number, cells in rows:
        counts.read += 1
        if cells.__class__ is str:  # the reader's message: the row cannot be read
            ctx.problem(number, "", str(cells))
        else:
            row = parse(number, cells, ctx)
            if row is not None:
                chunk.append(row)
        if counts.read % batch == 0:
            yield chunk
            chunk = []
    yield chunk


def registry_import(
    *,
    actor: User,
    kind: str,
    path: Path,
    file_name: str,
    on_progress: OnProgress | None = None,
) -> ImportResult:
    """Import the file at `path` (uploaded as `file_name`) of `kind` (a key of SHEETS)."""
    if actor.municipality_id is None or not actor.has_role(Role.CASEWORKER):
        raise PermissionDenied
    sheet = SHEETS[kind]
    name = display_name(file_name)
    report = Report()
    ctx = ImportContext(
        actor=actor,
        purpose=_("Import %(file)s") % {"file": name},
        report=report,
        today=timezone.localdate(),
    )
    result = ImportResult(kind, name, ctx.counts, report)
    percent: list[int | None] = [None]

    def tell() -> None:
        if on_progress is not None:
            on_progress(ctx.counts, percent[0])

    def on_percent(value: int) -> None:
        percent[0] = value

    try:
        too_big = size_problem(path.stat().st_size)
        if too_big is not None:
            raise ImportRefusedError([too_big])
        cache = larger_sqlite_cache(kib=SQLITE_CACHE_KIB, temp_kib=SQLITE_TEMP_CACHE_KIB)
        with cache, transaction.atomic():
            ctx.seen.create()
            rows = read_rows(path, file_name, sheet.columns, on_percent)
            for chunk in _chunks(rows, ctx, kind):
                ctx.start_chunk(chunk)
                sheet.process(chunk, ctx)
                ctx.counts.validated += len(chunk) - len(ctx.bad_rows & {r.number for r in chunk})
                tell()
                if report.full:
                    break
            if report:
                raise _RollBackError
            # The holistic plan's rule flags and the indicators follow the written facts,
            # once per person at the end (not per chunk: a person's rows may span chunks),
            # in this transaction; they read each batch's facts once between them.
            for person_ids in ctx.written(FLAGS_BATCH):
                with reads_shared():
                    persons_changed(person_ids, sheet.changes)
            ctx.seen.drop()
    except _RollBackError:
        pass
    except ImportRefusedError as refusal:
        result.refused = True
        for problem in refusal.problems:
            report.add(problem.row, problem.column, problem.message)
    if report:
        ctx.counts.created = ctx.counts.updated = ctx.counts.unchanged = 0
        report.problems.sort(key=lambda p: p.row)
    tell()
    return result
