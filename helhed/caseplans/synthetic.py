# SPDX-License-Identifier: MPL-2.0
"""Synthetic holistic plans for a synthetic registry: partners, interventions, referrals.

Deterministic for a seed (one random.Random per municipality and seed, no clock: dates
follow the registry's facts and the registry's AS_OF day), idempotent (a municipality that
already has interventions is left alone) and written with bulk inserts, not through the
services (no person reads it; no audit events). The shares are chosen, not sourced, except
where a comment says otherwise: most adults start a company-based offer within the month
the law and the Horsens policy set, some later and a few not at all, so the worklists show
the flags a real caseload would.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from helhed.caseplans.catalogue import (
    INDUSTRY_SECTORS,
    InterventionKind,
    InterventionStatus,
    Outcome,
    PartnerKind,
)
from helhed.caseplans.models import Intervention, Partner, Referral, ReferralStatus
from helhed.caseplans.rules import PROGRAMME_SOURCES
from helhed.citizens.models import Arrival, CaseAssignment, Person, SpellKind, StatusSpell
from helhed.citizens.synthetic import AS_OF
from helhed.core.dates import add_years, age_on
from helhed.organisations.models import Department, DepartmentKind, Municipality, User
from helhed.policies.models import FocusArea, Status

DEFAULT_SEED = 2015
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
_BATCH = 1000

# Chosen shares of adults taken over as refugees or family-reunified: a company-based
# offer within the month (the rule), later, or not (yet).
ON_TIME, LATE = 0.78, 0.14
COMPANY_KINDS: tuple[tuple[str, float], ...] = (
    (InterventionKind.COMPANY_INTERNSHIP, 0.6),
    (InterventionKind.WAGE_SUBSIDY, 0.2),
    (InterventionKind.INDUSTRY_PACKAGE, 0.15),
    (InterventionKind.IGU, 0.05),
)
DAYCARE_SHARE = 0.75  # children aged 1-5 at arrival who get a daycare place
LEISURE_SHARE = 0.3  # children aged 6-16 in a leisure association
MENTOR_SHARE, FRIENDSHIP_SHARE, PARENT_MEETINGS_SHARE = 0.15, 0.1, 0.45
# Of the children given a daycare place, the share whose referral from the Jobcenter is
# still waiting for daycare (only for arrivals in the registry's last half year).
PENDING_REFERRAL_SHARE = 0.5

COMPANY_NAMES = (
    "{town} Fødevarer A/S",
    "Bageriet i {town} ApS",
    "{town} Rengøringsservice ApS",
    "Byggefirmaet {town} A/S",
    "Kantinen {town} ApS",
    "Plejecentret {town}",
    "{town} Vognmandsforretning ApS",
    "Supermarkedet {town}",
    "{town} Gartneri ApS",
    "{town} Metal A/S",
    "Hotel {town} ApS",
    "{town} Auto ApS",
)
ASSOCIATIONS = ("{town} Håndboldklub", "{town} FC", "{town} Svømmeklub", "Spejderne i {town}")
VOLUNTEERS = ("Karen Jensen", "Ole Nielsen", "Hanne Sørensen", "Peter Hansen", "Lise Madsen")
FRIENDSHIP_FAMILIES = ("Familien Kristensen", "Familien Poulsen", "Familien Lund")


@dataclass(frozen=True)
class PlanSummary:
    municipality: str
    created: bool
    partners: int = 0
    interventions: int = 0
    referrals: int = 0

    def line(self) -> str:
        if not self.created:
            return f"Synthetic plans for {self.municipality}: already present; nothing changed."
        return (
            f"Synthetic plans for {self.municipality}: {self.partners} partners, "
            f"{self.interventions} interventions, {self.referrals} referrals."
        )


def synthetic_cvr(rng: random.Random) -> str:
    """Eight digits that pass the CVR modulus-11 check (not a real company's number)."""
    weights = (2, 7, 6, 5, 4, 3, 2)
    while True:
        head = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
        check = -sum(d * w for d, w in zip(head, weights, strict=True)) % 11
        if check < 10:
            return "".join(map(str, head)) + str(check)


def _generator_user(municipality: Municipality) -> User:
    """Who "made" the plans of a municipality without demo users (generate_registry --all):
    an account that cannot log in and holds no role."""
    user, created = User.objects.get_or_create(
        username=f"{municipality.slug}-syntetiske-data",
        defaults={"municipality": municipality, "first_name": "Syntetiske", "last_name": "data"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class _Plans:
    def __init__(self, municipality: Municipality, seed: int) -> None:
        self.municipality = municipality
        self.rng = random.Random(f"helhed-plans:{municipality.kommunekode}:{seed}")  # noqa: S311
        departments = {d.kind: d for d in Department.objects.filter(municipality=municipality)}
        self.jobcenter = departments.get(DepartmentKind.JOBCENTER)
        if self.jobcenter is None:
            raise ValueError(f"{municipality} has no jobcenter")
        self.daycare = departments.get(DepartmentKind.DAYCARE, self.jobcenter)
        self.school = departments.get(DepartmentKind.SCHOOL, self.jobcenter)
        self.leisure = departments.get(DepartmentKind.CULTURE_LEISURE, self.jobcenter)
        self.actor = (
            User.objects.filter(municipality=municipality, departments=self.jobcenter)
            .order_by("username")
            .first()
        ) or _generator_user(municipality)
        self.daycare_caseworker = (
            User.objects.filter(municipality=municipality, departments=self.daycare)
            .order_by("username")
            .first()
        )
        areas = list(
            FocusArea.objects.filter(
                version__policy__municipality=municipality, version__status=Status.ADOPTED
            ).order_by("order")
        )
        self.areas = areas

        def area(*words: str) -> FocusArea | None:
            for candidate in areas:
                if any(w in candidate.title.lower() for w in words):
                    return candidate
            return areas[0] if areas else None

        self.work_area = area("beskæftigelse", "job")
        self.child_area = area("dagtilbud", "skole", "familie")
        self.leisure_area = area("fritid", "forening")
        self.citizen_area = area("medborgerskab", "naboskab", "fritid")
        self.parent_area = area("forældre", "dagtilbud", "familie")
        self.partners: dict[str, list[Partner]] = {}
        self.interventions: list[Intervention] = []
        self.referrals: list[Referral] = []
        self.assignments: list[CaseAssignment] = []

    def make_partners(self) -> list[Partner]:
        town = self.municipality.name.removesuffix(" Kommune")
        made: list[Partner] = []
        kinds = (
            (PartnerKind.COMPANY, COMPANY_NAMES),
            (PartnerKind.ASSOCIATION, ASSOCIATIONS),
            (PartnerKind.VOLUNTEER, VOLUNTEERS),
            (PartnerKind.FRIENDSHIP_FAMILY, FRIENDSHIP_FAMILIES),
        )
        for kind, names in kinds:
            for name in names:
                partner = Partner(
                    municipality=self.municipality,
                    kind=kind,
                    name=name.format(town=town),
                    cvr=synthetic_cvr(self.rng) if kind == PartnerKind.COMPANY else "",
                )
                made.append(partner)
                self.partners.setdefault(kind, []).append(partner)
        return made

    def _add(self, **fields: object) -> None:
        starts_on = fields["starts_on"]
        ends_on = fields.get("ends_on")
        assert isinstance(starts_on, date)  # noqa: S101
        if starts_on > AS_OF:
            return
        done = isinstance(ends_on, date) and ends_on <= AS_OF
        outcome = fields.pop("outcome", Outcome.COMPLETED)
        self.interventions.append(
            Intervention(
                id=uuid.uuid4(),
                municipality=self.municipality,
                status=InterventionStatus.COMPLETED if done else InterventionStatus.ACTIVE,
                outcome=str(outcome) if done else "",
                created_by=self.actor,
                **fields,
            )
        )

    def _pick(self, weighted: tuple[tuple[str, float], ...]) -> str:
        kinds = [kind for kind, _weight in weighted]
        weights = [weight for _kind, weight in weighted]
        return self.rng.choices(kinds, weights)[0]

    def plan_adult(self, person: Person, arrival: Arrival, jobs: list[date]) -> None:
        u = self.rng.random()
        if u < ON_TIME:
            start = arrival.arrived_on + timedelta(days=self.rng.randint(3, 28))
        elif u < ON_TIME + LATE:
            start = arrival.arrived_on + timedelta(days=self.rng.randint(35, 150))
        else:
            return
        kind = self._pick(COMPANY_KINDS)
        weeks = 104 if kind == InterventionKind.IGU else self.rng.randint(8, 26)
        end = start + timedelta(weeks=weeks)
        found_job = any(start <= day <= end + timedelta(days=60) for day in jobs)
        self._add(
            person=person,
            kind=kind,
            owner_department=self.jobcenter,
            focus_area=self.work_area,
            partner=self.rng.choice(self.partners[PartnerKind.COMPANY]),
            sector=self.rng.choice(INDUSTRY_SECTORS)
            if kind == InterventionKind.INDUSTRY_PACKAGE
            else "",
            starts_on=start,
            ends_on=end,
            outcome=Outcome.ORDINARY_JOB if found_job else Outcome.NEXT_STEP,
        )

    def plan_child(self, person: Person, arrival: Arrival) -> None:
        age = age_on(person.birth_date, arrival.arrived_on)
        if 1 <= age <= 5 and self.rng.random() < DAYCARE_SHARE:
            start = arrival.arrived_on + timedelta(days=self.rng.randint(20, 90))
            recent = arrival.arrived_on > AS_OF - timedelta(days=180)
            if recent and self.rng.random() < PENDING_REFERRAL_SHARE:
                self._refer(person, arrival, ReferralStatus.PENDING)
                return
            self._refer(person, arrival, ReferralStatus.ACCEPTED)
            self._add(
                person=person,
                kind=InterventionKind.DAYCARE,
                owner_department=self.daycare,
                focus_area=self.child_area,
                starts_on=start,
                ends_on=add_years(person.birth_date, 6),
            )
        elif 6 <= age <= 16 or (person.unaccompanied_minor and age < 18):
            start = arrival.arrived_on + timedelta(days=self.rng.randint(5, 25))
            # school to 16; who arrives older (an unaccompanied minor) is taught until 18
            end = add_years(person.birth_date, 16)
            if end <= start:
                end = max(add_years(person.birth_date, 18), start + timedelta(days=180))
            self._add(
                person=person,
                kind=InterventionKind.SCHOOL,
                owner_department=self.school,
                focus_area=self.child_area,
                starts_on=start,
                ends_on=end,
            )
            if self.rng.random() < LEISURE_SHARE:
                self._add(
                    person=person,
                    kind=InterventionKind.LEISURE_ASSOCIATION,
                    owner_department=self.leisure,
                    focus_area=self.leisure_area,
                    partner=self.rng.choice(self.partners[PartnerKind.ASSOCIATION]),
                    starts_on=start + timedelta(days=self.rng.randint(30, 200)),
                )

    def _refer(self, person: Person, arrival: Arrival, status: str) -> None:
        if self.daycare == self.jobcenter:
            return
        decided = status == ReferralStatus.ACCEPTED
        self.referrals.append(
            Referral(
                person=person,
                from_department=self.jobcenter,
                to_department=self.daycare,
                reason="Barnet skal have en plads i dagtilbud.",
                status=status,
                created_by=self.actor,
                decided_by=self.daycare_caseworker if decided else None,
                decided_at=datetime.combine(
                    arrival.arrived_on + timedelta(days=7), time(12), tzinfo=COPENHAGEN
                )
                if decided
                else None,
                decision_note="",
            )
        )
        if decided:
            self.assignments.append(
                CaseAssignment(
                    person=person,
                    department=self.daycare,
                    caseworker=self.daycare_caseworker,
                    started_on=arrival.arrived_on,
                )
            )

    def plan_household(self, household_id: uuid.UUID, arrived_on: date, children: bool) -> None:
        shared = {"household_id": household_id}
        if self.rng.random() < MENTOR_SHARE:
            self._add(
                **shared,
                kind=InterventionKind.VOLUNTEER_MENTOR,
                owner_department=self.jobcenter,
                focus_area=self.citizen_area,
                partner=self.rng.choice(self.partners[PartnerKind.VOLUNTEER]),
                starts_on=arrived_on + timedelta(days=self.rng.randint(30, 120)),
                ends_on=arrived_on + timedelta(days=self.rng.randint(200, 500)),
            )
        if self.rng.random() < FRIENDSHIP_SHARE:
            self._add(
                **shared,
                kind=InterventionKind.FRIENDSHIP_FAMILY,
                owner_department=self.jobcenter,
                focus_area=self.citizen_area,
                partner=self.rng.choice(self.partners[PartnerKind.FRIENDSHIP_FAMILY]),
                starts_on=arrived_on + timedelta(days=self.rng.randint(30, 180)),
            )
        if children and self.rng.random() < PARENT_MEETINGS_SHARE:
            self._add(
                **shared,
                kind=InterventionKind.PARENT_MEETINGS,
                owner_department=self.school,
                focus_area=self.parent_area,
                starts_on=arrived_on + timedelta(days=self.rng.randint(60, 240)),
            )

    def build(self) -> None:
        persons = list(
            Person.objects.filter(municipality=self.municipality).order_by("birth_date", "id")
        )
        arrivals: dict[uuid.UUID, Arrival] = {}
        for arrival in Arrival.objects.filter(
            person__municipality=self.municipality, in_target_group=True
        ).order_by("arrived_on", "id"):
            arrivals[arrival.person_id] = arrival  # the latest
        jobs: dict[uuid.UUID, list[date]] = {}
        for person_id, starts_on in StatusSpell.objects.filter(
            person__municipality=self.municipality, kind=SpellKind.JOB
        ).values_list("person_id", "starts_on"):
            jobs.setdefault(person_id, []).append(starts_on)
        households: dict[uuid.UUID, tuple[date, bool]] = {}
        for person in persons:
            latest = arrivals.get(person.id)
            if latest is None:
                continue
            arrival = latest
            age = age_on(person.birth_date, arrival.arrived_on)
            if age >= 18:
                if arrival.source in PROGRAMME_SOURCES and age < 65:
                    self.plan_adult(person, arrival, jobs.get(person.id, []))
            else:
                self.plan_child(person, arrival)
            if person.household_id is not None:
                first, children = households.get(person.household_id, (arrival.arrived_on, False))
                households[person.household_id] = (
                    min(first, arrival.arrived_on),
                    children or age < 18,
                )
        for household_id, (arrived_on, children) in sorted(
            households.items(), key=lambda item: (item[1][0], str(item[0]))
        ):
            self.plan_household(household_id, arrived_on, children)


def generate_plans(*, municipality: Municipality, seed: int = DEFAULT_SEED) -> PlanSummary:
    """Partners, interventions and referrals for the municipality's synthetic registry,
    unless it already has interventions."""
    with transaction.atomic():
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        if Intervention.objects.filter(municipality=municipality).exists():
            return PlanSummary(municipality.name, created=False)
        plans = _Plans(municipality, seed)
        partners = plans.make_partners()
        existing = {(p.kind, p.name) for p in Partner.objects.filter(municipality=municipality)}
        Partner.objects.bulk_create(
            [p for p in partners if (p.kind, p.name) not in existing], batch_size=_BATCH
        )
        if existing:
            saved = {(p.kind, p.name): p for p in Partner.objects.filter(municipality=municipality)}
            for kind, group in plans.partners.items():
                plans.partners[kind] = [saved[(kind, p.name)] for p in group]
        plans.build()
        Intervention.objects.bulk_create(plans.interventions, batch_size=_BATCH)
        Referral.objects.bulk_create(plans.referrals, batch_size=_BATCH)
        CaseAssignment.objects.bulk_create(plans.assignments, batch_size=_BATCH)
    return PlanSummary(
        municipality.name,
        created=True,
        partners=len(partners),
        interventions=len(plans.interventions),
        referrals=len(plans.referrals),
    )
