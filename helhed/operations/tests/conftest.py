# SPDX-License-Identifier: MPL-2.0
"""A small synthetic registry with plans and rule flags, for the backup drill and the
other operational tests."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Max

from helhed.caseplans.flags import flags_sync
from helhed.caseplans.synthetic import generate_plans
from helhed.citizens.models import HousingPlacement, Person
from helhed.citizens.synthetic import generate_registry
from helhed.organisations.models import Municipality

SMALL_SCALE = 0.05


def build_registry(municipality: Municipality) -> int:
    """The synthetic registry of `municipality` at a small scale, its plans and its rule
    flags; returns the number of persons."""
    generate_registry(municipality=municipality, seed=2015, scale=SMALL_SCALE)
    generate_plans(municipality=municipality, seed=2015)
    ids = list(Person.objects.filter(municipality=municipality).values_list("id", flat=True))
    # the rules judge the registry on a day soon after its latest housing placement, when
    # some of the newest arrivals have deadlines open
    latest = HousingPlacement.objects.filter(person__municipality=municipality).aggregate(
        day=Max("placed_on")
    )["day"]
    flags_sync(person_ids=ids, today=latest + timedelta(days=20))
    return len(ids)


on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="a SQLite test; the test database is PostgreSQL"
)
