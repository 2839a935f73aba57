# SPDX-License-Identifier: MPL-2.0
"""The aggregates have no foreign key in the database (migration 0007): deleting a
municipality still deletes its aggregate rows, through Django's cascade."""

from datetime import date

import pytest

from helhed.indicators.models import IndicatorValue
from helhed.organisations.services import municipality_create

pytestmark = pytest.mark.django_db


def test_a_deleted_municipality_takes_its_aggregates_and_only_its_own() -> None:
    gone = municipality_create(kommunekode="991", name="Prøve Kommune", slug="proeve")
    kept = municipality_create(kommunekode="992", name="Anden Kommune", slug="anden")
    for municipality in (gone, kept):
        IndicatorValue.objects.create(
            municipality=municipality, key="arrivals", month=date(2024, 1, 1), numerator=3
        )

    gone.delete()

    assert list(IndicatorValue.objects.values_list("municipality_id", flat=True)) == [kept.id]
