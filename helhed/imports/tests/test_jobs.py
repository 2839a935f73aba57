# SPDX-License-Identifier: MPL-2.0
"""Import jobs: progress is recorded chunk by chunk outside the database, the background
thread imports on its own connection, a crash is recorded and writes nothing, the
uploaded copy is always removed, and a job is its owner's only."""

import shutil
import uuid
from pathlib import Path

import pytest
from django.test import override_settings

from helhed.citizens.models import Person
from helhed.imports import jobs
from helhed.imports.services import registry_import
from helhed.imports.tests.conftest import person_row, spell_row, table_counts, write_csv
from helhed.organisations.models import User


@pytest.mark.django_db
@override_settings(HELHED_IMPORT_BATCH=10)
def test_progress_is_told_after_every_chunk(caseworker: User, tmp_path: Path, imported) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        [spell_row(f"S{n}", "P1", f"{2000 + n}-01-01", f"{2000 + n}-12-31") for n in range(25)],
    )
    seen: list[tuple[int, int, int | None]] = []

    result = registry_import(
        actor=caseworker,
        kind="spells",
        path=path,
        file_name="s.csv",
        on_progress=lambda counts, percent: seen.append((counts.read, counts.written, percent)),
    )

    assert result.ok
    assert [read for read, _w, _p in seen] == [10, 20, 25, 25]
    assert [written for _r, written, _p in seen] == [10, 20, 25, 25]
    assert seen[-1][2] == 100


@pytest.mark.django_db
def test_a_job_records_its_result_and_removes_the_uploaded_copy(
    caseworker: User, persons_file: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "upload.csv"
    shutil.copy(persons_file, copy)
    job = jobs.job_create(owner=caseworker, kind="persons", file_name="personer.csv")

    jobs.job_run(job=job, actor=caseworker, path=copy, language="en")

    stored = jobs.job_for_user(user=caseworker, job_id=uuid.UUID(job.id))
    assert stored is not None
    assert (stored.state, stored.read, stored.created) == (jobs.State.DONE, 2, 2)
    assert not copy.exists()


@pytest.mark.django_db
def test_a_crashing_import_is_recorded_writes_nothing_and_removes_the_copy(
    caseworker: User, persons_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(**kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(jobs, "registry_import", crash)
    copy = tmp_path / "upload.csv"
    shutil.copy(persons_file, copy)
    job = jobs.job_create(owner=caseworker, kind="persons", file_name="personer.csv")
    before = table_counts()

    jobs.job_run(job=job, actor=caseworker, path=copy, language="en")

    stored = jobs.job_for_user(user=caseworker, job_id=uuid.UUID(job.id))
    assert stored is not None
    assert stored.state == jobs.State.CRASHED
    assert table_counts() == before
    assert not copy.exists()


@pytest.mark.django_db(transaction=True)
@override_settings(HELHED_IMPORT_BACKGROUND=True)
def test_the_background_thread_imports_on_its_own_connection(
    caseworker: User, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "p.csv", [person_row("P1", "010190-1234")])
    job = jobs.job_create(owner=caseworker, kind="persons", file_name="p.csv")

    thread = jobs.job_start(job=job, actor=caseworker, path=path, language="en")

    assert thread is not None
    thread.join(timeout=60)
    assert not thread.is_alive()
    stored = jobs.job_for_user(user=caseworker, job_id=uuid.UUID(job.id))
    assert stored is not None
    assert stored.state == jobs.State.DONE, stored
    assert Person.objects.filter(external_id="P1").exists()


@pytest.mark.django_db
def test_a_job_is_not_found_for_another_user_or_an_unknown_id(
    caseworker: User, other_department_caseworker: User
) -> None:
    job = jobs.job_create(owner=caseworker, kind="spells", file_name="s.csv")

    assert jobs.job_for_user(user=other_department_caseworker, job_id=uuid.UUID(job.id)) is None
    assert jobs.job_for_user(user=caseworker, job_id=uuid.uuid4()) is None
    assert jobs.job_for_user(user=caseworker, job_id=uuid.UUID(job.id)) is not None
