# SPDX-License-Identifier: MPL-2.0
"""flags_sync through the real services: registry writes and plan writes open and resolve
rule flags at once, a resolved flag keeps its row, a second sync changes nothing, and the
facts are read in a fixed number of queries."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from helhed.caseplans import flags, services
from helhed.caseplans.catalogue import InterventionKind, InterventionStatus, PartnerKind
from helhed.caseplans.flags import facts_of, flags_sync
from helhed.caseplans.models import Intervention, Partner, Resolution, Rule, RuleFlag
from helhed.caseplans.rules import PlannedIntervention
from helhed.caseplans.tests.conftest import COPENHAGEN, TODAY, travel
from helhed.caseplans.tests.factories import make_household, make_intervention, make_partner
from helhed.citizens import services as registry
from helhed.citizens.models import Arrival, ArrivalSource, Household, Person
from helhed.citizens.tests.factories import register
from helhed.organisations.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

TAKEOVER = date(2024, 3, 1)
DEADLINE = date(2024, 3, 31)
NOW = datetime(2024, 5, 1, 12, tzinfo=COPENHAGEN)


def open_flags(person: Person) -> dict[str, tuple[date, date]]:
    return {
        f.rule: (f.opened_on, f.due_on)
        for f in RuleFlag.objects.filter(person=person, resolved_at__isnull=True)
    }


def snapshot() -> list[tuple[object, ...]]:
    return list(
        RuleFlag.objects.order_by("pk").values_list(
            "pk",
            "person_id",
            "rule",
            "opened_on",
            "due_on",
            "resolved_at",
            "resolution",
            "updated_at",
        )
    )


@pytest.fixture
def amal(caseworker: User) -> Person:
    return register(caseworker)


@pytest.fixture
def company(caseworker: User) -> Partner:
    return make_partner(caseworker)


def internship(actor: User, person: Person, partner: Partner, **overrides: object) -> Intervention:
    return make_intervention(
        actor,
        person=person,
        kind=InterventionKind.COMPANY_INTERNSHIP,
        partner=partner,
        **overrides,  # type: ignore[arg-type]
    )


# --- the registry opens flags ---------------------------------------------------------------


def test_registering_a_quota_refugee_opens_company_offer_and_danish_referral(
    amal: Person,
) -> None:
    assert open_flags(amal) == {
        Rule.COMPANY_OFFER: (TAKEOVER, DEADLINE),
        Rule.DANISH_REFERRAL: (TAKEOVER, DEADLINE),
    }


@pytest.mark.parametrize(
    "source", [ArrivalSource.MOVED, ArrivalSource.OTHER_IMMIGRANT, ArrivalSource.LABOUR_MIGRANT]
)
def test_registering_outside_the_programme_sources_opens_no_flag(
    caseworker: User, source: str
) -> None:
    extra = {"from_kommunekode": "751"} if source == ArrivalSource.MOVED else {}
    person = register(caseworker, source=source, country_of_origin="SY", **extra)

    assert open_flags(person) == {}
    assert not RuleFlag.objects.filter(person=person).exists()


def test_registering_an_unaccompanied_minor_opens_minor_school_only(caseworker: User) -> None:
    child = register(
        caseworker, cpr="020612-4011", unaccompanied_minor=True, source=ArrivalSource.ASYLUM
    )

    assert open_flags(child) == {Rule.MINOR_SCHOOL: (TAKEOVER, DEADLINE)}


def test_the_minor_school_deadline_follows_the_setting(
    caseworker: User, settings: pytest.FixtureRequest
) -> None:
    settings.HELHED_MINOR_SCHOOL_DAYS = 10  # type: ignore[attr-defined]

    child = register(caseworker, cpr="020612-4012", unaccompanied_minor=True)

    assert open_flags(child) == {Rule.MINOR_SCHOOL: (TAKEOVER, date(2024, 3, 11))}


def test_a_programme_enrolment_over_one_year_opens_programme_year(
    caseworker: User, amal: Person
) -> None:
    registry.programme_enrolment_add(
        actor=caseworker, person=amal, kind="introduction", starts_on=date(2023, 4, 1)
    )

    assert open_flags(amal)[Rule.PROGRAMME_YEAR] == (date(2024, 4, 1), date(2024, 4, 1))
    assert Rule.PROGRAMME_MAXIMUM not in open_flags(amal)


# --- meeting a rule resolves its flag, keeping the row -------------------------------------


def test_starting_a_company_internship_resolves_company_offer(
    caseworker: User, amal: Person, company: Partner
) -> None:
    flag = RuleFlag.objects.get(person=amal, rule=Rule.COMPANY_OFFER)

    internship(caseworker, amal, company)

    flag.refresh_from_db()
    assert flag.resolved_at == NOW
    assert flag.resolution == Resolution.INTERVENTION_STARTED
    assert (flag.opened_on, flag.due_on) == (TAKEOVER, DEADLINE)
    assert open_flags(amal) == {Rule.DANISH_REFERRAL: (TAKEOVER, DEADLINE)}


def test_a_planned_internship_resolves_nothing_until_it_is_started(
    caseworker: User, amal: Person, company: Partner
) -> None:
    planned = internship(caseworker, amal, company, starts_on=TODAY + timedelta(days=7))
    assert planned.status == InterventionStatus.PLANNED
    assert Rule.COMPANY_OFFER in open_flags(amal)

    services.intervention_start(actor=caseworker, intervention=planned)

    assert Rule.COMPANY_OFFER not in open_flags(amal)
    flag = RuleFlag.objects.get(person=amal, rule=Rule.COMPANY_OFFER)
    assert flag.resolution == Resolution.INTERVENTION_STARTED


def test_a_job_search_does_not_resolve_company_offer(caseworker: User, amal: Person) -> None:
    make_intervention(caseworker, person=amal, kind=InterventionKind.JOB_SEARCH)

    assert Rule.COMPANY_OFFER in open_flags(amal)


def test_adding_danish_education_resolves_danish_referral_through_the_registry(
    caseworker: User, amal: Person
) -> None:
    registry.danish_education_add(
        actor=caseworker, person=amal, track="du2", module=1, referred_on=date(2024, 3, 20)
    )

    flag = RuleFlag.objects.get(person=amal, rule=Rule.DANISH_REFERRAL)
    assert (flag.resolved_at, flag.resolution) == (NOW, Resolution.DANISH_REFERRED)
    assert Rule.COMPANY_OFFER in open_flags(amal)


def test_a_danish_course_intervention_resolves_danish_referral(
    caseworker: User, amal: Person
) -> None:
    make_intervention(caseworker, person=amal, kind=InterventionKind.DANISH_COURSE)

    assert RuleFlag.objects.get(person=amal, rule=Rule.DANISH_REFERRAL).resolution == (
        Resolution.DANISH_REFERRED
    )


def test_a_job_resolves_company_offer_as_self_supporting(caseworker: User, amal: Person) -> None:
    registry.status_spell_add(actor=caseworker, person=amal, kind="job", starts_on=date(2024, 4, 1))

    flag = RuleFlag.objects.get(person=amal, rule=Rule.COMPANY_OFFER)
    assert flag.resolution == Resolution.SELF_SUPPORTING


def test_school_resolves_minor_school(caseworker: User) -> None:
    child = register(caseworker, cpr="020612-4013", unaccompanied_minor=True)

    make_intervention(caseworker, person=child, kind=InterventionKind.SCHOOL)

    flag = RuleFlag.objects.get(person=child, rule=Rule.MINOR_SCHOOL)
    assert flag.resolution == Resolution.IN_SCHOOL_OR_DAYCARE
    assert open_flags(child) == {}


def test_a_flag_that_applies_again_is_a_new_row_and_the_history_stays(
    caseworker: User, amal: Person, company: Partner
) -> None:
    # given company_offer resolved by an internship
    started = internship(caseworker, amal, company)
    first = RuleFlag.objects.get(person=amal, rule=Rule.COMPANY_OFFER)

    # when the internship is cancelled
    services.intervention_cancel(actor=caseworker, intervention=started, closing_note="Lukket")

    # then a new open flag, and the resolved one kept as it was
    rows = list(
        RuleFlag.objects.filter(person=amal, rule=Rule.COMPANY_OFFER).order_by(
            "created_at", "resolved_at"
        )
    )
    assert len(rows) == 2
    resolved = next(r for r in rows if r.resolved_at is not None)
    reopened = next(r for r in rows if r.resolved_at is None)
    assert resolved.pk == first.pk
    assert resolved.resolution == Resolution.INTERVENTION_STARTED
    assert reopened.pk != first.pk
    assert (reopened.opened_on, reopened.due_on) == (TAKEOVER, DEADLINE)


def test_a_rule_that_stops_applying_resolves_as_no_longer_applies(amal: Person) -> None:
    # when five years have passed since the takeover
    flags_sync(person_ids=[amal.id], today=date(2029, 3, 1))

    resolutions = dict(RuleFlag.objects.filter(person=amal).values_list("rule", "resolution"))
    assert resolutions == {
        Rule.COMPANY_OFFER: Resolution.NO_LONGER_APPLIES,
        Rule.DANISH_REFERRAL: Resolution.NO_LONGER_APPLIES,
    }


def test_a_corrected_arrival_moves_the_open_flags_deadline_in_place(amal: Person) -> None:
    flag = RuleFlag.objects.get(person=amal, rule=Rule.COMPANY_OFFER)
    Arrival.objects.filter(person=amal).update(arrived_on=date(2024, 3, 10))

    flags_sync(person_ids=[amal.id])

    flag.refresh_from_db()
    assert (flag.opened_on, flag.due_on, flag.resolved_at) == (
        date(2024, 3, 10),
        date(2024, 4, 9),
        None,
    )
    assert RuleFlag.objects.filter(person=amal).count() == 2


def test_a_refused_write_leaves_the_flags_alone(
    caseworker: User, amal: Person, company: Partner
) -> None:
    before = snapshot()

    with pytest.raises(ValidationError):
        internship(caseworker, amal, company, ends_on=date(2024, 1, 1))

    assert snapshot() == before


# --- households ---------------------------------------------------------------------------


@pytest.fixture
def family(caseworker: User) -> tuple[Household, Person, Person, Person]:
    household = make_household(caseworker.municipality)
    mother = register(caseworker, household=household)
    father = register(caseworker, household=household)
    son = register(caseworker, household=household, cpr="020612-4014")
    return household, mother, father, son


def test_a_household_intervention_is_a_fact_of_every_member(
    caseworker: User, family: tuple[Household, Person, Person, Person]
) -> None:
    household, mother, father, son = family
    association = make_partner(caseworker, kind=PartnerKind.ASSOCIATION, name="Idræt")
    make_intervention(
        caseworker,
        household=household,
        kind=InterventionKind.LEISURE_ASSOCIATION,
        partner=association,
    )

    facts = facts_of([mother.id, father.id, son.id])

    expected = (
        PlannedIntervention(
            InterventionKind.LEISURE_ASSOCIATION, InterventionStatus.ACTIVE, date(2024, 4, 1)
        ),
    )
    assert facts[mother.id].interventions == expected
    assert facts[father.id].interventions == expected
    assert facts[son.id].interventions == expected


def test_a_household_intervention_resolves_a_rule_for_every_member_it_applies_to(
    caseworker: User, company: Partner, family: tuple[Household, Person, Person, Person]
) -> None:
    # given a company-based intervention for the household (no service gives one, but the
    # flags must count a household's interventions for each member)
    household, mother, father, son = family
    assert caseworker.municipality is not None
    Intervention.objects.create(
        municipality=caseworker.municipality,
        household=household,
        kind=InterventionKind.COMPANY_INTERNSHIP,
        owner_department=caseworker.departments.get(),
        partner=company,
        starts_on=date(2024, 4, 1),
        status=InterventionStatus.ACTIVE,
        created_by=caseworker,
    )

    flags.flags_sync_households(person_ids=[mother.id])

    for adult in (mother, father):
        flag = RuleFlag.objects.get(person=adult, rule=Rule.COMPANY_OFFER)
        assert flag.resolution == Resolution.INTERVENTION_STARTED
    assert not RuleFlag.objects.filter(person=son, rule=Rule.COMPANY_OFFER).exists()


def test_a_person_intervention_is_not_a_fact_of_the_other_members(
    caseworker: User, company: Partner, family: tuple[Household, Person, Person, Person]
) -> None:
    _household, mother, father, _son = family

    internship(caseworker, mother, company)

    assert Rule.COMPANY_OFFER not in open_flags(mother)
    assert Rule.COMPANY_OFFER in open_flags(father)


# --- idempotence and cost ---------------------------------------------------------------------


def test_a_second_sync_changes_nothing(caseworker: User, amal: Person, company: Partner) -> None:
    other = register(caseworker)
    internship(caseworker, amal, company)
    ids = [amal.id, other.id]
    flags_sync(person_ids=ids)
    before = snapshot()

    with travel(TODAY):
        counts = flags_sync(person_ids=ids)

    assert counts == (0, 0)
    assert snapshot() == before


def test_sync_reports_what_it_opened_and_resolved(amal: Person) -> None:
    RuleFlag.objects.filter(person=amal, rule=Rule.DANISH_REFERRAL).delete()

    assert flags_sync(person_ids=[amal.id, amal.id]) == (1, 0)
    assert flags_sync(person_ids=[amal.id], today=date(2029, 3, 1)) == (0, 2)


def test_sync_works_across_chunks(caseworker: User, monkeypatch: pytest.MonkeyPatch) -> None:
    persons = [register(caseworker) for _ in range(5)]
    RuleFlag.objects.all().delete()
    monkeypatch.setattr(flags, "CHUNK", 2)

    opened, resolved = flags_sync(person_ids=[p.id for p in persons])

    assert (opened, resolved) == (10, 0)
    assert RuleFlag.objects.filter(resolved_at__isnull=True).count() == 10


def _many(actor: User, company: Partner, n: int) -> list[Person]:
    household = make_household(actor.municipality, f"Familie {n}")
    persons = []
    for i in range(n):
        person = register(actor, household=household if i % 2 == 0 else None)
        internship(actor, person, company)
        registry.danish_education_add(
            actor=actor, person=person, track="du1", module=1, referred_on=date(2024, 3, 5)
        )
        registry.status_spell_add(
            actor=actor,
            person=person,
            kind="benefit",
            benefit_name="Selvforsørgelsesydelse",
            starts_on=date(2024, 3, 1),
        )
        registry.programme_enrolment_add(
            actor=actor, person=person, kind="introduction", starts_on=date(2024, 3, 1)
        )
        persons.append(person)
    make_intervention(actor, household=household, kind=InterventionKind.PARENT_MEETINGS)
    return persons


@pytest.mark.parametrize("n", [1, 8])
def test_facts_are_read_in_seven_queries_whatever_the_number_of_persons(
    caseworker: User,
    company: Partner,
    n: int,
    django_assert_num_queries: object,
) -> None:
    persons = _many(caseworker, company, n)

    # the persons, arrivals, spells, programmes, Danish, own and household interventions
    with django_assert_num_queries(7):  # type: ignore[operator]
        facts = facts_of([p.id for p in persons])

    assert len(facts) == n
    assert all(f.spells and f.programmes and f.danish_referrals for f in facts.values())
    # the household's intervention is every member's, beside their own
    members = [p for i, p in enumerate(persons) if i % 2 == 0]
    assert all(
        any(i.kind == InterventionKind.PARENT_MEETINGS for i in facts[p.id].interventions)
        for p in members
    )


def test_the_sync_reads_in_a_fixed_number_of_queries(caseworker: User, company: Partner) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    few = _many(caseworker, company, 2)
    many = _many(caseworker, company, 8)

    with CaptureQueriesContext(connection) as small:
        flags_sync(person_ids=[p.id for p in few], today=date(2029, 3, 1))
    with CaptureQueriesContext(connection) as large:
        flags_sync(person_ids=[p.id for p in many], today=date(2029, 3, 1))

    assert len(large) == len(small)


def test_flags_are_resolved_at_the_time_of_the_write(
    caseworker: User, amal: Person, company: Partner
) -> None:
    with travel(date(2024, 5, 2)):
        internship(caseworker, amal, company)

    flag = RuleFlag.objects.get(person=amal, rule=Rule.COMPANY_OFFER)
    assert timezone.localtime(flag.resolved_at).date() == date(2024, 5, 2)


def test_the_latest_arrival_in_the_target_group_is_the_takeover(amal: Person) -> None:
    # given a later arrival in the target group, and a still later one outside it
    Arrival.objects.create(
        person=amal,
        arrived_on=date(2024, 4, 10),
        source=ArrivalSource.ASYLUM,
        in_target_group=True,
        target_group_reason="Asyl",
    )
    Arrival.objects.create(
        person=amal,
        arrived_on=date(2024, 4, 20),
        source=ArrivalSource.LABOUR_MIGRANT,
        in_target_group=False,
        target_group_reason="EU",
    )

    facts = facts_of([amal.id])[amal.id]
    flags_sync(person_ids=[amal.id])

    assert (facts.takeover, facts.source) == (date(2024, 4, 10), ArrivalSource.ASYLUM)
    assert open_flags(amal)[Rule.COMPANY_OFFER] == (date(2024, 4, 10), date(2024, 5, 10))


def test_a_flag_carries_its_persons_municipality(caseworker: User, other_caseworker: User) -> None:
    # given persons of two municipalities, flagged by one sync
    ours, theirs = register(caseworker), register(other_caseworker)
    RuleFlag.objects.all().delete()

    flags_sync(person_ids=[ours.id, theirs.id])

    assert set(RuleFlag.objects.values_list("person_id", "municipality_id")) == {
        (ours.id, ours.municipality_id),
        (theirs.id, theirs.municipality_id),
    }
    assert ours.municipality_id != theirs.municipality_id
