# SPDX-License-Identifier: MPL-2.0
"""The demo's hearing on Furesø's policy, loaded once."""

import pytest

from helhed.demo.hearings import load_demo_hearings
from helhed.demo.loader import load_demo
from helhed.hearings.models import Hearing, Source
from helhed.policies.models import Status

pytestmark = pytest.mark.django_db


def test_the_demo_records_furesoes_hearing_with_the_council_and_the_dialogue_meeting() -> None:
    load_demo()
    load_demo_hearings()
    load_demo_hearings()  # a second run creates nothing
    hearing = Hearing.objects.get()
    assert hearing.version.policy.municipality.slug == "furesoe"
    assert hearing.version.status == Status.ADOPTED  # the demo's policy went on to adoption
    assert hearing.opens_at.isoformat() == "2018-08-06T22:00:00+00:00"
    sources = set(hearing.responses.values_list("source", flat=True))
    assert sources == {Source.DIALOGUE_MEETING, Source.INTEGRATION_COUNCIL, Source.ONLINE}
    assert all(r.dispositions.exists() for r in hearing.responses.all())
