# SPDX-License-Identifier: MPL-2.0
"""`insert_plain` writes what the ORM reads back, whatever the values hold, on SQLite
(executemany) and PostgreSQL (COPY)."""

import uuid
from datetime import date, datetime
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from helhed.citizens.models import Person, StatusSpell
from helhed.citizens.tests.factories import register
from helhed.core import plain_writes
from helhed.core.plain_writes import insert_plain
from helhed.organisations.models import User

pytestmark = pytest.mark.django_db

COLUMNS = ("id", "created_at", "updated_at", "person_id", "external_id", "kind",
           "benefit_name", "starts_on", "ends_on")  # fmt: skip


def _row(person: Person, n: int, benefit: str, ends_on: date | None, at: datetime) -> list[Any]:
    ops = connection.ops
    native = connection.features.has_native_uuid_field

    def key(value: uuid.UUID) -> Any:
        return value if native else value.hex

    return [
        key(uuid.uuid4()),
        ops.adapt_datetimefield_value(at),
        ops.adapt_datetimefield_value(at),
        key(person.pk),
        f"PW-{n}",
        "benefit",
        benefit,
        ops.adapt_datefield_value(date(2020, 1, 1 + n)),
        None if ends_on is None else ops.adapt_datefield_value(ends_on),
    ]


def test_rows_are_read_back_as_written(caseworker: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plain_writes, "BATCH", 2)  # three batches on SQLite
    person = register(caseworker)
    at = timezone.now().replace(microsecond=123456)
    # text a COPY must escape: a tab, a newline, a backslash, a quote, "\N" and non-ASCII
    texts = ["Tab\there", "Line\nbreak", "Back\\slash", "It's \\N", "Førtidspension æøå"]
    rows = [
        _row(person, n, text, None if n % 2 else date(2020, 2, 1 + n), at)
        for n, text in enumerate(texts)
    ]
    with transaction.atomic():
        insert_plain(StatusSpell._meta.db_table, COLUMNS, iter(rows))
    stored = {s.external_id: s for s in StatusSpell.objects.filter(external_id__startswith="PW-")}
    assert sorted(stored) == [f"PW-{n}" for n in range(len(texts))]
    for n, text in enumerate(texts):
        spell = stored[f"PW-{n}"]
        assert spell.benefit_name == text
        assert spell.person_id == person.pk
        assert spell.starts_on == date(2020, 1, 1 + n)
        assert spell.ends_on == (None if n % 2 else date(2020, 2, 1 + n))
        assert spell.created_at == at


def test_no_rows_write_nothing(caseworker: User) -> None:
    before = StatusSpell.objects.count()
    with transaction.atomic():
        insert_plain(StatusSpell._meta.db_table, COLUMNS, [])
    assert StatusSpell.objects.count() == before


def test_a_bad_row_writes_none_of_them(caseworker: User) -> None:
    person = register(caseworker)
    at = timezone.now()
    good = _row(person, 1, "Kontanthjælp", None, at)
    bad = _row(person, 2, "Kontanthjælp", None, at)
    bad[5] = None  # kind is NOT NULL
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017,PT011 - the driver's own error
        insert_plain(StatusSpell._meta.db_table, COLUMNS, [good, bad])
    assert not StatusSpell.objects.filter(external_id__startswith="PW-").exists()
