# SPDX-License-Identifier: MPL-2.0
import uuid

import pytest
from django.urls import NoReverseMatch, reverse

from helhed.core.links import links_by_id


def test_each_link_is_what_reverse_gives() -> None:
    ids = [uuid.uuid4() for _ in range(5)]
    links = links_by_id("caseplans:person_plan", "person_id", ids)
    assert links == {
        each: reverse("caseplans:person_plan", kwargs={"person_id": each}) for each in ids
    }


def test_an_unknown_argument_is_refused_as_reverse_refuses_it() -> None:
    with pytest.raises(NoReverseMatch):
        links_by_id("caseplans:person_plan", "household_id", [uuid.uuid4()])
