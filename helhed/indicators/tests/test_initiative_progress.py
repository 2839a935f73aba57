# SPDX-License-Identifier: MPL-2.0
"""An initiative's progress: computed from its linked targets and kinds of intervention,
their mean when there are several, set by hand only with a stated reason (ADR 0028)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhed.caseplans import services as plans
from helhed.caseplans.catalogue import InterventionKind
from helhed.caseplans.tests.factories import make_intervention
from helhed.citizens.tests.factories import register
from helhed.indicators.measure_services import initiative_measure_add, initiative_measure_remove
from helhed.indicators.models import InitiativeMeasure
from helhed.indicators.progress import initiative_progress
from helhed.indicators.reports.follow_up import follow_up_document
from helhed.indicators.tests.follow_up_world import FollowUpWorld, build_follow_up_world
from helhed.organisations.models import User
from helhed.policies.models import InitiativeProgressUpdate
from helhed.policies.services import initiative_progress_update
from helhed.reports.document import Document, Hidden, Table, Value

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


@pytest.fixture
def world(policy_officer: User, caseworker: User) -> FollowUpWorld:
    return build_follow_up_world(officer=policy_officer, caseworker=caseworker)


def _job_searches(caseworker: User, world: FollowUpWorld, starts: list[date]) -> None:
    for day in starts:
        make_intervention(
            caseworker,
            person=register(caseworker, arrived_on=date(2024, 6, 1)),
            kind=InterventionKind.JOB_SEARCH,
            starts_on=day,
            focus_area=world.area,
        )


def test_without_links_or_follow_up_the_action_plans_figure_is_said_to_be_so(
    world: FollowUpWorld,
) -> None:
    progress = initiative_progress(world.initiative)
    assert (progress.percent, progress.source) == (10, "plan")
    assert progress.explanation == (
        "Som skrevet i handleplanen; der er ikke registreret nogen opfølgning."
    )


def test_a_linked_target_gives_the_share_of_the_way_to_its_value(
    world: FollowUpWorld, policy_officer: User
) -> None:
    initiative_measure_add(actor=policy_officer, initiative=world.initiative, target=world.daycare)
    progress = initiative_progress(world.initiative)
    # from 50 % towards 80 %, now 72 %: 22 of 30
    assert (progress.percent, progress.source) == (73, "computed")
    assert progress.explanation == "Beregnet ud fra målet “Flere børn i dagtilbud”."


def test_a_linked_kind_counts_the_interventions_started_in_the_initiatives_period(
    world: FollowUpWorld, policy_officer: User, caseworker: User
) -> None:
    # six started in the period; one before it, one planned for next year: not counted
    _job_searches(caseworker, world, [date(2025, 6, 1)] * 6 + [date(2024, 12, 1)])
    _job_searches(caseworker, world, [date(2027, 2, 1)])
    cancelled = make_intervention(
        caseworker,
        person=register(caseworker),
        kind=InterventionKind.JOB_SEARCH,
        starts_on=date(2026, 12, 20),
        focus_area=world.area,
    )
    plans.intervention_cancel(actor=caseworker, intervention=cancelled, closing_note="Flyttet.")
    initiative_measure_add(
        actor=policy_officer,
        initiative=world.initiative,
        intervention_kind=InterventionKind.JOB_SEARCH,
        planned=10,
    )
    progress = initiative_progress(world.initiative)
    assert (progress.percent, progress.source) == (60, "computed")
    assert "6 af 10 planlagte startet" in progress.explanation


def test_more_than_planned_is_a_hundred_per_cent(
    world: FollowUpWorld, policy_officer: User, caseworker: User
) -> None:
    _job_searches(caseworker, world, [date(2025, 6, 1)] * 3)
    initiative_measure_add(
        actor=policy_officer,
        initiative=world.initiative,
        intervention_kind=InterventionKind.JOB_SEARCH,
        planned=2,
    )
    assert initiative_progress(world.initiative).percent == 100


def test_several_links_give_their_mean(
    world: FollowUpWorld, policy_officer: User, caseworker: User
) -> None:
    _job_searches(caseworker, world, [date(2025, 6, 1)] * 6)
    initiative_measure_add(actor=policy_officer, initiative=world.initiative, target=world.daycare)
    initiative_measure_add(
        actor=policy_officer,
        initiative=world.initiative,
        intervention_kind=InterventionKind.JOB_SEARCH,
        planned=10,
    )
    progress = initiative_progress(world.initiative)
    assert progress.percent == 67  # (22/30 + 6/10) / 2 = 0.6667
    assert len(progress.computed_parts) == 2


def test_a_link_without_a_figure_is_left_out_of_the_mean(
    world: FollowUpWorld, policy_officer: User
) -> None:
    initiative_measure_add(actor=policy_officer, initiative=world.initiative, target=world.daycare)
    initiative_measure_add(actor=policy_officer, initiative=world.initiative, target=world.unknown)
    progress = initiative_progress(world.initiative)
    assert progress.percent == 73
    unknown = next(p for p in progress.parts if p.share is None)
    assert "made_up_indicator" in unknown.problem


def test_set_by_hand_when_nothing_computes_with_who_when_and_why(
    world: FollowUpWorld, policy_officer: User
) -> None:
    initiative_measure_add(actor=policy_officer, initiative=world.initiative, target=world.unknown)
    initiative_progress_update(
        actor=policy_officer,
        initiative=world.initiative,
        status="in_progress",
        progress=40,
        note="To ud af fem dagtilbud er i gang.",
    )
    progress = initiative_progress(world.initiative)
    assert (progress.percent, progress.source) == (40, "manual")
    assert progress.explanation == (
        "Sat manuelt af Politik Testesen den 2. december 2026: To ud af fem dagtilbud er i gang."
    )


def test_a_computed_figure_is_not_overwritten_by_one_set_by_hand(
    world: FollowUpWorld, policy_officer: User
) -> None:
    initiative_measure_add(actor=policy_officer, initiative=world.initiative, target=world.daycare)
    initiative_progress_update(
        actor=policy_officer,
        initiative=world.initiative,
        status="in_progress",
        progress=95,
        note="Næsten færdig.",
    )
    assert initiative_progress(world.initiative).percent == 73


@pytest.mark.parametrize("reason", ["", "   "])
def test_setting_by_hand_without_a_reason_is_refused_and_nothing_saved(
    world: FollowUpWorld, policy_officer: User, reason: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        initiative_progress_update(
            actor=policy_officer,
            initiative=world.initiative,
            status="in_progress",
            progress=40,
            note=reason,
        )
    assert "note" in refused.value.message_dict
    assert InitiativeProgressUpdate.objects.count() == 0
    world.initiative.refresh_from_db()
    assert world.initiative.progress == 10
    assert initiative_progress(world.initiative).source == "plan"


# --- linking ----------------------------------------------------------------------------


def test_a_link_names_a_target_or_a_kind_not_both_nor_neither(
    world: FollowUpWorld, policy_officer: User
) -> None:
    for arguments in (
        {},
        {"target": world.daycare, "intervention_kind": "job_search", "planned": 3},
    ):
        with pytest.raises(ValidationError) as refused:
            initiative_measure_add(actor=policy_officer, initiative=world.initiative, **arguments)  # type: ignore[arg-type]
        assert "Vælg enten et mål eller en type af indsats." in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        initiative_measure_add(
            actor=policy_officer, initiative=world.initiative, intervention_kind="job_search"
        )
    assert refused.value.message_dict["planned"] == [
        "Angiv det antal indsatser, initiativet planlægger."
    ]
    assert InitiativeMeasure.objects.count() == 0


def test_a_target_is_linked_once(world: FollowUpWorld, policy_officer: User) -> None:
    initiative_measure_add(actor=policy_officer, initiative=world.initiative, target=world.daycare)
    with pytest.raises(ValidationError) as refused:
        initiative_measure_add(
            actor=policy_officer, initiative=world.initiative, target=world.daycare
        )
    assert "Målet er allerede knyttet til initiativet." in str(refused.value)
    assert InitiativeMeasure.objects.count() == 1


def test_a_target_of_another_version_is_refused(
    world: FollowUpWorld, policy_officer: User, caseworker: User
) -> None:
    other = build_follow_up_world(
        officer=policy_officer, caseworker=caseworker, arrivals=0, aggregates=False
    )
    with pytest.raises(ValidationError) as refused:
        initiative_measure_add(
            actor=policy_officer, initiative=world.initiative, target=other.daycare
        )
    assert refused.value.message_dict["target"] == ["Målet hører til en anden politikversion."]


def test_only_a_policy_officer_of_the_municipality_links(
    world: FollowUpWorld, manager: User, other_policy_officer: User, policy_officer: User
) -> None:
    for actor in (manager, other_policy_officer):
        with pytest.raises(PermissionDenied):
            initiative_measure_add(actor=actor, initiative=world.initiative, target=world.daycare)
    measure = initiative_measure_add(
        actor=policy_officer, initiative=world.initiative, target=world.daycare
    )
    with pytest.raises(PermissionDenied):
        initiative_measure_remove(actor=other_policy_officer, measure=measure)
    initiative_measure_remove(actor=policy_officer, measure=measure)
    assert InitiativeMeasure.objects.count() == 0


# --- in the report ----------------------------------------------------------------------


def _initiative_row(document: Document, title: str) -> list[Value]:
    table: Table = next(t for t in document.tables() if t.caption == "Indsatser")
    return next(r for r in table.rows if r[0] == title)


def test_the_report_shows_progress_and_its_source(
    world: FollowUpWorld, policy_officer: User
) -> None:
    initiative_measure_add(actor=policy_officer, initiative=world.initiative, target=world.daycare)
    row = _initiative_row(
        follow_up_document(version=world.version, exact=True), "Dagtilbudsindsats"
    )
    assert row[1:] == [
        "Jobcenter",
        "01.01.2025",
        "31.12.2026",
        None,  # no budget of its own
        "I gang",
        73,
        "Beregnet ud fra målet “Flere børn i dagtilbud”.",
    ]


def test_a_politician_is_not_shown_progress_resting_on_fewer_than_five(
    world: FollowUpWorld, policy_officer: User, caseworker: User
) -> None:
    _job_searches(caseworker, world, [date(2025, 6, 1)] * 3)
    initiative_measure_add(
        actor=policy_officer,
        initiative=world.initiative,
        intervention_kind=InterventionKind.JOB_SEARCH,
        planned=10,
    )
    staff = _initiative_row(
        follow_up_document(version=world.version, exact=True), "Dagtilbudsindsats"
    )
    assert staff[6] == 30
    politician = _initiative_row(
        follow_up_document(version=world.version, exact=False), "Dagtilbudsindsats"
    )
    assert politician[6] == Hidden("skjult")
    assert "3 af 10" not in str(politician[7])


def test_a_politician_is_not_shown_progress_from_a_hidden_target(
    world: FollowUpWorld, policy_officer: User
) -> None:
    initiative_measure_add(actor=policy_officer, initiative=world.initiative, target=world.mentor)
    staff = _initiative_row(
        follow_up_document(version=world.version, exact=True), "Dagtilbudsindsats"
    )
    politician = _initiative_row(
        follow_up_document(version=world.version, exact=False), "Dagtilbudsindsats"
    )
    # no baseline (no mentors before the period): no computed figure, the plan's figure
    assert staff[6] == 10
    assert politician[6] == 10
