# SPDX-License-Identifier: MPL-2.0
"""A revision of a published overview, and a later overview of the same year, protected
together with the version published before it (docs/adr/0048)."""

import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from helhed.audit.models import AuditEvent
from helhed.citizens.models import ArrivalSource
from helhed.citizens.tests.factories import register
from helhed.indicators.disclosure import (
    SMALLEST_PUBLISHED,
    Key,
    Released,
    UnprotectableError,
    protect_after,
)
from helhed.indicators.reports import kinds, monthly_overview
from helhed.indicators.reports.kinds import Built, ReportKind, report_kinds
from helhed.indicators.reports.models import Audience, PublishedReport, ReportRevision
from helhed.indicators.reports.monthly_overview import overview_counts
from helhed.indicators.reports.services import (
    report_differences,
    report_publish,
    report_revise,
)
from helhed.indicators.tests.disclosure.attacker import revealed_among
from helhed.organisations.models import Role, User
from helhed.organisations.tests.factories import make_user
from helhed.organisations.tests.sessions import login_verified
from helhed.reports.document import Document, Hidden, from_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

ASYLUM: Key = ("arrivals-2026", ArrivalSource.ASYLUM)
FAMILY: Key = ("arrivals-2026", ArrivalSource.FAMILY_REUNIFIED_REFUGEE)


def arrive(caseworker: User, count: int, source: str, on: date = date(2026, 5, 4)) -> None:
    for _ in range(count):
        register(caseworker, arrived_on=on, source=source)


def first_registry(caseworker: User) -> None:
    """3 granted asylum (a small count), 6 reunified to a refugee (hidden beside it), 10
    reunified to others: the overview publishes the total 19 and the 10."""
    arrive(caseworker, 3, ArrivalSource.ASYLUM)
    arrive(caseworker, 6, ArrivalSource.FAMILY_REUNIFIED_REFUGEE)
    arrive(caseworker, 10, ArrivalSource.FAMILY_REUNIFIED_OTHER)


def first_registry_of(caseworker: User, on: date) -> None:
    """The first registry's arrivals, on another day."""
    arrive(caseworker, 3, ArrivalSource.ASYLUM, on)
    arrive(caseworker, 6, ArrivalSource.FAMILY_REUNIFIED_REFUGEE, on)
    arrive(caseworker, 10, ArrivalSource.FAMILY_REUNIFIED_OTHER, on)


def the_correction(caseworker: User, on: date = date(2026, 5, 4)) -> None:
    """Two asylum arrivals and one other reunification registered late: 5, 6 and 11. On
    its own the overview would now publish every number, the unchanged 6 too, and with it
    the first version's 19 - 10 - 6 = 3."""
    arrive(caseworker, 2, ArrivalSource.ASYLUM, on)
    arrive(caseworker, 1, ArrivalSource.FAMILY_REUNIFIED_OTHER, on)


def publish(actor: User, month: int = 11, year: int = 2026) -> PublishedReport:
    return report_publish(
        actor=actor,
        kind="monthly_overview",
        params={"aar": year, "maaned": month},
        audience=Audience.PUBLIC,
    )


def kept(row: PublishedReport | ReportRevision) -> Released:
    """What a version's tables published, as stored for the version after it."""
    assert row.disclosure is not None
    return Released.from_data(row.disclosure)


def municipality_of(actor: User) -> uuid.UUID:
    assert actor.municipality_id is not None
    return actor.municipality_id


def arrivals_cell(document: Document, row: str) -> Any:
    table = next(t for t in document.tables() if t.caption.startswith("Ankomne efter"))
    found = next(r for r in table.rows if r[0] == row)
    return found[[c.label for c in table.columns].index("2026")]


def protected_alone(actor: User, today: date = date(2026, 11, 30)) -> Released:
    """What the overview would publish protected on its own (the code before ADR 0048)."""
    counts = overview_counts(municipality_id=municipality_of(actor), year=2026, today=today)
    return monthly_overview.protected_values(counts)[1]


def revealed(*versions: Released) -> list[Key]:
    """What the independent attacker shows to be under 5 from all the versions together,
    knowing which cells did not change (an unchanged cell is ``("count", n, *key)``)."""
    return revealed_among([(v.values, v.hidden, v.relations) for v in versions], SMALLEST_PUBLISHED)


def counted(value: int, key: Key) -> Key:
    return ("count", str(value), *key)


def test_a_revision_keeps_an_unchanged_hidden_count_hidden(
    policy_officer: User, caseworker: User
) -> None:
    first_registry(caseworker)
    report = publish(policy_officer)
    first = kept(report)
    assert report.disclosure_series == "overview"
    assert {ASYLUM, FAMILY} <= first.hidden
    assert isinstance(arrivals_cell(from_data(report.document), "Flygtning med asyl"), Hidden)

    the_correction(caseworker)
    # on its own the corrected overview hides nothing, which gives the first version away
    leaking = protected_alone(policy_officer)
    assert leaking.hidden == frozenset()
    assert revealed(first, leaking) == [counted(3, ASYLUM)]

    revision = report_revise(actor=policy_officer, report=report, reason="Tre sene ankomster.")

    second = kept(revision)
    assert FAMILY in second.hidden  # unchanged and hidden before: hidden still
    document = from_data(revision.document)
    assert isinstance(arrivals_cell(document, "Familiesammenført til en flygtning"), Hidden)
    assert revealed(first, second) == []
    # what is published is the registry's numbers
    assert arrivals_cell(document, "Anden familiesammenføring") == 11


def test_the_differences_shown_before_revising_are_what_the_revision_publishes(
    policy_officer: User, caseworker: User
) -> None:
    first_registry(caseworker)
    report = publish(policy_officer)
    the_correction(caseworker)
    shown = [d.to_data() for d in report_differences(report=report)]
    revision = report_revise(actor=policy_officer, report=report, reason="Tre sene ankomster.")
    assert shown == revision.differences
    # the 6 stays hidden and the 5 is hidden beside it: hidden in both versions, they are
    # no difference; the 11 and the total are
    rows = {d["row"] for d in revision.differences}
    assert not rows & {"Familiesammenført til en flygtning", "Flygtning med asyl"}
    assert {"Anden familiesammenføring", "Modtaget i alt"} <= rows


def test_a_later_overview_of_the_same_year_is_protected_with_the_one_before(
    policy_officer: User, caseworker: User
) -> None:
    first_registry(caseworker)
    october = publish(policy_officer, month=10)
    the_correction(caseworker, on=date(2026, 11, 9))  # arrivals in November this time
    assert protected_alone(policy_officer).hidden == frozenset()

    november = publish(policy_officer, month=11)

    assert november.disclosure_series == october.disclosure_series == "overview"
    first = kept(october)
    second = kept(november)
    assert FAMILY in second.hidden
    assert revealed(first, second) == []
    assert isinstance(
        arrivals_cell(from_data(november.document), "Familiesammenført til en flygtning"), Hidden
    )


def test_the_next_years_overview_is_protected_with_the_year_befores(
    policy_officer: User, caseworker: User
) -> None:
    """A year's overview repeats the year before's arrivals. Arrivals of 2025 registered
    late change that column in the 2026 overview; protected on its own, it would give the
    2025 overview's hidden 3 away (the worked example, across two years)."""
    first_registry_of(caseworker, date(2025, 5, 4))
    december = publish(policy_officer, month=12, year=2025)
    last_year = ("arrivals-2025", ArrivalSource.ASYLUM)
    assert last_year in kept(december).hidden
    the_correction(caseworker, on=date(2025, 5, 4))
    arrive(caseworker, 7, ArrivalSource.FAMILY_REUNIFIED_OTHER, on=date(2026, 3, 2))
    alone = protected_alone(policy_officer)
    assert counted(3, last_year) in revealed(kept(december), alone)

    november = publish(policy_officer, month=11, year=2026)

    assert november.disclosure_series == december.disclosure_series == "overview"
    assert ("arrivals-2025", ArrivalSource.FAMILY_REUNIFIED_REFUGEE) in kept(november).hidden
    assert revealed(kept(december), kept(november)) == []
    # the tables of each year's own arrivals are named by their year
    assert ("education-2026", "none") in kept(november).values
    assert ("education-2025", "none") in kept(december).values


def test_a_publication_is_protected_against_every_earlier_version_not_only_the_last(
    policy_officer: User, caseworker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """October, October revised, then November: November is read beside both Octobers
    (the newest row of the series is a revision of an older report)."""
    first_registry(caseworker)
    october = publish(policy_officer, month=10)
    the_correction(caseworker)
    revision = report_revise(actor=policy_officer, report=october, reason="Sene ankomster.")
    arrive(caseworker, 1, ArrivalSource.ASYLUM, on=date(2026, 11, 9))
    given: list[list[Released]] = []

    def spy(tables: Any, relations: Any, previous: Any) -> Any:
        given.append(list(previous))
        return protect_after(tables, relations, previous)

    monkeypatch.setattr(monthly_overview, "protect_after", spy)

    november = publish(policy_officer, month=11)

    assert given == [[kept(october), kept(revision)]]
    assert revealed(kept(october), kept(revision), kept(november)) == []


def test_the_overviews_of_other_municipalities_are_not_read(
    policy_officer: User, caseworker: User, other_policy_officer: User
) -> None:
    other = other_policy_officer.municipality
    assert other is not None
    other_caseworker = make_user(
        municipality=other,
        roles=[Role.CASEWORKER],
        username="anden-sagsbehandler",
        departments=[other.departments.get(name="Jobcenter")],
    )
    first_registry(other_caseworker)
    publish(other_policy_officer)
    first_registry(caseworker)
    report = publish(policy_officer)
    assert kept(report) == protected_alone(policy_officer)


def test_a_report_published_before_the_state_was_kept_is_revised_on_its_own(
    policy_officer: User, caseworker: User
) -> None:
    first_registry(caseworker)
    report = publish(policy_officer)
    # as a row written before docs/adr/0048 (the models refuse an update; the base manager
    # stands in for the migration that added the column)
    PublishedReport._base_manager.filter(pk=report.pk).update(disclosure=None, disclosure_series="")
    report.refresh_from_db()
    the_correction(caseworker)
    revision = report_revise(actor=policy_officer, report=report, reason="Tre sene ankomster.")
    assert kept(revision) == protected_alone(policy_officer)


def test_a_damaged_kept_state_is_refused_with_a_message_not_an_error_page(
    policy_officer: User, caseworker: User
) -> None:
    first_registry(caseworker)
    report = publish(policy_officer)
    PublishedReport._base_manager.filter(pk=report.pk).update(disclosure={"values": "x"})
    report.refresh_from_db()
    the_correction(caseworker)
    before = (ReportRevision.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        report_revise(actor=policy_officer, report=report, reason="Tre sene ankomster.")
    assert "kan ikke læses" in " ".join(refused.value.messages)
    assert (ReportRevision.objects.count(), AuditEvent.objects.count()) == before
    client = Client()
    login_verified(client, policy_officer)
    page = client.get(reverse("indicators:report_detail", kwargs={"report_id": report.id}))
    assert page.status_code == 200
    assert "kan ikke læses" in page.content.decode()


def test_a_correction_that_cannot_be_protected_is_refused_and_nothing_is_written(
    policy_officer: User, caseworker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library finds no cells to hide (tested with real tables in
    test_revisions.py); the revision says so and writes nothing."""
    first_registry(caseworker)
    report = publish(policy_officer)
    the_correction(caseworker)

    def cannot(*_args: Any, **_kwargs: Any) -> Any:
        raise UnprotectableError(ASYLUM)

    monkeypatch.setattr(monthly_overview, "protect_after", cannot)
    before = (ReportRevision.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        report_revise(actor=policy_officer, report=report, reason="Tre sene ankomster.")
    message = " ".join(refused.value.messages)
    assert "kan ikke offentliggøres" in message
    assert "asylum" not in message  # no cell key, no number
    assert (ReportRevision.objects.count(), AuditEvent.objects.count()) == before
    with pytest.raises(ValidationError):
        publish(policy_officer, month=10)
    assert PublishedReport.objects.count() == 1

    # the staff's page of the report says why it cannot be compared now, and offers no
    # revision
    client = Client()
    login_verified(client, policy_officer)
    page = client.get(reverse("indicators:report_detail", kwargs={"report_id": report.id}))
    assert page.status_code == 200
    assert "Tallene kan ikke offentliggøres" in page.content.decode()
    assert 'name="reason"' not in page.content.decode()


def _linked(*_args: Any) -> Built:
    raise AssertionError("not called")


class _Params(forms.Form):
    aar = forms.IntegerField()


KIND = ReportKind(
    key="linked_without_series",
    label="x",  # type: ignore[arg-type]
    build=lambda *_args: Document(title="x", sections=[]),
    form=_Params,
    build_linked=_linked,
)


@pytest.fixture
def only_the_broken_kind(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(kinds, "KIND_MODULES", (__name__,))
    report_kinds.cache_clear()
    yield
    report_kinds.cache_clear()


@pytest.mark.usefixtures("only_the_broken_kind")
def test_a_linked_kind_must_name_its_series() -> None:
    with pytest.raises(ValueError, match="give both build_linked and series"):
        report_kinds()
