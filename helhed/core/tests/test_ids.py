# SPDX-License-Identifier: MPL-2.0
"""Random UUIDs made many at once are version-4 UUIDs like uuid.uuid4()'s."""

import uuid

from helhed.core.ids import random_uuid_ints, random_uuids


def test_random_uuids_are_distinct_version_4_uuids() -> None:
    ids = random_uuids(1000)

    assert len(set(ids)) == 1000
    assert all(isinstance(u, uuid.UUID) for u in ids)
    assert {(u.version, u.variant) for u in ids} == {(4, uuid.RFC_4122)}
    assert random_uuids(0) == []


def test_the_integers_are_the_uuids_bits() -> None:
    values = random_uuid_ints(200)

    assert {(uuid.UUID(int=v).version, uuid.UUID(int=v).variant) for v in values} == {
        (4, uuid.RFC_4122)
    }
    # 122 random bits: the halves vary (a constant half would be a broken source)
    assert len({v >> 64 for v in values}) == 200
    assert len({v & (2**64 - 1) for v in values}) == 200
