# SPDX-License-Identifier: MPL-2.0
"""Load the demo content (content.py) through the services, idempotently.

Everything is found by its natural key before anything is created: a municipality by
kommunekode, a department by (municipality, name), a user by username. A municipality
that already has a policy keeps it untouched. What exists is never changed, so a second
run writes nothing at all.
"""

from collections import Counter
from typing import Protocol

from django.db import transaction

from helhed.demo.content import (
    DEMO_PASSWORD,
    DEMO_TOTP_KEY,
    MUNICIPALITIES,
    FocusAreaSpec,
    MunicipalitySpec,
    ObjectiveSpec,
    PolicySpec,
)
from helhed.organisations.models import Department, Municipality, User
from helhed.organisations.second_factor import second_factor_required
from helhed.organisations.services import department_create, municipality_create, user_create
from helhed.organisations.totp import totp_device_create, totp_device_for
from helhed.policies.models import (
    FocusArea,
    Initiative,
    Objective,
    Policy,
    PolicyValue,
    PolicyVersion,
    Target,
    TargetGroupEntry,
)
from helhed.policies.services import (
    policy_create,
    policy_version_transition,
    policy_version_update,
    version_part_save,
)


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


class DemoConflictError(Exception):
    """Existing data stands in the way of the demo content (for example a username taken
    by a user of another municipality)."""


# What the summary line counts (singular, which is also the key, and plural), in order.
KINDS = (
    ("municipality", "municipalities"),
    ("department", "departments"),
    ("user", "users"),
    ("policy", "policies"),
)


class Report:
    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.present: Counter[str] = Counter()

    @staticmethod
    def _phrase(counts: Counter[str]) -> str:
        parts = [
            f"{counts[singular]} {singular if counts[singular] == 1 else plural}"
            for singular, plural in KINDS
            if counts[singular]
        ]
        return ", ".join(parts) if parts else "nothing"

    def line(self) -> str:
        return (
            f"Demo content: created {self._phrase(self.created)}; "
            f"already present {self._phrase(self.present)}."
        )


def load_demo(*, stdout: Writer | None = None) -> None:
    """Create the demo municipalities, departments, users and policies that are missing."""
    report = Report()
    with transaction.atomic():
        for spec in MUNICIPALITIES:
            _load_municipality(spec, report)
    if stdout is not None:
        stdout.write(report.line() + "\n")


def _load_municipality(spec: MunicipalitySpec, report: Report) -> None:
    municipality = Municipality.objects.filter(kommunekode=spec.kommunekode).first()
    if municipality is None:
        municipality = municipality_create(
            kommunekode=spec.kommunekode, name=spec.name, slug=spec.slug
        )
        report.created["municipality"] += 1
    else:
        report.present["municipality"] += 1

    departments: dict[str, Department] = {}
    for dept in spec.departments:
        found = Department.objects.filter(municipality=municipality, name=dept.name).first()
        if found is None:
            found = department_create(municipality=municipality, name=dept.name, kind=dept.kind)
            report.created["department"] += 1
        else:
            report.present["department"] += 1
        departments[dept.name] = found

    users: dict[str, User] = {}
    for person in spec.users:
        user = User.objects.filter(username=person.username).first()
        if user is None:
            user = user_create(
                municipality=municipality,
                username=person.username,
                password=DEMO_PASSWORD,
                first_name=person.first_name,
                last_name=person.last_name,
                departments=[departments[person.department]] if person.department else [],
                roles=[person.role],
            )
            report.created["user"] += 1
        elif user.municipality_id != municipality.id:
            raise DemoConflictError(
                f"The username {person.username!r} belongs to a user of another municipality."
            )
        else:
            report.present["user"] += 1
        if second_factor_required(user) and totp_device_for(user) is None:
            totp_device_create(user=user, key=DEMO_TOTP_KEY)
        users[person.username] = user

    if Policy.objects.filter(municipality=municipality).exists():
        report.present["policy"] += 1
    else:
        _create_policy(
            actor=users[spec.policy_officer.username], spec=spec.policy, departments=departments
        )
        report.created["policy"] += 1


def _create_policy(*, actor: User, spec: PolicySpec, departments: dict[str, Department]) -> None:
    version = policy_create(
        actor=actor,
        title=spec.title,
        subtitle=spec.subtitle,
        period_start=spec.period_start,
        period_end=spec.period_end,
    )
    version = policy_version_update(
        actor=actor,
        version=version,
        introduction=spec.introduction,
        vision=spec.vision,
        values_introduction=spec.values_introduction,
        target_group_description=spec.target_group_description,
    )
    for group in spec.target_groups:
        version_part_save(
            actor=actor, part=TargetGroupEntry(version=version, kind=group.kind, text=group.text)
        )
    for value in spec.values:
        version_part_save(
            actor=actor,
            part=PolicyValue(version=version, name=value.name, description=value.description),
        )
    for area_spec in spec.focus_areas:
        _create_focus_area(actor=actor, version=version, spec=area_spec, departments=departments)
    for objective in spec.strategic_objectives:
        _create_objective(actor=actor, version=version, focus_area=None, spec=objective)
    for step in spec.lifecycle:
        version = policy_version_transition(
            actor=actor,
            version=version,
            to_status=step.to_status,
            effective_on=step.effective_on,
            note=step.note,
        )


def _create_focus_area(
    *,
    actor: User,
    version: PolicyVersion,
    spec: FocusAreaSpec,
    departments: dict[str, Department],
) -> None:
    area = FocusArea(version=version, title=spec.title, description=spec.description)
    version_part_save(actor=actor, part=area)
    for objective in spec.objectives:
        _create_objective(actor=actor, version=version, focus_area=area, spec=objective)
    for initiative in spec.initiatives:
        owner = departments[initiative.owner_department] if initiative.owner_department else None
        version_part_save(
            actor=actor,
            part=Initiative(
                version=version,
                focus_area=area,
                title=initiative.title,
                description=initiative.description,
                owner_department=owner,
                start_date=initiative.start_date,
                end_date=initiative.end_date,
                status=initiative.status,
                progress=initiative.progress,
            ),
        )


def _create_objective(
    *,
    actor: User,
    version: PolicyVersion,
    focus_area: FocusArea | None,
    spec: ObjectiveSpec,
) -> None:
    objective = Objective(version=version, focus_area=focus_area, text=spec.text)
    version_part_save(actor=actor, part=objective)
    for target in spec.targets:
        version_part_save(
            actor=actor,
            part=Target(
                version=version,
                objective=objective,
                description=target.description,
                indicator_key=target.indicator_key,
                comparator=target.comparator,
                value=target.value,
                unit=target.unit,
                deadline=target.deadline,
            ),
        )
