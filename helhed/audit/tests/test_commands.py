# SPDX-License-Identifier: MPL-2.0
"""`audit_verify` and `audit_chain_head`: a sound chain exits 0; a tampered one exits
non-zero naming the first bad event; an exported head catches a cut-off end."""

import json
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from helhed.audit.models import Action, AuditChainHead, AuditEvent
from helhed.audit.services import audit_record
from helhed.organisations.models import Municipality, User

pytestmark = pytest.mark.django_db


def record(actor: User, n: int) -> list[AuditEvent]:
    with transaction.atomic():
        return [
            audit_record(
                actor=actor, action=Action.READ, purpose="Sagsbehandling", person_id=uuid.uuid4()
            )
            for _ in range(n)
        ]


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def tamper(event: AuditEvent) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(AuditEvent._meta.db_table)} "  # noqa: S608
            "SET purpose = %s WHERE id = %s",
            ["Skjult", AuditEvent._meta.pk.get_db_prep_value(event.id, connection)],
        )


def test_a_sound_log_verifies_and_says_so(caseworker: User, other_policy_officer: User) -> None:
    record(caseworker, 3)
    record(other_policy_officer, 1)

    output = run("audit_verify")

    assert "190 Furesø Kommune: 1 events, the chain is intact." in output
    assert "615 Horsens Kommune: 3 events, the chain is intact." in output


def test_a_tampered_event_fails_verification_and_is_named(caseworker: User) -> None:
    events = record(caseworker, 3)
    tamper(events[1])

    with pytest.raises(CommandError) as raised:
        run("audit_verify")

    assert "615 Horsens Kommune" in str(raised.value)
    assert f"Event 2 ({events[1].id}) was altered" in str(raised.value)


def test_one_municipality_can_be_verified_alone(
    caseworker: User, other_policy_officer: User
) -> None:
    tamper(record(caseworker, 2)[0])
    record(other_policy_officer, 1)

    output = run("audit_verify", "--municipality", "190")

    assert "190 Furesø Kommune: 1 events" in output
    assert "615" not in output
    with pytest.raises(CommandError):
        run("audit_verify", "--municipality", "615")


def test_an_unknown_municipality_is_refused(own_municipality: Municipality) -> None:
    with pytest.raises(CommandError, match="No municipality has the kommunekode 999"):
        run("audit_verify", "--municipality", "999")


def test_the_heads_are_exported_as_json(caseworker: User, tmp_path: Path) -> None:
    events = record(caseworker, 2)
    target = tmp_path / "heads.json"

    output = run("audit_chain_head", "--output", str(target))

    assert "Wrote 1 chain heads" in output
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["heads"] == [
        {
            "municipality": "615",
            "sequence": 2,
            "hash": events[1].hash,
            "time": events[1].occurred_at.isoformat(),
        }
    ]
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_the_heads_go_to_stdout_without_output(caseworker: User) -> None:
    record(caseworker, 1)

    assert json.loads(run("audit_chain_head"))["heads"][0]["sequence"] == 1


def test_an_output_into_a_missing_folder_is_refused(caseworker: User, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        run("audit_chain_head", "--output", str(tmp_path / "nowhere" / "heads.json"))


def test_verification_against_exported_heads_catches_a_cut_off_end(
    caseworker: User, own_municipality: Municipality, tmp_path: Path
) -> None:
    events = record(caseworker, 4)
    heads = tmp_path / "heads.json"
    run("audit_chain_head", "--output", str(heads))
    assert "intact" in run("audit_verify", "--against", str(heads))

    AuditEvent.objects.filter(sequence__gt=2).delete()
    AuditChainHead.objects.update(sequence=2, hash=events[1].hash)

    assert "intact" in run("audit_verify")
    with pytest.raises(CommandError, match="exported head 4 is no longer in the chain"):
        run("audit_verify", "--against", str(heads))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "is not a JSON file"),
        ('{"heads": [{"municipality": 615}]}', "is not an export of chain heads"),
        ("[1, 2]", "is not an export of chain heads"),
    ],
)
def test_a_bad_heads_file_is_refused_clearly(
    own_municipality: Municipality, tmp_path: Path, content: str, message: str
) -> None:
    heads = tmp_path / "heads.json"
    heads.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError, match=message):
        run("audit_verify", "--against", str(heads))


def test_a_missing_heads_file_is_refused_clearly(
    own_municipality: Municipality, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        run("audit_verify", "--against", str(tmp_path / "absent.json"))
