# SPDX-License-Identifier: MPL-2.0
"""The only way a page gets at a plan: its interventions, referrals, households and flags.

Built on the registry's access (helhed/citizens/access.py): a plan is seen by those who
see its person. Within a plan, each department sees its own interventions in full and of
the others only the minimum shared context (what, who, when, status), never their notes
or outcomes; a confidential kind (a health assessment) shows only that there is one.
Every read of a person's data writes an audit event in the caller's transaction.
"""

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from helhed.audit.models import Action
from helhed.audit.services import audit_record, audit_record_many
from helhed.caseplans.catalogue import CATALOGUE, InterventionKind
from helhed.caseplans.models import Intervention, Partner, Referral, ReferralStatus
from helhed.citizens.access import persons_visible_to
from helhed.citizens.models import Household, Person
from helhed.core.tenancy import scope_to_municipality
from helhed.organisations.models import Department, Role, User

# The kind another department sees of a confidential intervention (the API's code).
CONFIDENTIAL_KIND = "confidential"


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Read plans inside a transaction, so the read and its audit agree")


def department_ids_of(user: User) -> set[uuid.UUID]:
    cached: set[uuid.UUID] | None = getattr(user, "_department_ids", None)
    if cached is None:
        cached = set(user.departments.values_list("id", flat=True))
        user._department_ids = cached  # type: ignore[attr-defined]
    return cached


def is_caseworker_of(user: User, department: Department) -> bool:
    return (
        user.has_role(Role.CASEWORKER)
        and department.municipality_id == user.municipality_id
        and department.pk in department_ids_of(user)
    )


def shown_in_full(user: User, owner_department_id: uuid.UUID) -> bool:
    """The one rule for an intervention's fields: its owner department's caseworkers see
    it in full (kind, note, outcome, partner, closing note); everyone else who sees the
    person sees only the minimum shared context, and of a confidential kind not even the
    kind. Pages, the API, the timeline, break-the-glass and the export all ask this."""
    return owner_department_id in department_ids_of(user)


def shown_in_full_q(user: User) -> Q:
    """`shown_in_full` as a filter, for reads in bulk (the XLSX export)."""
    return Q(owner_department_id__in=department_ids_of(user))


@dataclass(frozen=True)
class InterventionPart:
    """An intervention as one user may see it."""

    intervention: Intervention
    own: bool  # the user's department owns it: everything is shown, it can be changed
    label: str  # the kind, or "Confidential" for another department's confidential kind
    subject: str  # whom it is for: a person's name or the household

    @property
    def kind(self) -> str:
        """The kind's code, or "confidential" where the label hides what it is."""
        if self.own or not CATALOGUE[InterventionKind(self.intervention.kind)].confidential:
            return self.intervention.kind
        return CONFIDENTIAL_KIND

    @property
    def note(self) -> str:
        return self.intervention.note if self.own else ""

    @property
    def outcome(self) -> str:
        return self.intervention.get_outcome_display() if self.own else ""

    @property
    def partner(self) -> str:
        return str(self.intervention.partner) if self.own and self.intervention.partner else ""


def intervention_part(user: User, intervention: Intervention, subject: str) -> InterventionPart:
    own = shown_in_full(user, intervention.owner_department_id)
    confidential = CATALOGUE[InterventionKind(intervention.kind)].confidential
    # (the kind's label by one look-up: get_kind_display translates the whole catalogue)
    label = (
        str(InterventionKind(intervention.kind).label)
        if own or not confidential
        else _("Confidential intervention")
    )
    return InterventionPart(intervention=intervention, own=own, label=label, subject=subject)


def plan_interventions(*, user: User, person: Person) -> list[InterventionPart]:
    """The person's own interventions and their household's, as `user` may see them. The
    caller has read `person` through the access layer (and so audited it)."""
    household_q = Q(household_id=person.household_id) if person.household_id else Q(pk__in=[])
    found = (
        Intervention.objects.filter(Q(person=person) | household_q)
        .select_related("owner_department", "partner", "focus_area", "household")
        .order_by("starts_on", "created_at")
    )
    name = f"{person.first_name} {person.last_name}"
    return [intervention_part(user, i, name if i.person_id else str(i.household)) for i in found]


def access_intervention_by_id(
    *, user: User, intervention_id: uuid.UUID, purpose: str
) -> Intervention:
    """An intervention the user's department owns, whose person or household they see;
    audited as a read of each person it concerns."""
    _require_transaction()
    visible = persons_visible_to(user)
    try:
        intervention = (
            scope_to_municipality(Intervention.objects.all(), user.municipality_id)
            .select_related("person", "household", "owner_department", "partner")
            .filter(shown_in_full_q(user))
            .get(pk=intervention_id)
        )
    except Intervention.DoesNotExist as error:
        raise Http404 from error
    if intervention.person_id is not None:
        concerned = list(visible.filter(pk=intervention.person_id).values_list("id", flat=True))
    else:
        concerned = list(
            visible.filter(household=intervention.household).values_list("id", flat=True)
        )
    if not concerned:
        raise Http404
    audit_record_many(actor=user, action=Action.READ, purpose=purpose, person_ids=concerned)
    return intervention


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """Referrals sent from or to one of the user's departments, for caseworkers."""
    if not user.has_role(Role.CASEWORKER):
        return Referral.objects.none()
    departments = department_ids_of(user)
    return scope_to_municipality(Referral.objects.all(), user.municipality_id).filter(
        Q(from_department_id__in=departments) | Q(to_department_id__in=departments)
    )


def access_referral_by_id(*, user: User, referral_id: uuid.UUID, purpose: str) -> Referral:
    _require_transaction()
    try:
        referral = (
            referrals_visible_to(user)
            .select_related("person", "from_department", "to_department", "created_by")
            .get(pk=referral_id)
        )
    except Referral.DoesNotExist as error:
        raise Http404 from error
    audit_record(actor=user, action=Action.READ, person_id=referral.person_id, purpose=purpose)
    return referral


def incoming_referrals(*, user: User) -> QuerySet[Referral]:
    """Pending referrals to the user's departments. Listing them shows the referred
    persons' names: the caller audits it as a search."""
    return (
        referrals_visible_to(user)
        .filter(status=ReferralStatus.PENDING, to_department_id__in=department_ids_of(user))
        .select_related("person", "from_department", "to_department")
        .order_by("created_at")
    )


@dataclass(frozen=True)
class HouseholdMember:
    person: Person
    visible: bool  # in the user's caseload: linked, with their facts


def access_household_by_id(
    *, user: User, household_id: uuid.UUID, purpose: str
) -> tuple[Household, list[HouseholdMember]]:
    """A household one of whose members the user sees, with its members. Every member is
    shown (by name and birth date: the minimum a coordinated plan needs), so every member
    is audited."""
    _require_transaction()
    # The household (its key), then its members (the household index): a filter of the
    # persons by municipality would walk the municipality's persons instead.
    household = (
        scope_to_municipality(Household.objects.all(), user.municipality_id)
        .filter(pk=household_id)
        .first()
    )
    if household is None:
        raise Http404
    members = list(Person.objects.filter(household_id=household.id).order_by("birth_date"))
    visible_ids = set(
        persons_visible_to(user)
        .filter(pk__in=[m.id for m in members])
        .order_by()
        .values_list("id", flat=True)
    )
    if not visible_ids:
        raise Http404
    audit_record_many(
        actor=user, action=Action.READ, purpose=purpose, person_ids=[m.id for m in members]
    )
    return household, [HouseholdMember(m, m.id in visible_ids) for m in members]


def partners_visible_to(user: User) -> QuerySet[Partner]:
    if not user.has_role(Role.CASEWORKER):
        return Partner.objects.none()
    return scope_to_municipality(Partner.objects.all(), user.municipality_id)


def access_partner_by_id(*, user: User, partner_id: uuid.UUID) -> Partner:
    try:
        return partners_visible_to(user).get(pk=partner_id)
    except Partner.DoesNotExist as error:
        raise Http404 from error
