# SPDX-License-Identifier: MPL-2.0
"""Concurrent writers never fork a chain or reuse a sequence number.

On PostgreSQL the chain head row is locked with SELECT ... FOR UPDATE; this test runs
real concurrent transactions on separate connections, so it needs PostgreSQL. On SQLite
BEGIN IMMEDIATE lets one writer in at a time (docs/adr/0003-databases.md), and the
in-memory test database is not shared safely between threads.
"""

import threading
import uuid

import pytest
from django.db import connection, connections, transaction

from helhed.audit.models import Action, AuditEvent
from helhed.audit.services import audit_record, audit_record_many
from helhed.audit.verification import chain_verify
from helhed.organisations.models import Municipality, User

WRITERS = 6
EACH = 15

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent transactions on separate connections (PostgreSQL)",
)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain(
    caseworker: User, own_municipality: Municipality
) -> None:
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(bulk: bool) -> None:
        try:
            start.wait()
            for _ in range(EACH):
                with transaction.atomic():
                    if bulk:
                        audit_record_many(
                            actor=caseworker,
                            action=Action.EXPORT,
                            purpose="Udtræk",
                            person_ids=[uuid.uuid4(), uuid.uuid4()],
                        )
                    else:
                        audit_record(actor=caseworker, action=Action.READ, purpose="Læsning")
        except BaseException as error:  # reported by the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(i % 2 == 0,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    expected = (WRITERS // 2) * EACH * 2 + (WRITERS - WRITERS // 2) * EACH
    sequences = list(
        AuditEvent.objects.filter(municipality=own_municipality)
        .order_by("sequence")
        .values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, expected + 1))
    report = chain_verify(municipality=own_municipality)
    assert report.ok, report.problem
