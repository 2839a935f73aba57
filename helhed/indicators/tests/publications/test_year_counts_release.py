# SPDX-License-Identifier: MPL-2.0
"""A politician's follow-up report shows its targets' counts of events (arrivals,
education of arrivals, placements) for whole calendar years, as a version of the monthly
overview's series: protected against every version shown before, and kept (ADR 0052).

The tests' day is 2 December 2026 (conftest.TODAY): the last whole year is 2025. The
policy runs 2026-2027, so its baseline is 2025's count, the overview's cell of 2025."""

import logging
from datetime import date
from decimal import Decimal

import pytest

from helhed.citizens.models import ArrivalSource
from helhed.citizens.tests.factories import register
from helhed.indicators.definitions import arrivals, placements
from helhed.indicators.disclosure import Key, Released, UnprotectableError
from helhed.indicators.measurement import measure_targets
from helhed.indicators.models import InitiativeMeasure
from helhed.indicators.reports import year_counts_release
from helhed.indicators.reports.follow_up import follow_up_document
from helhed.indicators.reports.live_release import politician_overview
from helhed.indicators.reports.models import Audience, LiveRelease
from helhed.indicators.reports.services import report_differences, report_publish, report_revise
from helhed.indicators.selectors import TargetStatus
from helhed.indicators.tests.conftest import TODAY
from helhed.indicators.tests.follow_up_world import build_follow_up_world
from helhed.indicators.tests.publications.test_comparison_release import (
    education_registry,
    placements_registry,
)
from helhed.indicators.tests.publications.test_joint_protection import revealed
from helhed.organisations.models import Municipality, User
from helhed.policies.models import Objective, Policy, PolicyVersion, Status, Target
from helhed.reports.document import Chart, Document, Hidden, Paragraph, Section, Value, from_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

LAST_YEAR = date(2025, 5, 4)
ARRIVALS: Key = ("arrivals", "2025")
EDUCATION: Key = ("education", "2025")
REST: Key = ("rest-2025", "not-adult-target")
EVERY_PLACEMENT: Key = ("all-placements", "2025")
PLACED: Key = ("placements-2025", "total")


def policy(
    municipality: Municipality,
    *keys: str,
    start: int = 2026,
    value: int = 30,
    deadline: date | None = None,
) -> PolicyVersion:
    """An adopted policy of ``start``-``start + 1`` with a target on each indicator (at
    least ``value`` by ``deadline``, the period's end if not given)."""
    version = PolicyVersion.objects.create(
        policy=Policy.objects.create(municipality=municipality),
        number=1,
        status=Status.ADOPTED,
        title="Integrationspolitik",
        period_start=start,
        period_end=start + 1,
        adopted_on=date(start - 1, 11, 26),
    )
    objective = Objective.objects.create(version=version, text="Flere modtages godt")
    for key in keys:
        Target.objects.create(
            version=version,
            objective=objective,
            description=f"Mål for {key}",
            indicator_key=key,
            comparator="gte",
            value=Decimal(value),
            unit="persons",
            deadline=deadline or date(start + 1, 12, 31),
        )
    return version


def blocks(document: Document) -> list[object]:
    found: list[object] = []

    def walk(section: Section) -> None:
        found.extend(section.blocks)
        for child in section.sections:
            walk(child)

    for section in document.sections:
        walk(section)
    return found


def row(document: Document, key: str) -> list[Value]:
    table = next(b for b in document.tables() if b.caption.startswith("Mål for"))
    return next(r for r in table.rows if str(r[0]).startswith(f"Mål for {key}"))


BASELINE, EXPECTED, CURRENT, STATUS = 2, 3, 4, 6


def releases(municipality: Municipality) -> list[Released]:
    return [
        Released.from_data(data)
        for data in LiveRelease.objects.filter(municipality=municipality).values_list(
            "disclosure", flat=True
        )
    ]


def follow_up_release(municipality: Municipality) -> Released:
    """The release of the counts of whole years (a follow-up's or a target status'): the
    one without the overview's own tables."""
    (found,) = [
        r for r in releases(municipality) if not any(k[0].startswith("quota-") for k in r.values)
    ]
    assert not any(k[0] == "education-2025" for k in found.values)
    return found


def overview_of_2025(politician: User) -> Released:
    municipality = politician.municipality
    assert municipality is not None
    live = politician_overview(municipality=municipality, year=2025, today=TODAY)
    assert live.document is not None, live.message
    (found,) = [r for r in releases(municipality) if ("education-2025", "none") in r.values]
    return found


def test_a_baseline_the_overview_hid_is_hidden_in_the_follow_up_too(
    politician: User, caseworker: User, own_municipality: Municipality
) -> None:
    education_registry(caseworker, on=LAST_YEAR)
    overview = overview_of_2025(politician)
    assert {EDUCATION, REST} <= overview.hidden
    assert ARRIVALS not in overview.hidden
    version = policy(own_municipality, arrivals.SOURCE_KEY, arrivals.EDUCATION_KEY)

    document = follow_up_document(version=version, exact=False)

    # by the count rule alone the follow-up showed 23, and with the overview's 20 and 25
    # the 3 with a vocational education and the 2 children
    assert isinstance(row(document, arrivals.EDUCATION_KEY)[BASELINE], Hidden)
    assert row(document, arrivals.SOURCE_KEY)[BASELINE] == 25.0
    # the period's first year has not ended: no current value, so nothing expected now
    assert row(document, arrivals.EDUCATION_KEY)[CURRENT] is None
    assert row(document, arrivals.EDUCATION_KEY)[EXPECTED] is None
    shown = follow_up_release(own_municipality)
    assert shown.values[EDUCATION] == 23
    assert EDUCATION in shown.hidden
    assert revealed(overview, shown) == []
    # the staff read the exact counts
    exact = follow_up_document(version=version, exact=True)
    assert row(exact, arrivals.EDUCATION_KEY)[BASELINE] == 23.0


def test_an_overview_after_the_follow_up_is_protected_against_it(
    politician: User, caseworker: User, own_municipality: Municipality
) -> None:
    education_registry(caseworker, on=LAST_YEAR)
    version = policy(own_municipality, arrivals.SOURCE_KEY, arrivals.EDUCATION_KEY)
    document = follow_up_document(version=version, exact=False)
    shown = follow_up_release(own_municipality)
    # the 2 children are the difference of the two baselines: one of them is hidden
    assert REST in shown.hidden
    assert {ARRIVALS, EDUCATION} & shown.hidden
    baselines = [row(document, k)[BASELINE] for k in (arrivals.SOURCE_KEY, arrivals.EDUCATION_KEY)]
    assert any(isinstance(b, Hidden) for b in baselines)

    overview = overview_of_2025(politician)

    assert revealed(shown, overview) == []


def test_every_placement_of_a_year_is_tied_to_the_overviews_placements(
    politician: User, caseworker: User, own_municipality: Municipality
) -> None:
    placements_registry(caseworker, own_municipality, arrived_on=LAST_YEAR)
    municipality = politician.municipality
    assert municipality is not None
    politician_overview(municipality=municipality, year=2025, today=TODAY)
    (overview,) = releases(own_municipality)
    assert PLACED in overview.hidden
    version = policy(own_municipality, placements.KEY)

    document = follow_up_document(version=version, exact=False)

    # every placement of 2025 is the overview's hidden grand total 8 (all arrived in 2025)
    assert isinstance(row(document, placements.KEY)[BASELINE], Hidden)
    (shown,) = [r for r in releases(own_municipality) if EVERY_PLACEMENT in r.values]
    assert shown.values[EVERY_PLACEMENT] == shown.values[PLACED] == 8
    assert revealed(overview, shown) == []


def test_a_politician_reads_the_last_whole_year_and_the_staff_the_last_twelve_months(
    caseworker: User, own_municipality: Municipality
) -> None:
    for on, count in ((LAST_YEAR, 6), (date(2026, 5, 4), 7)):
        for _ in range(count):
            register(caseworker, arrived_on=on, source=ArrivalSource.QUOTA_REFUGEE)
    version = policy(own_municipality, arrivals.SOURCE_KEY, start=2025)

    politician = follow_up_document(version=version, exact=False)
    staff = follow_up_document(version=version, exact=True)

    # December 2025 - November 2026 for the staff; 2025 for a politician
    assert row(staff, arrivals.SOURCE_KEY)[CURRENT] == 7.0
    assert row(politician, arrivals.SOURCE_KEY)[CURRENT] == 6.0
    (chart,) = [b for b in blocks(politician) if isinstance(b, Chart)]
    assert chart.categories == ["dec 2025"]
    assert chart.series[0].values == [6.0]
    table = next(b for b in politician.tables() if b.caption.startswith("Mål for"))
    assert any("hele kalenderår" in note for note in table.footnotes)
    staff_table = next(b for b in staff.tables() if b.caption.startswith("Mål for"))
    assert not any("hele kalenderår" in note for note in staff_table.footnotes)


def test_in_the_periods_first_year_a_politician_waits_for_its_end(
    caseworker: User, own_municipality: Municipality
) -> None:
    for _ in range(6):
        register(caseworker, arrived_on=date(2026, 5, 4), source=ArrivalSource.QUOTA_REFUGEE)
    version = policy(own_municipality, arrivals.SOURCE_KEY)

    document = follow_up_document(version=version, exact=False)

    values = row(document, arrivals.SOURCE_KEY)
    assert values[CURRENT] is None
    assert values[STATUS] == "Endnu ingen data"
    assert not [b for b in blocks(document) if isinstance(b, Chart)]
    assert any(
        isinstance(b, Paragraph) and "ingen år i politikkens periode er slut" in b.text
        for b in blocks(document)
    )
    # nothing of 2026 is counted for a politician: the baseline year 2025 had no arrivals
    assert not any(v in (6, 6.0) for t in document.tables() for r in t.rows for v in r[1:])


def test_the_same_counts_shown_again_keep_one_release_and_run_no_solver(
    caseworker: User, own_municipality: Municipality, monkeypatch: pytest.MonkeyPatch
) -> None:
    education_registry(caseworker, on=LAST_YEAR)
    version = policy(own_municipality, arrivals.EDUCATION_KEY)
    first = follow_up_document(version=version, exact=False)
    assert LiveRelease.objects.count() == 1

    def no_solver(*_args: object) -> None:
        raise AssertionError("the kept decision is applied without the solver")

    monkeypatch.setattr("helhed.indicators.reports.live_release.protect_after", no_solver)
    again = follow_up_document(version=version, exact=False)
    assert LiveRelease.objects.count() == 1
    assert row(again, arrivals.EDUCATION_KEY) == row(first, arrivals.EDUCATION_KEY)


def test_counts_that_cannot_be_protected_are_hidden_and_logged_without_a_count(
    caseworker: User,
    own_municipality: Municipality,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    education_registry(caseworker, on=LAST_YEAR)
    version = policy(own_municipality, arrivals.SOURCE_KEY)

    def unprotectable(*_args: object) -> None:
        raise UnprotectableError(("arrivals", "2025"))

    monkeypatch.setattr(year_counts_release, "release", unprotectable)
    with caplog.at_level(logging.WARNING):
        document = follow_up_document(version=version, exact=False)

    assert isinstance(row(document, arrivals.SOURCE_KEY)[BASELINE], Hidden)
    assert LiveRelease.objects.count() == 0
    (record,) = [r for r in caplog.records if "whole years" in r.getMessage()]
    assert "UnprotectableError" in record.getMessage()
    assert "25" not in record.getMessage()


def test_counts_that_are_all_zero_are_shown_and_not_kept(
    caseworker: User, own_municipality: Municipality
) -> None:
    # arrivals in 2023 only: the baseline 2024 and the current 2025 are counted, and zero
    for _ in range(6):
        register(caseworker, arrived_on=date(2023, 5, 4), source=ArrivalSource.QUOTA_REFUGEE)
    version = policy(own_municipality, arrivals.SOURCE_KEY, start=2025)

    document = follow_up_document(version=version, exact=False)

    assert row(document, arrivals.SOURCE_KEY)[BASELINE] == 0.0
    assert row(document, arrivals.SOURCE_KEY)[CURRENT] == 0.0
    assert LiveRelease.objects.count() == 0


def test_the_status_is_hidden_beside_a_hidden_count(
    politician: User, caseworker: User, own_municipality: Municipality
) -> None:
    """A review's example: 23 adults without education in 2024, the worked example in 2025,
    a target of at least 24. Beside the shown baseline 23 and the expected 23.5, the status
    "at risk" (a band of 1.2) pinned the hidden 23 of 2025, and with it the 3 and the 2."""
    for _ in range(23):
        register(caseworker, arrived_on=date(2024, 5, 4), source=ArrivalSource.ASYLUM)
    education_registry(caseworker, on=LAST_YEAR)
    overview_of_2025(politician)
    version = policy(own_municipality, arrivals.EDUCATION_KEY, start=2025, value=24)

    document = follow_up_document(version=version, exact=False)

    # the status of 2025's end, as a politician's report measures it, is "at risk"
    (whole,) = measure_targets(
        list(version.targets.all()), version=version, today=TODAY, whole_years=True
    ).values()
    assert whole.status == TargetStatus.AT_RISK
    assert whole.expected == pytest.approx(23 + 365 / 729)
    assert row(document, arrivals.EDUCATION_KEY)[EXPECTED] == pytest.approx(23 + 365 / 729)
    assert isinstance(row(document, arrivals.EDUCATION_KEY)[CURRENT], Hidden)
    assert isinstance(row(document, arrivals.EDUCATION_KEY)[STATUS], Hidden)
    (summary,) = [t for t in document.tables() if t.caption == "Målene fordelt på status"]
    assert {str(r[0]): r[1] for r in summary.rows if r[1]} == {"Skjult sammen med et skjult tal": 1}


def test_a_deadline_in_the_first_year_waits_for_no_year_and_says_so(
    caseworker: User, own_municipality: Municipality
) -> None:
    for _ in range(6):
        register(caseworker, arrived_on=LAST_YEAR, source=ArrivalSource.QUOTA_REFUGEE)
    version = policy(own_municipality, arrivals.SOURCE_KEY, start=2025, deadline=date(2025, 6, 30))

    document = follow_up_document(version=version, exact=False)

    # the count up to June 2025 is not a whole year: never shown outside the staff
    assert row(document, arrivals.SOURCE_KEY)[CURRENT] is None
    assert any(
        isinstance(b, Paragraph) and "eller før målets frist" in b.text for b in blocks(document)
    )
    assert row(follow_up_document(version=version, exact=True), arrivals.SOURCE_KEY)[CURRENT] == 6


def test_the_staffs_comparison_with_the_registry_keeps_nothing_and_a_revision_does(
    policy_officer: User, caseworker: User, own_municipality: Municipality
) -> None:
    education_registry(caseworker, on=LAST_YEAR)
    version = policy(own_municipality, arrivals.SOURCE_KEY, start=2025)
    report = report_publish(
        actor=policy_officer,
        kind="follow_up",
        params={"politik": str(version.id), "aar": 2026, "maaned": 11},
        audience=Audience.COMMITTEE,
    )
    assert LiveRelease.objects.count() == 1
    for _ in range(2):  # registered late
        register(caseworker, arrived_on=LAST_YEAR, source=ArrivalSource.ASYLUM)

    differences = report_differences(report=report)

    assert [(d.old, d.new) for d in differences if d.column == "Aktuel værdi"] == [(25.0, 27.0)]
    assert LiveRelease.objects.count() == 1
    report_revise(actor=policy_officer, report=report, reason="To sene ankomster.")
    assert LiveRelease.objects.count() == 2


def test_only_the_overviews_counts_are_released() -> None:
    with pytest.raises(ValueError, match="danish_test_passed"):
        year_counts_release.released_year_counts(Municipality(), {("danish_test_passed", 2025): 3})
    tables, _relations = year_counts_release.year_counts_tables(
        {(arrivals.SOURCE_KEY, 2025): 25, (arrivals.EDUCATION_KEY, 2025): 23}, {}
    )
    assert dict(tables[0].cells) == {ARRIVALS: 25, EDUCATION: 23, REST: 2}
    # the arrivals alone: no rest (the overview's own releases tie it to the total)
    alone, _relations = year_counts_release.year_counts_tables(
        {(arrivals.SOURCE_KEY, 2025): 25}, {}
    )
    assert dict(alone[0].cells) == {ARRIVALS: 25}


def test_the_published_target_status_shows_the_counts_of_whole_years_protected_too(
    politician: User, policy_officer: User, caseworker: User, own_municipality: Municipality
) -> None:
    education_registry(caseworker, on=LAST_YEAR)
    overview = overview_of_2025(politician)
    policy(own_municipality, arrivals.SOURCE_KEY, arrivals.EDUCATION_KEY)

    report = report_publish(
        actor=policy_officer,
        kind="target_status",
        params={"aar": 2026, "maaned": 11},
        audience=Audience.COMMITTEE,
    )

    table = from_data(report.document).tables()[0]
    by_target = {str(r[0]).split(" (")[0]: r for r in table.rows}
    education, total = (
        by_target[f"Mål for {arrivals.EDUCATION_KEY}"],
        by_target[f"Mål for {arrivals.SOURCE_KEY}"],
    )
    # the baseline is 2025's count; the overview hid the education total 23
    assert isinstance(education[3], Hidden)
    assert total[3] == 25.0
    # the period's first year has not ended: no current value yet
    assert education[5] is None
    assert total[5] is None
    assert any("hele kalenderår" in note for note in table.footnotes)
    assert revealed(overview, follow_up_release(own_municipality)) == []


def test_a_politicians_computed_progress_is_of_the_whole_year_too(
    policy_officer: User, caseworker: User
) -> None:
    # 5 arrivals in 2024 (the baseline), 6 in 2025, 7 in May 2026; the target is 10
    world = build_follow_up_world(
        officer=policy_officer, caseworker=caseworker, arrivals=5, arrived_on=date(2024, 5, 4)
    )
    for on, count in ((LAST_YEAR, 6), (date(2026, 5, 4), 7)):
        for _ in range(count):
            register(caseworker, arrived_on=on, source=ArrivalSource.QUOTA_REFUGEE)
    InitiativeMeasure.objects.create(
        initiative=world.initiative, target=world.arrivals, created_by=policy_officer
    )

    def progress(exact: bool) -> Value:
        document = follow_up_document(version=world.version, exact=exact)
        table = next(t for t in document.tables() if t.caption == "Indsatser")
        return table.rows[0][6]

    # the staff: the last twelve months, 7 (2 of the 5 from 5 to 10); a politician: 2025's 6
    assert progress(exact=True) == 40
    assert progress(exact=False) == 20
