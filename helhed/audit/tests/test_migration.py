# SPDX-License-Identifier: MPL-2.0
"""Events recorded before the hash chain existed are chained by migration 0002, in the
order they were recorded, into chains that verify."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from helhed.audit.chain import GENESIS
from helhed.audit.models import AuditChainHead, AuditEvent
from helhed.audit.verification import chain_verify
from helhed.organisations.models import Municipality, User

BEFORE = [("audit", "0001_initial")]
AFTER = [("audit", "0002_audit_hash_chain")]


@pytest.mark.django_db(transaction=True)
def test_existing_events_are_chained_in_the_order_they_happened(
    caseworker: User, other_policy_officer: User, own_municipality: Municipality
) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old_event_model = old.get_model("audit", "AuditEvent")
    start = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    made = []
    for offset, actor in [
        (2, caseworker),
        (0, caseworker),
        (1, other_policy_officer),
        (1, caseworker),
    ]:
        event = old_event_model.objects.create(
            municipality_id=actor.municipality_id,
            user_id=actor.pk,
            roles="caseworker",
            action="read",
            person_id=uuid.uuid4(),
            purpose="Sagsbehandling",
        )
        # auto_now_add set the time; put it where the test wants it
        old_event_model.objects.filter(pk=event.pk).update(
            occurred_at=start + timedelta(hours=offset)
        )
        made.append((offset, event.pk, actor.municipality_id))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    own = list(AuditEvent.objects.filter(municipality=own_municipality).order_by("sequence"))
    expected_order = [pk for _, pk, m in sorted(made) if m == own_municipality.id]
    assert [e.id for e in own] == expected_order
    assert [e.sequence for e in own] == [1, 2, 3]
    assert own[0].previous_hash == GENESIS
    assert chain_verify(municipality=own_municipality).ok
    assert chain_verify(municipality=other_policy_officer.municipality).ok  # type: ignore[arg-type]
    assert AuditChainHead.objects.get(municipality=own_municipality).sequence == 3
