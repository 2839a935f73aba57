# SPDX-License-Identifier: MPL-2.0
"""The catalogue of interventions: what each kind needs and how the rules count it.

Plain data, so the rules, services, forms and imports agree on one description.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class InterventionKind(models.TextChoices):
    COMPANY_INTERNSHIP = "company_internship", _("Company internship (virksomhedspraktik)")
    WAGE_SUBSIDY = "wage_subsidy", _("Wage subsidy job (løntilskud)")
    IGU = "igu", _("IGU (integrationsgrunduddannelse)")
    INDUSTRY_PACKAGE = "industry_package", _("Industry package (branchepakke)")
    DANISH_COURSE = "danish_course", _("Danish course")
    JOB_SEARCH = "job_search", _("Job search and guidance")
    DAYCARE = "daycare", _("Daycare")
    SCHOOL = "school", _("School")
    LEISURE_ASSOCIATION = "leisure_association", _("Leisure association")
    VOLUNTEER_MENTOR = "volunteer_mentor", _("Volunteer mentor")
    FRIENDSHIP_FAMILY = "friendship_family", _("Friendship family")
    PARENT_MEETINGS = "parent_meetings", _("Parent meetings in daycare or school")
    HEALTH_ASSESSMENT = "health_assessment", _("Health assessment")


class PartnerKind(models.TextChoices):
    COMPANY = "company", _("Company")
    ASSOCIATION = "association", _("Association")
    VOLUNTEER = "volunteer", _("Volunteer")
    FRIENDSHIP_FAMILY = "friendship_family", _("Friendship family")


@dataclass(frozen=True)
class KindRules:
    """What an intervention of one kind needs.

    company_based: counts as the company-based offer of the one-month rule (virksomhedspraktik
    or løntilskud; IGU and industry packages are company courses too). partner: the kind of
    outside partner that must carry it, or None. sector: an industry package names its
    sector. children_only: for a person under 18. household_allowed: may be given to a
    whole household. confidential: only the owner department sees what it is.
    """

    company_based: bool = False
    partner: str | None = None
    sector: bool = False
    children_only: bool = False
    household_allowed: bool = False
    confidential: bool = False


CATALOGUE: dict[str, KindRules] = {
    InterventionKind.COMPANY_INTERNSHIP: KindRules(company_based=True, partner=PartnerKind.COMPANY),
    InterventionKind.WAGE_SUBSIDY: KindRules(company_based=True, partner=PartnerKind.COMPANY),
    InterventionKind.IGU: KindRules(company_based=True, partner=PartnerKind.COMPANY),
    InterventionKind.INDUSTRY_PACKAGE: KindRules(
        company_based=True, partner=PartnerKind.COMPANY, sector=True
    ),
    InterventionKind.DANISH_COURSE: KindRules(),
    InterventionKind.JOB_SEARCH: KindRules(),
    InterventionKind.DAYCARE: KindRules(children_only=True),
    InterventionKind.SCHOOL: KindRules(children_only=True),
    InterventionKind.LEISURE_ASSOCIATION: KindRules(
        partner=PartnerKind.ASSOCIATION, household_allowed=True
    ),
    InterventionKind.VOLUNTEER_MENTOR: KindRules(
        partner=PartnerKind.VOLUNTEER, household_allowed=True
    ),
    InterventionKind.FRIENDSHIP_FAMILY: KindRules(
        partner=PartnerKind.FRIENDSHIP_FAMILY, household_allowed=True
    ),
    InterventionKind.PARENT_MEETINGS: KindRules(household_allowed=True),
    InterventionKind.HEALTH_ASSESSMENT: KindRules(confidential=True),
}

COMPANY_BASED = frozenset(k for k, r in CATALOGUE.items() if r.company_based)
SCHOOL_OR_DAYCARE = frozenset({InterventionKind.SCHOOL, InterventionKind.DAYCARE})

# The seven sectors of the Horsens policy's industry packages (shared/seeds/002_*.txt).
INDUSTRY_SECTORS: tuple[str, ...] = (
    "Fødevareindustri",
    "Detailbranchen",
    "Rengøring",
    "Bygge og anlæg",
    "Restauranter, køkken og kantine",
    "Pleje og omsorg",
    "Transport",
)


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Under way")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Outcome(models.TextChoices):
    ORDINARY_JOB = "ordinary_job", _("Ordinary job")
    EDUCATION = "education", _("Education")
    NEXT_STEP = "next_step", _("Continues in another intervention")
    COMPLETED = "completed", _("Completed as planned")
    NO_RESULT = "no_result", _("Ended without the intended result")


def is_valid_cvr(number: str) -> bool:
    """Eight ASCII digits whose weighted sum (2, 7, 6, 5, 4, 3, 2, 1) is divisible by 11,
    as every CVR number is (Erhvervsstyrelsen's modulus-11 control)."""
    if len(number) != 8 or not number.isascii() or not number.isdigit() or number[0] == "0":
        return False
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    return sum(int(d) * w for d, w in zip(number, weights, strict=True)) % 11 == 0
