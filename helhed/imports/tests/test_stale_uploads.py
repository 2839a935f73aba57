# SPDX-License-Identifier: MPL-2.0
"""Uploaded copies left by an import whose process died (kill -9) are removed by the next
upload, once they are older than a job lives; younger ones and other files are not."""

import os
import tempfile
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from helhed.imports.jobs import JOB_SECONDS, UPLOAD_PREFIX, stale_uploads_remove
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "tmp"
    directory.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    return directory


def _file(directory: Path, name: str, age_seconds: float) -> Path:
    path = directory / name
    path.write_text("external_id,cpr\n")
    moment = time.time() - age_seconds
    os.utime(path, (moment, moment))
    return path


def test_only_uploads_older_than_a_job_lives_are_removed(temp_dir: Path) -> None:
    stale = _file(temp_dir, f"{UPLOAD_PREFIX}gammel.csv", JOB_SECONDS + 60)
    running = _file(temp_dir, f"{UPLOAD_PREFIX}ny.csv", JOB_SECONDS - 60)
    other = _file(temp_dir, "andet-program.csv", JOB_SECONDS * 2)

    removed = stale_uploads_remove()

    assert removed == 1
    assert not stale.exists()
    assert running.exists()
    assert other.exists()


def test_the_next_upload_removes_a_crashed_import_s_copy(
    temp_dir: Path, caseworker: User, tmp_path: Path
) -> None:
    stale = _file(temp_dir, f"{UPLOAD_PREFIX}efterladt.csv", JOB_SECONDS + 60)
    client = Client()
    login_verified(client, caseworker)
    upload = SimpleUploadedFile("personer.csv", b"external_id,cpr\n")

    client.post(reverse("imports:import_page"), {"kind": "persons", "file": upload})

    assert not stale.exists()
    assert list(temp_dir.iterdir()) == []  # the new upload's copy was removed after its job
