# SPDX-License-Identifier: MPL-2.0
"""Overviews kept per year before docs/adr/0049 join the one series, with their own-year
tables named by the year, so a new overview is protected against them as well."""

import importlib
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from helhed.indicators.disclosure import Released
from helhed.indicators.reports.models import PublishedReport, ReportRevision
from helhed.indicators.reports.services import report_revise
from helhed.indicators.tests.publications.test_joint_protection import (
    first_registry,
    kept,
    publish,
    revealed,
    the_correction,
)
from helhed.organisations.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

MIGRATION = importlib.import_module(
    "helhed.indicators.migrations.0009_overview_series_across_years"
)


def as_kept_before(data: dict[str, Any]) -> dict[str, Any]:
    """A state with the own-year tables without their year, as ADR 0048's code named them
    (the literal states below check the names themselves)."""

    def key(k: list[str]) -> list[str]:
        for name in ("education", "rest", "placements"):
            if k[0] == f"{name}-2026":
                return [name, *k[1:]]
        return k

    return {
        "values": [[key(k), v] for k, v in data["values"]],
        "hidden": [key(k) for k in data["hidden"]],
        "relations": [[key(t), [key(p) for p in parts]] for t, parts in data["relations"]],
    }


def test_states_kept_per_year_are_renamed_into_the_one_series(
    policy_officer: User, caseworker: User
) -> None:
    first_registry(caseworker)
    report = publish(policy_officer)
    the_correction(caseworker)
    revision = report_revise(actor=policy_officer, report=report, reason="Sene ankomster.")
    now_report, now_revision = kept(report), kept(revision)
    assert report.disclosure is not None
    assert revision.disclosure is not None
    old_report, old_revision = (
        as_kept_before(report.disclosure),
        as_kept_before(revision.disclosure),
    )
    assert old_report != report.disclosure  # the test's rows really are in the old form
    PublishedReport._base_manager.filter(pk=report.pk).update(
        disclosure=old_report, disclosure_series="year:2026"
    )
    ReportRevision._base_manager.filter(pk=revision.pk).update(disclosure=old_revision)

    state = MigrationLoader(connection).project_state(
        ("indicators", "0008_report_disclosure_state")
    )
    MIGRATION.forwards(state.apps, None)

    report.refresh_from_db()
    revision.refresh_from_db()
    assert report.disclosure_series == "overview"
    assert (kept(report), kept(revision)) == (now_report, now_revision)
    # the next overview is read beside both
    again = publish(policy_officer, month=11)
    assert revealed(kept(report), kept(revision), kept(again)) == []


def test_the_education_total_keeps_its_name() -> None:
    data = {
        "values": [[["education", "2026"], 3], [["education", "none"], 3], [["rest", "x"], 1]],
        "hidden": [["education", "none"]],
        "relations": [[["education", "2026"], [["education", "none"]]]],
    }
    assert MIGRATION.renamed(data, "2026") == {
        "values": [
            [["education", "2026"], 3],
            [["education-2026", "none"], 3],
            [["rest-2026", "x"], 1],
        ],
        "hidden": [["education-2026", "none"]],
        "relations": [[["education", "2026"], [["education-2026", "none"]]]],
    }


def old_state() -> dict[str, Any]:
    """A state as ADR 0048's code kept it, written out: 19 arrivals, of whom 3 adults with
    no education and 16 others, and 2 adults placed in Lund."""
    return {
        "values": [
            [["arrivals", "2026"], 19],
            [["education", "none"], 3],
            [["education", "2026"], 3],
            [["rest", "not-adult-target"], 16],
            [["placements", "Lund", "adults"], 2],
            [["placements", "Lund", "total"], 2],
            [["placements", "total", "adults"], 2],
            [["placements", "total"], 2],
        ],
        "hidden": [
            ["education", "none"],
            ["education", "2026"],
            ["placements", "Lund", "adults"],
            ["placements", "Lund", "total"],
            ["placements", "total", "adults"],
            ["placements", "total"],
        ],
        "relations": [
            [["education", "2026"], [["education", "none"]]],
            [["arrivals", "2026"], [["education", "2026"], ["rest", "not-adult-target"]]],
            [["placements", "Lund", "total"], [["placements", "Lund", "adults"]]],
            [["placements", "total", "adults"], [["placements", "Lund", "adults"]]],
            [["placements", "total"], [["placements", "Lund", "total"]]],
            [["placements", "total"], [["placements", "total", "adults"]]],
        ],
    }


NEW_STATE = {
    "values": [
        [["arrivals", "2026"], 19],
        [["education-2026", "none"], 3],
        [["education", "2026"], 3],
        [["rest-2026", "not-adult-target"], 16],
        [["placements-2026", "Lund", "adults"], 2],
        [["placements-2026", "Lund", "total"], 2],
        [["placements-2026", "total", "adults"], 2],
        [["placements-2026", "total"], 2],
    ],
    "hidden": [
        ["education-2026", "none"],
        ["education", "2026"],
        ["placements-2026", "Lund", "adults"],
        ["placements-2026", "Lund", "total"],
        ["placements-2026", "total", "adults"],
        ["placements-2026", "total"],
    ],
    "relations": [
        [["education", "2026"], [["education-2026", "none"]]],
        [["arrivals", "2026"], [["education", "2026"], ["rest-2026", "not-adult-target"]]],
        [["placements-2026", "Lund", "total"], [["placements-2026", "Lund", "adults"]]],
        [["placements-2026", "total", "adults"], [["placements-2026", "Lund", "adults"]]],
        [["placements-2026", "total"], [["placements-2026", "Lund", "total"]]],
        [["placements-2026", "total"], [["placements-2026", "total", "adults"]]],
    ],
}


def test_a_year_series_and_a_report_kept_without_a_series_join_and_go_back(
    policy_officer: User, caseworker: User
) -> None:
    """A report of a year's series, and a report published before any state was kept
    (series empty) whose revision kept one: both join the one series, renamed; the
    migration's reverse restores ADR 0048's form."""
    first_registry(caseworker)
    of_a_year = publish(policy_officer)
    before_states = publish(policy_officer, month=10)
    the_correction(caseworker)
    revision = report_revise(actor=policy_officer, report=before_states, reason="Sene.")
    PublishedReport._base_manager.filter(pk=of_a_year.pk).update(
        disclosure=old_state(), disclosure_series="year:2026"
    )
    PublishedReport._base_manager.filter(pk=before_states.pk).update(
        disclosure=None, disclosure_series=""
    )
    ReportRevision._base_manager.filter(pk=revision.pk).update(disclosure=old_state())
    state = MigrationLoader(connection).project_state(
        ("indicators", "0009_overview_series_across_years")
    )

    MIGRATION.forwards(state.apps, None)

    rows = {r.pk: r for r in PublishedReport.objects.all()}
    assert rows[of_a_year.pk].disclosure_series == rows[before_states.pk].disclosure_series
    assert rows[of_a_year.pk].disclosure_series == "overview"
    assert rows[of_a_year.pk].disclosure == NEW_STATE
    assert ReportRevision.objects.get(pk=revision.pk).disclosure == NEW_STATE
    Released.from_data(NEW_STATE)  # a state the code reads

    MIGRATION.backwards(state.apps, None)

    rows = {r.pk: r for r in PublishedReport.objects.all()}
    assert rows[of_a_year.pk].disclosure == old_state()
    assert rows[of_a_year.pk].disclosure_series == "year:2026"
    assert rows[before_states.pk].disclosure_series == "year:2026"
    assert ReportRevision.objects.get(pk=revision.pk).disclosure == old_state()
