# SPDX-License-Identifier: MPL-2.0
"""Building plans in tests, through the services, with sensible defaults."""

from datetime import date
from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext, override

from helhed.audit.models import AuditEvent
from helhed.caseplans import services
from helhed.caseplans.catalogue import InterventionKind, PartnerKind
from helhed.caseplans.models import Intervention, Partner, Referral, RuleFlag
from helhed.citizens.models import Household, Person
from helhed.citizens.tests.factories import registry_counts
from helhed.organisations.models import Department, Municipality, User

# Numbers that pass the modulus-11 check (Novo Nordisk, Danske Bank, Carlsberg, A.P. Møller
# - Mærsk, LEGO).
VALID_CVRS = ("24256790", "61126228", "61056416", "22756214", "54562519")


def da(message: str) -> str:
    """`message` as the Danish page shows it (English where it is not translated yet)."""
    with override("da"):
        return escape(gettext(message))


def plan_counts() -> dict[str, int]:
    """How many rows the plan's and the registry's tables hold: a refusal changes none."""
    return {
        **registry_counts(),
        "interventions": Intervention.objects.count(),
        "referrals": Referral.objects.count(),
        "partners": Partner.objects.count(),
        "flags": RuleFlag.objects.count(),
        "resolved flags": RuleFlag.objects.filter(resolved_at__isnull=False).count(),
        "audit events": AuditEvent.objects.count(),
    }


def make_household(municipality: Municipality | None, name: str = "Familien Haddad") -> Household:
    assert municipality is not None
    return Household.objects.create(municipality=municipality, name=name)


def make_partner(
    actor: User, *, kind: str = PartnerKind.COMPANY, name: str = "", cvr: str | None = None
) -> Partner:
    if cvr is None:
        cvr = VALID_CVRS[0] if kind == PartnerKind.COMPANY else ""
    return services.partner_register(
        actor=actor, kind=kind, name=name or f"{kind} {cvr}".strip(), cvr=cvr
    )


def first_department(actor: User) -> Department:
    department = actor.departments.order_by("name").first()
    assert department is not None
    return department


def make_intervention(
    actor: User,
    *,
    person: Person | None = None,
    household: Household | None = None,
    kind: str = InterventionKind.JOB_SEARCH,
    starts_on: date | None = None,
    **overrides: Any,
) -> Intervention:
    """An intervention of the actor's first department; starting 1 April 2024 (under way
    on the tests' frozen day) unless told."""
    arguments: dict[str, Any] = {
        "actor": actor,
        "owner_department": first_department(actor),
        "kind": kind,
        "starts_on": starts_on or date(2024, 4, 1),
        "person": person,
        "household": household,
    }
    arguments.update(overrides)
    return services.intervention_create(**arguments)
