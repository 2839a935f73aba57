# SPDX-License-Identifier: MPL-2.0
"""The monthly overview and the committee follow-up report as published kinds: frozen,
disclosure-controlled, and corrected only by a revision with its differences and reason
(docs/adr/0030)."""

import re
from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from helhed.audit.models import AuditEvent
from helhed.citizens.models import ArrivalSource
from helhed.citizens.tests.factories import register
from helhed.indicators.reports.kinds import report_kinds
from helhed.indicators.reports.models import Audience, PublishedReport, ReportRevision
from helhed.indicators.reports.services import (
    report_differences,
    report_publish,
    report_revise,
    report_versions,
)
from helhed.indicators.tests.follow_up_world import FollowUpWorld, build_follow_up_world
from helhed.indicators.tests.publications.factories import arrivals
from helhed.organisations.models import User
from helhed.organisations.tests.sessions import login_verified
from helhed.policies.models import Policy, PolicyVersion, Status
from helhed.reports.document import Document, Hidden, Table, from_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

MONTH = {"aar": 2026, "maaned": 11}
LAST_YEAR = date(2025, 5, 4)  # an arrival in the last whole year before MONTH


def table(document: Document, caption_start: str) -> Table:
    return next(t for t in document.tables() if t.caption.startswith(caption_start))


def cell(t: Table, row_start: str, column: str) -> Any:
    row = next(r for r in t.rows if str(r[0]).startswith(row_start))
    return row[[c.label for c in t.columns].index(column)]


def written() -> tuple[int, int, int]:
    return (
        PublishedReport.objects.count(),
        ReportRevision.objects.count(),
        AuditEvent.objects.count(),
    )


def test_both_kinds_are_registered() -> None:
    kinds = report_kinds()
    assert {"target_status", "monthly_overview", "follow_up"} <= set(kinds)


# --- the monthly overview ---------------------------------------------------------------


def publish_overview(actor: User, **overrides: Any) -> PublishedReport:
    arguments: dict[str, Any] = {
        "actor": actor,
        "kind": "monthly_overview",
        "params": dict(MONTH),
        "audience": Audience.PUBLIC,
    }
    arguments.update(overrides)
    return report_publish(**arguments)


def asylum_2026(document_data: dict[str, Any]) -> Any:
    return cell(table(from_data(document_data), "Ankomne efter"), "Flygtning med asyl", "2026")


def test_the_overview_is_published_frozen_and_revised_with_its_differences(
    policy_officer: User, caseworker: User
) -> None:
    arrivals(caseworker, 6)
    report = publish_overview(policy_officer)
    report.refresh_from_db()
    assert report.params == MONTH
    assert asylum_2026(report.document) == 6
    assert from_data(report.document).notes[0] == "Tal til og med november 2026."
    assert report_differences(report=report) == []

    arrivals(caseworker, 2)  # two arrivals registered late

    report.refresh_from_db()
    assert asylum_2026(report.document) == 6  # never a silent change
    changed = {(d.row, d.column): (d.old, d.new) for d in report_differences(report=report)}
    assert changed[("Flygtning med asyl", "2026")] == (6, 8)
    assert changed[("Modtaget i alt", "2026")] == (6, 8)

    revision = report_revise(actor=policy_officer, report=report, reason="To sene ankomster.")

    assert asylum_2026(revision.document) == 8
    assert {"row": "Flygtning med asyl", "column": "2026", "old": 6, "new": 8}.items() <= next(
        d for d in revision.differences if d["row"] == "Flygtning med asyl"
    ).items()
    assert revision.reason == "To sene ankomster."
    report.refresh_from_db()
    assert asylum_2026(report.document) == 6
    assert [v.number for v in report_versions(report=report)] == [0, 1]


def test_a_month_later_the_overview_of_a_month_has_no_differences(
    policy_officer: User, caseworker: User
) -> None:
    """An arrival after the published month is not a correction of it."""
    arrivals(caseworker, 6)
    report = publish_overview(policy_officer)
    arrivals(caseworker, 2, on=date(2026, 12, 1))
    assert report_differences(report=report) == []


def test_the_published_overview_is_disclosure_controlled(
    policy_officer: User, caseworker: User
) -> None:
    arrivals(caseworker, 3)
    report = publish_overview(policy_officer, audience=Audience.COMMITTEE)
    document = from_data(report.document)
    assert isinstance(asylum_2026(report.document), Hidden)
    # the total would give the hidden count away: it is hidden too
    assert isinstance(cell(table(document, "Ankomne efter"), "Modtaget i alt", "2026"), Hidden)
    assert not any(value == 3 for t in document.tables() for row in t.rows for value in row[1:])


def test_an_overview_of_a_year_without_data_is_refused_and_nothing_is_written(
    policy_officer: User,
) -> None:
    before = written()
    with pytest.raises(ValidationError) as error:
        publish_overview(policy_officer)
    assert "aar" in error.value.message_dict
    assert "ingen ankomster" in error.value.message_dict["aar"][0]
    assert written() == before


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"aar": 2026, "maaned": 12}, "maaned"),  # not ended
        ({"aar": 1999, "maaned": 5}, "aar"),
        ({"aar": "tyve", "maaned": 5}, "aar"),
        ({"aar": 2026}, "maaned"),
    ],
)
def test_an_overview_for_a_bad_month_is_refused(
    policy_officer: User, caseworker: User, params: dict[str, Any], field: str
) -> None:
    arrivals(caseworker, 6)
    before = written()
    with pytest.raises(ValidationError) as error:
        publish_overview(policy_officer, params=params)
    assert field in error.value.message_dict
    assert written() == before


# --- the committee follow-up report -------------------------------------------------------


@pytest.fixture
def world(policy_officer: User, caseworker: User) -> FollowUpWorld:
    # in 2025: a politician's report shows a count of arrivals for whole years (ADR 0052)
    return build_follow_up_world(
        officer=policy_officer, caseworker=caseworker, arrivals=6, arrived_on=LAST_YEAR
    )


def publish_follow_up(actor: User, version: PolicyVersion, **overrides: Any) -> PublishedReport:
    arguments: dict[str, Any] = {
        "actor": actor,
        "kind": "follow_up",
        "params": {"politik": str(version.id), **MONTH},
        "audience": Audience.COMMITTEE,
        "recipient": "Beskæftigelses- og Integrationsudvalget",
    }
    arguments.update(overrides)
    return report_publish(**arguments)


def targets(document_data: dict[str, Any]) -> Table:
    return table(from_data(document_data), "Mål for")


def test_the_follow_up_report_is_published_frozen_and_revised(
    policy_officer: User, caseworker: User, world: FollowUpWorld
) -> None:
    report = publish_follow_up(policy_officer, world.version)
    report.refresh_from_db()
    assert report.params == {"politik": str(world.version.id), **MONTH}
    frozen = targets(report.document)
    assert cell(frozen, "Flere modtages", "Aktuel værdi") == 6.0
    assert cell(frozen, "Flere børn i dagtilbud", "Aktuel værdi") == 72.0
    # a share of 7 persons is not published
    assert isinstance(cell(frozen, "Flere har en frivillig mentor", "Aktuel værdi"), Hidden)
    assert report_differences(report=report) == []

    for _ in range(2):  # two arrivals registered late
        register(caseworker, arrived_on=LAST_YEAR, source=ArrivalSource.QUOTA_REFUGEE)

    report.refresh_from_db()
    assert cell(targets(report.document), "Flere modtages", "Aktuel værdi") == 6.0
    changed = {
        (d.table.startswith("Mål for"), d.row.startswith("Flere modtages"), d.column): (
            d.old,
            d.new,
        )
        for d in report_differences(report=report)
    }
    assert changed[(True, True, "Aktuel værdi")] == (6.0, 8.0)

    revision = report_revise(
        actor=policy_officer, report=report, reason="To ankomster var ikke registreret."
    )
    assert cell(targets(revision.document), "Flere modtages", "Aktuel værdi") == 8.0
    assert any(
        d["column"] == "Aktuel værdi" and (d["old"], d["new"]) == (6.0, 8.0)
        for d in revision.differences
    )
    report.refresh_from_db()
    assert cell(targets(report.document), "Flere modtages", "Aktuel værdi") == 6.0


def test_the_published_follow_up_report_hides_small_counts(
    policy_officer: User, caseworker: User
) -> None:
    world = build_follow_up_world(
        officer=policy_officer, caseworker=caseworker, arrivals=3, arrived_on=LAST_YEAR
    )
    report = publish_follow_up(policy_officer, world.version, audience=Audience.PUBLIC)
    document = from_data(report.document)
    assert isinstance(cell(targets(report.document), "Flere modtages", "Aktuel værdi"), Hidden)
    # nor anywhere else: no table or chart table of persons holds the 3
    # (the summary counts targets, not persons: three of them are off track)
    persons = [t for t in document.tables() if t.caption != "Målene fordelt på status"]
    assert not any(value in (3, 3.0) for t in persons for row in t.rows for value in row[1:])
    assert any("skjult" in note for note in document.notes)


def test_a_follow_up_of_another_municipalitys_or_a_draft_version_is_refused(
    policy_officer: User, other_policy_officer: User, world: FollowUpWorld
) -> None:
    assert other_policy_officer.municipality is not None
    elsewhere = PolicyVersion.objects.create(
        policy=Policy.objects.create(municipality=other_policy_officer.municipality),
        number=1,
        status=Status.ADOPTED,
        title="Fremmed politik",
        period_start=2025,
        period_end=2026,
    )
    draft = PolicyVersion.objects.create(
        policy=world.version.policy,
        number=2,
        status=Status.DRAFT,
        title="Udkast",
        period_start=2027,
        period_end=2028,
    )
    before = written()
    for version in (elsewhere, draft):
        with pytest.raises(ValidationError) as error:
            publish_follow_up(policy_officer, version)
        assert error.value.message_dict["politik"] == [
            "Kommunen har ingen vedtaget politik med det id; vælg politikken på listen."
        ]
    with pytest.raises(ValidationError) as error:
        publish_follow_up(policy_officer, world.version, params={"politik": "x", **MONTH})
    assert "politik" in error.value.message_dict
    assert written() == before


def test_the_follow_up_page_links_to_publishing_it_with_the_policy_chosen(
    policy_officer: User, other_policy_officer: User, world: FollowUpWorld
) -> None:
    assert other_policy_officer.municipality is not None
    PolicyVersion.objects.create(
        policy=Policy.objects.create(municipality=other_policy_officer.municipality),
        number=1,
        status=Status.ADOPTED,
        title="Fremmed politik",
        period_start=2025,
        period_end=2026,
    )
    client = Client()
    login_verified(client, policy_officer)
    page = client.get(
        reverse("indicators:follow_up_report", kwargs={"version_id": world.version.id})
    )
    link = f"/app/udgivelser/ny/?rapport=follow_up&amp;politik={world.version.id}"
    assert link in page.content.decode()

    form = client.get(link.replace("&amp;", "&"))
    body = form.content.decode()
    assert form.status_code == 200
    assert f'<option value="{world.version.id}" selected>' in body
    assert "Fremmed politik" not in body

    response = client.post(
        "/app/udgivelser/ny/",
        {
            "rapport": "follow_up",
            "politik": str(world.version.id),
            **MONTH,
            "audience": Audience.COMMITTEE,
            "recipient": "Udvalget",
        },
    )
    report = PublishedReport.objects.get()
    assert response.status_code == 302
    assert report.kind == "follow_up"
    assert report.title == "Opfølgningsrapport: Integrationspolitik"


def test_publishing_a_follow_up_without_a_policy_names_the_field(
    policy_officer: User, world: FollowUpWorld
) -> None:
    client = Client()
    login_verified(client, policy_officer)
    response = client.post(
        "/app/udgivelser/ny/",
        {"rapport": "follow_up", "politik": "", **MONTH, "audience": Audience.PUBLIC},
    )
    assert response.status_code == 400
    assert "Vælg den politik, der skal følges op på." in response.content.decode()
    assert not PublishedReport.objects.exists()


def test_a_published_follow_up_page_shows_two_versions_with_unique_chart_ids(
    policy_officer: User, caseworker: User, world: FollowUpWorld
) -> None:
    report = publish_follow_up(policy_officer, world.version, audience=Audience.PUBLIC)
    register(caseworker, arrived_on=LAST_YEAR, source=ArrivalSource.QUOTA_REFUGEE)
    report_revise(actor=policy_officer, report=report, reason="En sen ankomst.")
    client = Client()
    login_verified(client, policy_officer)
    for url in (
        reverse("indicators:report_detail", kwargs={"report_id": report.id}),
        reverse(
            "indicators:public_report",
            kwargs={"slug": report.municipality.slug, "report_id": report.id},
        ),
    ):
        body = client.get(url).content.decode()
        ids = Counter(re.findall(r'\sid="([^"]+)"', body))
        references = [
            r for refs in re.findall(r'aria-labelledby="([^"]+)"', body) for r in refs.split()
        ]
        # the latest version and the first are both on the page, each with its charts
        assert body.count("<svg") >= 2
        assert [i for i, n in ids.items() if n > 1] == []
        assert references
        assert all(ids[r] == 1 for r in references)
