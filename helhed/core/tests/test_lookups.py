# SPDX-License-Identifier: MPL-2.0
"""`__in_values` gives the rows `__in` gives, for ids, foreign keys and text."""

import uuid
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.models import Q

from helhed.citizens.models import Person, StatusSpell
from helhed.citizens.services import status_spell_add
from helhed.citizens.tests.factories import register
from helhed.core.lookups import POSTGRESQL_BATCH, SQLITE_BATCH, batch_size, in_sql
from helhed.organisations.models import User

pytestmark = pytest.mark.django_db


def same(model: Any, **lookup: object) -> list[object]:
    ((name, values),) = lookup.items()
    plain = sorted(model.objects.filter(**{f"{name}__in": values}).values_list("pk", flat=True))
    fast = sorted(
        model.objects.filter(**{f"{name}__in_values": values}).values_list("pk", flat=True)
    )
    assert fast == plain
    return fast


def test_in_values_matches_in(caseworker: User) -> None:
    persons = [register(caseworker) for _ in range(3)]
    ids = [p.pk for p in persons]
    unknown = uuid.uuid4()
    for person in persons[:2]:
        status_spell_add(actor=caseworker, person=person, kind="job", starts_on=date(2025, 1, 1))

    assert len(same(Person, pk=[ids[0], ids[2], unknown, None, ids[0]])) == 2
    assert len(same(Person, last_name=[persons[1].last_name, "nobody"])) == 1
    assert same(Person, pk=[]) == []
    assert same(Person, pk=set()) == []
    # a foreign key, through its column name and through the relation
    assert len(same(StatusSpell, person_id=ids)) == 2
    assert same(StatusSpell, person=ids[1:]) == same(StatusSpell, person_id=ids[1:])
    # an empty list inside OR and NOT: nothing matches it, the rest still does
    everyone = Person.objects.count()
    assert Person.objects.filter(Q(pk__in_values=[]) | Q(pk=ids[1])).count() == 1
    assert Person.objects.exclude(pk__in_values=[]).count() == everyone
    assert Person.objects.exclude(pk__in_values=ids[:1]).count() == everyone - 1


def test_postgresql_sends_the_values_as_one_array(caseworker: User) -> None:
    """On PostgreSQL one array parameter (`= ANY`), on SQLite a parameter per value."""
    persons = [register(caseworker) for _ in range(3)]
    ids = [p.pk for p in persons]
    sql, params = Person.objects.filter(pk__in_values=ids).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(%s)" in sql
        assert " IN (" not in sql
        assert [list(p) for p in params if isinstance(p, list)] == [ids]
    else:
        assert "IN (%s, %s, %s)" in sql
        assert "ANY" not in sql
    condition, values = in_sql('"id"', ids)
    assert values == ([ids] if connection.vendor == "postgresql" else ids)
    assert ("ANY" in condition) == (connection.vendor == "postgresql")
    assert batch_size() == (POSTGRESQL_BATCH if connection.vendor == "postgresql" else SQLITE_BATCH)
    # more values than SQLite's batch, in one condition, through the lookup
    unknown = [uuid.uuid4() for _ in range(SQLITE_BATCH + 5)]
    assert same(Person, pk=[*unknown, ids[1]]) == [ids[1]]
