# SPDX-License-Identifier: MPL-2.0
"""`manage.py create_municipality`: creates a tenant, or says why not and creates nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from helhed.organisations.models import Municipality

pytestmark = pytest.mark.django_db


def _create(kommunekode: str, name: str, slug: str) -> str:
    out = io.StringIO()
    call_command("create_municipality", kommunekode=kommunekode, name=name, slug=slug, stdout=out)
    return out.getvalue()


def test_create_municipality_creates_the_municipality_and_says_so() -> None:
    output = _create("190", "Furesø Kommune", "furesoe")

    municipality = Municipality.objects.get()
    assert (municipality.kommunekode, municipality.name, municipality.slug) == (
        "190",
        "Furesø Kommune",
        "furesoe",
    )
    assert "Furesø Kommune" in output
    assert "190" in output


def test_create_municipality_refuses_a_duplicate_kommunekode_and_writes_nothing() -> None:
    # given
    _create("190", "Furesø Kommune", "furesoe")

    # when
    with pytest.raises(CommandError) as caught:
        _create("190", "Anden Kommune", "anden")

    # then
    assert "kommunekode:" in str(caught.value)
    assert Municipality.objects.count() == 1
    assert Municipality.objects.get().name == "Furesø Kommune"


def test_create_municipality_refuses_a_malformed_kommunekode_and_writes_nothing() -> None:
    with pytest.raises(CommandError) as caught:
        _create("19", "Testkommune", "test")

    assert "kommunekode:" in str(caught.value)
    assert not Municipality.objects.exists()
