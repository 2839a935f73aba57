# SPDX-License-Identifier: MPL-2.0
"""The bulk operations' larger SQLite page cache holds inside its block and is undone after."""

import pytest
from django.db import connection

from helhed.core.sqlite_cache import larger_sqlite_cache

pytestmark = pytest.mark.django_db


def _cache_size(schema: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {schema}.cache_size")
        return int(cursor.fetchone()[0])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a pragma of SQLite only")
def test_the_cache_is_larger_inside_and_as_before_after() -> None:
    main_before, temp_before = _cache_size("main"), _cache_size("temp")
    with larger_sqlite_cache(kib=4096, temp_kib=8192):
        assert _cache_size("main") == -4096
        assert _cache_size("temp") == -8192
    assert (_cache_size("main"), _cache_size("temp")) == (main_before, temp_before)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a pragma of SQLite only")
def test_the_cache_is_restored_when_the_block_fails() -> None:
    before = _cache_size("main")
    with pytest.raises(RuntimeError), larger_sqlite_cache(kib=4096):
        raise RuntimeError("the bulk operation failed")
    assert _cache_size("main") == before
