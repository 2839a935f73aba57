# SPDX-License-Identifier: MPL-2.0
"""Build policy versions with every kind of part, through the services."""

from datetime import date
from decimal import Decimal

from helhed.organisations.models import Department, User
from helhed.policies import services
from helhed.policies.models import (
    FocusArea,
    Initiative,
    Objective,
    PolicyValue,
    PolicyVersion,
    Target,
    TargetGroupEntry,
)


def make_policy(
    *, actor: User, title: str = "Integrationspolitik", complete: bool = True
) -> PolicyVersion:
    """A draft version; with `complete`, one of every part."""
    version = services.policy_create(actor=actor, title=title, period_start=2018, period_end=2021)
    if not complete:
        return version
    services.policy_version_update(
        actor=actor, version=version, vision="Vi skaber løsninger sammen", introduction="Formål."
    )
    services.version_part_save(
        actor=actor,
        part=PolicyValue(version=version, name="Helhed", description="Helhedsorienteret."),
    )
    services.version_part_save(
        actor=actor, part=TargetGroupEntry(version=version, kind="included", text="Flygtninge")
    )
    area = services.version_part_save(
        actor=actor, part=FocusArea(version=version, title="Beskæftigelse", description="Job.")
    )
    assert isinstance(area, FocusArea)
    objective = services.version_part_save(
        actor=actor, part=Objective(version=version, focus_area=area, text="Flere i job.")
    )
    assert isinstance(objective, Objective)
    services.version_part_save(
        actor=actor,
        part=Target(
            version=version,
            objective=objective,
            description="Mindst 45 procent er selvforsørgende.",
            indicator_key="self_support_after_one_year",
            comparator="gte",
            value=Decimal(45),
            unit="percent",
            deadline=date(2021, 12, 31),
        ),
    )
    department = Department.objects.filter(municipality=actor.municipality).first()
    services.version_part_save(
        actor=actor,
        part=Initiative(
            version=version,
            focus_area=area,
            title="Branchepakker",
            owner_department=department,
            status="in_progress",
        ),
    )
    version.refresh_from_db()
    return version


def adopt(*, actor: User, version: PolicyVersion) -> PolicyVersion:
    return services.policy_version_transition(
        actor=actor, version=version, to_status="adopted", effective_on=date(2018, 10, 30)
    )
