# SPDX-License-Identifier: MPL-2.0
"""The overview a politician reads live is a version of the overview's series: up to the
end of the last ended month, protected against every version shown before it, and kept so
that every later one is protected against it (docs/adr/0050)."""

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from helhed.citizens.models import ArrivalSource
from helhed.indicators.disclosure import Released, Table, UnprotectableError, protect_after
from helhed.indicators.reports import live_release
from helhed.indicators.reports.live_release import last_ended_day, politician_overview
from helhed.indicators.reports.models import LiveRelease
from helhed.indicators.tests.publications.test_joint_protection import (
    ASYLUM,
    FAMILY,
    arrivals_cell,
    arrive,
    counted,
    first_registry,
    kept,
    protected_alone,
    publish,
    revealed,
    the_correction,
)
from helhed.organisations.models import Municipality, User
from helhed.organisations.tests.sessions import login_verified
from helhed.reports.document import Document, Hidden

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

TOTAL = "Modtaget i alt"


def shown(politician: User, today: date = date(2026, 12, 2), year: int = 2026) -> Document:
    municipality = politician.municipality
    assert municipality is not None
    live = politician_overview(municipality=municipality, year=year, today=today)
    assert live.document is not None, live.message
    return live.document


def the_release() -> Released:
    (data,) = LiveRelease.objects.values_list("disclosure", flat=True)
    return Released.from_data(data)


def page(user: User, **query: str) -> str:
    client = Client()
    login_verified(client, user)
    response = client.get(reverse("indicators:monthly_overview"), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("year", "today", "day"),
    [
        (2026, date(2026, 12, 2), date(2026, 11, 30)),
        (2026, date(2026, 3, 31), date(2026, 2, 28)),
        (2025, date(2026, 12, 2), date(2025, 12, 31)),
        (2027, date(2027, 1, 20), None),
    ],
)
def test_the_last_ended_day(year: int, today: date, day: date | None) -> None:
    assert last_ended_day(year, today) == day


def test_the_politician_reads_up_to_the_last_ended_month_and_the_staff_up_to_today(
    politician: User, manager: User, caseworker: User
) -> None:
    first_registry(caseworker)  # 19 in May
    arrive(caseworker, 7, ArrivalSource.FAMILY_REUNIFIED_OTHER, on=date(2026, 12, 1))
    assert arrivals_cell(shown(politician), TOTAL) == 19
    assert "Tal til og med november 2026." in page(politician)
    assert ">26<" in page(manager)  # the staff's exact counts include December


def test_the_same_counts_shown_again_keep_one_release_and_its_decision(
    politician: User, caseworker: User
) -> None:
    first_registry(caseworker)
    first = shown(politician)
    again = shown(politician)
    assert LiveRelease.objects.count() == 1
    assert first.tables() == again.tables()
    assert {ASYLUM, FAMILY} <= the_release().hidden
    assert isinstance(arrivals_cell(first, "Flygtning med asyl"), Hidden)


def test_a_live_view_after_a_correction_is_protected_against_the_published_overview(
    politician: User, policy_officer: User, caseworker: User
) -> None:
    """The worked example of ADR 0048 with the live page as the second version."""
    first_registry(caseworker)
    report = publish(policy_officer)
    the_correction(caseworker)
    assert counted(3, ASYLUM) in revealed(kept(report), protected_alone(policy_officer))

    document = shown(politician)

    assert revealed(kept(report), the_release()) == []
    assert FAMILY in the_release().hidden
    assert isinstance(arrivals_cell(document, "Familiesammenført til en flygtning"), Hidden)
    assert arrivals_cell(document, "Anden familiesammenføring") == 11


def test_a_publication_after_a_live_view_is_protected_against_it(
    politician: User, policy_officer: User, caseworker: User
) -> None:
    first_registry(caseworker)
    shown(politician)
    live = the_release()
    the_correction(caseworker)
    assert counted(3, ASYLUM) in revealed(live, protected_alone(policy_officer))

    report = publish(policy_officer)

    assert revealed(live, kept(report)) == []


def test_two_live_views_a_correction_apart_are_protected_together(
    politician: User, caseworker: User
) -> None:
    first_registry(caseworker)
    shown(politician)
    the_correction(caseworker)
    shown(politician)
    states = [
        Released.from_data(d) for d in LiveRelease.objects.values_list("disclosure", flat=True)
    ]
    assert len(states) == 2
    assert revealed(*states) == []


def test_no_month_of_the_year_ended_yet_is_said(politician: User, caseworker: User) -> None:
    first_registry(caseworker)
    municipality = politician.municipality
    assert municipality is not None
    live = politician_overview(municipality=municipality, year=2027, today=date(2027, 1, 20))
    assert live.document is None
    assert "Ingen måned i 2027 er slut endnu" in live.message
    assert not LiveRelease.objects.exists()


def test_counts_that_cannot_be_protected_are_not_shown_and_nothing_is_kept(
    politician: User, caseworker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_registry(caseworker)

    def cannot(*_args: Any, **_kwargs: Any) -> Any:
        raise UnprotectableError(ASYLUM)

    monkeypatch.setattr(live_release, "protect_after", cannot)
    content = page(politician)
    assert "Oversigten kan ikke vises nu" in content
    assert "asylum" not in content
    assert "<table" not in content
    assert not LiveRelease.objects.exists()


def test_a_damaged_release_is_said_not_an_error_page(politician: User, caseworker: User) -> None:
    first_registry(caseworker)
    shown(politician)
    LiveRelease._base_manager.update(disclosure={"values": "x"})
    content = page(politician)
    assert "kan ikke læses" in content
    assert "<table" not in content


def test_a_kept_state_of_other_counts_is_said_not_an_error_page(
    politician: User, caseworker: User
) -> None:
    """A state that reads but was kept for other tables (it cannot match these counts)."""
    first_registry(caseworker)
    shown(politician)
    _protected, other = protect_after([Table.one_way("t", {"a": 3, "b": 6, "c": 10})])
    LiveRelease._base_manager.update(disclosure=other.to_data())
    content = page(politician)
    assert "diskretioneringen, der er gemt med de tidligere viste oversigter" in content
    assert "<table" not in content


def test_another_municipalitys_releases_are_not_read(
    politician: User, caseworker: User, other_caseworker: User, other_policy_officer: User
) -> None:
    """The other municipality's overview hides its 6; read beside it, the own overview's 6
    (the same key and count) would be hidden too. On its own it hides nothing."""
    other = other_policy_officer.municipality
    assert isinstance(other, Municipality)
    first_registry(other_caseworker)
    politician_overview(municipality=other, year=2026, today=date(2026, 12, 2))
    theirs = Released.from_data(LiveRelease.objects.get(municipality=other).disclosure)
    assert FAMILY in theirs.hidden
    arrive(caseworker, 5, ArrivalSource.ASYLUM)
    arrive(caseworker, 6, ArrivalSource.FAMILY_REUNIFIED_REFUGEE)
    arrive(caseworker, 11, ArrivalSource.FAMILY_REUNIFIED_OTHER)
    assert protected_alone(politician).hidden == frozenset()
    shown(politician)
    own = LiveRelease.objects.get(municipality=politician.municipality)
    assert Released.from_data(own.disclosure) == protected_alone(politician)
