# SPDX-License-Identifier: MPL-2.0
"""The shared timeline's registry facts (arrivals, placements, programmes, Danish
education), read in one statement: each kind with its text, in its model's order."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helhed.caseplans.selectors import shared_timeline, timeline_facts
from helhed.citizens import services as registry
from helhed.citizens.models import Arrival, ArrivalSource, Locality, Person
from helhed.citizens.tests.factories import register
from helhed.organisations.models import User

pytestmark = pytest.mark.django_db


def _everything(actor: User) -> Person:
    person = register(actor, first_name="Amal", last_name="Haddad", arrived_on=date(2024, 3, 1))
    Arrival.objects.create(
        person=person,
        arrived_on=date(2023, 5, 2),
        source=ArrivalSource.ASYLUM,
        in_target_group=True,
        target_group_reason="Asyl",
    )
    Locality.objects.get_or_create(municipality_id=person.municipality_id, name="Gedved")
    for placed_on, permanent in ((date(2024, 6, 1), True), (date(2024, 3, 5), False)):
        registry.housing_placement_add(
            actor=actor,
            person=person,
            locality_name="Gedved",
            permanent=permanent,
            placed_on=placed_on,
        )
    registry.programme_enrolment_add(
        actor=actor,
        person=person,
        kind="introduction",
        starts_on=date(2024, 3, 1),
        ends_on=date(2024, 12, 31),
    )
    registry.danish_education_add(
        actor=actor,
        person=person,
        track="du2",
        module=4,
        referred_on=date(2024, 3, 10),
        test="pd2",
        test_passed_on=date(2025, 6, 20),
    )
    return person


def test_every_kind_of_fact_is_on_the_timeline_in_its_models_order(caseworker: User) -> None:
    person = _everything(caseworker)
    other = register(caseworker, first_name="Omar", last_name="Haddad")

    with CaptureQueriesContext(connection) as queries:
        events = timeline_facts([person, other])

    assert len(queries) == 1
    amal = [(e.day, e.text) for e in events if e.subject == "Amal Haddad"]
    programme = person.programmes.get().get_kind_display()
    assert amal == [
        # arrivals newest first, the others oldest first, as the models order them
        (date(2024, 3, 1), f"Kom til kommunen: {ArrivalSource.QUOTA_REFUGEE.label}"),
        (date(2023, 5, 2), f"Kom til kommunen: {ArrivalSource.ASYLUM.label}"),
        (date(2024, 3, 5), "Boligplaceret i Gedved (midlertidig)"),
        (date(2024, 6, 1), "Boligplaceret i Gedved (permanent)"),
        (date(2024, 3, 1), f"Startede i {programme}"),
        (date(2024, 12, 31), f"Afsluttede {programme}"),
        (date(2024, 3, 10), f"Henvist til {person.danish.get().get_track_display()}"),
        (date(2025, 6, 20), "Bestod Prøve i Dansk 2"),
    ]
    assert [e.text for e in events if e.subject == "Omar Haddad"] == [
        f"Kom til kommunen: {ArrivalSource.QUOTA_REFUGEE.label}"
    ]


def test_the_shared_timeline_sorts_the_facts_by_day(caseworker: User) -> None:
    person = _everything(caseworker)

    events = shared_timeline(user=caseworker, visible=[person], others=[], household_id=None)

    days = [e.day for e in events]
    assert days == sorted(days)
    assert len(events) == 8


def test_no_persons_read_nothing() -> None:
    with CaptureQueriesContext(connection) as queries:
        assert timeline_facts([]) == []
    assert len(queries) == 0
