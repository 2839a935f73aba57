# SPDX-License-Identifier: MPL-2.0
"""Every URL in the URLconf either is public on purpose or requires a signed-in user of
the right municipality.

The test walks the whole URLconf, so a new view is covered the moment it is routed: it
must be on the public allow-list, or answer an anonymous visitor with the login page,
an outsider with 404 and a user without a municipality with a refusal. A URL the
builder cannot fill fails the guard test instead of being skipped.

The JSON API (namespace "api") has no login page: each of its URLs, with every method
the OpenAPI description lists for it, must refuse a request without a valid token (401),
and answer another municipality's valid token 404 for an object URL.
"""

import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.db.models import Model
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import SlugConverter, UUIDConverter
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from helhed.api.api import api as ninja_api
from helhed.api.models import Integration, Scope
from helhed.api.services import integration_create, integration_revoke
from helhed.api.tests.operations import valid_body
from helhed.caseplans import services as plans
from helhed.caseplans.models import Intervention, Partner, Referral, RuleFlag
from helhed.citizens import services as registry
from helhed.citizens.models import (
    Arrival,
    CaseAssignment,
    DanishEducation,
    Household,
    HouseholdRelation,
    HousingPlacement,
    Locality,
    Person,
    ProgrammeEnrolment,
    StatusSpell,
)
from helhed.governance.models import (
    AgendaEntry,
    AgendaItem,
    Attachment,
    ChangeLog,
    Committee,
    Decision,
    Meeting,
    Milestone,
)
from helhed.governance.tests.factories import (
    GovernanceWorld,
    guard_form_data,
    make_governance_world,
)
from helhed.hearings.models import (
    Disposition,
    Hearing,
    HearingLogEntry,
    HearingResponse,
    ResponseAttachment,
    ResponsePoint,
)
from helhed.hearings.tests.factories import checked_pdf, make_hearing, submit
from helhed.imports import jobs
from helhed.indicators.models import (
    IndicatorValue,
    InitiativeMeasure,  # the follow-up report (ADR 0028)
)
from helhed.indicators.reports.models import Audience, PublishedReport, ReportRevision
from helhed.indicators.reports.services import report_publish
from helhed.organisations.models import Municipality, Role, User
from helhed.organisations.tests.factories import PASSWORD, make_user
from helhed.organisations.tests.sessions import login_verified
from helhed.policies import services
from helhed.policies.models import (
    FocusArea,
    Initiative,
    Objective,
    Policy,
    PolicyTransition,
    PolicyValue,
    PolicyVersion,
    Status,
    Target,
    TargetGroupEntry,
)
from helhed.policies.parts import PART_KINDS, PartKindConverter
from helhed.policies.tests.factories import adopt, make_policy

# The one allow-list of URLs anyone may open. The admin's own URLs (namespace "admin")
# are left out of the walk: tests/test_admin.py covers them.
PUBLIC_URL_NAMES = frozenset(
    {
        "policies:home",
        "policies:public",
        "policies:public_pdf",
        "indicators:accountability",
        "login",
        "logout",
        "core:set_language",
        # the API's description and its docs page: they hold no data, and clients and
        # schemathesis read them before they have a token
        "api:openapi-json",
        "api:openapi-view",
        # published reports: the frozen documents of those published to the public (ADR 0030)
        "indicators:public_report_list",
        "indicators:public_report",
        # the public hearing (issue 5): its municipality's list, the hearing page with the
        # response form, a published response's attachment, and the respondent's private
        # link (helhed/hearings/tests cover their refusals)
        "hearings:public_list",
        "hearings:public_hearing",
        "hearings:public_attachment",
        "hearings:follow",
        # hearing moderation and withdrawal (ADR 0035): the respondent's withdrawals by
        # the private link (helhed/hearings/tests/test_withdrawal.py covers their refusals)
        "hearings:follow_consent_withdraw",
        "hearings:follow_withdraw",
    }
)
# Single sign-on's URLs (namespace "sso") are where a visitor logs in: public by nature,
# they answer 404 where no provider is configured and refuse every bad answer;
# helhed/sso/tests cover them against real identity providers.
SEPARATELY_TESTED_NAMESPACES = frozenset({"admin", "sso"})
API_NAMESPACE = "api"
# django-ninja's root of the API: it only ever answers 404 (tested below).
API_ROOT = "api:api-root"

# Object URLs whose views only read: posting to them changes nothing even for the owner.
READ_ONLY_OBJECT_URL_NAMES = frozenset(
    {
        "policies:version_detail",
        "policies:version_compare",
        "policies:version_pdf",
        "citizens:person_detail",
        "caseplans:person_plan",
        "caseplans:household_detail",
        "caseplans:intervention_detail",
        "imports:job",
        # break-the-glass writes only an audit event (its own tests: helhed/citizens/tests/
        # test_break_the_glass.py), and for the owner, whose caseload the person is in, none
        "citizens:break_the_glass_by_id",
        # the committee follow-up report (ADR 0028) only reads
        "indicators:follow_up_report",
        # governance (issue 5): the committee, meeting, item and process-plan pages and
        # an attachment's download only read
        "governance:committee_detail",
        "governance:meeting_detail",
        "governance:item_detail",
        "governance:attachment_download",
        "governance:item_pdf",
        "governance:item_docx",
        "governance:process_plan",
        # published reports: the page only reads (its downloads too)
        "indicators:report_detail",
        # the hearings (issue 5)
        "hearings:hearing_detail",
        "hearings:memo",
        "hearings:attachment_download",
    }
)

SNAPSHOT_MODELS: tuple[type[Model], ...] = (
    Person,
    Arrival,
    StatusSpell,
    DanishEducation,
    ProgrammeEnrolment,
    CaseAssignment,
    Household,
    HouseholdRelation,
    HousingPlacement,
    Integration,
    Intervention,
    Referral,
    Partner,
    RuleFlag,
    Policy,
    PolicyVersion,
    PolicyTransition,
    FocusArea,
    Objective,
    Target,
    Initiative,
    InitiativeMeasure,  # the follow-up report's links (ADR 0028)
    PolicyValue,
    TargetGroupEntry,
    # governance (issue 5)
    Committee,
    Meeting,
    AgendaItem,
    AgendaEntry,
    Decision,
    Attachment,
    Milestone,
    ChangeLog,  # gov-attach: the governance history (ADR 0034)
    # published reports (ADR 0030)
    PublishedReport,
    ReportRevision,
    # the hearings (issue 5)
    Hearing,
    HearingResponse,
    ResponseAttachment,
    ResponsePoint,
    Disposition,
    HearingLogEntry,  # hearing moderation and withdrawal (ADR 0035)
)

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
UUID_IN_URL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class Route:
    """One URL pattern with its full route, e.g. "app/<part:kind>/<uuid:part_id>/slet/"."""

    name: str
    route: str
    converters: dict[str, Any] = field(hash=False, compare=False)
    is_regex: bool = False

    @property
    def is_public(self) -> bool:
        return self.name in PUBLIC_URL_NAMES

    @property
    def is_object_url(self) -> bool:
        return any(
            isinstance(c, UUIDConverter) or (isinstance(c, SlugConverter) and n == "slug")
            for n, c in self.converters.items()
        )


def _walk(
    patterns: list[URLPattern | URLResolver],
    *,
    prefix: str = "",
    namespace: str | None = None,
    converters: dict[str, Any] | None = None,
) -> Iterator[Route]:
    inherited = converters or {}
    for pattern in patterns:
        own = {**inherited, **getattr(pattern.pattern, "converters", {})}
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n) or None
            yield from _walk(pattern.url_patterns, prefix=route, namespace=inner, converters=own)
        else:
            name = pattern.name or f"<unnamed {route}>"
            yield Route(
                f"{namespace}:{name}" if namespace else name,
                route,
                own,
                is_regex=isinstance(pattern.pattern, RegexPattern),
            )


def _namespace(route: Route) -> str:
    return route.name.split(":", 1)[0] if ":" in route.name else ""


ALL_ROUTES = list(_walk(get_resolver().url_patterns))
ROUTES = [r for r in ALL_ROUTES if _namespace(r) not in SEPARATELY_TESTED_NAMESPACES]
API_ROUTES = [
    r for r in ROUTES if _namespace(r) == API_NAMESPACE and not r.is_public and r.name != API_ROOT
]
# The pages: everything private that is not the API.
PRIVATE_ROUTES = [r for r in ROUTES if not r.is_public and _namespace(r) != API_NAMESPACE]
OBJECT_ROUTES = [r for r in PRIVATE_ROUTES if r.is_object_url]
MUNICIPAL_ROUTES = [r for r in PRIVATE_ROUTES if r.route.startswith("app/")]
API_OBJECT_ROUTES = [r for r in API_ROUTES if r.is_object_url]


@dataclass
class World:
    """One municipality's policy: v1 adopted, v2 a draft revised from it (all parts)."""

    municipality: Municipality
    adopted: PolicyVersion
    draft: PolicyVersion
    caseworker: User | None = None
    person: Person | None = None
    household: Household | None = None
    intervention: Intervention | None = None
    referral: Referral | None = None
    administrator: User | None = None
    integration: Integration | None = None
    governance: GovernanceWorld | None = None
    report: PublishedReport | None = None
    # the hearings (issue 5): a second policy in public hearing with a published response
    # (its private link's token), and a third policy's hearing prepared but not started
    hearing: Hearing | None = None
    response: HearingResponse | None = None
    response_token: str = ""
    prepared_hearing: Hearing | None = None

    def part(self, model: type[Model]) -> Model:
        part = model._default_manager.filter(version=self.draft).first()
        assert part is not None, f"the draft has no {model.__name__}"
        return part


CHILD_CPR = "010115-4321"  # the world's child, born 1 January 2015


def _build_world(officer: User) -> World:
    first = make_policy(actor=officer, title=f"Politik for {officer.municipality}")
    adopted = adopt(actor=officer, version=first)
    draft = services.policy_version_revise(actor=officer, version=adopted)
    # a second value, so that moving the first one changes something
    services.version_part_save(actor=officer, part=PolicyValue(version=draft, name="Tillid"))
    municipality = officer.municipality
    assert municipality is not None
    # the registry: a caseworker of the Jobcenter (and of a second department, to which
    # the Jobcenter refers) with a parent and child of one household in its caseload
    jobcenter = municipality.departments.get(name="Jobcenter")
    school = municipality.departments.get_or_create(name="Skole", kind="school")[0]
    caseworker = make_user(
        municipality=municipality,
        roles=[Role.CASEWORKER],
        username=f"sagsbehandler-{municipality.slug}",
        departments=[jobcenter, school],
    )
    household = Household.objects.create(municipality=municipality, name="Haddad")
    registry.person_register(
        actor=caseworker,
        department=jobcenter,
        cpr=CHILD_CPR,
        first_name="Sara",
        last_name=f"Testesen {municipality.slug}",
        country_of_origin="SY",
        education_level="unknown",
        unaccompanied_minor=False,
        arrived_on=date(2024, 3, 1),
        source="quota_refugee",
        household=household,
    )
    Locality.objects.create(municipality=municipality, name="Gedved")
    person = registry.person_register(
        actor=caseworker,
        department=jobcenter,
        cpr="010190-1234",
        first_name="Amina",
        last_name=f"Testesen {municipality.slug}",
        country_of_origin="SY",
        education_level="none",
        unaccompanied_minor=False,
        arrived_on=date(2024, 3, 1),
        source="quota_refugee",
        household=household,
    )
    # its plan: a planned intervention and a referral awaiting the second department
    intervention = plans.intervention_create(
        actor=caseworker,
        person=person,
        kind="job_search",
        owner_department=jobcenter,
        focus_area=adopted.focus_areas.first(),
        starts_on=date(2099, 1, 1),
    )
    referral = plans.referral_create(
        actor=caseworker,
        person=person,
        from_department=jobcenter,
        to_department=school,
        reason="Skolestart for barnet.",
    )
    # the API: an administrator, and an integration of the Jobcenter with every scope
    administrator = make_user(
        municipality=municipality,
        roles=[Role.ADMINISTRATOR],
        username=f"admin-{municipality.slug}",
    )
    integration = integration_create(
        actor=administrator,
        municipality=municipality,
        name="Jobcenter-system",
        departments=[jobcenter],
        scopes=Scope.values,
    ).integration
    # governance (issue 5): committees, a case about the draft, its decisions, the process plan
    governance = make_governance_world(actor=officer, version=draft)
    # a report of the policy's targets published to the public (ADR 0030)
    report = report_publish(
        actor=officer,
        kind="target_status",
        params={"aar": 2024, "maaned": 6},
        audience=Audience.PUBLIC,
    )
    # the hearings (issue 5)
    hearing = make_hearing(actor=officer)
    submitted = submit(hearing, attachment=checked_pdf(), consent=True)
    prepared = make_hearing(actor=officer, start=False)
    return World(
        municipality=municipality,
        adopted=adopted,
        draft=draft,
        governance=governance,
        caseworker=caseworker,
        person=person,
        household=household,
        intervention=intervention,
        referral=referral,
        administrator=administrator,
        integration=integration,
        report=report,
        hearing=hearing,
        response=submitted.response,
        response_token=submitted.token,
        prepared_hearing=prepared,
    )


class UnfillableRouteError(Exception):
    pass


def _kind_choices(route: Route) -> list[str | None]:
    """The part kinds a route is expanded over (one None when it has no kind)."""
    kind = route.converters.get("kind")
    if kind is None:
        return [None]
    if not isinstance(kind, PartKindConverter):
        raise UnfillableRouteError(f"{route.route}: unknown converter for 'kind'")
    return list(PART_KINDS)


def _value(route: Route, name: str, *, kind: str | None, worlds: dict[str, World]) -> str:
    """The URL value of parameter `name`; `worlds` says whose object fills each parameter
    (key "*" for every parameter not named)."""
    converter = route.converters.get(name)
    if name == "kind" and kind is not None:
        return kind
    world = worlds.get(name) or worlds.get("*")
    if world is None:
        raise UnfillableRouteError(f"{route.route}: no objects to fill <{name}> from")
    if isinstance(converter, UUIDConverter):
        if name == "version_id":
            return str(world.draft.id)
        if name == "other_id":
            return str(world.adopted.id)
        if name == "part_id" and kind is not None:
            return str(world.part(PART_KINDS[kind].model).pk)
        objects = {
            "person_id": world.person,
            "household_id": world.household,
            "intervention_id": world.intervention,
            "referral_id": world.referral,
            "integration_id": world.integration,
            "report_id": world.report,
        }
        if name == "hearing_id" and world.hearing is not None:
            # only a prepared hearing can be started
            started = route.name != "hearings:hearing_start"
            return str((world.hearing if started else world.prepared_hearing).pk)  # type: ignore[union-attr]
        if name == "member_id" and world.household is not None:
            return str(_fill_member(world))
        if name == "response_id" and world.response is not None:
            return str(world.response.pk)
        if objects.get(name) is not None:
            return str(objects[name].pk)  # type: ignore[union-attr]
        if name == "job_id" and world.caseworker is not None:
            # an import job of the world's caseworker (jobs live in the cache)
            job = jobs.job_create(owner=world.caseworker, kind="spells", file_name="s.csv")
            return job.id
        governance = world.governance
        if governance is not None:
            found = {
                "committee_id": governance.committee,
                "meeting_id": governance.meeting,
                "item_id": governance.item,
                "attachment_id": governance.attachment,
                "milestone_id": governance.milestone,
                "policy_id": world.draft.policy,
            }.get(name)
            if found is not None:
                return str(found.pk)
        if name == "initiative_id":
            # the action plan is followed up on the adopted version
            initiative = world.adopted.initiatives.first()
            assert initiative is not None
            return str(initiative.pk)
    if name == "token" and world.response_token:
        return world.response_token  # a hearing response's private link
    if isinstance(converter, SlugConverter) and name == "slug":
        return world.municipality.slug
    raise UnfillableRouteError(f"{route.route}: cannot fill <{name}>")


def _fill_member(world: World) -> uuid.UUID:
    """The household's other member (the child), who may leave it or be related."""
    assert world.person is not None
    return Person.objects.filter(household=world.household).exclude(pk=world.person.pk).get().pk


def _object_parameters(route: Route) -> list[str]:
    """The parameters of `route` that name an object (a uuid)."""
    return [n for n, c in route.converters.items() if isinstance(c, UUIDConverter)]


def build_urls(route: Route, worlds: dict[str, World]) -> list[str]:
    """Concrete URLs for `route`, one per part kind when it has a kind."""
    if route.is_regex:
        raise UnfillableRouteError(f"{route.route}: regular-expression routes are not supported")
    urls = []
    for kind in _kind_choices(route):

        def fill(match: re.Match[str], kind: str | None = kind) -> str:
            return _value(route, match.group("name"), kind=kind, worlds=worlds)

        urls.append("/" + PARAMETER.sub(fill, route.route))
    return urls


def _snapshot() -> dict[str, list[tuple[Any, Any]]]:
    """Every row of the policy models with its last change: any write shows up."""
    return {
        model.__name__: sorted(
            (str(pk), updated)
            for pk, updated in model._default_manager.values_list("pk", "updated_at")
        )
        for model in SNAPSHOT_MODELS
    }


def _form_data(world: World, route: "Route | None" = None) -> dict[str, str]:
    """A plausible POST for every form, aimed at `world`'s draft or person."""
    person_forms = {
        "citizens:spell_create": {"kind": "job", "starts_on": "2025-01-01", "benefit_name": ""},
        "citizens:danish_create": {"track": "du3", "module": "2", "referred_on": "2024-03-15"},
        "citizens:programme_create": {"kind": "self_support", "starts_on": "2024-03-01"},
    }
    jobcenter = world.municipality.departments.get(name="Jobcenter")
    members = Person.objects.filter(household=world.household).order_by("birth_date")
    # the household page: the child leaves the household
    person_forms["citizens:household_edit"] = {"remove": str(members[1].pk)}
    plan_forms = {
        "caseplans:intervention_create": {
            "kind": "job_search",
            "owner_department": str(jobcenter.pk),
            "focus_area": str(world.adopted.focus_areas.get().pk),
            "starts_on": "2025-01-01",
        },
        "caseplans:household_intervention_create": {
            "kind": "parent_meetings",
            "owner_department": str(jobcenter.pk),
            "focus_area": str(world.adopted.focus_areas.get().pk),
            "starts_on": "2025-01-01",
        },
        "caseplans:household_relation_create": {
            "person": str(members[0].pk),
            "kind": "parent",
            "relative": str(members[1].pk),
        },
        "caseplans:referral_create": {
            "from_department": str(jobcenter.pk),
            "to_department": str(world.municipality.departments.get(name="Forvaltningen").pk),
            "reason": "Boligsag.",
        },
        "caseplans:referral_detail": {"decision": "accept", "decision_note": ""},
        "caseplans:intervention_complete": {
            "outcome": "completed",
            "ends_on": timezone.localdate().isoformat(),
        },
        "caseplans:intervention_cancel": {"closing_note": "Borgeren flyttede."},
        # the follow-up report (ADR 0028): link the initiative to a kind of intervention
        "indicators:initiative_measures": {"intervention_kind": "job_search", "planned": "10"},
    }
    # published reports: a revision's reason (ADR 0030)
    if route is not None and route.name == "indicators:report_revise":
        return {"reason": "Rettelse i registret."}
    if route is not None and route.name in person_forms:
        return person_forms[route.name]
    if route is not None and route.name in plan_forms:
        return plan_forms[route.name]
    if route is not None and world.governance is not None:
        governance_forms = guard_form_data(world.governance, world.draft)
        if route.name in governance_forms:
            return governance_forms[route.name]
    department = world.municipality.departments.first()
    assert department is not None
    return {
        "title": "Overskrevet titel",
        "subtitle": "Overskrevet undertitel",
        "period_start": "2024",
        "period_end": "2027",
        "introduction": "Overskrevet.",
        "vision": "Overskrevet vision.",
        "values_introduction": "Overskrevet.",
        "target_group_description": "Overskrevet.",
        "name": "Overskrevet værdi",
        "description": "Overskrevet beskrivelse.",
        "kind": "excluded",
        "text": "Overskrevet tekst.",
        "focus_area": str(world.part(FocusArea).pk),
        "objective": str(world.part(Objective).pk),
        "indicator_key": "self_support_after_one_year",
        "comparator": "lte",
        "value": "12",
        "unit": "percent",
        "deadline": "2027-12-31",
        "owner_department": str(department.pk),
        "start_date": "2024-01-01",
        "end_date": "2027-12-31",
        "status": "completed",
        "progress": "90",
        "to_status": "hearing",
        "effective_on": "2024-05-01",
        "note": "Overskrevet note.",
        "retning": "ned",
        # the hearings (issue 5)
        "opens_at": "2030-01-01T09:00",
        "closes_at": "2030-02-01T09:00",
        "outcome": "noted",
        "reason": "Overskrevet begrundelse.",
        "summary": "Overskrevet resumé.",
        "source": "committee",
        "author_name": "Overskrevet udvalg",
        "received_on": "2024-05-01",
    }


def _route_id(route: Route) -> str:
    return route.name


def _assert_login_redirect(response: Any, url: str) -> None:
    assert response.status_code == 302, f"{url} answered {response.status_code}, not 302"
    location = urlsplit(response["Location"])
    assert location.path == resolve_url(settings.LOGIN_URL), f"{url} -> {response['Location']}"
    assert parse_qs(location.query).get("next") == [url], f"{url} -> {response['Location']}"


@pytest.fixture
def own_world(policy_officer: User) -> World:
    return _build_world(policy_officer)


@pytest.fixture
def other_world(other_policy_officer: User) -> World:
    return _build_world(other_policy_officer)


@pytest.fixture
def outsider_client(other_world: World) -> Client:
    """A user of the other municipality holding every role, in its Jobcenter: only the
    municipality, never a missing role, can stand between them and an object."""
    municipality = other_world.municipality
    outsider = make_user(
        municipality=municipality,
        roles=list(Role.values),
        username="udefra-alle-roller",
        departments=[municipality.departments.get(name="Jobcenter")],
    )
    client = Client()
    login_verified(client, outsider)
    return client


# (c) guards: the walk cannot silently skip a pattern.


def test_the_walk_finds_every_view_of_the_policy_pages() -> None:
    names = {r.name for r in ROUTES}
    assert {"policies:dashboard", "policies:version_detail", "policies:part_edit"} <= names
    assert len(PRIVATE_ROUTES) >= 12
    assert any(_namespace(r) == "admin" for r in ALL_ROUTES)


def test_every_public_name_on_the_allow_list_exists() -> None:
    assert {r.name for r in ROUTES} >= PUBLIC_URL_NAMES


def test_every_url_pattern_has_a_unique_name() -> None:
    names = [r.name for r in ROUTES]
    assert not [n for n in names if n.startswith("<unnamed")], names
    assert len(names) == len(set(names)), sorted(names)


@pytest.mark.django_db
def test_the_builder_fills_every_url_pattern_and_each_url_resolves_to_it(
    own_world: World,
) -> None:
    unfillable = []
    for route in ROUTES:
        try:
            urls = build_urls(route, {"*": own_world})
        except UnfillableRouteError as error:
            unfillable.append(str(error))
            continue
        for url in urls:
            match = resolve(url)
            assert match.route == route.route, (url, match.route)
    assert not unfillable, "Teach build_urls to fill these patterns:\n" + "\n".join(unfillable)


def test_the_builder_refuses_a_parameter_it_does_not_know() -> None:
    route = Route("policies:new_view", "app/<uuid:unknown_id>/", {"unknown_id": UUIDConverter()})
    world = World(Municipality(slug="x"), adopted=PolicyVersion(), draft=PolicyVersion())
    with pytest.raises(UnfillableRouteError, match="cannot fill <unknown_id>"):
        build_urls(route, {"*": world})


@pytest.mark.django_db
def test_every_part_url_is_built_for_every_kind_of_part(own_world: World) -> None:
    route = next(r for r in ROUTES if r.name == "policies:part_edit")
    urls = build_urls(route, {"*": own_world})
    assert len(urls) == len(PART_KINDS)
    for url in urls:
        match = resolve(url)
        kind = match.kwargs["kind"]
        assert kind.model._default_manager.filter(pk=match.kwargs["part_id"]).exists()


# (a) anonymous visitors are sent to the login page.


@pytest.mark.django_db
@pytest.mark.parametrize("route", PRIVATE_ROUTES, ids=_route_id)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitor_is_sent_to_login(
    client: Client, own_world: World, route: Route, method: str
) -> None:
    before = _snapshot()
    for url in build_urls(route, {"*": own_world}):
        response = getattr(client, method)(url, _form_data(own_world) if method == "post" else {})
        _assert_login_redirect(response, url)
    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.is_public], ids=_route_id)
def test_public_url_is_open_to_anonymous_visitors(
    client: Client, policy_officer: User, own_world: World, route: Route
) -> None:
    # given an adopted policy, which the public pages show
    adopt(actor=policy_officer, version=own_world.draft)
    for url in build_urls(route, {"*": own_world}):
        response = client.post(url) if route.name == "logout" else client.get(url)
        assert response.status_code < 400, (url, response.status_code)
        if response.status_code == 302:
            assert urlsplit(response["Location"]).path != resolve_url(settings.LOGIN_URL), url


# (b) a policy officer of another municipality finds nothing and changes nothing.


@pytest.mark.django_db
@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=_route_id)
def test_policy_officer_of_another_municipality_gets_404_and_changes_nothing(
    outsider_client: Client, own_world: World, other_world: World, route: Route
) -> None:
    before = _snapshot()
    failures = []
    for url in build_urls(route, {"*": own_world}):
        response = outsider_client.post(url, _form_data(own_world))
        if response.status_code != 404:
            failures.append(f"POST {url}: {response.status_code}")
        status = outsider_client.get(url).status_code
        if (
            status == 405
            and outsider_client.get(_without_objects(url, own_world)).status_code == 405
        ):
            continue  # a POST-only view: its 405 says nothing about whether the object exists
        if status != 404:
            failures.append(f"GET {url}: {status}")
    assert not failures, failures
    assert _snapshot() == before


def _without_objects(url: str, world: World) -> str:
    """`url` with every object replaced by one that does not exist."""
    url = UUID_IN_URL.sub(lambda _: str(uuid.uuid4()), url)
    return url.replace(f"/{world.municipality.slug}/", "/findes-ikke/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route",
    [r for r in OBJECT_ROUTES if len(_object_parameters(r)) > 1],
    ids=_route_id,
)
def test_each_object_in_a_url_is_checked_not_only_the_first(
    outsider_client: Client, own_world: World, other_world: World, route: Route
) -> None:
    before = _snapshot()
    for name in _object_parameters(route):
        # every parameter is the outsider's own object except `name`, which is not theirs
        for url in build_urls(route, {"*": other_world, name: own_world}):
            assert outsider_client.get(url).status_code == 404, url
            assert outsider_client.post(url, _form_data(own_world)).status_code == 404, url
    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route", [r for r in OBJECT_ROUTES if r.name not in READ_ONLY_OBJECT_URL_NAMES], ids=_route_id
)
def test_the_outsiders_form_data_changes_the_draft_when_its_owner_posts_it(
    client: Client, policy_officer: User, own_world: World, route: Route
) -> None:
    """Control: the 404 test above posts data that would write, were it let through."""
    owners = {
        "citizens": own_world.caseworker,
        "caseplans": own_world.caseworker,
        "api_admin": own_world.administrator,
    }
    owner = owners.get(_namespace(route), policy_officer)
    intervention = own_world.intervention
    assert owner is not None
    assert intervention is not None
    login_verified(client, owner)
    setups: dict[str, Callable[[], object]] = {
        # a draft cannot be revised; a version in hearing can
        "policies:version_revise": lambda: services.policy_version_transition(
            actor=policy_officer, version=own_world.draft, to_status=Status.HEARING
        ),
        # only an intervention under way can be completed
        "caseplans:intervention_complete": lambda: plans.intervention_start(
            actor=owner, intervention=intervention
        ),
        # a report is revised only when the numbers have changed: the indicators' store
        # gets the self-support target's first figures (as a registry correction would)
        "indicators:report_revise": lambda: IndicatorValue.objects.create(
            municipality=own_world.municipality,
            key="self_support_after_one_year",
            month=date(2020, 1, 1),
            numerator=30,
            denominator=50,
        ),
        # gov-attach: a decided item's bilag stay (ADR 0034); this one is not decided yet
        "governance:attachment_delete": lambda: Decision.objects.filter(
            entry__item__municipality=own_world.municipality
        ).delete(),
    }
    setups.get(route.name, lambda: None)()
    for url in build_urls(route, {"*": own_world}):
        before = _snapshot()
        response = client.post(url, _form_data(own_world, route))
        assert response.status_code == 302, (url, response.status_code)
        assert _snapshot() != before, f"POST {url} by its owner changed nothing"
        break  # one kind is enough: a delete would take the other kinds' parts with it


# (d) a signed-in user without a municipality is refused the municipal pages.


@pytest.mark.django_db
@pytest.mark.parametrize("route", MUNICIPAL_ROUTES, ids=_route_id)
@pytest.mark.parametrize("method", ["get", "post"])
def test_user_without_a_municipality_is_refused_the_municipal_pages(
    client: Client, superuser: User, own_world: World, route: Route, method: str
) -> None:
    login_verified(client, superuser)
    before = _snapshot()
    for url in build_urls(route, {"*": own_world}):
        response = getattr(client, method)(url, _form_data(own_world) if method == "post" else {})
        assert response.status_code in (302, 403), f"{method.upper()} {url}: {response.status_code}"
    assert _snapshot() == before


# (f) a user whose role sees persons gives a second factor before any municipal page.


@pytest.mark.django_db
@pytest.mark.parametrize("route", MUNICIPAL_ROUTES, ids=_route_id)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_user_who_gave_only_the_password_is_sent_to_the_second_factor(
    own_world: World, route: Route, method: str
) -> None:
    before = _snapshot()
    for user in (own_world.caseworker, own_world.administrator):
        assert user is not None
        client = Client()
        # the password step of the real login page
        response = client.post(
            resolve_url(settings.LOGIN_URL),
            {"username": user.username, "password": PASSWORD},
        )
        assert urlsplit(response["Location"]).path == resolve_url("otp_verify")
        for url in build_urls(route, {"*": own_world}):
            data = _form_data(own_world) if method == "post" else {}
            response = getattr(client, method)(url, data)
            assert response.status_code == 302, f"{method.upper()} {url}: {response.status_code}"
            location = urlsplit(response["Location"])
            assert location.path == resolve_url("otp_verify"), f"{url} -> {location}"
    assert _snapshot() == before


# (g) every answer carries the Content-Security-Policy: pages, errors, redirects, the API.


def _csp_directives(response: Any) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=_route_id)
def test_every_url_answers_with_the_content_security_policy(
    client: Client, policy_officer: User, own_world: World, route: Route
) -> None:
    owners = {
        "citizens": own_world.caseworker,
        "caseplans": own_world.caseworker,
        "imports": own_world.caseworker,
        "api_admin": own_world.administrator,
    }
    owner = owners.get(_namespace(route), policy_officer)
    assert owner is not None
    login_verified(client, owner)
    for url in build_urls(route, {"*": own_world}):
        response = client.post(url) if route.name == "logout" else client.get(url)
        directives = _csp_directives(response)
        assert directives.get("script-src") == "'self'", (url, directives)
        assert directives.get("object-src") == "'none'", (url, directives)
        assert directives.get("base-uri") == "'none'", (url, directives)
        assert directives.get("frame-ancestors") == "'none'", (url, directives)
        assert "unsafe" not in directives.get("default-src", ""), (url, directives)


# (e) the JSON API: no valid token, no answer; another municipality's token, no object.

API_DOCUMENT = json.loads(
    json.dumps(ninja_api.get_openapi_schema(path_prefix="/api/v1/"), default=str)
)
CONVERTED = re.compile(r"<(?:[^>:]+:)?([^>]+)>")


def api_methods(route: Route) -> list[str]:
    """The methods the OpenAPI description lists for `route`'s path."""
    path = "/" + CONVERTED.sub(r"{\1}", route.route)
    return sorted(API_DOCUMENT["paths"].get(path, {}))


def _api_spec(route: Route, method: str) -> dict[str, Any]:
    path = "/" + CONVERTED.sub(r"{\1}", route.route)
    spec: dict[str, Any] = API_DOCUMENT["paths"][path][method]
    return spec


def _api_body(route: Route, method: str, world: World) -> dict[str, Any]:
    """A valid body for the operation behind `route` and `method` in `world`, were it let
    through."""
    municipality = world.municipality
    values: dict[str, object] = {
        "owner_department_id": municipality.departments.get(name="Jobcenter").pk,
        "to_department_id": municipality.departments.get(name="Forvaltningen").pk,
        "focus_area_id": world.adopted.focus_areas.get().pk,
        "today": timezone.localdate().isoformat(),
        "relative_cpr": CHILD_CPR,  # the child joins the parent's household as their child
        "person_id": world.person.pk if world.person is not None else None,
        "member_id": _fill_member(world),
    }
    return valid_body(_api_spec(route, method)["operationId"], values)


def _api_request(
    client: Client, route: Route, method: str, url: str, token: str | None, world: World
) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token is not None else {}
    if method == "get":
        return client.get(url, headers=headers)
    return client.post(
        url,
        json.dumps(_api_body(route, method, world)),
        content_type="application/json",
        headers=headers,
    )


def test_the_walk_finds_the_api_and_every_api_url_is_in_its_description() -> None:
    assert len(API_ROUTES) >= 10
    missing = [r.route for r in API_ROUTES if not api_methods(r)]
    assert not missing, f"API URLs the OpenAPI description does not list: {missing}"


@pytest.fixture
def revoked_token(own_world: World) -> str:
    assert own_world.administrator is not None
    municipality = own_world.municipality
    new = integration_create(
        actor=None,
        municipality=municipality,
        name="Tilbagekaldt",
        departments=[municipality.departments.get(name="Jobcenter")],
        scopes=Scope.values,
    )
    integration_revoke(actor=None, integration=new.integration)
    return new.token


@pytest.mark.django_db
@pytest.mark.parametrize("route", API_ROUTES, ids=_route_id)
@pytest.mark.parametrize("token", ["none", "unknown", "revoked"])
def test_api_url_refuses_a_request_without_a_valid_token(
    client: Client, own_world: World, revoked_token: str, route: Route, token: str
) -> None:
    sent = {"none": None, "unknown": "hlh_" + "x" * 43, "revoked": revoked_token}[token]
    before = _snapshot()
    for url in build_urls(route, {"*": own_world}):
        for method in api_methods(route):
            response = _api_request(client, route, method, url, sent, own_world)
            assert response.status_code == 401, f"{method.upper()} {url}: {response.status_code}"
    assert _snapshot() == before


@pytest.fixture
def outsider_token(other_world: World) -> str:
    municipality = other_world.municipality
    return integration_create(
        actor=None,
        municipality=municipality,
        name="Udefra",
        departments=[municipality.departments.get(name="Jobcenter")],
        scopes=Scope.values,
    ).token


@pytest.fixture
def owner_token(own_world: World) -> str:
    """An integration of the Jobcenter and the school: the world's referral goes from the
    one to the other, and only the receiving department decides it."""
    municipality = own_world.municipality
    return integration_create(
        actor=None,
        municipality=municipality,
        name="Ejer",
        departments=[
            municipality.departments.get(name="Jobcenter"),
            municipality.departments.get(name="Skole"),
        ],
        scopes=Scope.values,
    ).token


@pytest.mark.django_db
@pytest.mark.parametrize("route", API_OBJECT_ROUTES, ids=_route_id)
def test_api_object_url_answers_another_municipalitys_token_404_and_changes_nothing(
    client: Client, own_world: World, outsider_token: str, route: Route
) -> None:
    before = _snapshot()
    for url in build_urls(route, {"*": own_world}):
        for method in api_methods(route):
            response = _api_request(client, route, method, url, outsider_token, own_world)
            assert response.status_code == 404, f"{method.upper()} {url}: {response.status_code}"
    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("route", API_OBJECT_ROUTES, ids=_route_id)
def test_the_outsiders_api_request_succeeds_with_the_owners_token(
    client: Client, own_world: World, owner_token: str, route: Route
) -> None:
    """Control: the 404s above are for requests that work, and write, for the owner."""
    for url in build_urls(route, {"*": own_world}):
        for method in api_methods(route):
            if _api_spec(route, method)["operationId"] == "intervention_complete":
                # only an intervention under way can be completed
                assert own_world.caseworker is not None
                assert own_world.intervention is not None
                plans.intervention_start(
                    actor=own_world.caseworker, intervention=own_world.intervention
                )
            before = _snapshot()
            response = _api_request(client, route, method, url, owner_token, own_world)
            documented = {int(s) for s in _api_spec(route, method)["responses"] if s[0] == "2"}
            assert response.status_code in documented, (url, response.content)
            if method == "post":
                assert _snapshot() != before, f"POST {url} by its owner changed nothing"


@pytest.mark.django_db
def test_the_api_root_answers_404_to_everyone(client: Client, own_world: World) -> None:
    route = next(r for r in ROUTES if r.name == API_ROOT)
    for url in build_urls(route, {"*": own_world}):
        assert client.get(url).status_code == 404
