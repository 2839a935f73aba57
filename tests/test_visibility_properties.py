# SPDX-License-Identifier: MPL-2.0
"""Lists and searches never show more than the user may see: a property test.

Hypothesis draws persons in two municipalities, each in one or more departments'
caseloads (some of them ended, some the user's own cases, some with open flags), and a
user with some roles in some departments. An oracle written here, apart from the access
layer, says whom the user may see: a caseworker, of the person's municipality, in a
department with an open case of the person. Then

- `persons_visible_to` is exactly that set;
- the caseload, a name search, a CPR search, both worklists and the XLSX export are
  subsets of it (the own-cases worklist of the user's own open cases);
- the API's person list and search, for an integration of some departments, are subsets
  of what its service account may see.

Each example runs in a transaction that is rolled back.
"""

import io
import itertools
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from helhed.api.models import Scope
from helhed.api.services import integration_create
from helhed.caseplans.models import Rule, RuleFlag
from helhed.caseplans.selectors import worklist_for_user
from helhed.citizens.access import persons_visible_to
from helhed.citizens.models import CaseAssignment, Person
from helhed.citizens.selectors import caseload_for_user, person_search
from helhed.citizens.tests.factories import register
from helhed.imports.export import registry_export
from helhed.organisations.models import Department, Municipality, Role, User
from helhed.organisations.services import department_create
from helhed.organisations.tests.factories import make_user

_names = itertools.count(1)
PROPERTY_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass(frozen=True)
class CaseSpec:
    department: int  # index into the municipality's departments
    ended: bool
    users_own: bool  # the user is the assigned caseworker


@dataclass(frozen=True)
class PersonSpec:
    in_own_municipality: bool
    cases: tuple[CaseSpec, ...]
    flagged: bool


@dataclass(frozen=True)
class UserSpec:
    roles: frozenset[str]
    in_own_municipality: bool
    departments: frozenset[int]


cases = st.tuples(st.integers(0, 2), st.booleans(), st.booleans()).map(lambda t: CaseSpec(*t))
persons = st.lists(
    st.builds(
        PersonSpec,
        in_own_municipality=st.booleans(),
        cases=st.lists(cases, min_size=1, max_size=3).map(tuple),
        flagged=st.booleans(),
    ),
    min_size=1,
    max_size=6,
)
users = st.builds(
    UserSpec,
    roles=st.frozensets(st.sampled_from(Role.values), max_size=2),
    in_own_municipality=st.booleans(),
    departments=st.frozensets(st.integers(0, 2), max_size=3),
)


@dataclass
class Registry:
    municipalities: dict[bool, Municipality]  # True: own
    departments: dict[bool, list[Department]]
    registrars: dict[bool, User]


@pytest.fixture
def registry(own_municipality: Municipality, other_municipality: Municipality) -> Registry:
    departments: dict[bool, list[Department]] = {}
    registrars: dict[bool, User] = {}
    for own, municipality in ((True, own_municipality), (False, other_municipality)):
        found = list(municipality.departments.order_by("name"))
        while len(found) < 3:
            found.append(
                department_create(
                    municipality=municipality, name=f"Afdeling {len(found)}", kind="school"
                )
            )
        departments[own] = found[:3]
        registrars[own] = make_user(
            municipality=municipality,
            roles=[Role.CASEWORKER],
            username=f"registrar-{municipality.slug}",
            departments=found[:3],
        )
    return Registry({True: own_municipality, False: other_municipality}, departments, registrars)


def _build(registry: Registry, person_specs: list[PersonSpec], user_spec: UserSpec) -> Any:
    """The user and the persons; returns (user, persons with their specs)."""
    n = next(_names)
    own = user_spec.in_own_municipality
    user = make_user(
        municipality=registry.municipalities[own],
        roles=sorted(user_spec.roles),
        username=f"bruger-{n}",
        departments=[registry.departments[own][i] for i in sorted(user_spec.departments)],
    )
    today = timezone.localdate()
    built = []
    for spec in person_specs:
        where = spec.in_own_municipality
        first, *others = spec.cases
        person = register(
            registry.registrars[where],
            department=registry.departments[where][first.department],
            last_name=f"Haddad{next(_names)}",
        )
        CaseAssignment.objects.filter(person=person).update(
            ended_on=today - timedelta(days=1) if first.ended else None,
            caseworker=user if first.users_own else None,
        )
        for case in others:
            CaseAssignment.objects.create(
                person=person,
                department=registry.departments[where][case.department],
                caseworker=user if case.users_own else None,
                started_on=today - timedelta(days=30),
                ended_on=today - timedelta(days=1) if case.ended else None,
            )
        if spec.flagged and not person.flags.filter(resolved_at__isnull=True).exists():
            RuleFlag.objects.create(
                person=person,
                rule=Rule.PROGRAMME_MAXIMUM,
                opened_on=today,
                due_on=today + timedelta(days=7),
            )
        built.append(person)
    return user, built


def oracle(user: User, candidates: list[Person], *, own_cases_only: bool = False) -> set[Any]:
    """Whom `user` may see, decided from the rows, apart from the access layer."""
    if Role.CASEWORKER not in set(user.role_grants.values_list("role", flat=True)):
        return set()
    departments = set(user.departments.values_list("pk", flat=True))
    today = timezone.localdate()
    seen = set()
    for person in candidates:
        if person.municipality_id != user.municipality_id:
            continue
        for case in CaseAssignment.objects.filter(person=person):
            open_case = case.ended_on is None or case.ended_on >= today
            mine = case.caseworker_id == user.pk
            if open_case and case.department_id in departments and (mine or not own_cases_only):
                seen.add(person.pk)
    return seen


def _exported_last_names(user: User) -> set[str]:
    file = io.BytesIO()
    registry_export(actor=user, file=file)
    file.seek(0)
    sheet = load_workbook(file, read_only=True)["persons"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    return {str(row[3]) for row in rows}


@pytest.mark.django_db
@PROPERTY_SETTINGS
@given(person_specs=persons, user_spec=users)
def test_lists_searches_worklists_and_the_export_show_only_whom_the_user_may_see(
    registry: Registry, person_specs: list[PersonSpec], user_spec: UserSpec
) -> None:
    with transaction.atomic():
        user, built = _build(registry, person_specs, user_spec)
        allowed = oracle(user, built)
        by_id = {p.pk: p for p in built}

        assert set(persons_visible_to(user).values_list("pk", flat=True)) == allowed
        assert set(caseload_for_user(user=user).values_list("pk", flat=True)) <= allowed
        found, _criterion = person_search(user=user, query="Haddad")
        assert set(found.values_list("pk", flat=True)) <= allowed
        for person, spec in zip(built, person_specs, strict=True):
            cpr = _cpr_of(person)
            found, _criterion = person_search(user=user, query=cpr)
            assert set(found.values_list("pk", flat=True)) <= allowed, spec
        departments_rows, _more = worklist_for_user(user=user, mine_only=False)
        assert {row.person.pk for row in departments_rows} <= allowed
        mine_rows, _more = worklist_for_user(user=user, mine_only=True)
        assert {row.person.pk for row in mine_rows} <= oracle(user, built, own_cases_only=True)
        if user.municipality_id is not None:
            allowed_names = {by_id[pk].last_name for pk in allowed}
            assert _exported_last_names(user) <= allowed_names
        transaction.set_rollback(True)


def _cpr_of(person: Person) -> str:
    from helhed.citizens.cpr import decrypt_cpr

    return decrypt_cpr(person.cpr_encrypted).digits


@pytest.mark.django_db
@PROPERTY_SETTINGS
@given(
    person_specs=persons,
    departments=st.frozensets(st.integers(0, 2), min_size=1, max_size=3),
)
def test_the_apis_person_list_and_search_show_only_whom_the_integration_may_see(
    registry: Registry, person_specs: list[PersonSpec], departments: frozenset[int]
) -> None:
    client = Client()
    with transaction.atomic():
        # the user is a bystander here: the integration's service account reads
        bystander = UserSpec(frozenset(), True, frozenset())
        _user, built = _build(registry, person_specs, bystander)
        municipality = registry.municipalities[True]
        made = integration_create(
            actor=None,
            municipality=municipality,
            name=f"Integration {next(_names)}",
            departments=[registry.departments[True][i] for i in sorted(departments)],
            scopes=[Scope.REGISTRY_READ],
        )
        allowed = {str(pk) for pk in oracle(made.integration.service_user, built)}
        headers = {"authorization": f"Bearer {made.token}"}

        listed = client.get("/api/v1/persons", {"limit": 100}, headers=headers)
        assert listed.status_code == 200
        assert {item["id"] for item in listed.json()["items"]} <= allowed
        searched = client.post(
            "/api/v1/persons/search",
            json.dumps({"name": "Haddad"}),
            content_type="application/json",
            headers=headers,
        )
        assert searched.status_code == 200, searched.content
        assert {item["id"] for item in searched.json()["items"]} <= allowed
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_oracle_can_tell_a_caseload_from_a_department_that_has_none(
    registry: Registry,
) -> None:
    """The property has teeth: the oracle refuses whom the access layer refuses."""
    spec = PersonSpec(True, (CaseSpec(0, ended=False, users_own=False),), flagged=False)
    user, built = _build(
        registry, [spec], UserSpec(frozenset({Role.CASEWORKER}), True, frozenset({1}))
    )
    assert oracle(user, built) == set()
    user.departments.add(registry.departments[True][0])
    assert oracle(user, built) == {built[0].pk}
    # and the lists checked above do show whom the user may see: the subsets are not empty
    found, _criterion = person_search(user=user, query="Haddad")
    assert list(found) == built
    with transaction.atomic():
        assert _exported_last_names(user) == {built[0].last_name}
