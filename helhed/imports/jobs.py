# SPDX-License-Identifier: MPL-2.0
"""Import jobs started from the web page: the file runs in a background thread and its
progress is kept in Django's cache, outside the database.

Outside the database because SQLite lets one connection write at a time: while the import's
transaction writes, no other connection could record progress. The cache is per process
by default (LocMemCache), so a job is seen only by the process that runs it; a deployment
with several processes needs a shared cache (CACHES, e.g. Redis or the file-based cache).
A job is visible only to the user who started it.
"""

import logging
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import translation

from helhed.imports.services import ImportResult, registry_import
from helhed.imports.sheets.base import Counts
from helhed.organisations.models import User

logger = logging.getLogger(__name__)

JOB_SECONDS = 24 * 60 * 60
# The uploaded copies an import reads, in the temporary directory (views.py).
UPLOAD_PREFIX = "helhed-import-"


class State:
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"  # the file had problems; nothing was written
    CRASHED = "crashed"  # the import itself broke; nothing was written


@dataclass
class Job:
    id: str
    owner_id: int
    kind: str
    file_name: str
    state: str = State.QUEUED
    read: int = 0
    validated: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    percent: int | None = None
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    total_problems: int = 0

    @property
    def finished(self) -> bool:
        return self.state in (State.DONE, State.FAILED, State.CRASHED)

    @property
    def written(self) -> int:
        return self.created + self.updated

    @property
    def truncated(self) -> bool:
        return self.total_problems > len(self.problems)


def _key(job_id: str) -> str:
    return f"helhed-import-job:{job_id}"


def _save(job: Job) -> None:
    cache.set(_key(job.id), asdict(job), JOB_SECONDS)


def job_create(*, owner: User, kind: str, file_name: str) -> Job:
    job = Job(id=str(uuid.uuid4()), owner_id=owner.pk, kind=kind, file_name=file_name)
    _save(job)
    return job


def job_for_user(*, user: User, job_id: uuid.UUID) -> Job | None:
    """The job, if `user` started it; None for anyone else (the same as no such job)."""
    data: dict[str, Any] | None = cache.get(_key(str(job_id)))
    if data is None or data["owner_id"] != user.pk:
        return None
    return Job(**data)


def _progress(job: Job, counts: Counts, percent: int | None) -> None:
    job.state = State.RUNNING
    job.read, job.validated = counts.read, counts.validated
    job.created, job.updated, job.unchanged = counts.created, counts.updated, counts.unchanged
    job.percent = percent
    _save(job)


def _finish(job: Job, result: ImportResult) -> None:
    _progress(job, result.counts, 100)
    job.state = State.DONE if result.ok else State.FAILED
    job.problems = [(p.row, p.column, p.message) for p in result.report.problems]
    job.total_problems = result.report.total
    _save(job)


def job_run(*, job: Job, actor: User, path: Path, language: str) -> None:
    """Run the import of `job` here and now, recording its progress; the file is removed."""
    try:
        with translation.override(language):
            result = registry_import(
                actor=actor,
                kind=job.kind,
                path=path,
                file_name=job.file_name,
                on_progress=lambda counts, percent: _progress(job, counts, percent),
            )
        _finish(job, result)
    except Exception:
        logger.exception("Import job %s crashed", job.id)
        job.state = State.CRASHED
        _save(job)
    finally:
        path.unlink(missing_ok=True)


def stale_uploads_remove(*, now: float | None = None) -> int:
    """Remove uploaded copies that a process which died during its import left behind
    (kill -9, a power cut: its `finally` never ran): those in the temporary directory that
    are older than a job lives. Returns how many were removed."""
    cutoff = (time.time() if now is None else now) - JOB_SECONDS
    removed = 0
    for path in Path(tempfile.gettempdir()).glob(f"{UPLOAD_PREFIX}*"):
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # removed meanwhile by another process's sweep
            continue
    return removed


def job_start(*, job: Job, actor: User, path: Path, language: str) -> threading.Thread | None:
    """Start the import of `job`: in a background thread (returned), or (with
    HELHED_IMPORT_BACKGROUND off, as in the tests) in the caller's thread."""
    if not settings.HELHED_IMPORT_BACKGROUND:
        job_run(job=job, actor=actor, path=path, language=language)
        return None

    def work() -> None:
        try:
            job_run(job=job, actor=actor, path=path, language=language)
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, name=f"import-{job.id}", daemon=True)
    thread.start()
    return thread
