# SPDX-License-Identifier: MPL-2.0
"""Many random (version 4) UUIDs at once, as `uuid.uuid4()` makes them, from one read of
the system's random source instead of one a UUID: the ids of an import's new rows and of
its audit events."""

import os
import uuid

# uuid.UUID(version=4)'s bits: the variant (RFC 4122) and the version.
_UUID4_KEEP = ~((0xC000 << 48) | (0xF000 << 64))
_UUID4_SET = (0x8000 << 48) | (4 << 76)


def random_uuid_ints(count: int) -> list[int]:
    """`count` version-4 UUIDs as their 128-bit integers."""
    random = os.urandom(16 * count)
    return [
        int.from_bytes(random[start : start + 16]) & _UUID4_KEEP | _UUID4_SET
        for start in range(0, 16 * count, 16)
    ]


def random_uuids(count: int) -> list[uuid.UUID]:
    """`count` version-4 UUIDs."""
    return [uuid.UUID(int=value) for value in random_uuid_ints(count)]
