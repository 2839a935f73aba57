# SPDX-License-Identifier: MPL-2.0
"""The committee follow-up report's Document (follow_up_world.py has the numbers worked
by hand): values, statuses, targets that cannot be measured, and what a politician sees."""

from datetime import date
from decimal import Decimal

import pytest

from helhed.indicators.definitions.base import month_of
from helhed.indicators.measurement import IndicatorHistory, measure_target
from helhed.indicators.models import IndicatorValue
from helhed.indicators.reports.follow_up import follow_up_document
from helhed.indicators.selectors import TargetStatus, target_statuses
from helhed.indicators.tests.follow_up_world import FollowUpWorld, build_follow_up_world
from helhed.organisations.models import User
from helhed.policies.models import Target
from helhed.reports.document import Chart, Document, Hidden, Paragraph, Section, Table, Value

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]
TODAY = date(2026, 12, 2)


@pytest.fixture
def world(policy_officer: User, caseworker: User) -> FollowUpWorld:
    return build_follow_up_world(officer=policy_officer, caseworker=caseworker)


def _walk(sections: list[Section]) -> list[Section]:
    found = []
    for s in sections:
        found.append(s)
        found.extend(_walk(s.sections))
    return found


def _blocks(document: Document) -> list[object]:
    return [b for s in _walk(document.sections) for b in s.blocks]


def _targets_table(document: Document) -> Table:
    return next(
        b for b in _blocks(document) if isinstance(b, Table) and b.caption.startswith("Mål for")
    )


def _row(table: Table, starts: str) -> list[Value]:
    return next(r for r in table.rows if str(r[0]).startswith(starts))


def _charts(document: Document) -> list[Chart]:
    return [b for b in _blocks(document) if isinstance(b, Chart)]


def test_the_staff_report_has_the_cover_and_the_focus_area(world: FollowUpWorld) -> None:
    document = follow_up_document(version=world.version, exact=True)
    assert document.issuer == "Horsens Kommune"
    assert document.data_as_of is not None
    cover = dict(document.sections[0].blocks[0].items)  # type: ignore[union-attr]
    assert cover["Kommune"] == "Horsens Kommune"
    assert cover["Periode"] == "2025-2026"
    assert cover["Tal til og med"] == "november 2026"
    headings = [s.heading for s in _walk(document.sections)]
    assert headings[1:] == ["Børn og familier", "Flere børn i dagtilbud", "Indsatser"]


def test_a_targets_values_and_status_are_those_worked_by_hand(world: FollowUpWorld) -> None:
    table = _targets_table(follow_up_document(version=world.version, exact=True))
    row = _row(table, "Flere børn i dagtilbud")
    assert row[1] == "Andel af børn på 1-5 år i dagtilbud (%)"
    assert row[2] == pytest.approx(50.0)  # baseline: December 2024
    assert row[3] == pytest.approx(50 + 30 * 700 / 729)  # expected on 2 December 2026
    assert row[4] == pytest.approx(72.0)
    assert row[5] == "31.12.2026"
    assert row[6] == "Ikke på rette spor"
    # staff read the exact share and the count of three
    assert _row(table, "Flere har en frivillig mentor")[4] == pytest.approx(300 / 7)
    assert _row(table, "Flere modtages")[4] == 3.0


def test_the_report_agrees_with_the_indicator_pages_target_status(world: FollowUpWorld) -> None:
    table = _targets_table(follow_up_document(version=world.version, exact=True))
    labels = {"on_track": "På rette spor", "at_risk": "I risiko", "off_track": "Ikke på rette spor"}
    for row in target_statuses(municipality_id=world.version.policy.municipality_id, today=TODAY):
        if row.status == TargetStatus.UNKNOWN_INDICATOR:
            continue
        mine = _row(table, row.target.description)
        assert mine[4] == pytest.approx(row.current)
        assert mine[6] == labels.get(row.status, "Endnu ingen data")


@pytest.mark.parametrize(
    ("value", "status"),
    [
        # 72 against 50 + 22 x 700/729 = 71.12: on the line or past it
        (72, "På rette spor"),
        # 72 against 50 + 23 x 700/729 = 72.08: short, within the band of 5 % of 73
        (73, "I risiko"),
    ],
)
def test_the_status_follows_the_trajectory(world: FollowUpWorld, value: int, status: str) -> None:
    Target.objects.filter(pk=world.daycare.pk).update(value=Decimal(value))
    row = _row(_targets_table(follow_up_document(version=world.version, exact=True)), "Flere børn")
    assert row[6] == status


def test_the_trend_chart_has_each_month_since_the_period_began_and_the_trajectory(
    world: FollowUpWorld,
) -> None:
    chart = _charts(follow_up_document(version=world.version, exact=True))[0]
    assert chart.title == "Andel af børn på 1-5 år i dagtilbud siden jan 2025"
    assert chart.unit == "%"
    assert chart.x_label
    assert chart.y_label
    assert len(chart.categories) == 23  # January 2025 - November 2026
    values, trajectory = chart.series
    assert values.values[11] == pytest.approx(50.0)  # December 2025
    assert values.values[12] == pytest.approx(72.0)  # January 2026
    assert trajectory.reference
    assert not values.reference
    assert trajectory.values[-1] == pytest.approx(50 + 30 * 699 / 729)  # at 1 December


def test_a_target_the_engine_does_not_know_cannot_be_measured(world: FollowUpWorld) -> None:
    document = follow_up_document(version=world.version, exact=True)
    row = _row(_targets_table(document), "Et mål fra den gamle politik")
    assert row[2:5] == [None, None, None]
    assert row[6] == "Kan ikke måles"
    texts = [b.text for b in _blocks(document) if isinstance(b, Paragraph)]
    assert (
        "“Et mål fra den gamle politik” kan ikke måles: indikatornøglen “made_up_indicator” "
        "kender indikatormotoren ikke."
    ) in texts
    # and it has no chart: three charts for the three measurable targets
    assert len(_charts(document)) == 3


def test_a_target_with_no_deadline_cannot_be_measured(world: FollowUpWorld) -> None:
    # the model requires a deadline; a target read from elsewhere (an old import) may lack one
    target = Target(
        version=world.version,
        objective=world.objective,
        description="Uden frist",
        indicator_key="children_in_daycare",
        comparator="gte",
        value=Decimal(80),
        unit="percent",
        deadline=None,  # type: ignore[misc]
    )
    history = IndicatorHistory(
        municipality_id=world.version.policy.municipality_id, until=month_of(TODAY) - 1
    )
    measure = measure_target(target, version=world.version, history=history, today=TODAY)
    assert not measure.measurable
    assert measure.problem == "målet har ingen frist og derfor ingen kurs at følge."


def test_a_politician_reads_no_small_number(policy_officer: User, caseworker: User) -> None:
    # the three arrivals in 2025: a politician reads a count of whole years (ADR 0052)
    world = build_follow_up_world(
        officer=policy_officer, caseworker=caseworker, arrived_on=date(2025, 5, 4)
    )
    document = follow_up_document(version=world.version, exact=False)
    table = _targets_table(document)
    assert _row(table, "Flere børn i dagtilbud")[4] == pytest.approx(72.0)  # 18 of 25
    assert _row(table, "Flere har en frivillig mentor")[4] == Hidden("for få")  # 3 of 7
    assert _row(table, "Flere modtages")[4] == Hidden("skjult")  # 3 persons
    mentor_chart, arrivals_chart = _charts(document)[1:]
    assert all(v is None for v in mentor_chart.series[0].values)
    # an event count's trend: whole calendar years only, hidden under 5
    assert arrivals_chart.categories == ["dec 2025"]
    assert arrivals_chart.series[0].values == [None]
    assert "skjult" in document.notes[-1]


def test_a_politician_sees_a_count_of_five_or_more(policy_officer: User, caseworker: User) -> None:
    world = build_follow_up_world(
        officer=policy_officer, caseworker=caseworker, arrivals=6, arrived_on=date(2025, 5, 4)
    )
    document = follow_up_document(version=world.version, exact=False)
    assert _row(_targets_table(document), "Flere modtages")[4] == 6.0


def test_a_politicians_chart_has_no_trajectory_when_its_baseline_is_hidden(
    world: FollowUpWorld,
) -> None:
    # the mentor share's baseline: 3 of 4 in December 2024, too few persons for a share
    IndicatorValue.objects.create(
        municipality=world.version.policy.municipality,
        key="volunteer_mentor_or_friendship_family",
        breakdown="",
        month=date(2024, 12, 1),
        numerator=3,
        denominator=4,
    )
    staff = _charts(follow_up_document(version=world.version, exact=True))[1]
    politician = _charts(follow_up_document(version=world.version, exact=False))[1]
    assert staff.title == politician.title
    assert staff.title.startswith("Andel med en frivillig mentor")
    # the line from the baseline to the target would give the hidden 75 % away
    assert [s.reference for s in staff.series] == [False, True]
    assert staff.series[1].values[0] == pytest.approx(75 + (60 - 75) * 31 / 729)
    assert [s.reference for s in politician.series] == [False]
