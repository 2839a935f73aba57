# SPDX-License-Identifier: MPL-2.0
"""Rules over plain data: self-support derived from the spells on a day, and the
target-group decision from the arrival."""

from datetime import date

import pytest
from django.utils.translation import override

from helhed.citizens.models import ArrivalSource, SpellKind, StatusSpell
from helhed.citizens.rules import is_self_supporting, target_group_decision


def spell(kind: str, start: date, end: date | None = None) -> StatusSpell:
    return StatusSpell(kind=kind, starts_on=start, ends_on=end)


@pytest.mark.parametrize(
    ("kind", "self_supporting"),
    [
        (SpellKind.JOB, True),
        (SpellKind.EDUCATION, True),
        (SpellKind.BENEFIT, False),
        (SpellKind.OTHER, False),
    ],
)
def test_self_support_follows_the_kind_of_the_covering_spell(
    kind: str, self_supporting: bool
) -> None:
    spells = [spell(kind, date(2024, 1, 1), date(2024, 12, 31))]

    assert is_self_supporting(spells, date(2024, 6, 1)) is self_supporting


def test_a_spell_read_back_as_a_plain_string_still_counts_as_self_supporting() -> None:
    assert is_self_supporting([spell("job", date(2024, 1, 1))], date(2024, 6, 1)) is True


def test_without_a_covering_spell_self_support_is_unknown() -> None:
    spells = [
        spell(SpellKind.BENEFIT, date(2024, 1, 1), date(2024, 1, 31)),
        spell(SpellKind.JOB, date(2024, 3, 1)),
    ]

    assert is_self_supporting(spells, date(2024, 2, 15)) is None
    assert is_self_supporting([], date(2024, 2, 15)) is None


def test_the_first_and_last_day_of_a_spell_are_covered() -> None:
    spells = [spell(SpellKind.JOB, date(2024, 1, 1), date(2024, 1, 31))]

    assert is_self_supporting(spells, date(2024, 1, 1)) is True
    assert is_self_supporting(spells, date(2024, 1, 31)) is True
    assert is_self_supporting(spells, date(2023, 12, 31)) is None
    assert is_self_supporting(spells, date(2024, 2, 1)) is None


def test_an_open_ended_spell_covers_every_later_day() -> None:
    spells = [spell(SpellKind.BENEFIT, date(2024, 1, 1), None)]

    assert is_self_supporting(spells, date(2040, 1, 1)) is False


def test_the_spell_of_the_day_decides_when_status_changes() -> None:
    spells = [
        spell(SpellKind.BENEFIT, date(2024, 1, 1), date(2024, 1, 31)),
        spell(SpellKind.JOB, date(2024, 2, 1), None),
    ]

    assert is_self_supporting(spells, date(2024, 1, 31)) is False
    assert is_self_supporting(spells, date(2024, 2, 1)) is True


@pytest.mark.parametrize("country", ["DE", "PL", "SE", "US", "GB", "CH", "NO", "AU"])
def test_a_western_labour_migrant_is_outside_the_target_group(country: str) -> None:
    with override("en"):
        inside, reason = target_group_decision(
            source=ArrivalSource.LABOUR_MIGRANT, country_of_origin=country
        )

    assert inside is False
    assert reason == "Labour migrant from an EU/EEA or other Western country."


@pytest.mark.parametrize(
    ("source", "country"),
    [
        (ArrivalSource.LABOUR_MIGRANT, "IN"),
        (ArrivalSource.LABOUR_MIGRANT, "UA"),
        (ArrivalSource.QUOTA_REFUGEE, "SY"),
        (ArrivalSource.ASYLUM, "DE"),
        (ArrivalSource.MOVED, "SO"),
        (ArrivalSource.OTHER_IMMIGRANT, "PL"),
    ],
)
def test_everyone_else_is_inside_the_target_group_for_the_reason_of_their_arrival(
    source: str, country: str
) -> None:
    with override("en"):
        inside, reason = target_group_decision(source=source, country_of_origin=country)

        assert inside is True
        assert reason == str(ArrivalSource(source).label)
