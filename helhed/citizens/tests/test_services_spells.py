# SPDX-License-Identifier: MPL-2.0
"""Status spells: one person's spells never overlap, a spell ends after it starts, a benefit
is named; refusals write no spell and no audit event."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhed.audit.models import Action, AuditEvent
from helhed.citizens.models import Person, SpellKind, StatusSpell
from helhed.citizens.services import status_spell_add
from helhed.citizens.tests.factories import register, registry_counts
from helhed.organisations.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(caseworker: User) -> Person:
    return register(caseworker, cpr="150385-1234")


def add(actor: User, person: Person, start: date, end: date | None, **extra: str) -> StatusSpell:
    kind = extra.pop("kind", SpellKind.JOB)
    return status_spell_add(
        actor=actor, person=person, kind=kind, starts_on=start, ends_on=end, **extra
    )


def refused(actor: User, person: Person, start: date, end: date | None, **extra: str):
    before = registry_counts()
    with pytest.raises(ValidationError) as caught:
        add(actor, person, start, end, **extra)
    assert registry_counts() == before
    return caught.value


def test_a_spell_is_added(caseworker: User, person: Person) -> None:
    spell = add(caseworker, person, date(2024, 1, 1), date(2024, 6, 30))

    spell.refresh_from_db()
    assert (spell.person, spell.kind) == (person, "job")
    assert (spell.starts_on, spell.ends_on) == (date(2024, 1, 1), date(2024, 6, 30))


def test_adding_a_spell_writes_one_update_event(caseworker: User, person: Person) -> None:
    before = AuditEvent.objects.count()

    add(caseworker, person, date(2024, 1, 1), None)

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("occurred_at")
    assert (event.action, event.person_id, event.user) == (Action.UPDATE, person.id, caseworker)


def test_an_open_ended_spell_is_added(caseworker: User, person: Person) -> None:
    assert add(caseworker, person, date(2024, 1, 1), None).ends_on is None


def test_a_one_day_spell_is_added(caseworker: User, person: Person) -> None:
    spell = add(caseworker, person, date(2024, 1, 1), date(2024, 1, 1))

    assert spell.starts_on == spell.ends_on


@pytest.mark.parametrize(
    ("existing", "new"),
    [
        pytest.param(
            (date(2024, 1, 1), date(2024, 1, 31)),
            (date(2024, 2, 1), None),
            id="the next one starts the day after the previous ends",
        ),
        pytest.param(
            (date(2024, 2, 1), date(2024, 3, 31)),
            (date(2024, 1, 1), date(2024, 1, 31)),
            id="an earlier one ends the day before the later starts",
        ),
        pytest.param(
            (date(2024, 2, 1), None),
            (date(2024, 1, 1), date(2024, 1, 31)),
            id="an earlier one ends the day before an open-ended one starts",
        ),
    ],
)
def test_adjacent_spells_are_accepted(
    caseworker: User,
    person: Person,
    existing: tuple[date, date | None],
    new: tuple[date, date | None],
) -> None:
    add(caseworker, person, *existing)

    add(caseworker, person, *new, kind=SpellKind.EDUCATION)

    assert person.spells.count() == 2


@pytest.mark.parametrize(
    ("existing", "new"),
    [
        pytest.param(
            (date(2024, 1, 1), None),
            (date(2024, 3, 1), date(2024, 4, 30)),
            id="an open-ended spell overlaps a later one",
        ),
        pytest.param(
            (date(2024, 3, 1), date(2024, 4, 30)),
            (date(2024, 1, 1), None),
            id="a new open-ended spell overlaps a later one",
        ),
        pytest.param(
            (date(2024, 1, 1), None),
            (date(2023, 1, 1), None),
            id="two open-ended spells",
        ),
        pytest.param(
            (date(2024, 1, 1), date(2024, 1, 31)),
            (date(2024, 1, 1), date(2024, 1, 31)),
            id="identical dates",
        ),
        pytest.param(
            (date(2024, 1, 1), date(2024, 6, 30)),
            (date(2024, 2, 1), date(2024, 2, 29)),
            id="one inside another",
        ),
        pytest.param(
            (date(2024, 2, 1), date(2024, 2, 29)),
            (date(2024, 1, 1), date(2024, 6, 30)),
            id="one around another",
        ),
        pytest.param(
            (date(2024, 1, 1), date(2024, 1, 31)),
            (date(2024, 1, 31), date(2024, 2, 28)),
            id="sharing one day at the end",
        ),
        pytest.param(
            (date(2024, 2, 1), date(2024, 2, 28)),
            (date(2024, 1, 1), date(2024, 2, 1)),
            id="sharing one day at the start",
        ),
    ],
)
def test_an_overlapping_spell_is_refused_and_nothing_is_written(
    caseworker: User,
    person: Person,
    existing: tuple[date, date | None],
    new: tuple[date, date | None],
) -> None:
    add(caseworker, person, *existing)

    error = refused(caseworker, person, *new, kind=SpellKind.EDUCATION)

    assert set(error.message_dict) == {"starts_on"}
    assert person.spells.count() == 1


def test_another_persons_spells_do_not_count_as_overlapping(
    caseworker: User, person: Person
) -> None:
    sister = register(caseworker, cpr="150388-1234")
    add(caseworker, sister, date(2024, 1, 1), None)

    add(caseworker, person, date(2024, 1, 1), None)

    assert person.spells.count() == 1


def test_a_spell_ending_before_it_starts_is_refused(caseworker: User, person: Person) -> None:
    error = refused(caseworker, person, date(2024, 2, 1), date(2024, 1, 31))

    assert set(error.message_dict) == {"ends_on"}


@pytest.mark.parametrize("name", ["", "   "])
def test_a_benefit_without_its_name_is_refused(caseworker: User, person: Person, name: str) -> None:
    error = refused(
        caseworker, person, date(2024, 1, 1), None, kind=SpellKind.BENEFIT, benefit_name=name
    )

    assert set(error.message_dict) == {"benefit_name"}


def test_a_benefit_is_added_with_its_name_at_the_time(caseworker: User, person: Person) -> None:
    spell = add(
        caseworker,
        person,
        date(2016, 1, 1),
        date(2019, 6, 30),
        kind=SpellKind.BENEFIT,
        benefit_name=" integrationsydelse ",
    )

    assert spell.benefit_name == "integrationsydelse"


def test_an_unknown_kind_of_spell_is_refused_on_its_field(caseworker: User, person: Person) -> None:
    error = refused(caseworker, person, date(2024, 1, 1), None, kind="holiday")

    assert "kind" in error.message_dict


def test_a_spell_starting_before_the_birth_date_is_refused(
    caseworker: User, person: Person
) -> None:
    error = refused(caseworker, person, date(1980, 1, 1), date(1980, 12, 31))

    assert set(error.message_dict) == {"starts_on"}


def test_a_caseworker_of_another_department_is_denied(
    other_department_caseworker: User, person: Person
) -> None:
    before = registry_counts()

    with pytest.raises(PermissionDenied):
        add(other_department_caseworker, person, date(2024, 1, 1), None)

    assert registry_counts() == before


def test_a_caseworker_of_another_municipality_is_denied(
    other_caseworker: User, person: Person
) -> None:
    before = registry_counts()

    with pytest.raises(PermissionDenied):
        add(other_caseworker, person, date(2024, 1, 1), None)

    assert registry_counts() == before
