# SPDX-License-Identifier: MPL-2.0
"""The hash chain: every event is numbered and linked in its municipality's chain, and
the verifier catches every tampering done behind Helhed's back (raw SQL)."""

import itertools
import uuid
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from helhed.audit.chain import GENESIS, canonical, link_hash
from helhed.audit.models import Action, AuditChainHead, AuditCheckpoint, AuditEvent
from helhed.audit.services import audit_chain_checkpoint, audit_record, audit_record_many
from helhed.audit.verification import chain_verify, heads_check, heads_export
from helhed.organisations.models import Municipality, User

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


def record(actor: User, n: int = 1) -> list[AuditEvent]:
    with transaction.atomic():
        return [
            audit_record(
                actor=actor, action=Action.READ, purpose="Sagsbehandling", person_id=uuid.uuid4()
            )
            for _ in range(n)
        ]


def record_many(actor: User, n: int) -> None:
    with transaction.atomic():
        audit_record_many(
            actor=actor,
            action=Action.EXPORT,
            purpose="Udtræk",
            person_ids=[uuid.uuid4() for _ in range(n)],
        )


def raw(sql: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{t}", connection.ops.quote_name(TABLE)), params)


def db_id(event: AuditEvent) -> Any:
    return AuditEvent._meta.pk.get_db_prep_value(event.id, connection)


def chain(municipality: Municipality) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(municipality=municipality).order_by("sequence"))


def test_events_are_numbered_from_one_and_each_links_to_the_one_before(
    caseworker: User, own_municipality: Municipality
) -> None:
    record(caseworker, 3)

    events = chain(own_municipality)
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[0].previous_hash == GENESIS
    assert events[1].previous_hash == events[0].hash
    assert events[2].previous_hash == events[1].hash
    for event in events:
        text = canonical(
            id=event.id,
            municipality_id=event.municipality_id,
            sequence=event.sequence,
            occurred_at=event.occurred_at,
            user_id=event.user_id,
            roles=event.roles,
            action=event.action,
            person_id=event.person_id,
            search_criterion=event.search_criterion,
            purpose=event.purpose,
        )
        assert event.hash == link_hash(event.previous_hash, text)
    head = AuditChainHead.objects.get(municipality=own_municipality)
    assert (head.sequence, head.hash) == (3, events[2].hash)


def test_each_municipality_has_its_own_chain(
    caseworker: User, other_policy_officer: User, own_municipality: Municipality
) -> None:
    record(caseworker, 2)
    record(other_policy_officer, 1)
    record(caseworker, 1)

    assert [e.sequence for e in chain(own_municipality)] == [1, 2, 3]
    other = chain(other_policy_officer.municipality)  # type: ignore[arg-type]
    assert [e.sequence for e in other] == [1]
    assert other[0].previous_hash == GENESIS


def test_a_bulk_write_continues_the_chain_and_moves_the_head_once(
    caseworker: User, own_municipality: Municipality
) -> None:
    record(caseworker, 1)

    with transaction.atomic(), CaptureQueriesContext(connection) as context:
        audit_record_many(
            actor=caseworker,
            action=Action.EXPORT,
            purpose="Udtræk",
            person_ids=[uuid.uuid4() for _ in range(400)],
        )

    head_table = AuditChainHead._meta.db_table
    head_queries = [q["sql"] for q in context.captured_queries if head_table in q["sql"]]
    assert len(head_queries) == 2  # lock it once, move it once
    assert head_queries[1].startswith("UPDATE")

    events = chain(own_municipality)
    assert [e.sequence for e in events] == list(range(1, 402))
    assert all(b.previous_hash == a.hash for a, b in itertools.pairwise(events))
    assert chain_verify(municipality=own_municipality).ok


def test_a_bulk_write_of_nobody_writes_nothing(
    caseworker: User, own_municipality: Municipality
) -> None:
    with transaction.atomic():
        assert (
            audit_record_many(actor=caseworker, action=Action.READ, purpose="x", person_ids=[]) == 0
        )

    assert AuditEvent.objects.count() == 0


def test_a_bulk_write_with_an_unknown_action_is_refused(caseworker: User) -> None:
    with pytest.raises(Exception, match="Unknown audit action"), transaction.atomic():
        audit_record_many(actor=caseworker, action="delete", purpose="x", person_ids=[uuid.uuid4()])

    assert AuditEvent.objects.count() == 0
    assert AuditChainHead.objects.count() == 0


def test_a_clean_chain_verifies(caseworker: User, own_municipality: Municipality) -> None:
    record(caseworker, 3)
    record_many(caseworker, 5)
    record(caseworker, 2)

    report = chain_verify(municipality=own_municipality)

    assert report.ok, report.problem
    assert report.events == 10
    assert report.head_sequence == 10


def test_an_empty_chain_verifies(own_municipality: Municipality) -> None:
    report = chain_verify(municipality=own_municipality)

    assert report.ok
    assert report.events == 0


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("purpose", "Noget helt andet"),
        ("action", "update"),
        ("roles", "administrator"),
        ("search_criterion", "CPR 010101-xxxx"),
    ],
)
def test_an_altered_field_is_caught_and_the_event_named(
    caseworker: User, own_municipality: Municipality, column: str, value: str
) -> None:
    events = record(caseworker, 5)

    raw(f"UPDATE {{t}} SET {column} = %s WHERE id = %s", value, db_id(events[2]))  # noqa: S608

    report = chain_verify(municipality=own_municipality)
    assert not report.ok
    assert report.bad_sequence == 3
    assert report.bad_event_id == events[2].id
    assert "altered" in report.problem
    assert str(events[2].id) in report.problem


def test_an_altered_person_is_caught(caseworker: User, own_municipality: Municipality) -> None:
    events = record(caseworker, 3)
    other_person = AuditEvent._meta.get_field("person_id").get_db_prep_value(
        uuid.uuid4(), connection
    )

    raw("UPDATE {t} SET person_id = %s WHERE id = %s", other_person, db_id(events[0]))

    report = chain_verify(municipality=own_municipality)
    assert report.bad_sequence == 1
    assert "altered" in report.problem


def test_an_altered_time_is_caught(caseworker: User, own_municipality: Municipality) -> None:
    events = record(caseworker, 3)
    earlier = events[1].occurred_at.replace(year=2020)
    value = AuditEvent._meta.get_field("occurred_at").get_db_prep_value(earlier, connection)

    raw("UPDATE {t} SET occurred_at = %s WHERE id = %s", value, db_id(events[1]))

    report = chain_verify(municipality=own_municipality)
    assert report.bad_sequence == 2
    assert "altered" in report.problem


def test_an_altered_user_is_caught(
    caseworker: User, manager: User, own_municipality: Municipality
) -> None:
    events = record(caseworker, 2)

    raw("UPDATE {t} SET user_id = %s WHERE id = %s", manager.pk, db_id(events[1]))

    assert chain_verify(municipality=own_municipality).bad_sequence == 2


def test_a_deleted_event_is_caught(caseworker: User, own_municipality: Municipality) -> None:
    events = record(caseworker, 5)

    raw("DELETE FROM {t} WHERE id = %s", db_id(events[2]))

    report = chain_verify(municipality=own_municipality)
    assert not report.ok
    assert report.bad_sequence == 4
    assert "missing" in report.problem


def test_a_deleted_newest_event_is_caught_by_the_head(
    caseworker: User, own_municipality: Municipality
) -> None:
    events = record(caseworker, 3)

    raw("DELETE FROM {t} WHERE id = %s", db_id(events[2]))

    report = chain_verify(municipality=own_municipality)
    assert not report.ok
    assert "ends at event 2" in report.problem


def test_deleted_oldest_events_without_a_checkpoint_are_caught(
    caseworker: User, own_municipality: Municipality
) -> None:
    record(caseworker, 4)

    raw("DELETE FROM {t} WHERE sequence <= 2")

    report = chain_verify(municipality=own_municipality)
    assert not report.ok
    assert report.bad_sequence == 3
    assert "missing" in report.problem


def test_a_deleted_event_with_the_rest_renumbered_is_caught(
    caseworker: User, own_municipality: Municipality
) -> None:
    events = record(caseworker, 4)

    raw("DELETE FROM {t} WHERE id = %s", db_id(events[1]))
    raw("UPDATE {t} SET sequence = sequence - 1 WHERE sequence > 2")

    report = chain_verify(municipality=own_municipality)
    assert report.bad_sequence == 2
    assert report.bad_event_id == events[2].id


def test_two_swapped_events_are_caught(caseworker: User, own_municipality: Municipality) -> None:
    events = record(caseworker, 5)

    raw("UPDATE {t} SET sequence = 1000 WHERE id = %s", db_id(events[1]))
    raw("UPDATE {t} SET sequence = 2 WHERE id = %s", db_id(events[2]))
    raw("UPDATE {t} SET sequence = 3 WHERE id = %s", db_id(events[1]))

    report = chain_verify(municipality=own_municipality)
    assert not report.ok
    assert report.bad_sequence == 2
    assert report.bad_event_id == events[2].id
    assert "does not follow" in report.problem


def test_an_inserted_event_is_caught(caseworker: User, own_municipality: Municipality) -> None:
    events = record(caseworker, 4)
    forged = AuditEvent(
        municipality=own_municipality,
        user=caseworker,
        roles="caseworker",
        action=Action.READ,
        purpose="Sagsbehandling",
        sequence=3,
        occurred_at=events[1].occurred_at,
        previous_hash=events[1].hash,
    )
    forged.hash = link_hash(
        forged.previous_hash,
        canonical(
            id=forged.id,
            municipality_id=own_municipality.id,
            sequence=3,
            occurred_at=forged.occurred_at,
            user_id=caseworker.pk,
            roles="caseworker",
            action=Action.READ,
            person_id=None,
            search_criterion="",
            purpose="Sagsbehandling",
        ),
    )

    # make room behind event 2 and put the forged event there, with a correct link
    raw("UPDATE {t} SET sequence = sequence + 100 WHERE sequence > 2")
    raw("UPDATE {t} SET sequence = sequence - 99 WHERE sequence > 100")
    forged.save(force_insert=True)

    report = chain_verify(municipality=own_municipality)
    assert not report.ok
    assert report.bad_sequence == 4
    assert report.bad_event_id == events[2].id


def test_an_event_added_behind_the_head_is_caught(
    caseworker: User, own_municipality: Municipality
) -> None:
    events = record(caseworker, 2)
    AuditChainHead.objects.filter(municipality=own_municipality).update(
        sequence=1, hash=events[0].hash
    )

    report = chain_verify(municipality=own_municipality)

    assert not report.ok
    assert "head says 1" in report.problem


def test_a_cut_off_end_is_caught_by_an_exported_head(
    caseworker: User, own_municipality: Municipality
) -> None:
    events = record(caseworker, 4)
    exported = heads_export()
    assert exported == [
        {
            "municipality": "615",
            "sequence": 4,
            "hash": events[3].hash,
            "time": events[3].occurred_at.isoformat(),
        }
    ]

    # the end cut off and the head moved back: the chain alone looks sound
    raw("DELETE FROM {t} WHERE sequence > 2")
    AuditChainHead.objects.filter(municipality=own_municipality).update(
        sequence=2, hash=events[1].hash
    )

    assert chain_verify(municipality=own_municipality).ok
    problems = heads_check(exported=exported)
    assert len(problems) == 1
    assert "615" in problems[0]
    assert "4" in problems[0]


def test_an_exported_head_still_in_the_chain_passes(
    caseworker: User, own_municipality: Municipality
) -> None:
    record(caseworker, 2)
    exported = heads_export()
    record(caseworker, 3)

    assert heads_check(exported=exported) == []


def test_an_exported_head_whose_event_was_altered_is_caught(
    caseworker: User, own_municipality: Municipality
) -> None:
    record(caseworker, 2)
    exported = heads_export()
    raw("UPDATE {t} SET hash = %s WHERE sequence = 2", "f" * 64)

    assert heads_check(exported=exported) == [
        "Municipality 615: event 2 no longer has the exported hash."
    ]


def test_oldest_events_deleted_behind_a_checkpoint_still_verify(
    caseworker: User, own_municipality: Municipality
) -> None:
    record(caseworker, 5)
    exported = heads_export()

    with transaction.atomic():
        checkpoint = audit_chain_checkpoint(municipality_id=own_municipality.id, through_sequence=3)
        AuditEvent.objects.filter(municipality=own_municipality, sequence__lte=3).delete()
    record(caseworker, 1)

    assert (checkpoint.sequence, checkpoint.deleted) == (3, 3)
    report = chain_verify(municipality=own_municipality)
    assert report.ok, report.problem
    assert report.events == 3
    assert heads_check(exported=exported) == []


def test_a_checkpoint_does_not_excuse_a_later_gap(
    caseworker: User, own_municipality: Municipality
) -> None:
    record(caseworker, 6)
    with transaction.atomic():
        audit_chain_checkpoint(municipality_id=own_municipality.id, through_sequence=2)
        AuditEvent.objects.filter(municipality=own_municipality, sequence__lte=2).delete()

    raw("DELETE FROM {t} WHERE sequence = 3")

    report = chain_verify(municipality=own_municipality)
    assert not report.ok
    assert report.bad_sequence == 4


def test_a_forged_checkpoint_hash_is_caught(
    caseworker: User, own_municipality: Municipality
) -> None:
    record(caseworker, 4)
    with transaction.atomic():
        audit_chain_checkpoint(municipality_id=own_municipality.id, through_sequence=2)
        AuditEvent.objects.filter(municipality=own_municipality, sequence__lte=2).delete()

    AuditCheckpoint.objects.update(hash="e" * 64)

    report = chain_verify(municipality=own_municipality)
    assert report.bad_sequence == 3
    assert "does not follow" in report.problem


def test_a_whole_chain_deleted_behind_a_checkpoint_verifies(
    caseworker: User, own_municipality: Municipality
) -> None:
    record(caseworker, 3)
    with transaction.atomic():
        audit_chain_checkpoint(municipality_id=own_municipality.id, through_sequence=3)
        AuditEvent.objects.filter(municipality=own_municipality).delete()

    assert chain_verify(municipality=own_municipality).ok


def test_a_checkpoint_needs_an_existing_event(
    caseworker: User, own_municipality: Municipality
) -> None:
    record(caseworker, 2)

    with pytest.raises(ValueError, match="no event 7"), transaction.atomic():
        audit_chain_checkpoint(municipality_id=own_municipality.id, through_sequence=7)

    assert AuditCheckpoint.objects.count() == 0
