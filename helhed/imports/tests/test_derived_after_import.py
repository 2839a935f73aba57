# SPDX-License-Identifier: MPL-2.0
"""An import keeps the derived parts current in one pass at the end of the file (not per
row): the indicators and the rule flags it leaves are exactly those a full recompute
gives, also when a person's rows span chunks."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings

from helhed.caseplans.flags import flags_sync
from helhed.caseplans.models import RuleFlag
from helhed.citizens.models import Locality, Person, StatusSpell
from helhed.imports.tests.conftest import person_row, problems, run, spell_row, write_csv
from helhed.indicators.maintenance import indicators_recompute
from helhed.indicators.models import IndicatorFact, IndicatorValue
from helhed.organisations.models import Municipality, User

pytestmark = pytest.mark.django_db

PERSONS = [
    person_row("A1", "010185-1111", household_external_id="H1"),
    person_row("A2", "020286-2222", household_external_id="H1"),
    person_row(
        "A3",
        "030315-4333",
        household_external_id="H1",
        parent1_external_id="A1",
        parent2_external_id="A2",
    ),
    person_row("B1", "040490-4444"),
    person_row("B2", "050592-5555", household_external_id="H2"),
    person_row("B3", "060612-4666", household_external_id="H2", parent1_external_id="B2"),
    person_row("C1", "070710-4777", unaccompanied_minor="ja"),
]


def arrival(external_id: str, person: str, arrived_on: str, source: str) -> dict[str, str]:
    return {"external_id": external_id, "person_external_id": person, "arrived_on": arrived_on,
            "source": source, "from_kommunekode": "", "quota_year": ""}  # fmt: skip


def programme(external_id: str, person: str, kind: str, start: str, end: str = "") -> dict:
    return {"external_id": external_id, "person_external_id": person, "kind": kind,
            "starts_on": start, "ends_on": end}  # fmt: skip


ARRIVALS = [
    arrival("R1", "A1", "2023-03-01", "quota_refugee"),
    arrival("R2", "A2", "2023-03-01", "family_refugee"),
    arrival("R3", "A3", "2023-03-01", "family_refugee"),
    arrival("R4", "B1", "2026-10-15", "asylum"),
    arrival("R5", "B2", "2024-06-01", "asylum"),
    arrival("R6", "B3", "2024-06-01", "family_other"),
    arrival("R7", "C1", "2026-09-01", "asylum"),
]
# rows of one person spread over chunks of three (HELHED_IMPORT_BATCH below)
SPELLS = [
    spell_row("S1", "A1", "2023-03-01", "2023-12-31", kind="benefit", benefit_name="Ydelse"),
    spell_row("S2", "B2", "2024-06-01", "2025-05-31", kind="benefit", benefit_name="Ydelse"),
    spell_row("S3", "A2", "2023-03-01", kind="benefit", benefit_name="Ydelse"),
    spell_row("S4", "B1", "2026-10-15", kind="benefit", benefit_name="Ydelse"),
    spell_row("S5", "A1", "2024-01-01", "2025-06-30", kind="job"),
    spell_row("S6", "B2", "2025-06-01", kind="education"),
    spell_row("S7", "A1", "2025-07-01", kind="job"),
]
PROGRAMMES = [
    programme("E1", "A1", "self_support", "2023-03-01", "2024-02-28"),
    programme("E2", "A2", "self_support", "2023-03-01"),
    programme("E3", "B2", "introduction", "2024-06-01"),
    programme("E4", "B1", "self_support", "2026-10-15"),
]


@pytest.fixture
def today() -> Iterator[None]:
    with time_machine.travel(date(2026, 12, 2), tick=False):
        yield


def indicator_rows(municipality: Municipality) -> tuple[list[tuple[object, ...]], ...]:
    facts = IndicatorFact.objects.filter(municipality=municipality).values_list(
        "person_id", "key", "breakdown", "first_month", "last_month", "in_numerator", "measure"
    )
    values = IndicatorValue.objects.filter(municipality=municipality).values_list(
        "key", "breakdown", "month", "numerator", "denominator"
    )
    return sorted(facts, key=repr), sorted(values, key=repr)


def open_flags() -> list[tuple[object, ...]]:
    return sorted(
        RuleFlag.objects.filter(resolved_at__isnull=True).values_list(
            "person_id", "rule", "opened_on", "due_on"
        ),
        key=repr,
    )


@override_settings(HELHED_IMPORT_BATCH=3)
@pytest.mark.usefixtures("today")
def test_the_end_of_file_pass_equals_a_full_recompute(
    caseworker: User, own_municipality: Municipality, tmp_path: Path
) -> None:
    for kind, rows in (("persons", PERSONS), ("arrivals", ARRIVALS), ("spells", SPELLS),
                       ("enrolments", PROGRAMMES)):  # fmt: skip
        result = run(caseworker, kind, write_csv(tmp_path / f"{kind}.csv", rows))
        assert result.ok, (kind, problems(result))
    imported_indicators = indicator_rows(own_municipality)
    imported_flags = open_flags()
    # not a comparison of two empty sets: the files give facts, aggregates and flags
    assert imported_indicators[0]
    assert imported_indicators[1]
    assert imported_flags

    indicators_recompute(municipality=own_municipality)
    RuleFlag.objects.all().delete()
    flags_sync(person_ids=Person.objects.values_list("pk", flat=True))

    assert indicator_rows(own_municipality) == imported_indicators
    assert open_flags() == imported_flags


@override_settings(HELHED_IMPORT_BATCH=3)
@pytest.mark.usefixtures("today")
def test_a_changed_spell_moves_the_derived_parts_as_a_recompute_would(
    caseworker: User, own_municipality: Municipality, tmp_path: Path
) -> None:
    for kind, rows in (("persons", PERSONS), ("arrivals", ARRIVALS), ("spells", SPELLS)):
        assert run(caseworker, kind, write_csv(tmp_path / f"{kind}.csv", rows)).ok
    before = indicator_rows(own_municipality), open_flags()
    # A1's job ends: the file changes one row of an earlier import
    changed = [dict(r) for r in SPELLS]
    changed[-1]["ends_on"] = "2026-01-31"
    result = run(caseworker, "spells", write_csv(tmp_path / "changed.csv", changed))
    assert result.ok, problems(result)
    assert result.counts.updated == 1
    after = indicator_rows(own_municipality), open_flags()
    assert after != before

    indicators_recompute(municipality=own_municipality)
    RuleFlag.objects.all().delete()
    flags_sync(person_ids=Person.objects.values_list("pk", flat=True))

    assert (indicator_rows(own_municipality), open_flags()) == after


def recomputed(municipality: Municipality) -> tuple[object, ...]:
    """The indicators and open flags a full recompute gives now (rolled back after)."""
    with transaction.atomic():
        indicators_recompute(municipality=municipality)
        RuleFlag.objects.all().delete()
        flags_sync(person_ids=Person.objects.values_list("pk", flat=True))
        found = indicator_rows(municipality), open_flags()
        transaction.set_rollback(True)
    return found


def intervention(external_id: str, person: str, kind: str, start: str, **extra: str) -> dict:
    return {"external_id": external_id, "person_external_id": person, "kind": kind,
            "owner_department": "Jobcenter", "partner": extra.get("partner", ""),
            "starts_on": start, "ends_on": extra.get("ends_on", "")}  # fmt: skip


CVR = "24256790"
DANISH = [
    {"external_id": "D1", "person_external_id": "B1", "track": "du2", "module": "1",
     "referred_on": "2026-10-20", "test": "", "test_passed_on": ""},
    {"external_id": "D2", "person_external_id": "A1", "track": "du3", "module": "5",
     "referred_on": "2023-03-10", "test": "pd3", "test_passed_on": "2025-06-01"},
]  # fmt: skip
PLACEMENTS = [
    {"external_id": "L1", "person_external_id": "A1", "locality": "Gedved", "permanent": "ja",
     "placed_on": "2023-04-01"},
    {"external_id": "L2", "person_external_id": "A3", "locality": "Gedved", "permanent": "ja",
     "placed_on": "2023-04-01"},
]  # fmt: skip
INTERVENTIONS = [
    intervention("I1", "B1", "company_internship", "2026-11-01", partner=CVR),
    intervention("I2", "C1", "school", "2026-11-15"),
    intervention("I3", "A3", "leisure_association", "2024-01-01", partner="IF Gedved"),
    intervention(
        "I4", "B2", "volunteer_mentor", "2024-08-01", ends_on="2025-08-01", partner="Karen Holm"
    ),
]


@override_settings(HELHED_IMPORT_BATCH=3)
@pytest.mark.usefixtures("today")
def test_each_kind_of_fact_file_leaves_what_a_full_recompute_gives(
    caseworker: User, own_municipality: Municipality, tmp_path: Path, gedved: Locality
) -> None:
    """A fact file's upkeep recomputes only the indicators and rules that read its kind of
    fact (ADR 0044): after every file the indicators and the open flags are exactly those
    of a full recompute of everything, and the files that move them do move them."""
    from helhed.caseplans.services import partner_register
    from helhed.imports.sheets import SHEETS

    partner_register(actor=caseworker, kind="company", name="Bench A/S", cvr=CVR)
    partner_register(actor=caseworker, kind="association", name="IF Gedved")
    partner_register(actor=caseworker, kind="volunteer", name="Karen Holm")
    files = (("persons", PERSONS), ("arrivals", ARRIVALS), ("spells", SPELLS),
             ("enrolments", PROGRAMMES), ("danish", DANISH), ("placements", PLACEMENTS),
             ("interventions", INTERVENTIONS))  # fmt: skip
    assert {kind for kind, _rows in files} == set(SHEETS)
    for kind, rows in files:
        before = indicator_rows(own_municipality), open_flags()
        result = run(caseworker, kind, write_csv(tmp_path / f"{kind}.csv", rows))
        assert result.ok, (kind, problems(result))
        after = indicator_rows(own_municipality), open_flags()
        # every fact file here moves an indicator or a flag (the persons alone count nowhere)
        assert after != before or kind == "persons", kind
        assert after == recomputed(own_municipality), kind
    # the last two files resolved flags the earlier ones opened (B1's Danish referral and
    # company offer, C1's school), so the kinds' limited upkeep did reach the flags
    open_rules = {(person, rule) for person, rule, *_ in open_flags()}
    b1, c1 = (Person.objects.get(external_id=e).pk for e in ("B1", "C1"))
    assert not {(b1, "danish_referral"), (b1, "company_offer"), (c1, "minor_school")} & open_rules


@override_settings(HELHED_IMPORT_BATCH=3)
@pytest.mark.usefixtures("today")
def test_an_interventions_file_reads_spells_only_for_whom_a_rule_needs_them(
    caseworker: User,
    own_municipality: Municipality,
    tmp_path: Path,
    gedved: Locality,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The spells did not change, so the rule flags read them afterwards, and only for the
    persons whose rules asked (ADR 0044): B2 (taken over in 2024, in the programme, only a
    volunteer mentor, so the company offer asks whether B2 is self-supporting). B1 got a
    company internship, C1 and A3 are children: their rules never ask."""
    from helhed.caseplans import flags
    from helhed.caseplans.services import partner_register

    for kind, rows in (("persons", PERSONS), ("arrivals", ARRIVALS), ("spells", SPELLS),
                       ("enrolments", PROGRAMMES)):  # fmt: skip
        assert run(caseworker, kind, write_csv(tmp_path / f"{kind}.csv", rows)).ok
    partner_register(actor=caseworker, kind="company", name="Bench A/S", cvr=CVR)
    partner_register(actor=caseworker, kind="association", name="IF Gedved")
    partner_register(actor=caseworker, kind="volunteer", name="Karen Holm")
    asked: list[set[object]] = []
    periods = flags._periods

    def spy(model: object, person_ids: list[object]) -> object:
        if model is StatusSpell:
            asked.append(set(person_ids))
        return periods(model, person_ids)  # type: ignore[arg-type]

    monkeypatch.setattr(flags, "_periods", spy)
    result = run(caseworker, "interventions", write_csv(tmp_path / "i.csv", INTERVENTIONS))
    assert result.ok, problems(result)
    b2 = Person.objects.get(external_id="B2").pk
    assert asked == [{b2}]
    monkeypatch.setattr(flags, "_periods", periods)
    assert (indicator_rows(own_municipality), open_flags()) == recomputed(own_municipality)
    # B2 is in education since June 2025: self-supporting, so no company-offer flag
    assert not [f for f in open_flags() if f[0] == b2 and f[1] == "company_offer"]
