# SPDX-License-Identifier: MPL-2.0
"""The demo's committees, the Furesø committee case word for word, and both process
plans, loaded through the services and idempotently."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from helhed.governance.models import (
    AgendaItem,
    Attachment,
    Committee,
    Decision,
    Meeting,
    Milestone,
    MilestoneKind,
)
from helhed.governance.text_blocks import text_blocks

FURESOE_SEED = Path("/work/shared/seeds/000_d3e7c28f428da9c1.txt")


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db: None) -> str:
    return _load()


def _words(text: str) -> list[str]:
    return text.split()


@pytest.mark.usefixtures("demo")
def test_the_furesoe_case_has_the_sources_heading_fields_and_decisions() -> None:
    item = AgendaItem.objects.get(municipality__kommunekode="190")

    assert item.title == "Drøftelse: Integrationspolitik 2018-2021"
    assert item.case_number == "18/12386"
    assert item.decision_authority.name == "Udvalg for beskæftigelse og erhverv"
    assert item.financial_consequences == "Ingen bemærkninger"
    assert item.legal_basis == "Ingen bemærkninger"
    decisions = [
        (d.entry.meeting.committee.name, d.entry.meeting.date, d.text)
        for d in Decision.objects.filter(entry__item=item).order_by(
            "entry__meeting__committee__name"
        )
    ]
    assert decisions == [
        ("Udvalg for beskæftigelse og erhverv", date(2018, 8, 14), "Drøftet som indstillet."),
        ("Udvalg for skole og ungdomsuddannelse", date(2018, 8, 14), "Drøftet."),
    ]


@pytest.mark.skipif(not FURESOE_SEED.exists(), reason="the source documents are not here")
@pytest.mark.usefixtures("demo")
def test_every_section_of_the_furesoe_case_is_the_sources_text_word_for_word() -> None:
    source = FURESOE_SEED.read_text(encoding="utf-8")
    item = AgendaItem.objects.get(municipality__kommunekode="190")
    sections = {
        "Beslutningstema:": item.decision_theme,
        "Sagsfremstilling:": item.case_description,
        "Borgerinddragelse:": item.citizen_involvement,
        "Det videre forløb:": item.next_steps,
        "Indstilling:": item.recommendation,
    }
    headings = [
        "Beslutningstema:",
        "Sagsfremstilling:",
        "Økonomiske konsekvenser:",
        "Borgerinddragelse:",
        "Lovgrundlag:",
        "Det videre forløb:",
        "Indstilling:",
        "Beslutning i Udvalg for beskæftigelse og erhverv",
    ]
    for heading, stored in sections.items():
        start = source.index(heading) + len(heading)
        following = headings[headings.index(heading) + 1]
        expected = source[start : source.index(following)]
        assert _words(stored) == _words(expected), heading


@pytest.mark.usefixtures("demo")
def test_the_furesoe_case_shows_the_five_main_areas_as_a_list_without_the_empty_bullet() -> None:
    item = AgendaItem.objects.get(municipality__kommunekode="190")

    lists = [b for b in text_blocks(item.case_description) if b.kind == "list"]

    assert len(lists) == 1
    assert lists[0].items[0] == "Flere borgere skal være i job, uddannelse og i beskæftigelse"
    assert len(lists[0].items) == 5


@pytest.mark.usefixtures("demo")
def test_the_furesoe_attachment_links_the_policy_version() -> None:
    attachment = Attachment.objects.get(item__case_number="18/12386")

    assert attachment.number == 1
    assert attachment.title.startswith("Åben Integrationspolitik 2018-2021 til behandling i")
    assert attachment.policy_version is not None
    assert attachment.policy_version.policy.municipality.kommunekode == "190"


@pytest.mark.usefixtures("demo")
def test_horsens_process_plan_is_the_time_schedule_of_page_19() -> None:
    plan = [
        (m.kind, m.date, m.committee.name if m.committee else None)
        for m in Milestone.objects.filter(policy__municipality__kommunekode="615").order_by("date")
    ]

    assert plan == [
        (MilestoneKind.POLITICAL_GOALS, date(2015, 11, 17), "Beskæftigelsesudvalget"),
        (MilestoneKind.HEARING, date(2016, 1, 13), "Internationaliseringsudvalg"),
        (MilestoneKind.HEARING, date(2016, 1, 27), "Velfærds- og Sundhedsudvalget"),
        (MilestoneKind.HEARING, date(2016, 2, 1), "Børne- og Skoleudvalget"),
        (MilestoneKind.HEARING, date(2016, 2, 2), "Teknik- og Miljøudvalget"),
        (MilestoneKind.HEARING, date(2016, 2, 4), "Kulturudvalget"),
        (MilestoneKind.COMMITTEE_TREATMENT, date(2016, 3, 15), "Beskæftigelsesudvalget"),
        (MilestoneKind.COMMITTEE_TREATMENT, date(2016, 4, 5), "Økonomi- og Erhvervsudvalget"),
        (MilestoneKind.ADOPTION, date(2016, 4, 26), "Byrådet"),
    ]


@pytest.mark.usefixtures("demo")
def test_furesoes_city_council_is_planned_for_october_2018_as_a_month() -> None:
    adoption = Milestone.objects.get(
        policy__municipality__kommunekode="190", kind=MilestoneKind.ADOPTION
    )

    assert adoption.date == date(2018, 10, 1)
    assert adoption.is_month
    assert adoption.committee is not None
    assert adoption.committee.is_city_council


def test_a_second_load_writes_nothing(demo: str) -> None:
    counts = [m.objects.count() for m in (Committee, Meeting, AgendaItem, Decision, Milestone)]

    _load()

    assert [
        m.objects.count() for m in (Committee, Meeting, AgendaItem, Decision, Milestone)
    ] == counts
