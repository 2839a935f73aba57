# SPDX-License-Identifier: MPL-2.0
"""The synthetic registry: the Horsens tables reproduced exactly, deterministic for a seed,
idempotent, and internally consistent (spells, relations, CPR numbers, caseloads).

The demo and both registries are generated once for the module, inside a transaction
that is rolled back at the end; each test runs in a savepoint of it.
"""

import io
from collections import Counter, defaultdict
from datetime import date
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from helhed.citizens.access import persons_visible_to
from helhed.citizens.cpr import decrypt_cpr, parse_cpr
from helhed.citizens.models import (
    Arrival,
    ArrivalSource,
    CaseAssignment,
    DanishEducation,
    Household,
    HouseholdRelation,
    HousingPlacement,
    Locality,
    Person,
    ProgrammeEnrolment,
    RelationKind,
    SpellKind,
    StatusSpell,
)
from helhed.citizens.services import danish_education_add, programme_enrolment_add
from helhed.citizens.synthetic import (
    AS_OF,
    INTEGRATIONSYDELSE,
    KONTANTHJAELP,
    SHO_YDELSE,
    generate_registry,
    named_benefit_spells,
    share_on,
)
from helhed.core.tests.planner_statistics import refresh_planner_statistics
from helhed.demo.loader import load_demo
from helhed.organisations.models import Municipality, Role, User
from helhed.organisations.tests.factories import make_user

HORSENS_PLACEMENTS = {
    "Lund": (1, 2),
    "Brædstrup": (7, 9),
    "Hatting": (2, 4),
    "Gedved": (18, 7),
    "Østbirk": (3, 1),
    "Tvingstrup": (5, 14),
    "Søvind": (4, 1),
    "Hovedgård": (4, 4),
    "Horsens by": (41, 25),
}
HORSENS_EDUCATION = {
    "none": 102,
    "vocational": 7,
    "short_higher": 14,
    "medium_higher": 4,
    "long_higher": 3,
}
FURESOE_LOCALITIES = {"Farum", "Værløse", "Hareskov", "Kirke Værløse"}
REGISTRY_MODELS = (
    Household,
    DanishEducation,
    ProgrammeEnrolment,
    Person,
    HouseholdRelation,
    Arrival,
    StatusSpell,
    CaseAssignment,
    Locality,
    HousingPlacement,
)


@pytest.fixture(scope="module")
def first_output(django_db_setup, django_db_blocker):
    """The demo, then `manage.py generate_registry` with its defaults; rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        out = io.StringIO()
        call_command("generate_registry", stdout=out)
        refresh_planner_statistics()
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def horsens(first_output, db) -> Municipality:
    return Municipality.objects.get(kommunekode="615")


@pytest.fixture
def furesoe(first_output, db) -> Municipality:
    return Municipality.objects.get(kommunekode="190")


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Every row of the registry's models, every column."""
    rows = {}
    for model in REGISTRY_MODELS:
        columns = [f.attname for f in model._meta.concrete_fields]
        rows[model._meta.label] = list(model._base_manager.order_by("pk").values_list(*columns))
    return rows


def identities(municipality: Municipality) -> set[tuple[str, str, date, str]]:
    return set(
        Person.objects.filter(municipality=municipality).values_list(
            "first_name", "last_name", "birth_date", "cpr_hash"
        )
    )


def contents(municipality: Municipality) -> dict[str, list[tuple[object, ...]]]:
    """The registry without keys, timestamps and ciphertexts, keyed by the CPR hash."""
    scope = {"person__municipality": municipality}
    return {
        "arrivals": sorted(
            Arrival.objects.filter(**scope).values_list(
                "person__cpr_hash", "arrived_on", "source", "quota_year", "from_kommunekode"
            )
        ),
        "placements": sorted(
            HousingPlacement.objects.filter(**scope).values_list(
                "person__cpr_hash", "locality__name", "permanent", "placed_on"
            )
        ),
        "spells": sorted(
            StatusSpell.objects.filter(**scope).values_list(
                "person__cpr_hash", "kind", "benefit_name", "starts_on", "ends_on"
            ),
            key=repr,
        ),
        "relations": sorted(
            HouseholdRelation.objects.filter(**scope).values_list(
                "person__cpr_hash", "relative__cpr_hash", "kind"
            )
        ),
        "programmes": sorted(
            ProgrammeEnrolment.objects.filter(**scope).values_list(
                "person__cpr_hash", "kind", "starts_on", "ends_on"
            ),
            key=repr,
        ),
        "danish": sorted(
            DanishEducation.objects.filter(**scope).values_list(
                "person__cpr_hash", "track", "module", "referred_on", "test", "test_passed_on"
            ),
            key=repr,
        ),
        "persons": sorted(
            Person.objects.filter(municipality=municipality).values_list(
                "cpr_hash", "sex", "country_of_origin", "education_level", "unaccompanied_minor"
            )
        ),
    }


def wipe(municipality: Municipality) -> None:
    StatusSpell.objects.filter(person__municipality=municipality).delete()
    HousingPlacement.objects.filter(person__municipality=municipality).delete()
    CaseAssignment.objects.filter(person__municipality=municipality).delete()
    Arrival.objects.filter(person__municipality=municipality).delete()
    HouseholdRelation.objects.filter(person__municipality=municipality).delete()
    Person.objects.filter(municipality=municipality).delete()
    Household.objects.filter(municipality=municipality).delete()
    Locality.objects.filter(municipality=municipality).delete()


def regenerate(municipality: Municipality, seed: int):
    """Generate on a wiped registry inside a savepoint that is rolled back."""
    with transaction.atomic():
        wipe(municipality)
        summary = generate_registry(municipality=municipality, seed=seed)
        result = identities(municipality), contents(municipality)
        transaction.set_rollback(True)
    assert summary.created
    return result


def arrivals_in(municipality: Municipality, year: int):
    return Arrival.objects.filter(person__municipality=municipality, arrived_on__year=year)


# --- The Horsens tables ---------------------------------------------------------------------


def test_quota_refugees_per_year_and_the_previous_years_quota(horsens):
    for year, total, previous in ((2014, 85, 10), (2015, 132, 14)):
        quota = arrivals_in(horsens, year).filter(source=ArrivalSource.QUOTA_REFUGEE)
        assert quota.count() == total
        assert Counter(quota.values_list("quota_year", flat=True)) == {
            year - 1: previous,
            year: total - previous,
        }


def test_the_chosen_family_and_moved_numbers(horsens):
    for year, family, moved in ((2014, 40, 12), (2015, 61, 18)):
        sources = Counter(arrivals_in(horsens, year).values_list("source", flat=True))
        assert sources == {
            ArrivalSource.QUOTA_REFUGEE: {2014: 85, 2015: 132}[year],
            ArrivalSource.FAMILY_REUNIFIED_REFUGEE: family,
            ArrivalSource.MOVED: moved,
        }
    # the source table stands as of 1 December 2015
    assert not arrivals_in(horsens, 2015).filter(arrived_on__month=12).exists()


def test_education_of_the_adults_who_arrived_in_2015(horsens):
    rows = arrivals_in(horsens, 2015).values_list(
        "arrived_on", "person__birth_date", "person__education_level"
    )
    adults = Counter(level for arrived, born, level in rows if age_on(born, arrived) >= 18)
    children = Counter(level for arrived, born, level in rows if age_on(born, arrived) < 18)

    assert adults == HORSENS_EDUCATION
    assert sum(adults.values()) == 130
    assert children == {"unknown": 211 - 130}


def test_permanent_placements_of_the_2015_arrivals_by_locality(horsens):
    placements = HousingPlacement.objects.filter(
        person__municipality=horsens,
        person__arrivals__arrived_on__year=2015,
        permanent=True,
        placed_on__year=2015,
    ).values_list("person_id", "locality__name", "placed_on", "person__birth_date")
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, locality, placed_on, born in placements:
        table[locality][0 if age_on(born, placed_on) >= 18 else 1] += 1

    assert {name: tuple(counts) for name, counts in table.items()} == HORSENS_PLACEMENTS
    # exactly one permanent placement in 2015 for each of them, none for the others
    per_person = Counter(person for person, *_ in placements)
    assert set(per_person.values()) == {1}
    assert len(per_person) == 85 + 67


# --- Determinism and idempotency -----------------------------------------------------------


def test_the_same_seed_gives_the_same_registry_and_another_seed_another(horsens):
    first = identities(horsens), contents(horsens)  # made with the default seed, 2015

    assert regenerate(horsens, 2015) == first
    other_people, _ = regenerate(horsens, 7)
    assert other_people != first[0]
    assert not other_people & first[0]


def test_another_seed_still_reproduces_the_tables(horsens):
    with transaction.atomic():
        wipe(horsens)
        generate_registry(municipality=horsens, seed=7)
        test_quota_refugees_per_year_and_the_previous_years_quota(horsens)
        test_the_chosen_family_and_moved_numbers(horsens)
        test_education_of_the_adults_who_arrived_in_2015(horsens)
        test_permanent_placements_of_the_2015_arrivals_by_locality(horsens)
        transaction.set_rollback(True)


def test_a_second_run_changes_nothing(first_output, horsens, furesoe):
    assert "created Furesø Kommune" in first_output
    assert "Horsens Kommune" in first_output
    # one progress line per municipality, then the summary line
    assert first_output.count("\n") == 3
    assert "Synthetic registry for Horsens Kommune (615), seed 2015: created" in first_output
    before = snapshot()

    summary = generate_registry(municipality=horsens, seed=2015)
    out = io.StringIO()
    call_command("generate_registry", stdout=out)

    assert not summary.created
    assert summary.persons == Person.objects.filter(municipality=horsens).count()
    assert snapshot() == before
    assert out.getvalue().count("\n") == 3
    assert "created nothing; already present Furesø Kommune" in out.getvalue()


def test_the_command_names_one_municipality(first_output, horsens):
    out = io.StringIO()
    call_command("generate_registry", "--kommunekode", "615", "--seed", "2015", stdout=out)
    assert "already present Horsens Kommune" in out.getvalue()
    assert "Furesø" not in out.getvalue()
    with pytest.raises(CommandError, match="101"):
        call_command("generate_registry", "--kommunekode", "101")


def test_the_command_is_refused_where_settings_do_not_allow_demo_data(first_output, db, settings):
    settings.HELHED_ALLOW_DEMO = False
    with pytest.raises(CommandError, match="HELHED_ALLOW_DEMO"):
        call_command("generate_registry")


# --- Integrity -----------------------------------------------------------------------------


@pytest.fixture
def both(horsens, furesoe) -> list[Municipality]:
    return [horsens, furesoe]


def test_spells_never_overlap_and_benefits_carry_the_name_in_force(both):
    spells = defaultdict(list)
    for person, kind, name, starts, ends in StatusSpell.objects.filter(
        person__municipality__in=both
    ).values_list("person_id", "kind", "benefit_name", "starts_on", "ends_on"):
        spells[person].append((starts, ends or date.max, kind, name))
        if kind == SpellKind.BENEFIT:
            assert (starts, ends, name) in [tuple(p) for p in named_benefit_spells(starts, ends)]
        else:
            assert name == ""
    assert spells
    for person_spells in spells.values():
        person_spells.sort()
        for (_, end, *_), (start, *_) in pairwise(person_spells):
            assert end < start
        assert [end for _, end, *_ in person_spells].count(date.max) <= 1


def test_benefit_names_by_date():
    assert named_benefit_spells(date(2014, 5, 1), None) == [(date(2014, 5, 1), None, KONTANTHJAELP)]
    assert named_benefit_spells(date(2016, 3, 1), None) == [
        (date(2016, 3, 1), date(2019, 12, 31), INTEGRATIONSYDELSE),
        (date(2020, 1, 1), date(2025, 6, 30), SHO_YDELSE),
        (date(2025, 7, 1), None, KONTANTHJAELP),
    ]
    assert named_benefit_spells(date(2019, 8, 1), date(2019, 12, 31)) == [
        (date(2019, 8, 1), date(2019, 12, 31), INTEGRATIONSYDELSE)
    ]
    assert named_benefit_spells(date(2021, 1, 1), date(2022, 1, 1)) == [
        (date(2021, 1, 1), date(2022, 1, 1), SHO_YDELSE)
    ]


def test_the_employment_curve_is_interpolated_and_flat_after_its_last_point():
    curve = ((0, 0.0), (1, 0.2), (3, 0.5))
    assert share_on(curve, 0.5) == pytest.approx(0.1)
    assert share_on(curve, 2.0) == pytest.approx(0.35)
    assert share_on(curve, 3.0) == pytest.approx(0.5)
    assert share_on(curve, 7.0) == pytest.approx(0.5)


def test_every_adult_starts_on_a_benefit_on_arrival(both):
    first_spell: dict[object, tuple[str, date]] = {}
    for person, kind, starts in (
        StatusSpell.objects.filter(person__municipality__in=both)
        .order_by("starts_on")
        .values_list("person_id", "kind", "starts_on")
    ):
        first_spell.setdefault(person, (kind, starts))
    for person, arrived, born in Arrival.objects.filter(person__municipality__in=both).values_list(
        "person_id", "arrived_on", "person__birth_date"
    ):
        if age_on(born, arrived) >= 18:
            assert first_spell[person] == (SpellKind.BENEFIT, arrived)
        elif person in first_spell:
            assert first_spell[person][1] >= arrived
    assert max(s for _, s in first_spell.values()) <= AS_OF


def test_parents_are_older_than_their_children_and_relatives_share_a_household(both):
    relations = HouseholdRelation.objects.filter(person__municipality__in=both).values_list(
        "kind",
        "person__birth_date",
        "relative__birth_date",
        "person__household_id",
        "relative__household_id",
    )
    kinds = Counter(kind for kind, *_ in relations)
    assert kinds[RelationKind.PARENT] > 0
    assert kinds[RelationKind.SPOUSE] > 0
    for kind, parent_born, child_born, household, relative_household in relations:
        assert household == relative_household
        if kind == RelationKind.PARENT:
            assert parent_born < child_born


def test_every_cpr_number_is_valid_and_matches_the_person(both):
    persons = Person.objects.filter(municipality__in=both)
    assert persons.count() == len(set(persons.values_list("cpr_hash", flat=True)))
    for encrypted, born, sex in persons.values_list("cpr_encrypted", "birth_date", "sex"):
        number = parse_cpr(decrypt_cpr(encrypted).digits)
        assert number.birth_date == born
        assert number.sex == sex
        # never the modulus-11 numbers CPR issued before 2007, never 1 January
        weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
        assert sum(int(d) * w for d, w in zip(number.digits, weights, strict=True)) % 11
        assert (born.month, born.day) != (1, 1)


def test_every_person_has_one_arrival_and_one_open_case_at_the_jobcenter(both):
    for municipality in both:
        persons = Person.objects.filter(municipality=municipality)
        caseworker = User.objects.get(username=f"{municipality.slug}-sagsbehandler")
        arrivals = Counter(
            Arrival.objects.filter(person__in=persons).values_list("person_id", flat=True)
        )
        cases = CaseAssignment.objects.filter(person__in=persons)
        assert set(arrivals.values()) == {1}
        assert len(arrivals) == persons.count()
        assert cases.count() == persons.count()
        assert not cases.filter(ended_on__isnull=False).exists()
        assert set(cases.values_list("department__name", "caseworker")) == {
            ("Jobcenter", caseworker.pk)
        }
        for started, arrived in cases.values_list("started_on", "person__arrivals__arrived_on"):
            assert started == arrived
        assert Arrival.objects.filter(person__in=persons, in_target_group=False).count() == 0


def test_placements_are_after_arrival_in_the_municipalitys_localities(both, furesoe):
    for placed_on, arrived, municipality, locality_municipality in HousingPlacement.objects.filter(
        person__municipality__in=both
    ).values_list(
        "placed_on",
        "person__arrivals__arrived_on",
        "person__municipality",
        "locality__municipality",
    ):
        assert arrived <= placed_on <= AS_OF
        assert municipality == locality_municipality
    assert (
        set(Locality.objects.filter(municipality=furesoe).values_list("name", flat=True))
        == FURESOE_LOCALITIES
    )


def test_furesoe_is_small_and_starts_in_2016(furesoe):
    persons = Person.objects.filter(municipality=furesoe)
    years = set(
        Arrival.objects.filter(person__in=persons).values_list("arrived_on__year", flat=True)
    )
    assert 60 <= persons.count() <= 120
    assert years == set(range(2016, 2026))


def test_the_demo_caseworker_sees_the_registry(both):
    for municipality in both:
        caseworker = User.objects.get(username=f"{municipality.slug}-sagsbehandler")
        visible = persons_visible_to(caseworker)
        assert visible.count() == Person.objects.filter(municipality=municipality).count()


# --- Programmes and Danish education through the services' rules --------------------------


@pytest.fixture
def kerteminde(first_output, db) -> Municipality:
    """A municipality the demo does not have: created by --all with a Jobcenter and no
    users, with every kind of arrival and programme."""
    out = io.StringIO()
    call_command("generate_registry", "--all", "--kommunekode", "440", stdout=out)
    refresh_planner_statistics()
    assert "Synthetic registry for Kerteminde Kommune (440), seed 2015: created" in out.getvalue()
    return Municipality.objects.get(kommunekode="440")


def test_all_creates_the_missing_municipality_with_a_jobcenter_and_no_users(kerteminde):
    assert kerteminde.name == "Kerteminde Kommune"
    assert kerteminde.slug == "kerteminde"
    assert list(kerteminde.departments.values_list("name", "kind")) == [("Jobcenter", "jobcenter")]
    assert not User.objects.filter(municipality=kerteminde).exists()
    cases = CaseAssignment.objects.filter(person__municipality=kerteminde)
    assert cases.count() == Person.objects.filter(municipality=kerteminde).count() > 100
    assert not cases.filter(caseworker__isnull=False).exists()


def test_cpr_numbers_are_unique_across_the_municipalities(kerteminde, both):
    hashes = list(Person.objects.values_list("cpr_hash", flat=True))
    assert len(hashes) == len(set(hashes))


def test_every_generated_programme_and_danish_education_passes_the_services_rules(kerteminde, both):
    """Each row is taken out and added again through the service, which validates it in
    full (dates between birth/referral and today, the test ends the track, one programme at
    a time); any refusal fails the test."""
    municipalities = [kerteminde, *both]
    kinds: Counter[str] = Counter()
    checked = 0
    for municipality in municipalities:
        jobcenter = municipality.departments.get(name="Jobcenter")
        actor = make_user(
            municipality=municipality,
            roles=[Role.CASEWORKER],
            username=f"validator-{municipality.slug}",
            departments=[jobcenter],
        )
        persons = Person.objects.filter(municipality=municipality)
        for enrolment in ProgrammeEnrolment.objects.filter(person__in=persons):
            assert enrolment.ends_on is None or enrolment.ends_on <= AS_OF
            with transaction.atomic():
                person = enrolment.person
                enrolment.delete()
                programme_enrolment_add(
                    actor=actor,
                    person=person,
                    kind=enrolment.kind,
                    starts_on=enrolment.starts_on,
                    ends_on=enrolment.ends_on,
                )
                transaction.set_rollback(True)
            kinds[enrolment.kind] += 1
            checked += 1
        for education in DanishEducation.objects.filter(person__in=persons):
            assert education.referred_on <= AS_OF
            if education.test:
                assert education.module == (5 if education.test == "pd3" else 6)
            with transaction.atomic():
                person = education.person
                education.delete()
                danish_education_add(
                    actor=actor,
                    person=person,
                    track=education.track,
                    module=education.module,
                    referred_on=education.referred_on,
                    test=education.test,
                    test_passed_on=education.test_passed_on,
                )
                transaction.set_rollback(True)
            checked += 1
        # one programme at a time: never two for a person
        per_person = Counter(
            ProgrammeEnrolment.objects.filter(person__in=persons).values_list(
                "person_id", flat=True
            )
        )
        assert set(per_person.values()) <= {1}
    assert set(kinds) == {"self_support", "introduction", "introduction_course"}
    assert checked > 500


def test_every_adult_in_a_programme_is_referred_to_danish_education(kerteminde):
    programmes = set(
        ProgrammeEnrolment.objects.filter(person__municipality=kerteminde).values_list(
            "person_id", flat=True
        )
    )
    referred = set(
        DanishEducation.objects.filter(person__municipality=kerteminde).values_list(
            "person_id", flat=True
        )
    )
    assert referred <= programmes
    assert len(referred) >= 0.95 * len(programmes)


def test_scale_multiplies_the_registry_and_is_refused_out_of_range(first_output, db):
    out = io.StringIO()
    call_command("generate_registry", "--all", "--kommunekode", "825", "--scale", "3", stdout=out)
    laesoe = Municipality.objects.get(kommunekode="825")
    at_scale_3 = Person.objects.filter(municipality=laesoe).count()
    assert "scale 3" in out.getvalue()
    with transaction.atomic():
        wipe(laesoe)
        generate_registry(municipality=laesoe, seed=2015)
        at_scale_1 = Person.objects.filter(municipality=laesoe).count()
        transaction.set_rollback(True)
    assert at_scale_1 > 0
    assert at_scale_3 > 2 * at_scale_1
    with pytest.raises(CommandError, match="--scale"):
        call_command("generate_registry", "--scale", "0")
