# SPDX-License-Identifier: MPL-2.0
"""The national comparison shows the monthly overview's totals (arrivals, and education of
arrivals) as a version of the overview series: counted to the end of the last ended
month, protected against every version shown before, and kept (docs/adr/0051)."""

import logging
import uuid
from datetime import date, timedelta

import pytest
from django.test import Client

from helhed.caseplans.tests.conftest import travel
from helhed.citizens.models import ArrivalSource, EducationLevel, Locality
from helhed.citizens.services import housing_placement_add
from helhed.citizens.tests.factories import next_child_cpr, register
from helhed.indicators.definitions import arrivals, placements
from helhed.indicators.disclosure import Key, Released, UnprotectableError
from helhed.indicators.reports import comparison_release
from helhed.indicators.reports.live_release import politician_overview
from helhed.indicators.reports.models import LiveRelease
from helhed.indicators.reports.national_comparison import (
    Comparison,
    national_comparison,
)
from helhed.indicators.tests.conftest import TODAY
from helhed.indicators.tests.publications.test_joint_protection import revealed
from helhed.organisations.models import Municipality, User
from helhed.organisations.tests.sessions import login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

ARRIVALS: Key = ("arrivals", "2026")
EDUCATION: Key = ("education", "2026")
REST: Key = ("rest-2026", "not-adult-target")
MAY = date(2026, 5, 4)
PLACED: Key = ("placements-2026", "total")
URL = "/app/indikatorer/landsoversigt/"


def education_registry(caseworker: User, on: date = MAY) -> None:
    """20 adults without education and 3 with a vocational one (a small count), and 2
    children (a small count outside the education table): 25 arrivals, 23 of them in the
    education table. On its own the comparison would show 25 and 23, and with them the 2
    children and, beside the overview's 20, the 3."""
    source = ArrivalSource.FAMILY_REUNIFIED_OTHER
    for _ in range(20):
        register(caseworker, arrived_on=on, source=source)
    for _ in range(3):
        register(
            caseworker, arrived_on=on, source=source, education_level=EducationLevel.VOCATIONAL
        )
    for _ in range(2):
        register(caseworker, cpr=next_child_cpr(), arrived_on=on, source=source)


def overview_release(
    politician: User, containing: Key = ("education-2026", EducationLevel.NONE)
) -> Released:
    municipality = politician.municipality
    assert municipality is not None
    live = politician_overview(municipality=municipality, year=2026, today=TODAY)
    assert live.document is not None, live.message
    return released(municipality.id, containing=containing)


def released(municipality_id: uuid.UUID, *, containing: Key) -> Released:
    """The one live release of the municipality whose tables hold ``containing``."""
    (found,) = [
        state
        for data in LiveRelease.objects.filter(municipality_id=municipality_id).values_list(
            "disclosure", flat=True
        )
        if containing in (state := Released.from_data(data)).values
    ]
    return found


def comparison_release_of(municipality_id: uuid.UUID) -> Released:
    """The comparison's release (the one with every placement of the year)."""
    return released(municipality_id, containing=("all-placements", "2026"))


def seen_by(viewer: Municipality, *, own_exact: bool, year: int = 2026) -> Comparison:
    return national_comparison(
        municipality_id=viewer.id, year=year, today=TODAY, own_exact=own_exact
    )


def figure(comparison: Comparison, key: str, municipality: Municipality) -> float | None:
    (entry,) = [
        e for e in comparison.by_measure[key].entries if e.municipality_id == municipality.id
    ]
    return entry.value


def test_a_total_the_overview_hid_is_hidden_in_the_comparison_too(
    politician: User,
    caseworker: User,
    own_municipality: Municipality,
    other_municipality: Municipality,
) -> None:
    education_registry(caseworker)
    overview = overview_release(politician)
    assert {EDUCATION, REST} <= overview.hidden
    assert ARRIVALS not in overview.hidden

    comparison = seen_by(other_municipality, own_exact=True)

    assert figure(comparison, arrivals.EDUCATION_KEY, own_municipality) is None
    assert figure(comparison, arrivals.SOURCE_KEY, own_municipality) == 25
    shown = comparison_release_of(own_municipality.id)
    assert shown.values[EDUCATION] == 23
    assert EDUCATION in shown.hidden
    assert revealed(overview, shown) == []


def test_an_overview_after_the_comparison_is_protected_against_it(
    politician: User,
    caseworker: User,
    own_municipality: Municipality,
    other_municipality: Municipality,
) -> None:
    education_registry(caseworker)
    comparison = seen_by(other_municipality, own_exact=True)
    shown = comparison_release_of(own_municipality.id)
    # the 2 children are worked out from the two totals: one of them is hidden
    assert REST in shown.hidden
    assert {ARRIVALS, EDUCATION} & shown.hidden
    hidden_here = [
        key
        for key in (arrivals.SOURCE_KEY, arrivals.EDUCATION_KEY)
        if figure(comparison, key, own_municipality) is None
    ]
    assert hidden_here

    overview = overview_release(politician)

    assert revealed(shown, overview) == []


def test_the_own_politician_sees_the_released_totals_and_the_staff_the_exact_ones(
    politician: User,
    caseworker: User,
    own_municipality: Municipality,
) -> None:
    education_registry(caseworker)
    overview_release(politician)
    # December has not ended: not counted by the comparison's totals, for anyone
    education_registry(caseworker, on=date(2026, 12, 1))

    for_politician = seen_by(own_municipality, own_exact=False)
    for_staff = seen_by(own_municipality, own_exact=True)

    assert figure(for_politician, arrivals.EDUCATION_KEY, own_municipality) is None
    assert figure(for_politician, arrivals.SOURCE_KEY, own_municipality) == 25
    assert figure(for_staff, arrivals.EDUCATION_KEY, own_municipality) == 23
    assert figure(for_staff, arrivals.SOURCE_KEY, own_municipality) == 25
    assert for_staff.by_measure[arrivals.SOURCE_KEY].counted_to == date(2026, 11, 30)


def test_the_same_counts_compared_again_keep_one_release_and_run_no_solver(
    caseworker: User,
    own_municipality: Municipality,
    other_municipality: Municipality,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    education_registry(caseworker)
    first = seen_by(other_municipality, own_exact=True)
    kept = LiveRelease.objects.count()

    def no_new_release(*_args: object) -> None:
        raise AssertionError("the kept decision is to be read back")

    monkeypatch.setattr(comparison_release, "release", no_new_release)
    again = seen_by(other_municipality, own_exact=True)

    assert LiveRelease.objects.count() == kept
    for key in (arrivals.SOURCE_KEY, arrivals.EDUCATION_KEY):
        assert figure(again, key, own_municipality) == figure(first, key, own_municipality)


def test_totals_that_cannot_be_protected_are_hidden_and_logged_without_a_count(
    caseworker: User,
    own_municipality: Municipality,
    other_municipality: Municipality,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    education_registry(caseworker)

    def unprotectable(*_args: object) -> None:
        raise UnprotectableError(EDUCATION)

    monkeypatch.setattr(comparison_release, "release", unprotectable)
    with caplog.at_level(logging.WARNING):
        comparison = seen_by(other_municipality, own_exact=True)

    for key in (arrivals.SOURCE_KEY, arrivals.EDUCATION_KEY):
        assert figure(comparison, key, own_municipality) is None
    (record,) = [r for r in caplog.records if "national comparison" in r.getMessage()]
    assert not any(ch.isdigit() for ch in record.getMessage())
    assert LiveRelease.objects.count() == 0


def test_in_january_the_page_says_the_overviews_totals_wait_for_its_end(
    caseworker: User, politician: User, own_municipality: Municipality
) -> None:
    with travel(date(2027, 1, 20)):
        register(caseworker, arrived_on=date(2027, 1, 5), source=ArrivalSource.ASYLUM)
        client = Client()
        login_verified(client, politician)
        response = client.get(URL, {"aar": "2027", "indikator": arrivals.SOURCE_KEY})
        comparison = national_comparison(
            municipality_id=own_municipality.id,
            year=2027,
            today=date(2027, 1, 20),
            own_exact=False,
        )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ingen måned i 2027 er slut endnu" in body
    assert "Ingen kommune har indikatorværdier" not in body
    totals = comparison.by_measure[arrivals.SOURCE_KEY]
    assert totals.entries == []
    assert totals.counted_to is None
    assert totals.has_data  # the page goes on to say why there is nothing to compare
    assert LiveRelease.objects.count() == 0


def placements_registry(
    caseworker: User, municipality: Municipality, arrived_on: date = MAY
) -> None:
    """3 children placed in Horsens and 5 adults in Brædstrup, all arrived in the year (on
    ``arrived_on``, placed four weeks later): on its own the overview hides the 3 and,
    beside them, its grand total 8, which is then every placement of the year too."""
    for name in ("Horsens", "Brædstrup"):
        Locality.objects.create(municipality=municipality, name=name)
    for cpr, locality, count in ((next_child_cpr, "Horsens", 3), (None, "Brædstrup", 5)):
        for _ in range(count):
            person = register(
                caseworker,
                cpr=cpr() if cpr else None,
                arrived_on=arrived_on,
                source=ArrivalSource.FAMILY_REUNIFIED_OTHER,
            )
            housing_placement_add(
                actor=caseworker,
                person=person,
                locality_name=locality,
                permanent=True,
                placed_on=arrived_on + timedelta(days=28),
            )


def test_every_placement_of_the_year_is_tied_to_the_overviews_placements(
    politician: User,
    caseworker: User,
    own_municipality: Municipality,
    other_municipality: Municipality,
) -> None:
    placements_registry(caseworker, own_municipality)
    overview = overview_release(politician, containing=("placements-2026", "Horsens", "children"))
    assert PLACED in overview.hidden
    assert overview.values[PLACED] == 8

    comparison = seen_by(other_municipality, own_exact=True)

    assert figure(comparison, placements.KEY, own_municipality) is None
    shown = comparison_release_of(own_municipality.id)
    assert shown.values[("all-placements", "2026")] == 8
    assert revealed(overview, shown) == []


def test_counts_that_do_not_add_up_are_hidden_and_zeros_shown_without_a_release(
    own_municipality: Municipality, other_municipality: Municipality
) -> None:
    broken = {**comparison_release.empty(), arrivals.SOURCE_KEY: 6, placements.KEY: -2}
    found = comparison_release.released_totals(
        2026,
        {own_municipality.id: broken, other_municipality.id: comparison_release.empty()},
        {own_municipality.id: own_municipality, other_municipality.id: other_municipality},
    )
    assert found[own_municipality.id] == dict.fromkeys(comparison_release.SHOWN)
    assert found[other_municipality.id] == dict.fromkeys(comparison_release.SHOWN, 0)
    assert LiveRelease.objects.count() == 0
