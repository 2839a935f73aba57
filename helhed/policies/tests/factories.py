# SPDX-License-Identifier: MPL-2.0
"""Build policy versions with every kind of part, through the services."""

from datetime import date
from decimal import Decimal
from typing import TypeVar

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

P = TypeVar("P", PolicyValue, TargetGroupEntry, FocusArea, Objective, Target, Initiative)


def save_part(*, actor: User, part: P) -> P:
    """`services.version_part_save`, typed by the kind of part saved."""
    saved = services.version_part_save(actor=actor, part=part)
    assert saved is part
    return part


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
        actor=actor,
        version=version,
        to_status="adopted",
        effective_on=date(2018, 10, 30),
        note=SKIPPED_HEARING_NOTE if version.status == "draft" else "",
    )


SKIPPED_HEARING_NOTE = "Vedtaget uden offentlig høring (testdata)."


# The lifecycle steps that bring a new draft to each status.
STEPS_TO: dict[str, tuple[str, ...]] = {
    "draft": (),
    "hearing": ("hearing",),
    "adopted": ("adopted",),
    "archived": ("adopted", "archived"),
}


def bring_to(*, actor: User, version: PolicyVersion, status: str) -> PolicyVersion:
    """Move a draft along the lifecycle until it has `status`."""
    for step in STEPS_TO[status]:
        note = SKIPPED_HEARING_NOTE if (version.status, step) == ("draft", "adopted") else ""
        version = services.policy_version_transition(
            actor=actor, version=version, to_status=step, note=note
        )
    assert version.status == status
    return version


def revise(*, actor: User, version: PolicyVersion) -> PolicyVersion:
    return services.policy_version_revise(actor=actor, version=version)


def make_adopted_policy(*, actor: User, title: str = "Integrationspolitik") -> PolicyVersion:
    """A complete version 1, adopted."""
    return adopt(actor=actor, version=make_policy(actor=actor, title=title))


def add_focus_area(
    *, actor: User, version: PolicyVersion, title: str, department: Department | None = None
) -> FocusArea:
    """A focus area with one objective, one target and one initiative."""
    area = services.version_part_save(actor=actor, part=FocusArea(version=version, title=title))
    assert isinstance(area, FocusArea)
    objective = services.version_part_save(
        actor=actor, part=Objective(version=version, focus_area=area, text=f"Mål for {title}.")
    )
    assert isinstance(objective, Objective)
    services.version_part_save(
        actor=actor,
        part=Target(
            version=version,
            objective=objective,
            description=f"Mindst 50 procent i {title}.",
            indicator_key="danish_test_passed",
            comparator="gte",
            value=Decimal(50),
            unit="percent",
            deadline=date(2021, 12, 31),
        ),
    )
    services.version_part_save(
        actor=actor,
        part=Initiative(
            version=version,
            focus_area=area,
            title=f"Indsats i {title}",
            owner_department=department,
        ),
    )
    return area


def build_part(
    model: type[services.VersionPart], *, version: PolicyVersion, **fields: object
) -> services.VersionPart:
    """An unsaved part of `model` in `version`, attached to the version's first focus area and
    first objective of a focus area (as `make_policy` creates them)."""
    area = version.focus_areas.order_by("order").first()
    objective = version.objectives.filter(focus_area__isnull=False).order_by("order").first()
    defaults: dict[type[services.VersionPart], dict[str, object]] = {
        PolicyValue: {"name": "Tillid", "description": "Vi stoler på hinanden."},
        TargetGroupEntry: {"kind": "included", "text": "Familiesammenførte"},
        FocusArea: {"title": "Sprog", "description": "Dansk for alle."},
        Objective: {"focus_area": area, "text": "Alle lærer dansk."},
        Target: {
            "objective": objective,
            "description": "Mindst 60 procent består en danskprøve.",
            "indicator_key": "danish_test_passed",
            "comparator": "gte",
            "value": Decimal(60),
            "unit": "percent",
            "deadline": date(2021, 12, 31),
        },
        Initiative: {"focus_area": area, "title": "Sprogcafé"},
    }
    return model(version=version, **{**defaults[model], **fields})
