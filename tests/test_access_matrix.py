# SPDX-License-Identifier: MPL-2.0
"""The access matrix: every URL pattern and every API operation, for every persona, with
the expected answer written down once, in `PAGES` and `OPERATIONS` below.

Pages: each URL of the URLconf (tests/test_url_auth.py's walk, filled with Horsens'
objects: a policy, a person of the Jobcenter's caseload, their household, intervention
and referral, an import job) is requested by an anonymous visitor, a user without a
municipality and, for every role, a user of Horsens or of Furesø, in the Jobcenter (the
objects' department) or in another department; and by the caseworker who owns the
objects. API: each operation of the OpenAPI description is called with no token, with a
token of the objects' departments, of another department of Horsens, of Furesø, and with
one lacking the operation's scope.

The test fails on an answer other than the table's, on a URL or operation missing from
the table, and on a table entry that is no longer routed. Every request runs in a
transaction that is rolled back, so the cells do not depend on each other.
"""

import copy
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client

from helhed.api.models import Scope
from helhed.api.services import integration_create
from helhed.caseplans import services as plans
from helhed.organisations.models import Municipality, Role, RoleGrant, User
from helhed.organisations.tests.factories import make_user
from helhed.organisations.tests.sessions import login_verified
from tests.test_url_auth import (
    API_DOCUMENT,
    ROUTES,
    Route,
    World,
    _api_body,
    _build_world,
    _form_data,
    api_methods,
    build_urls,
)


class Reach(Enum):
    """How far a rule's roles reach, given the objects in the URL (all Horsens')."""

    ANYONE = "anyone, signed in or not"
    OWN_DATA = "any municipality: the page shows the user's own municipality's data"
    MUNICIPALITY = "the objects' municipality"
    DEPARTMENT = "the objects' department (the person's caseload, the referral's sender)"
    OWNER = "only the user who made the object (an import job)"


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    reach: Reach


ALL = frozenset(Role.values)
PUBLIC = Rule(ALL, Reach.ANYONE)
ANY_ROLE = Rule(ALL, Reach.OWN_DATA)
ANY_ROLE_IN_MUNICIPALITY = Rule(ALL, Reach.MUNICIPALITY)
POLICY_OFFICER = Rule(frozenset({Role.POLICY_OFFICER}), Reach.OWN_DATA)
POLICY_OFFICER_IN_MUNICIPALITY = Rule(frozenset({Role.POLICY_OFFICER}), Reach.MUNICIPALITY)
FOLLOW_UP_IN_MUNICIPALITY = Rule(frozenset({Role.POLICY_OFFICER, Role.MANAGER}), Reach.MUNICIPALITY)
ADMINISTRATOR = Rule(frozenset({Role.ADMINISTRATOR}), Reach.OWN_DATA)
ADMINISTRATOR_IN_MUNICIPALITY = Rule(frozenset({Role.ADMINISTRATOR}), Reach.MUNICIPALITY)
MANAGER = Rule(frozenset({Role.MANAGER}), Reach.OWN_DATA)
FOLLOW_UP = Rule(frozenset({Role.POLICY_OFFICER, Role.MANAGER}), Reach.OWN_DATA)
CASEWORKER = Rule(frozenset({Role.CASEWORKER}), Reach.OWN_DATA)
CASEWORKER_IN_MUNICIPALITY = Rule(frozenset({Role.CASEWORKER}), Reach.MUNICIPALITY)
CASELOAD = Rule(frozenset({Role.CASEWORKER}), Reach.DEPARTMENT)
JOB_OWNER = Rule(frozenset({Role.CASEWORKER}), Reach.OWNER)
# the hearing memo goes to the committees: policy officers and politicians read it
MEMO_READERS = Rule(frozenset({Role.POLICY_OFFICER, Role.POLITICIAN}), Reach.MUNICIPALITY)
DATA_PROTECTION_OFFICER = Rule(frozenset({Role.DATA_PROTECTION_OFFICER}), Reach.OWN_DATA)
# governance (issue 5): committee cases are staff pages the policy officer writes and
# managers and politicians read
GOVERNANCE_READERS = frozenset({Role.POLICY_OFFICER, Role.MANAGER, Role.POLITICIAN})
GOVERNANCE_READER = Rule(GOVERNANCE_READERS, Reach.OWN_DATA)
GOVERNANCE_READER_IN_MUNICIPALITY = Rule(GOVERNANCE_READERS, Reach.MUNICIPALITY)

# The expected access to every page, by URL name. A new URL fails the test until it is
# classified here.
PAGES: dict[str, Rule] = {
    # public
    "policies:home": PUBLIC,
    "policies:public": PUBLIC,
    "policies:public_pdf": PUBLIC,
    "indicators:accountability": PUBLIC,
    "login": PUBLIC,
    "logout": PUBLIC,
    "core:set_language": PUBLIC,
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    # the policy
    "policies:dashboard": ANY_ROLE,
    "policies:policy_create": POLICY_OFFICER,
    "policies:version_detail": ANY_ROLE_IN_MUNICIPALITY,
    "policies:version_compare": ANY_ROLE_IN_MUNICIPALITY,
    "policies:version_pdf": ANY_ROLE_IN_MUNICIPALITY,
    "policies:version_edit": POLICY_OFFICER_IN_MUNICIPALITY,
    "policies:version_transition": POLICY_OFFICER_IN_MUNICIPALITY,
    "policies:version_revise": POLICY_OFFICER_IN_MUNICIPALITY,
    "policies:part_create": POLICY_OFFICER_IN_MUNICIPALITY,
    "policies:part_edit": POLICY_OFFICER_IN_MUNICIPALITY,
    "policies:part_delete": POLICY_OFFICER_IN_MUNICIPALITY,
    "policies:part_move": POLICY_OFFICER_IN_MUNICIPALITY,
    "policies:initiative_progress": FOLLOW_UP_IN_MUNICIPALITY,
    # the organisation and the integrations
    "organisation_overview": ADMINISTRATOR,
    # one's own recovery codes: the roles with a second factor
    "recovery_codes": Rule(
        frozenset({Role.CASEWORKER, Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER}),
        Reach.OWN_DATA,
    ),
    "api_admin:integration_list": ADMINISTRATOR,
    "api_admin:integration_revoke": ADMINISTRATOR_IN_MUNICIPALITY,
    # the registry
    "citizens:caseload": CASEWORKER,
    "citizens:person_register": CASEWORKER,
    "citizens:person_detail": CASELOAD,
    "citizens:spell_create": CASELOAD,
    "citizens:household_edit": CASELOAD,
    "citizens:danish_create": CASELOAD,
    "citizens:programme_create": CASELOAD,
    # break-the-glass: the form for a person of the municipality; the managers' review
    "citizens:break_the_glass_by_cpr": CASEWORKER,
    "citizens:break_the_glass_by_id": CASEWORKER_IN_MUNICIPALITY,
    "citizens:break_the_glass_review": MANAGER,
    # the plans
    "caseplans:worklist": CASEWORKER,
    "caseplans:person_plan": CASELOAD,
    "caseplans:intervention_create": CASELOAD,
    "caseplans:referral_create": CASELOAD,
    "caseplans:household_detail": CASELOAD,
    "caseplans:household_intervention_create": CASELOAD,
    "caseplans:household_relation_create": CASELOAD,
    "caseplans:intervention_detail": CASELOAD,
    "caseplans:intervention_start": CASELOAD,
    "caseplans:intervention_complete": CASELOAD,
    "caseplans:intervention_cancel": CASELOAD,
    "caseplans:referral_detail": CASELOAD,
    "caseplans:partner_list": CASEWORKER,
    "caseplans:partner_create": CASEWORKER,
    # imports and exports
    "imports:import_page": CASEWORKER,
    "imports:template": CASEWORKER,
    "imports:export": CASEWORKER,
    "imports:job": JOB_OWNER,
    # the indicators: aggregates of the user's own municipality
    "indicators:overview": FOLLOW_UP,
    # the managers' dashboard (staff: aggregates) and its drill-down to persons (ADR 0029)
    "indicators:dashboard": Rule(
        frozenset({Role.MANAGER, Role.CASEWORKER, Role.POLICY_OFFICER}), Reach.OWN_DATA
    ),
    "indicators:dashboard_persons": Rule(
        frozenset({Role.MANAGER, Role.CASEWORKER}), Reach.OWN_DATA
    ),
    # the monthly overview and the national comparison (ADR 0027): staff exact, a
    # politician disclosure-controlled
    "indicators:monthly_overview": Rule(
        frozenset({Role.POLICY_OFFICER, Role.MANAGER, Role.POLITICIAN}), Reach.OWN_DATA
    ),
    "indicators:national_comparison": Rule(
        frozenset({Role.POLICY_OFFICER, Role.MANAGER, Role.POLITICIAN}), Reach.OWN_DATA
    ),
    # the committee follow-up report (ADR 0028): staff exact, politicians disclosure-controlled
    "indicators:follow_up": Rule(
        frozenset({Role.POLICY_OFFICER, Role.MANAGER, Role.POLITICIAN}), Reach.OWN_DATA
    ),
    "indicators:follow_up_report": Rule(
        frozenset({Role.POLICY_OFFICER, Role.MANAGER, Role.POLITICIAN}), Reach.MUNICIPALITY
    ),
    "indicators:initiative_measures": POLICY_OFFICER_IN_MUNICIPALITY,
    # published reports (ADR 0030): the staff's pages, and those published to the public
    "indicators:report_list": FOLLOW_UP,
    "indicators:report_publish": POLICY_OFFICER,
    "indicators:report_detail": FOLLOW_UP_IN_MUNICIPALITY,
    "indicators:report_revise": POLICY_OFFICER_IN_MUNICIPALITY,
    "indicators:public_report_list": PUBLIC,
    "indicators:public_report": PUBLIC,
    # the data protection officer's audit log and access requests
    "privacy:audit_log": DATA_PROTECTION_OFFICER,
    "privacy:subject_access": DATA_PROTECTION_OFFICER,
    # retention rules and archival holds (sso-slo, ADR 0037)
    "privacy:retention": DATA_PROTECTION_OFFICER,
    # governance (issue 5): committees, meetings, agenda items, the process plan
    "governance:committee_list": GOVERNANCE_READER,
    "governance:committee_create": POLICY_OFFICER,
    "governance:committee_detail": GOVERNANCE_READER_IN_MUNICIPALITY,
    "governance:meeting_create": POLICY_OFFICER_IN_MUNICIPALITY,
    "governance:meeting_detail": GOVERNANCE_READER_IN_MUNICIPALITY,
    "governance:item_create": POLICY_OFFICER,
    "governance:item_detail": GOVERNANCE_READER_IN_MUNICIPALITY,
    "governance:item_edit": POLICY_OFFICER_IN_MUNICIPALITY,
    "governance:item_schedule": POLICY_OFFICER_IN_MUNICIPALITY,
    "governance:decision_record": POLICY_OFFICER_IN_MUNICIPALITY,
    "governance:attachment_create": POLICY_OFFICER_IN_MUNICIPALITY,
    "governance:attachment_download": GOVERNANCE_READER_IN_MUNICIPALITY,
    "governance:item_pdf": GOVERNANCE_READER_IN_MUNICIPALITY,
    "governance:item_docx": GOVERNANCE_READER_IN_MUNICIPALITY,
    "governance:process_plan": GOVERNANCE_READER_IN_MUNICIPALITY,
    "governance:milestone_create": POLICY_OFFICER_IN_MUNICIPALITY,
    "governance:milestone_edit": POLICY_OFFICER_IN_MUNICIPALITY,
    "governance:milestone_delete": POLICY_OFFICER_IN_MUNICIPALITY,
    # gov-attach: generated bilag and deleting a bilag (ADR 0034)
    "governance:attachment_generate": POLICY_OFFICER_IN_MUNICIPALITY,
    "governance:attachment_delete": POLICY_OFFICER_IN_MUNICIPALITY,
    # the public hearing (issue 5): public pages, and the policy officers' hearing pages
    "hearings:public_list": PUBLIC,
    "hearings:public_hearing": PUBLIC,
    "hearings:public_attachment": PUBLIC,
    "hearings:follow": PUBLIC,
    "hearings:hearing_list": POLICY_OFFICER,
    "hearings:hearing_create": POLICY_OFFICER_IN_MUNICIPALITY,
    "hearings:hearing_detail": POLICY_OFFICER_IN_MUNICIPALITY,
    "hearings:hearing_edit": POLICY_OFFICER_IN_MUNICIPALITY,
    "hearings:hearing_start": POLICY_OFFICER_IN_MUNICIPALITY,
    "hearings:response_register": POLICY_OFFICER_IN_MUNICIPALITY,
    "hearings:response_detail": POLICY_OFFICER_IN_MUNICIPALITY,
    "hearings:point_create": POLICY_OFFICER_IN_MUNICIPALITY,
    "hearings:disposition_edit": POLICY_OFFICER_IN_MUNICIPALITY,
    "hearings:attachment_download": POLICY_OFFICER_IN_MUNICIPALITY,
    "hearings:memo": MEMO_READERS,
    # hearing moderation and withdrawal (ADR 0035)
    "hearings:follow_consent_withdraw": PUBLIC,
    "hearings:follow_withdraw": PUBLIC,
    "hearings:response_moderate": POLICY_OFFICER_IN_MUNICIPALITY,
}
# Not in the matrix: the admin (tests/test_admin.py), django-ninja's root, which answers
# 404 to everyone (tests/test_url_auth.py), and the login's second step (the TOTP code and
# the authenticator's enrolment), which sends every signed-in persona on (its session is
# verified already) and is tested through the real login in
# helhed/organisations/tests/test_login_second_factor.py.
NOT_IN_MATRIX = frozenset({"api:api-root", "otp_verify", "otp_enrol"})


class Shape(Enum):
    OBJECT = "an object of the URL: another's answers 404"
    COLLECTION = "a collection: another's sees only its own"


# The expected access to every API operation: the scope it needs and what it reaches.
OPERATIONS: dict[str, tuple[Scope, Shape]] = {
    "person_list": (Scope.REGISTRY_READ, Shape.COLLECTION),
    "person_search": (Scope.REGISTRY_READ, Shape.COLLECTION),
    "person_register": (Scope.REGISTRY_WRITE, Shape.COLLECTION),
    "person_detail": (Scope.REGISTRY_READ, Shape.OBJECT),
    "arrival_list": (Scope.REGISTRY_READ, Shape.OBJECT),
    "housing_placement_list": (Scope.REGISTRY_READ, Shape.OBJECT),
    "housing_placement_create": (Scope.REGISTRY_WRITE, Shape.OBJECT),
    "danish_education_list": (Scope.REGISTRY_READ, Shape.OBJECT),
    "danish_education_create": (Scope.REGISTRY_WRITE, Shape.OBJECT),
    "programme_enrolment_list": (Scope.REGISTRY_READ, Shape.OBJECT),
    "programme_enrolment_create": (Scope.REGISTRY_WRITE, Shape.OBJECT),
    "status_spell_list": (Scope.REGISTRY_READ, Shape.OBJECT),
    "status_spell_create": (Scope.REGISTRY_WRITE, Shape.OBJECT),
    "household_detail": (Scope.REGISTRY_READ, Shape.OBJECT),
    "household_member_add": (Scope.REGISTRY_WRITE, Shape.OBJECT),
    "household_member_remove": (Scope.REGISTRY_WRITE, Shape.OBJECT),
    "household_relation_create": (Scope.REGISTRY_WRITE, Shape.OBJECT),
    "intervention_list": (Scope.PLANS_READ, Shape.OBJECT),
    "intervention_create": (Scope.PLANS_WRITE, Shape.OBJECT),
    "intervention_detail": (Scope.PLANS_READ, Shape.OBJECT),
    "intervention_start": (Scope.PLANS_WRITE, Shape.OBJECT),
    "intervention_complete": (Scope.PLANS_WRITE, Shape.OBJECT),
    "intervention_cancel": (Scope.PLANS_WRITE, Shape.OBJECT),
    "flag_list": (Scope.PLANS_READ, Shape.OBJECT),
    "referral_list": (Scope.PLANS_READ, Shape.OBJECT),
    "referral_create": (Scope.PLANS_WRITE, Shape.OBJECT),
    "referral_accept": (Scope.PLANS_WRITE, Shape.OBJECT),
    "referral_decline": (Scope.PLANS_WRITE, Shape.OBJECT),
    "partner_list": (Scope.PLANS_READ, Shape.COLLECTION),
    "partner_register": (Scope.PLANS_WRITE, Shape.COLLECTION),
}

# --- the personas ---------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    name: str
    role: str | None  # None: anonymous, or no municipality
    own_municipality: bool = True
    own_department: bool = True
    signed_in: bool = True
    has_municipality: bool = True
    is_owner: bool = False


def _personas() -> Iterator[Persona]:
    yield Persona("anonymous", None, signed_in=False)
    yield Persona("no municipality (with every role)", None, has_municipality=False)
    yield Persona("the objects' caseworker", Role.CASEWORKER, is_owner=True)
    for role in Role.values:
        for own_municipality in (True, False):
            for own_department in (True, False):
                where = "Horsens" if own_municipality else "Furesø"
                department = "Jobcenter" if own_department else "other department"
                yield Persona(
                    f"{role} of {where}, {department}",
                    role,
                    own_municipality=own_municipality,
                    own_department=own_department,
                )


PERSONAS = list(_personas())


def expected_page(rule: Rule, persona: Persona) -> str:
    if rule.reach is Reach.ANYONE:
        return "allow"
    if not persona.signed_in:
        return "login"
    if not persona.has_municipality or persona.role not in rule.roles:
        return "deny"
    if rule.reach is Reach.OWN_DATA:
        return "allow"
    if not persona.own_municipality:
        return "deny"
    if rule.reach is Reach.MUNICIPALITY:
        return "allow"
    if rule.reach is Reach.DEPARTMENT:
        return "allow" if persona.own_department else "deny"
    return "allow" if persona.is_owner else "deny"


def _outcome(response: Any) -> str:
    status = response.status_code
    assert status < 500, f"server error {status}"
    if status == 302:
        location = urlsplit(response["Location"])
        if location.path == resolve_url(settings.LOGIN_URL):
            return "login"
    if status in (401, 403, 404):
        return "deny"
    return "allow"


@dataclass
class Cast:
    """The two worlds and a signed-in client per persona."""

    own: World
    other: World
    clients: dict[str, Client]


def _user_for(persona: Persona, own: World, other: World, n: int) -> User | None:
    if not persona.signed_in:
        return None
    if not persona.has_municipality:
        user = User.objects.create_user(username=f"uden-kommune-{n}", password=None)
        for role in Role.values:
            RoleGrant.objects.create(user=user, role=role)
        return user
    if persona.is_owner:
        assert own.caseworker is not None
        return own.caseworker
    world = own if persona.own_municipality else other
    municipality: Municipality = world.municipality
    # (Skole is the referral's receiver in Horsens; Forvaltningen has nothing of theirs)
    if persona.own_department:
        name = "Jobcenter"
    else:
        name = "Forvaltningen" if persona.own_municipality else "Skole"
    assert persona.role is not None
    return make_user(
        municipality=municipality,
        roles=[persona.role],
        username=f"matrix-{n}",
        departments=[municipality.departments.get(name=name)],
    )


@pytest.fixture
def cast(policy_officer: User, other_policy_officer: User) -> Cast:
    own = _build_world(policy_officer)
    other = _build_world(other_policy_officer)
    clients = {}
    for n, persona in enumerate(PERSONAS):
        client = Client()
        user = _user_for(persona, own, other, n)
        if user is not None:
            login_verified(client, user)
        clients[persona.name] = client
    return Cast(own, other, clients)


def _rolled_back(request: Callable[[], Any], client: Client | None = None) -> Any:
    """The response to `request`, its writes rolled back, and the client's cookies as
    they were (a logout or a language choice must not carry over to the next cell)."""
    cookies = copy.deepcopy(client.cookies) if client is not None else None
    with transaction.atomic():
        response = request()
        transaction.set_rollback(True)
    if client is not None and cookies is not None:
        client.cookies = cookies
    return response


def _page_request(client: Client, route: Route, url: str, world: World) -> Any:
    """GET the page; for a POST-only view (405), POST the owner's form data instead."""
    if route.name == "logout":
        return client.post(url)
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, _form_data(world, route))
    return response


MATRIX_ROUTES = [r for r in ROUTES if r.name not in NOT_IN_MATRIX]
CELLS: list[int] = []  # the number of cells each test checked, for the report


def test_every_url_is_in_the_table_and_every_entry_is_routed() -> None:
    names = {r.name for r in MATRIX_ROUTES if not r.name.startswith("api:") or r.name in PAGES}
    api_names = {r.name for r in MATRIX_ROUTES if r.name.startswith("api:")} - set(PAGES)
    assert names - set(PAGES) == set(), f"Classify these URLs in PAGES: {names - set(PAGES)}"
    assert set(PAGES) - names == set(), f"No longer routed: {set(PAGES) - names}"
    # the API's other URLs are its operations, in OPERATIONS
    documented = {
        spec["operationId"]
        for methods in API_DOCUMENT["paths"].values()
        for spec in methods.values()
    }
    assert documented == set(OPERATIONS), (
        f"Classify: {documented - set(OPERATIONS)}; gone: {set(OPERATIONS) - documented}"
    )
    assert api_names, "the walk found no API URLs"


def test_the_table_names_the_scope_the_description_requires() -> None:
    for methods in API_DOCUMENT["paths"].values():
        for spec in methods.values():
            scope, _shape = OPERATIONS[spec["operationId"]]
            assert spec["x-required-scope"] == scope.value, spec["operationId"]


# Query strings the view needs to answer at all (without them it answers 404 to everyone).
QUERIES = {"imports:template": "?ark=spells&format=csv"}


def _namespace(name: str) -> str:
    return name.split(":", 1)[0] if ":" in name else "(root)"


PAGE_ROUTES = [r for r in MATRIX_ROUTES if r.name in PAGES]
NAMESPACES = sorted({_namespace(r.name) for r in PAGE_ROUTES})


@pytest.mark.django_db
@pytest.mark.parametrize("namespace", NAMESPACES)
def test_pages_answer_each_persona_as_the_table_says(cast: Cast, namespace: str) -> None:
    failures = []
    cells = 0
    for route in (r for r in PAGE_ROUTES if _namespace(r.name) == namespace):
        rule = PAGES[route.name]
        for url in build_urls(route, {"*": cast.own}):
            url += QUERIES.get(route.name, "")
            for persona in PERSONAS:
                client = cast.clients[persona.name]
                response = _rolled_back(
                    partial(_page_request, client, route, url, cast.own), client
                )
                got, want = _outcome(response), expected_page(rule, persona)
                cells += 1
                if got != want:
                    failures.append(
                        f"{route.name} ({rule.reach.name}) {persona.name}: "
                        f"{url} -> {response.status_code}, {got}, expected {want}"
                    )
    CELLS.append(cells)
    assert cells > 0
    assert not failures, "\n".join(failures)


# --- the API ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Caller:
    name: str
    token: str | None
    own_municipality: bool = True
    own_department: bool = True
    has_scope: bool = True
    department_id: str = ""  # where the caller registers a person: its own department


def _caller(
    name: str, world: World, departments: list[str], scopes: list[str], **flags: bool
) -> Caller:
    """A caller with a new integration of `world`'s `departments` holding `scopes`."""
    municipality = world.municipality
    chosen = [municipality.departments.get(name=d) for d in departments]
    token = integration_create(
        actor=None,
        municipality=municipality,
        name=f"{name} {uuid.uuid4()}",
        departments=chosen,
        scopes=scopes,
    ).token
    return Caller(name, token, department_id=str(chosen[0].pk), **flags)


def expected_operation(scope: Scope, shape: Shape, caller: Caller) -> str:
    if caller.token is None:
        return "unauthenticated"
    if not caller.has_scope:
        return "no scope"
    if shape is Shape.COLLECTION:
        return "allow"
    return "allow" if caller.own_municipality and caller.own_department else "hidden"


def _api_outcome(response: Any) -> str:
    status = response.status_code
    assert status < 500, f"server error {status}"
    body = json.loads(response.content)
    if status >= 400:
        # every refusal in the API's one error shape
        assert set(body) == {"detail", "errors"}, body
    return {401: "unauthenticated", 403: "no scope", 404: "hidden"}.get(
        status, "allow" if status < 300 else f"refused {status}"
    )


def _api_routes() -> list[tuple[Route, str]]:
    """One (route, method) per operation: django-ninja routes a path once per operation."""
    found: dict[tuple[str, str], Route] = {}
    for route in MATRIX_ROUTES:
        if route.name.startswith("api:") and route.name not in PAGES:
            for method in api_methods(route):
                found.setdefault((route.route, method), route)
    return [(route, method) for (_path, method), route in found.items()]


def _operation_id(route: Route, method: str) -> str:
    from tests.test_url_auth import _api_spec

    operation_id: str = _api_spec(route, method)["operationId"]
    return operation_id


@pytest.mark.django_db
def test_api_operations_answer_each_caller_as_the_table_says(client: Client, cast: Cast) -> None:
    own, other = cast.own, cast.other
    assert own.caseworker is not None
    assert own.intervention is not None
    failures = []
    cells = 0
    for scope in Scope:
        others = [s for s in Scope.values if s != scope]
        callers = [
            Caller("no token", None),
            _caller("the objects' departments", own, ["Jobcenter", "Skole"], Scope.values),
            _caller(
                "another department", own, ["Forvaltningen"], Scope.values, own_department=False
            ),
            _caller(
                "another municipality", other, ["Jobcenter"], Scope.values, own_municipality=False
            ),
            _caller("without the scope", own, ["Jobcenter", "Skole"], others, has_scope=False),
        ]
        for route, method in _api_routes():
            operation_id = _operation_id(route, method)
            needed, shape = OPERATIONS[operation_id]
            if needed != scope:
                continue
            for url in build_urls(route, {"*": own}):
                for caller in callers:
                    response = _rolled_back(
                        partial(_api_call, client, own, route, method, url, caller, operation_id)
                    )
                    got, want = _api_outcome(response), expected_operation(needed, shape, caller)
                    cells += 1
                    if got != want:
                        failures.append(
                            f"{method.upper()} {operation_id} ({shape.name}) {caller.name}: "
                            f"{response.status_code} {response.content[:160]!r}"
                        )
    CELLS.append(cells)
    assert cells >= 5 * len(OPERATIONS)
    assert not failures, "\n".join(failures)


def _api_call(
    client: Client,
    world: World,
    route: Route,
    method: str,
    url: str,
    caller: Caller,
    operation_id: str,
) -> Any:
    headers = {"authorization": f"Bearer {caller.token}"} if caller.token else {}
    if operation_id == "intervention_complete":
        # only an intervention under way can be completed (rolled back with the call)
        assert world.caseworker is not None
        assert world.intervention is not None
        plans.intervention_start(actor=world.caseworker, intervention=world.intervention)
    if method == "get":
        return client.get(url, headers=headers)
    body = _api_body(route, method, world)
    if operation_id == "person_register":
        body["department_id"] = caller.department_id  # the caller's own department
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def test_the_rules_deny_what_they_do_not_name() -> None:
    """The expectations can fail: a caseworker of another department, a manager and a
    caseworker of another municipality are expected to be refused a caseload page."""
    outsider = Persona("x", Role.CASEWORKER, own_department=False)
    assert expected_page(CASELOAD, outsider) == "deny"
    assert expected_page(CASELOAD, Persona("y", Role.MANAGER)) == "deny"
    assert expected_page(CASELOAD, Persona("z", Role.CASEWORKER, own_municipality=False)) == "deny"
    assert expected_page(CASELOAD, Persona("w", Role.CASEWORKER)) == "allow"
    assert expected_page(CASELOAD, Persona("v", None, signed_in=False)) == "login"
    assert (
        expected_operation(
            Scope.REGISTRY_READ, Shape.OBJECT, Caller("u", "t", own_department=False)
        )
        == "hidden"
    )


def test_the_matrix_reports_how_many_cells_it_checked(capsys: pytest.CaptureFixture[str]) -> None:
    """Run last in this module (pytest keeps file order): the count for the report."""
    pages = len(PAGE_ROUTES)
    operations = len(_api_routes())
    with capsys.disabled():
        print(
            f"\naccess matrix: {pages} URL patterns x {len(PERSONAS)} personas, "
            f"{operations} API operations x 5 callers: {sum(CELLS)} cells checked"
        )
    assert pages >= 50
    assert operations == len(OPERATIONS)
