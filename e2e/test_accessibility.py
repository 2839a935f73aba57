# SPDX-License-Identifier: MPL-2.0
"""Every page passes axe-core: no serious or critical violation.

The pages come from a table, one row per page as the right persona sees it; a guard
walks the URLconf and fails when a page a browser can GET is missing from the table.
The content is the demo's (Horsens' and Furesø's real policy texts), with a draft
version 2 of Horsens' policy that differs from the adopted version 1, so that the
comparison shows changed, added and removed rows.
"""

import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import DANISH, ENGLISH, PageFactory, assert_accessible, login
from helhed.caseplans import services as plans
from helhed.citizens import services as registry
from helhed.citizens.break_the_glass import break_the_glass_open
from helhed.citizens.models import Household
from helhed.demo.content import DEMO_PASSWORD
from helhed.demo.hearings import load_demo_hearings
from helhed.governance import services as governance
from helhed.governance.models import AgendaItem, Committee, Milestone
from helhed.hearings.models import Hearing
from helhed.hearings.services import response_register
from helhed.imports import jobs
from helhed.indicators.models import IndicatorValue
from helhed.indicators.reports.models import Audience
from helhed.indicators.reports.month_params import default_params
from helhed.indicators.reports.services import report_publish, report_revise
from helhed.organisations.models import Department, Role, User
from helhed.organisations.services import user_create
from helhed.policies import services
from helhed.policies.models import (
    FocusArea,
    PolicyValue,
    PolicyVersion,
    Status,
    TargetGroupEntry,
)
from helhed.policies.parts import PART_KINDS

pytestmark = pytest.mark.browser

OFFICER = "horsens-politik"
POLITICIAN = "horsens-politiker"
ADMINISTRATOR = "horsens-admin"
CASEWORKER = "horsens-sagsbehandler"
DAYCARE_CASEWORKER = "horsens-dagtilbud"
MANAGER = "horsens-leder"
# a caseworker without an authenticator yet (made by the `site` fixture)
NEW_CASEWORKER = "horsens-ny-sagsbehandler"
DATA_PROTECTION_OFFICER = "horsens-dpo"

# Named URLs a browser does not GET as a page: downloads, POST-only actions, Django's admin.
NOT_PAGES = {
    # a redirect to the follow-up report of the policy in force
    "indicators:follow_up",
    "core:set_language",
    "logout",
    "policies:public_pdf",
    "policies:version_pdf",
    "policies:part_move",
    "policies:version_revise",
    # published reports: revising is a POST from the report's page (ADR 0030)
    "indicators:report_revise",
    "api_admin:integration_revoke",
    "caseplans:intervention_start",
    "imports:template",
    "imports:export",
    # single sign-on: redirects to the identity provider, its POST back, Helhed's SAML
    # metadata (XML), and the OIDC callback; e2e/test_sso.py checks the pages they lead to
    "sso:saml_login",
    "sso:saml_acs",
    "sso:saml_metadata",
    "sso:oidc_login",
    "sso:oidc_callback",
    # single logout (ADR 0037): the IdP's LogoutRequest/LogoutResponse endpoints answer
    # redirects; their refusal page is checked by helhed/sso/tests/test_single_logout.py
    "sso:saml_ls",
    "sso:saml_ls_post",
    # governance (issue 5): an agenda item's exports and an attachment's download
    "governance:item_pdf",
    "governance:item_docx",
    "governance:attachment_download",
    # the hearings (issue 5): attachment downloads and the POST-only start
    "hearings:public_attachment",
    "hearings:attachment_download",
    "hearings:hearing_start",
}
# The API's operations answer JSON, not pages; its docs page is a page and is checked.
API_PAGES = {"api:openapi-view"}


@dataclass(frozen=True)
class Site:
    adopted: PolicyVersion
    draft: PolicyVersion
    parts: dict[str, uuid.UUID]
    person: uuid.UUID
    household: uuid.UUID
    intervention: uuid.UUID
    referral: uuid.UUID
    job: str
    report: uuid.UUID | None = None


@pytest.fixture
def site(demo: None) -> Site:
    """The demo, plus a draft version 2 of Horsens' policy with a few changes."""
    load_demo_hearings()  # Furesø's hearing (issue 5)
    officer = User.objects.get(username=OFFICER)
    adopted = PolicyVersion.objects.get(policy__municipality__slug="horsens", status=Status.ADOPTED)
    draft = services.policy_version_revise(actor=officer, version=adopted)
    area = FocusArea.objects.filter(version=draft).first()
    assert area is not None
    area.title = f"{area.title} og medborgerskab"
    services.version_part_save(actor=officer, part=area)
    group = TargetGroupEntry.objects.get(version=draft, text="Indvandrere")
    services.version_part_delete(actor=officer, part=group)
    services.version_part_save(
        actor=officer,
        part=PolicyValue(version=draft, name="Åbenhed", description="Vi deler viden."),
    )
    initiative = adopted.initiatives.first()
    assert initiative is not None
    services.initiative_progress_update(
        actor=officer,
        initiative=initiative,
        status="in_progress",
        progress=30,
        note="De første branchepakker er startet.",
    )
    parts = {}
    for slug, kind in PART_KINDS.items():
        part = kind.model._default_manager.filter(version=draft).first()
        assert part is not None, f"The draft has no {slug}"
        parts[slug] = part.pk
    caseworker = User.objects.get(username=CASEWORKER)
    jobcenter = caseworker.departments.get()
    user_create(
        municipality=jobcenter.municipality,
        username=NEW_CASEWORKER,
        password=DEMO_PASSWORD,
        first_name="Nina",
        last_name="Nyansat",
        departments=[jobcenter],
        roles=[Role.CASEWORKER],
    )
    household = Household.objects.create(municipality=jobcenter.municipality, name="Haddad")
    person = registry.person_register(
        actor=caseworker,
        department=jobcenter,
        household=household,
        cpr="150385-4321",
        first_name="Amal",
        last_name="Haddad",
        country_of_origin="SY",
        education_level="medium_higher",
        unaccompanied_minor=False,
        arrived_on=date(2025, 9, 1),
        source="family_refugee",
    )
    registry.status_spell_add(
        actor=caseworker,
        person=person,
        kind="benefit",
        benefit_name="Selvforsørgelses- og hjemrejseydelse",
        starts_on=date(2025, 9, 1),
    )
    # an import whose report lists problems, for the job page
    job = jobs.job_create(owner=caseworker, kind="spells", file_name="forloeb.csv")
    bad = Path(tempfile.mkstemp(suffix=".csv")[1])
    bad.write_text(
        "external_id,person_external_id,kind,starts_on\nS1,UKENDT,arbejde,i går\n",
        encoding="utf-8",
    )
    jobs.job_run(job=job, actor=caseworker, path=bad, language="da")
    # a child in the household, a company, an internship and a referral to daycare
    registry.person_register(
        actor=caseworker,
        department=jobcenter,
        cpr="010322-4322",
        first_name="Lina",
        last_name="Haddad",
        country_of_origin="SY",
        education_level="unknown",
        unaccompanied_minor=False,
        arrived_on=date(2025, 9, 1),
        source="family_refugee",
        household=household,
    )
    company = plans.partner_register(
        actor=caseworker, kind="company", name="Horsens Fødevarer A/S", cvr="24256790"
    )
    intervention = plans.intervention_create(
        actor=caseworker,
        person=person,
        kind="company_internship",
        owner_department=jobcenter,
        focus_area=adopted.focus_areas.first(),
        partner=company,
        starts_on=date(2025, 9, 15),
        note="Praktik i produktionen.",
    )
    referral = plans.referral_create(
        actor=caseworker,
        person=person,
        from_department=jobcenter,
        to_department=Department.objects.get(municipality=jobcenter.municipality, name="Dagtilbud"),
        reason="Datteren Lina skal have en plads i dagtilbud.",
    )
    # the daycare caseworker opened Amal outside their caseload, which the manager sees
    break_the_glass_open(
        user=User.objects.get(username=DAYCARE_CASEWORKER),
        person=person,
        reason="Borgeren spørger i dagtilbuddet til sin plan.",
    )
    report = _published_report(officer)
    return Site(
        report=report,
        adopted=adopted,
        draft=draft,
        parts=parts,
        person=person.id,
        household=household.id,
        intervention=intervention.id,
        referral=referral.id,
        job=job.id,
    )


def _published_report(officer: User) -> uuid.UUID:
    """Horsens' targets published to the public, revised once, and changed again since (so
    that its page shows the revision and the staff's banner). The changes are made in the
    indicators' store directly, as a registry correction would change it (ADR 0030)."""
    report = report_publish(
        actor=officer,
        kind="target_status",
        params=default_params(date.today()),  # noqa: DTZ011 (the server's today, as the form's)
        audience=Audience.PUBLIC,
        recipient="Beskæftigelses- og Integrationsudvalget",
    )
    municipality = officer.municipality
    assert municipality is not None
    for month, numerator in ((date(2000, 1, 1), 300), (date(2000, 2, 1), 10)):
        IndicatorValue.objects.create(
            municipality=municipality,
            key="self_support_after_one_year",
            month=month,
            numerator=numerator,
            denominator=600 if numerator == 300 else 0,
        )
        if numerator == 300:
            report_revise(actor=officer, report=report, reason="Rettelse i registret.")
    return report.id


def _report(site: Site) -> dict[str, Any]:
    return {"report_id": site.report}


# --- published kinds: the monthly overview and the committee follow-up (ind-polish) -------
def _published_follow_up(site: Site) -> uuid.UUID:
    """The adopted policy's follow-up report published to the public and revised once (a
    registry correction in the indicators' store), so that its page shows two versions,
    each with its charts."""
    officer = User.objects.get(username=OFFICER)
    report = report_publish(
        actor=officer,
        kind="follow_up",
        params={"politik": str(site.adopted.id), **default_params(date.today())},  # noqa: DTZ011
        audience=Audience.PUBLIC,
        recipient="Beskæftigelses- og Integrationsudvalget",
    )
    municipality = officer.municipality
    assert municipality is not None
    for key in {t.indicator_key for t in site.adopted.targets.all()}:
        IndicatorValue.objects.create(
            municipality=municipality, key=key, month=date(2000, 3, 1), numerator=40, denominator=60
        )
    report_revise(actor=officer, report=report, reason="Rettelse i registret.")
    return report.id


def _follow_up_report(site: Site) -> dict[str, Any]:
    return {"report_id": _published_follow_up(site)}


def _public_follow_up_report(site: Site) -> dict[str, Any]:
    return {"slug": "horsens", "report_id": _published_follow_up(site)}


def _public_report(site: Site) -> dict[str, Any]:
    return {"slug": "horsens", "report_id": site.report}


FURESOE_OFFICER = "furesoe-politik"
FURESOE_POLITICIAN = "furesoe-politiker"


def _hearing() -> Hearing:
    return Hearing.objects.get(version__policy__municipality__slug="furesoe")


def _private_token() -> str:
    """A response's private link (only its hash is stored, so a new response)."""
    hearing = _hearing()
    return response_register(
        actor=User.objects.get(username=FURESOE_OFFICER),
        hearing=hearing,
        source="letter",
        section="",
        author_name="Demo: Brev",
        text="Demo: Et brev.",
        received_at=hearing.opens_at,
    ).token


def _hearing_visits() -> Iterator["Visit"]:
    yield Visit(
        "hearings-public-list", "hearings:public_list", kwargs=lambda s: {"slug": "furesoe"}
    )
    yield Visit(
        "hearing-public",
        "hearings:public_hearing",
        kwargs=lambda s: {"slug": "furesoe", "hearing_id": _hearing().id},
    )
    yield Visit("hearing-follow", "hearings:follow", kwargs=lambda s: {"token": _private_token()})
    yield Visit("hearing-list", "hearings:hearing_list", FURESOE_OFFICER)
    yield Visit(
        "hearing-create",
        "hearings:hearing_create",
        OFFICER,
        lambda site: {"version_id": site.draft.id},
    )
    for name in ("hearing_detail", "hearing_edit", "response_register"):
        yield Visit(
            f"hearings-{name}",
            f"hearings:{name}",
            FURESOE_OFFICER,
            lambda site: {"hearing_id": _hearing().id},
        )
    for name in ("response_detail", "point_create", "disposition_edit"):
        yield Visit(
            f"hearings-{name}",
            f"hearings:{name}",
            FURESOE_OFFICER,
            lambda site: {"response_id": _hearing().responses.get(number=1).id},
        )
    yield Visit(
        "hearing-memo",
        "hearings:memo",
        FURESOE_POLITICIAN,
        lambda site: {"hearing_id": _hearing().id},
    )
    # hearing moderation and withdrawal (ADR 0035): the moderation page and the
    # respondent's two confirmation pages
    yield Visit(
        "hearings-response_moderate",
        "hearings:response_moderate",
        FURESOE_OFFICER,
        lambda site: {"response_id": _hearing().responses.get(number=1).id},
    )
    for name in ("follow_consent_withdraw", "follow_withdraw"):
        yield Visit(
            f"hearing-{name}", f"hearings:{name}", kwargs=lambda s: {"token": _private_token()}
        )


def _no_kwargs(site: Site) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Visit:
    """A page as one persona sees it: `persona` None is an anonymous visitor."""

    id: str
    url_name: str
    persona: str | None = None
    kwargs: Callable[[Site], dict[str, Any]] = field(default=_no_kwargs)
    query: str = ""
    locale: str = DANISH
    kind: str | None = None
    # stop the login after the password: the page is the second-factor step itself
    password_only: bool = False


def _in_draft(slug: str) -> Callable[[Site], dict[str, Any]]:
    return lambda site: {"version_id": site.draft.id, "kind": slug}


def _part_of_draft(slug: str) -> Callable[[Site], dict[str, Any]]:
    return lambda site: {"kind": slug, "part_id": site.parts[slug]}


def _part_visits() -> Iterator[Visit]:
    for slug in PART_KINDS:
        yield Visit(
            f"part-create-{slug}", "policies:part_create", OFFICER, _in_draft(slug), kind=slug
        )
        yield Visit(
            f"part-edit-{slug}", "policies:part_edit", OFFICER, _part_of_draft(slug), kind=slug
        )
        yield Visit(
            f"part-delete-{slug}", "policies:part_delete", OFFICER, _part_of_draft(slug), kind=slug
        )


VISITS: list[Visit] = [
    Visit("home", "policies:home"),
    Visit("login", "login"),
    Visit("otp-verify", "otp_verify", CASEWORKER, password_only=True),
    Visit("otp-verify-en", "otp_verify", CASEWORKER, locale=ENGLISH, password_only=True),
    Visit("otp-enrol", "otp_enrol", NEW_CASEWORKER, password_only=True),
    Visit("public-policy-da", "policies:public", kwargs=lambda site: {"slug": "horsens"}),
    Visit(
        "public-policy-en",
        "policies:public",
        kwargs=lambda site: {"slug": "horsens"},
        locale=ENGLISH,
    ),
    Visit("public-policy-furesoe", "policies:public", kwargs=lambda site: {"slug": "furesoe"}),
    Visit(
        "public-accountability",
        "indicators:accountability",
        kwargs=lambda site: {"slug": "horsens"},
    ),
    Visit("dashboard", "policies:dashboard", OFFICER),
    Visit("organisation", "organisation_overview", ADMINISTRATOR),
    Visit("recovery-codes", "recovery_codes", CASEWORKER),
    Visit("policy-create", "policies:policy_create", OFFICER),
    Visit(
        "version-detail-adopted",
        "policies:version_detail",
        OFFICER,
        lambda site: {"version_id": site.adopted.id},
    ),
    Visit(
        "version-detail-draft",
        "policies:version_detail",
        OFFICER,
        lambda site: {"version_id": site.draft.id},
    ),
    Visit(
        "version-detail-politician",
        "policies:version_detail",
        POLITICIAN,
        lambda site: {"version_id": site.draft.id},
    ),
    Visit(
        "version-edit", "policies:version_edit", OFFICER, lambda site: {"version_id": site.draft.id}
    ),
    Visit(
        "version-edit-frozen",
        "policies:version_edit",
        OFFICER,
        lambda site: {"version_id": site.adopted.id},
    ),
    Visit(
        "version-transition",
        "policies:version_transition",
        OFFICER,
        lambda site: {"version_id": site.draft.id},
        query="?til=adopted",
    ),
    Visit(
        "version-compare",
        "policies:version_compare",
        OFFICER,
        lambda site: {"version_id": site.draft.id, "other_id": site.adopted.id},
    ),
    Visit(
        "initiative-progress",
        "policies:initiative_progress",
        OFFICER,
        lambda site: {"initiative_id": site.adopted.initiatives.values_list("id", flat=True)[0]},
    ),
    Visit("caseload", "citizens:caseload", CASEWORKER),
    Visit("person-register", "citizens:person_register", CASEWORKER),
    Visit(
        "person-detail",
        "citizens:person_detail",
        CASEWORKER,
        lambda site: {"person_id": site.person},
    ),
    *(
        Visit(
            f"person-{name}",
            f"citizens:{name}",
            CASEWORKER,
            lambda site: {"person_id": site.person},
        )
        for name in ("spell_create", "danish_create", "programme_create", "household_edit")
    ),
    Visit("dashboard-caseworker", "policies:dashboard", CASEWORKER),
    Visit("dashboard-manager", "policies:dashboard", MANAGER),
    Visit("break-the-glass-by-cpr", "citizens:break_the_glass_by_cpr", CASEWORKER),
    Visit(
        "break-the-glass-by-id",
        "citizens:break_the_glass_by_id",
        DAYCARE_CASEWORKER,
        lambda site: {"person_id": site.person},
    ),
    Visit(
        "person-detail-break-the-glass",
        "citizens:person_detail",
        DAYCARE_CASEWORKER,
        lambda site: {"person_id": site.person},
    ),
    Visit(
        "plan-break-the-glass",
        "caseplans:person_plan",
        DAYCARE_CASEWORKER,
        lambda site: {"person_id": site.person},
    ),
    Visit("break-the-glass-review", "citizens:break_the_glass_review", MANAGER),
    Visit("indicators-manager", "indicators:overview", MANAGER, query="?aar=2016"),
    Visit("indicators-officer-month", "indicators:overview", OFFICER, query="?aar=2016&maaned=3"),
    # the managers' dashboard and its drill-down (ADR 0029; the site's Amal arrived 2025-09)
    Visit("indicators-dashboard", "indicators:dashboard", MANAGER, query="?aar=2025&maaned=9"),
    Visit(
        "indicators-dashboard-en",
        "indicators:dashboard",
        CASEWORKER,
        query="?aar=2025&maaned=10",
        locale=ENGLISH,
    ),
    Visit(
        "indicators-dashboard-persons",
        "indicators:dashboard_persons",
        MANAGER,
        query="?indikator=arrivals_by_source&maaned=2025-09&gruppe=*&del=taeller",
    ),
    Visit(
        "indicators-dashboard-persons-caseworker",
        "indicators:dashboard_persons",
        CASEWORKER,
        query="?indikator=arrivals_by_source&maaned=2025-09&gruppe=*&del=naevner",
    ),
    # the monthly overview and the national comparison (ADR 0027)
    Visit("monthly-overview-manager", "indicators:monthly_overview", MANAGER, query="?aar=2025"),
    Visit(
        "monthly-overview-politician",
        "indicators:monthly_overview",
        POLITICIAN,
        query="?aar=2025",
    ),
    Visit("monthly-overview-empty", "indicators:monthly_overview", MANAGER, query="?aar=2005"),
    Visit(
        "national-comparison-officer", "indicators:national_comparison", OFFICER, query="?aar=2025"
    ),
    Visit(
        "national-comparison-politician",
        "indicators:national_comparison",
        POLITICIAN,
        query="?aar=2025&indikator=arrivals_by_source",
    ),
    Visit("integration-list", "api_admin:integration_list", ADMINISTRATOR),
    Visit("api-docs", "api:openapi-view"),
    Visit("api-docs-en", "api:openapi-view", locale=ENGLISH),
    Visit("worklist", "caseplans:worklist", CASEWORKER),
    Visit("worklist-departments", "caseplans:worklist", CASEWORKER, query="?vis=afdeling"),
    Visit("worklist-daycare", "caseplans:worklist", DAYCARE_CASEWORKER),
    Visit("partners", "caseplans:partner_list", CASEWORKER),
    Visit("partner-create", "caseplans:partner_create", CASEWORKER),
    *(
        Visit(
            f"plan-{name}", f"caseplans:{name}", CASEWORKER, lambda site: {"person_id": site.person}
        )
        for name in ("person_plan", "intervention_create", "referral_create")
    ),
    Visit(
        "plan-en",
        "caseplans:person_plan",
        CASEWORKER,
        lambda site: {"person_id": site.person},
        locale=ENGLISH,
    ),
    *(
        Visit(
            f"household-{name}",
            f"caseplans:{name}",
            CASEWORKER,
            lambda site: {"household_id": site.household},
        )
        for name in (
            "household_detail",
            "household_intervention_create",
            "household_relation_create",
        )
    ),
    *(
        Visit(
            f"intervention-{name}",
            f"caseplans:{name}",
            CASEWORKER,
            lambda site: {"intervention_id": site.intervention},
        )
        for name in ("intervention_detail", "intervention_complete", "intervention_cancel")
    ),
    Visit(
        "referral-sender",
        "caseplans:referral_detail",
        CASEWORKER,
        lambda site: {"referral_id": site.referral},
    ),
    Visit(
        "referral-receiver",
        "caseplans:referral_detail",
        DAYCARE_CASEWORKER,
        lambda site: {"referral_id": site.referral},
    ),
    Visit("import", "imports:import_page", CASEWORKER),
    Visit("audit-log", "privacy:audit_log", DATA_PROTECTION_OFFICER),
    Visit("subject-access", "privacy:subject_access", DATA_PROTECTION_OFFICER),
    # retention rules and archival holds (sso-slo, ADR 0037)
    Visit("retention", "privacy:retention", DATA_PROTECTION_OFFICER),
    Visit("import-job", "imports:job", CASEWORKER, lambda site: {"job_id": site.job}),
    *_part_visits(),
    # the committee follow-up report and initiative progress (ADR 0028)
    Visit(
        "follow-up-manager",
        "indicators:follow_up_report",
        MANAGER,
        lambda site: {"version_id": site.adopted.id},
    ),
    Visit(
        "follow-up-politician",
        "indicators:follow_up_report",
        POLITICIAN,
        lambda site: {"version_id": site.adopted.id},
    ),
    Visit(
        "follow-up-en",
        "indicators:follow_up_report",
        OFFICER,
        lambda site: {"version_id": site.adopted.id},
        locale=ENGLISH,
    ),
    Visit(
        "initiative-measures",
        "indicators:initiative_measures",
        OFFICER,
        lambda site: {"initiative_id": site.adopted.initiatives.order_by("order").first().id},  # type: ignore[union-attr]
    ),
    # published reports (ADR 0030)
    Visit("report-list", "indicators:report_list", OFFICER),
    Visit("report-publish", "indicators:report_publish", OFFICER),
    Visit(
        "report-publish-form", "indicators:report_publish", OFFICER, query="?rapport=target_status"
    ),
    Visit("report-detail", "indicators:report_detail", OFFICER, _report),
    Visit("report-detail-en", "indicators:report_detail", OFFICER, _report, locale=ENGLISH),
    Visit("report-detail-manager", "indicators:report_detail", MANAGER, _report),
    Visit(
        "public-report-list",
        "indicators:public_report_list",
        kwargs=lambda site: {"slug": "horsens"},
    ),
    Visit("public-report", "indicators:public_report", kwargs=_public_report),
    Visit("public-report-en", "indicators:public_report", kwargs=_public_report, locale=ENGLISH),
    # published kinds: the monthly overview and the committee follow-up (ind-polish)
    Visit(
        "report-publish-overview",
        "indicators:report_publish",
        OFFICER,
        query="?rapport=monthly_overview",
    ),
    Visit(
        "report-publish-follow-up", "indicators:report_publish", OFFICER, query="?rapport=follow_up"
    ),
    Visit("report-detail-follow-up", "indicators:report_detail", OFFICER, _follow_up_report),
    Visit("public-report-follow-up", "indicators:public_report", kwargs=_public_follow_up_report),
    # the hearings (issue 5): Furesø's demo hearing, and a draft of Horsens' to prepare one
    *_hearing_visits(),
]


# --- governance (issue 5): the demo's Furesø committee case, as Furesø's staff see it -----
FURESOE_OFFICER = "furesoe-politik"
FURESOE_POLITICIAN = "furesoe-politiker"


def _furesoe_case(site: Site) -> AgendaItem:
    """The demo case 18/12386, also on the city council's agenda (not decided yet), so
    that the decision form has a meeting to offer; and an upcoming milestone."""
    item = AgendaItem.objects.get(case_number="18/12386")
    council = Committee.objects.get(municipality=item.municipality, is_city_council=True)
    if not item.entries.filter(meeting__committee=council).exists():
        officer = User.objects.get(username=FURESOE_OFFICER)
        meeting = governance.meeting_create(
            actor=officer, committee=council, date=date(2018, 10, 30), place="Byrådssalen"
        )
        governance.agenda_entry_create(actor=officer, item=item, meeting=meeting)
        governance.milestone_save(
            actor=officer,
            milestone=Milestone(
                policy=item.municipality.policies.get(),
                kind="follow_up",
                date=timezone.localdate() + timedelta(days=30),
            ),
        )
    return item


def _case(site: Site) -> dict[str, Any]:
    return {"item_id": _furesoe_case(site).id}


def _committee(site: Site) -> dict[str, Any]:
    return {"committee_id": _furesoe_case(site).decision_authority_id}


def _meeting(site: Site) -> dict[str, Any]:
    return {"meeting_id": _furesoe_case(site).entries.order_by("meeting__date")[0].meeting_id}


def _policy(site: Site) -> dict[str, Any]:
    return {"policy_id": _furesoe_case(site).municipality.policies.get().id}


def _milestone(site: Site) -> dict[str, Any]:
    policy = _furesoe_case(site).municipality.policies.get()
    return {"milestone_id": policy.milestones.order_by("date")[0].id}


def _no_case_kwargs(site: Site) -> dict[str, Any]:
    """No URL kwargs; the case (and its upcoming milestone) is made first."""
    _furesoe_case(site)
    return {}


GOVERNANCE_VISITS = [
    Visit("committee-list", "governance:committee_list", FURESOE_OFFICER),
    Visit("committee-list-politician", "governance:committee_list", FURESOE_POLITICIAN),
    Visit("committee-create", "governance:committee_create", FURESOE_OFFICER),
    Visit("committee-detail", "governance:committee_detail", FURESOE_OFFICER, _committee),
    Visit("meeting-create", "governance:meeting_create", FURESOE_OFFICER, _committee),
    Visit("meeting-detail", "governance:meeting_detail", FURESOE_OFFICER, _meeting),
    Visit("item-create", "governance:item_create", FURESOE_OFFICER),
    Visit("item-detail", "governance:item_detail", FURESOE_OFFICER, _case),
    Visit("item-detail-politician", "governance:item_detail", FURESOE_POLITICIAN, _case),
    Visit("item-detail-en", "governance:item_detail", FURESOE_OFFICER, _case, locale=ENGLISH),
    Visit("item-edit", "governance:item_edit", FURESOE_OFFICER, _case),
    Visit("item-schedule", "governance:item_schedule", FURESOE_OFFICER, _case),
    Visit("decision-record", "governance:decision_record", FURESOE_OFFICER, _case),
    Visit("attachment-create", "governance:attachment_create", FURESOE_OFFICER, _case),
    Visit("process-plan", "governance:process_plan", FURESOE_OFFICER, _policy),
    Visit("milestone-create", "governance:milestone_create", FURESOE_OFFICER, _policy),
    Visit("milestone-edit", "governance:milestone_edit", FURESOE_OFFICER, _milestone),
    Visit("milestone-delete", "governance:milestone_delete", FURESOE_OFFICER, _milestone),
    Visit(
        "version-detail-process-plan",
        "policies:version_detail",
        FURESOE_OFFICER,
        lambda site: {"version_id": _furesoe_case(site).policy_version_id},
    ),
    Visit("dashboard-upcoming-milestones", "policies:dashboard", FURESOE_OFFICER, _no_case_kwargs),
    # gov-attach: attaching a hearing memo or follow-up report, deleting a bilag (ADR 0034)
    Visit("attachment-generate", "governance:attachment_generate", FURESOE_OFFICER, _case),
    Visit(
        "attachment-delete",
        "governance:attachment_delete",
        FURESOE_OFFICER,
        lambda site: {"attachment_id": _furesoe_case(site).attachments.order_by("number")[0].id},
    ),
]
VISITS += GOVERNANCE_VISITS


def _url_names(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _url_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}"


def test_every_page_of_the_urlconf_is_checked() -> None:
    names = set(_url_names(get_resolver().url_patterns))
    pages = {
        name
        for name in names
        if not name.startswith("admin:") and (not name.startswith("api:") or name in API_PAGES)
    } - NOT_PAGES

    assert NOT_PAGES - names == set(), f"Exempted but gone from the URLconf: {NOT_PAGES - names}"
    visited = {visit.url_name for visit in VISITS}
    assert pages - visited == set(), f"Pages nobody checks: {sorted(pages - visited)}"
    for name in ("policies:part_create", "policies:part_edit", "policies:part_delete"):
        kinds = {visit.kind for visit in VISITS if visit.url_name == name}
        assert kinds == set(PART_KINDS), f"{name} is not checked for {set(PART_KINDS) - kinds}"


@pytest.mark.parametrize("visit", VISITS, ids=lambda visit: visit.id)
def test_page_is_accessible(
    visit: Visit, site: Site, new_page: PageFactory, live_server: LiveServer
) -> None:
    page = new_page(visit.locale)
    if visit.persona:
        login(
            page,
            live_server,
            visit.persona,
            DEMO_PASSWORD,
            second_factor=not visit.password_only,
        )
    path = reverse(visit.url_name, kwargs=visit.kwargs(site))

    response = page.goto(f"{live_server.url}{path}{visit.query}")

    assert response is not None
    assert response.status == 200, f"{path} answered {response.status}"
    assert resolve(urlparse(page.url).path).view_name == visit.url_name, f"Ended on {page.url}"
    expect(page.locator("html")).to_have_attribute("lang", visit.locale[:2])
    assert_accessible(page)


def _submit(page: Page) -> int:
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("main").locator("form button[type=submit]").click()
    page.wait_for_load_state()
    return posted.value.status


def test_form_with_an_error_is_accessible(site: Site, page: Page, live_server: LiveServer) -> None:
    login(page, live_server, OFFICER, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('policies:policy_create')}")
    page.locator("#id_title").fill("Integrationspolitik")
    page.locator("#id_period_start").fill("2029")
    page.locator("#id_period_end").fill("2026")

    status = _submit(page)

    assert status == 400
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator(".form-group.form-error")).to_have_count(1)
    expect(page.locator(".form-group.form-error #id_period_end")).to_be_visible()
    assert_accessible(page)


def test_indicator_page_with_a_bad_year_is_accessible(
    site: Site, page: Page, live_server: LiveServer
) -> None:
    login(page, live_server, MANAGER, DEMO_PASSWORD)

    response = page.goto(f"{live_server.url}{reverse('indicators:overview')}?aar=1999")

    assert response is not None
    assert response.status == 400
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator(".form-group.form-error #id_aar")).to_be_visible()
    assert_accessible(page)


def test_login_page_with_an_error_is_accessible(
    site: Site, page: Page, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}{reverse('login')}")
    page.locator("#id_username").fill(OFFICER)
    page.locator("#id_password").fill("wrong-password")

    status = _submit(page)

    assert status == 200
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


def test_not_found_page_is_accessible(site: Site, page: Page, live_server: LiveServer) -> None:
    path = reverse("policies:public", kwargs={"slug": "ingen-kommune"})

    response = page.goto(f"{live_server.url}{path}")

    assert response is not None
    assert response.status == 404
    assert_accessible(page)


def test_forbidden_page_is_accessible(site: Site, page: Page, live_server: LiveServer) -> None:
    login(page, live_server, POLITICIAN, DEMO_PASSWORD)

    response = page.goto(f"{live_server.url}{reverse('policies:policy_create')}")

    assert response is not None
    assert response.status == 403
    assert_accessible(page)


@pytest.mark.filterwarnings("ignore::e2e.conftest.AccessibilityNotice")
def test_the_check_fails_on_an_inaccessible_page(page: Page) -> None:
    page.set_content('<html><body><main><img src="data:,"><input></main></body></html>')

    with pytest.raises(pytest.fail.Exception, match=r"image-alt \(critical\)"):
        assert_accessible(page)
