# SPDX-License-Identifier: MPL-2.0
"""`canonical_of_many` (the bulk writer's canonical text) gives exactly `canonical`'s text:
any difference would make every bulk-written event fail the chain's verification."""

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helhed.audit.chain import canonical, canonical_of_many

TEXT = st.text(max_size=40)  # every code point: quotes, backslashes, controls, non-ASCII
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5))])


@given(
    municipality=st.uuids(),
    at=st.datetimes(min_value=datetime(2000, 1, 1), timezones=ZONES),  # noqa: DTZ001 - naive bounds, aware values
    user=st.integers(min_value=1, max_value=10**12) | st.text(min_size=1, max_size=10),
    roles=TEXT,
    action=TEXT,
    search=TEXT,
    purpose=TEXT,
    events=st.lists(
        st.tuples(st.uuids(), st.none() | st.uuids(), st.integers(min_value=0, max_value=2**62)),
        max_size=5,
    ),
)
def test_the_bulk_text_is_canonicals_text(
    municipality: uuid.UUID,
    at: datetime,
    user: int | str,
    roles: str,
    action: str,
    search: str,
    purpose: str,
    events: list[tuple[uuid.UUID, uuid.UUID | None, int]],
) -> None:
    text = canonical_of_many(
        municipality_id=municipality,
        occurred_at=at,
        user_id=user,
        roles=roles,
        action=action,
        search_criterion=search,
        purpose=purpose,
    )
    for event_id, person_id, sequence in events:
        assert text(event_id, person_id, sequence) == canonical(
            id=event_id,
            municipality_id=municipality,
            sequence=sequence,
            occurred_at=at,
            user_id=user,
            roles=roles,
            action=action,
            person_id=person_id,
            search_criterion=search,
            purpose=purpose,
        )


def _text() -> object:
    return canonical_of_many(
        municipality_id=uuid.uuid4(),
        occurred_at=datetime(2026, 12, 7, tzinfo=UTC),
        user_id=1,
        roles="caseworker",
        action="update",
        search_criterion="",
        purpose="Import",
    )


ID = uuid.UUID("0b8e0e8e-7d3a-4c55-9a51-2f0d8b8f3c11")


@pytest.mark.parametrize(
    ("event_id", "person_id", "sequence"),
    [
        ('"}, "x": "', ID, 1),  # text that would end the JSON string early
        (ID, str(ID), 1),
        (ID, None, True),
        (ID, None, 1.0),
    ],
    ids=["id-as-text", "person-as-text", "sequence-bool", "sequence-float"],
)
def test_anything_but_uuids_and_an_int_is_refused(
    event_id: object, person_id: object, sequence: object
) -> None:
    with pytest.raises(TypeError):
        _text()(event_id, person_id, sequence)  # type: ignore[operator]


def test_a_naive_time_is_refused_as_canonical_refuses_it() -> None:
    with pytest.raises(ValueError, match="aware"):
        canonical_of_many(
            municipality_id=uuid.uuid4(),
            occurred_at=datetime(2026, 12, 7),  # noqa: DTZ001 - the case under test
            user_id=1,
            roles="",
            action="read",
            search_criterion="",
            purpose="",
        )
