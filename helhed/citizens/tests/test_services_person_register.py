# SPDX-License-Identifier: MPL-2.0
"""Registering a person: the person, their arrival with the target-group decision, the
department's caseload and one audit event; every refusal names its field and writes
nothing."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import override

from helhed.audit.models import Action, AuditEvent
from helhed.citizens.cpr import cpr_lookup_hash, decrypt_cpr, parse_cpr
from helhed.citizens.models import Arrival, ArrivalSource, CaseAssignment, Household, Person
from helhed.citizens.tests.factories import register, registry_counts
from helhed.organisations.models import Department, Municipality, User

TODAY = date(2026, 11, 23)

pytestmark = pytest.mark.django_db


def refused(actor: User, **arguments: object) -> ValidationError:
    before = registry_counts()
    with pytest.raises(ValidationError) as caught:
        register(actor, **arguments)  # type: ignore[arg-type]
    assert registry_counts() == before
    return caught.value


def denied(actor: User, **arguments: object) -> None:
    before = registry_counts()
    with pytest.raises(PermissionDenied):
        register(actor, **arguments)  # type: ignore[arg-type]
    assert registry_counts() == before


# --- success ----------------------------------------------------------------------------


def test_registering_creates_the_person_with_birth_date_and_sex_from_the_cpr(
    caseworker: User,
) -> None:
    person = register(caseworker, cpr="150390-1235", first_name=" Amal ", last_name=" Haddad ")

    person.refresh_from_db()
    assert person.birth_date == date(1990, 3, 15)
    assert person.sex == "male"
    assert (person.first_name, person.last_name) == ("Amal", "Haddad")
    assert person.country_of_origin == "SY"


def test_a_woman_is_registered_as_female(caseworker: User) -> None:
    assert register(caseworker, cpr="150390-1234").sex == "female"


def test_the_person_belongs_to_the_departments_municipality(
    caseworker: User, own_municipality: Municipality
) -> None:
    assert register(caseworker).municipality == own_municipality


def test_the_cpr_is_stored_encrypted_and_as_a_keyed_hash(caseworker: User) -> None:
    person = register(caseworker, cpr="010165-1234")

    person.refresh_from_db()
    assert "0101651234" not in person.cpr_encrypted
    assert "0101651234" not in person.cpr_hash
    assert decrypt_cpr(person.cpr_encrypted).digits == "0101651234"
    assert person.cpr_hash == cpr_lookup_hash(parse_cpr("0101651234"))


def test_a_cpr_without_a_modulus_11_check_can_be_registered(caseworker: User) -> None:
    person = register(caseworker, cpr="010165-1234")  # 4·0+3·1+…+1·4 is 3 mod 11

    assert person.birth_date == date(1965, 1, 1)


def test_registering_records_the_arrival(caseworker: User) -> None:
    person = register(caseworker, arrived_on=date(2024, 3, 1), source=ArrivalSource.ASYLUM)

    arrival = Arrival.objects.get(person=person)
    assert arrival.arrived_on == date(2024, 3, 1)
    assert arrival.source == ArrivalSource.ASYLUM
    assert arrival.from_kommunekode == ""


def test_a_person_who_moved_is_registered_with_the_municipality_moved_from(
    caseworker: User,
) -> None:
    person = register(caseworker, source=ArrivalSource.MOVED, from_kommunekode="190")

    assert Arrival.objects.get(person=person).from_kommunekode == "190"


@pytest.mark.parametrize(
    ("source", "country"),
    [
        (ArrivalSource.QUOTA_REFUGEE, "SY"),
        (ArrivalSource.ASYLUM, "ER"),
        (ArrivalSource.FAMILY_REUNIFIED_REFUGEE, "AF"),
        (ArrivalSource.LABOUR_MIGRANT, "IN"),
        (ArrivalSource.LABOUR_MIGRANT, "PH"),
        (ArrivalSource.FAMILY_REUNIFIED_OTHER, "US"),  # only labour migrants are left out
    ],
)
def test_an_arrival_inside_the_target_group_is_decided_in(
    caseworker: User, source: str, country: str
) -> None:
    person = register(caseworker, source=source, country_of_origin=country)

    arrival = Arrival.objects.get(person=person)
    assert arrival.in_target_group is True
    assert arrival.target_group_reason


@pytest.mark.parametrize("country", ["DE", "PL", "US", "GB", "NO", "CH"])
def test_a_labour_migrant_from_an_eu_eea_or_western_country_is_decided_out_with_a_reason(
    caseworker: User, country: str
) -> None:
    with override("en"):
        person = register(
            caseworker, source=ArrivalSource.LABOUR_MIGRANT, country_of_origin=country
        )

    arrival = Arrival.objects.get(person=person)
    assert arrival.in_target_group is False
    assert "Labour migrant" in arrival.target_group_reason


def test_registering_puts_the_person_in_the_departments_caseload_with_the_caseworker(
    caseworker: User, jobcenter: Department
) -> None:
    person = register(caseworker, department=jobcenter, arrived_on=date(2024, 3, 1))

    assignment = CaseAssignment.objects.get(person=person)
    assert assignment.department == jobcenter
    assert assignment.caseworker == caseworker
    assert assignment.started_on == date(2024, 3, 1)
    assert assignment.ended_on is None


def test_registering_writes_exactly_one_audit_event(
    caseworker: User, own_municipality: Municipality
) -> None:
    before = AuditEvent.objects.count()

    person = register(caseworker)

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get()
    assert event.action == Action.CREATE
    assert event.person_id == person.id
    assert event.user == caseworker
    assert event.roles == "caseworker"
    assert event.municipality == own_municipality
    assert event.purpose
    assert event.search_criterion == ""


def test_registering_writes_one_row_of_each_kind(caseworker: User) -> None:
    before = registry_counts()

    register(caseworker)

    after = registry_counts()
    assert {name: after[name] - before[name] for name in after} == {
        "persons": 1,
        "arrivals": 1,
        "assignments": 1,
        "relations": 0,
        "spells": 0,
        "audit events": 1,
    }


def test_the_same_cpr_may_be_registered_in_another_municipality(
    caseworker: User, other_caseworker: User
) -> None:
    register(caseworker, cpr="010165-1234")

    elsewhere = register(other_caseworker, cpr="010165-1234")

    assert Person.objects.filter(cpr_hash=elsewhere.cpr_hash).count() == 2


def test_a_person_can_join_a_household_of_the_municipality(
    caseworker: User, own_municipality: Municipality
) -> None:
    household = Household.objects.create(municipality=own_municipality, name="Haddad")

    assert register(caseworker, household=household).household == household


# --- refusals: the CPR ----------------------------------------------------------------


@pytest.mark.parametrize(
    "cpr", ["010165123", "01016512345", "01O165-1234", "310299-1234", "290221-1234", ""]
)
def test_a_malformed_cpr_is_refused_on_the_cpr_field_without_repeating_it(
    caseworker: User, cpr: str
) -> None:
    error = refused(caseworker, cpr=cpr)

    assert set(error.message_dict) == {"cpr"}
    for message in error.message_dict["cpr"]:
        assert not cpr or cpr not in message


@time_machine.travel(TODAY, tick=False)
def test_a_cpr_with_a_birth_date_in_the_future_is_refused_on_the_cpr_field(
    caseworker: User,
) -> None:
    error = refused(caseworker, cpr="241126-4001", arrived_on=date(2026, 11, 1))

    assert set(error.message_dict) == {"cpr"}


@pytest.mark.parametrize("again", ["010165-1234", "0101651234", " 010165 1234 "])
def test_a_cpr_already_registered_in_the_municipality_is_refused(
    caseworker: User, other_department_caseworker: User, again: str
) -> None:
    register(caseworker, cpr="010165-1234")

    with override("en"):
        error = refused(other_department_caseworker, cpr=again)

    assert set(error.message_dict) == {"cpr"}
    assert "already registered" in error.message_dict["cpr"][0]
    assert "1234" not in error.message_dict["cpr"][0]


def test_the_same_number_written_in_other_digits_is_not_registered_a_second_time(
    caseworker: User,
) -> None:
    register(caseworker, cpr="010165-1234")
    arabic_indic = "010165-1234".translate(
        str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
    )

    error = refused(caseworker, cpr=arabic_indic)

    assert set(error.message_dict) == {"cpr"}


# --- refusals: the arrival --------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_an_arrival_in_the_future_is_refused(caseworker: User) -> None:
    error = refused(caseworker, arrived_on=TODAY + timedelta(days=1))

    assert set(error.message_dict) == {"arrived_on"}


@time_machine.travel(TODAY, tick=False)
def test_an_arrival_today_is_accepted(caseworker: User) -> None:
    person = register(caseworker, arrived_on=timezone.localdate())

    assert Arrival.objects.get(person=person).arrived_on == TODAY


def test_an_arrival_before_the_birth_date_is_refused(caseworker: User) -> None:
    error = refused(caseworker, cpr="150390-1235", arrived_on=date(1990, 3, 14))

    assert set(error.message_dict) == {"arrived_on"}


def test_an_arrival_on_the_birth_date_is_accepted(caseworker: User) -> None:
    person = register(caseworker, cpr="150310-4235", arrived_on=date(2010, 3, 15))

    assert Arrival.objects.get(person=person).arrived_on == person.birth_date


@pytest.mark.parametrize("kommunekode", ["", None])
def test_a_move_without_the_municipality_moved_from_is_refused(
    caseworker: User, kommunekode: str | None
) -> None:
    arguments: dict[str, object] = {"source": ArrivalSource.MOVED}
    if kommunekode is not None:
        arguments["from_kommunekode"] = kommunekode

    error = refused(caseworker, **arguments)

    assert set(error.message_dict) == {"from_kommunekode"}


def test_an_unknown_arrival_source_is_refused_on_the_source_field(caseworker: User) -> None:
    error = refused(caseworker, source="tourist")

    assert set(error.message_dict) == {"source"}


def test_an_unknown_country_is_refused_on_its_field(caseworker: User) -> None:
    error = refused(caseworker, country_of_origin="ZZ")

    assert "country_of_origin" in error.message_dict


def test_a_blank_name_is_refused_on_its_field(caseworker: User) -> None:
    error = refused(caseworker, first_name="   ")

    assert "first_name" in error.message_dict


# --- refusals: who may register where ----------------------------------------------------


def test_a_caseworker_cannot_register_into_a_department_they_do_not_belong_to(
    caseworker: User, forvaltningen: Department
) -> None:
    denied(caseworker, department=forvaltningen)


def test_a_caseworker_cannot_register_into_another_municipalitys_department(
    caseworker: User, other_municipality: Municipality
) -> None:
    denied(caseworker, department=other_municipality.departments.get(name="Jobcenter"))


def test_a_policy_officer_cannot_register(policy_officer: User, jobcenter: Department) -> None:
    denied(policy_officer, department=jobcenter)


def test_a_member_of_the_department_without_the_caseworker_role_cannot_register(
    jobcenter_policy_officer: User, jobcenter: Department
) -> None:
    denied(jobcenter_policy_officer, department=jobcenter)


@pytest.mark.parametrize("persona", ["manager", "politician", "administrator"])
def test_other_roles_cannot_register(
    request: pytest.FixtureRequest, persona: str, jobcenter: Department
) -> None:
    denied(request.getfixturevalue(persona), department=jobcenter)


def test_a_household_of_another_municipality_is_refused(
    caseworker: User, other_municipality: Municipality
) -> None:
    household = Household.objects.create(municipality=other_municipality, name="Andersen")

    denied(caseworker, household=household)


def test_a_caseworker_outside_the_department_learns_nothing_about_a_registered_cpr(
    caseworker: User, forvaltningen: Department
) -> None:
    register(caseworker, cpr="010165-1234")

    denied(caseworker, department=forvaltningen, cpr="010165-1234")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "code"),
    [("quota_refugee", "190"), ("moved", "19"), ("moved", "abc")],
)
def test_a_kommunekode_only_for_a_move_and_only_as_three_digits(caseworker, source, code):
    before = registry_counts()

    with pytest.raises(ValidationError) as caught:
        register(caseworker, source=source, from_kommunekode=code)

    assert "from_kommunekode" in caught.value.message_dict
    assert registry_counts() == before


@pytest.mark.django_db
def test_a_registration_racing_another_is_refused_on_the_cpr_field_not_a_crash(
    caseworker, monkeypatch
):
    # given the CPR was not there when validated, but is by the time the row is written
    register(caseworker, cpr="150385-1234")
    monkeypatch.setattr(Person, "validate_constraints", lambda self, exclude=None: None)
    before = registry_counts()

    with override("en"), pytest.raises(ValidationError) as caught:
        register(caseworker, cpr="150385-1234")

    assert "already registered" in " ".join(caught.value.message_dict["cpr"])
    assert registry_counts() == before
