# SPDX-License-Identifier: MPL-2.0
"""Reads of policies, with the relations each page needs fetched up front."""

from dataclasses import dataclass, field

from django.db.models import F, Prefetch, QuerySet

from helhed.core.tenancy import scope_to_municipality
from helhed.organisations.models import Municipality
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
from helhed.policies.part_reads import version_parts


def policies_for_municipality(*, municipality_id: object) -> QuerySet[Policy]:
    return scope_to_municipality(
        Policy.objects.prefetch_related(
            Prefetch("versions", queryset=PolicyVersion.objects.order_by("-number"))
        ),
        municipality_id,
    )


def municipalities_with_adopted_policy() -> QuerySet[Municipality]:
    return Municipality.objects.filter(policies__versions__status=Status.ADOPTED).distinct()


def adopted_version_for_municipality(*, slug: str) -> PolicyVersion | None:
    """The municipality's policy in force: of its adopted versions, the one whose period
    reaches furthest (public data, so looked up by the municipality's public slug)."""
    return (
        PolicyVersion.objects.select_related("policy__municipality")
        .filter(policy__municipality__slug=slug, status=Status.ADOPTED)
        .order_by(
            F("period_end").desc(),
            F("adopted_on").desc(nulls_last=True),
            F("number").desc(),
        )
        .first()
    )


@dataclass
class FocusAreaContent:
    area: FocusArea
    objectives: list[Objective] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)


@dataclass
class VersionContent:
    """A version with all its parts, in the order the policy presents them."""

    version: PolicyVersion
    values: list[PolicyValue]
    included: list[TargetGroupEntry]
    excluded: list[TargetGroupEntry]
    strategic_objectives: list[Objective]
    focus_areas: list[FocusAreaContent]
    transitions: list[PolicyTransition]

    @property
    def stamp(self) -> str:
        """Changes whenever anything shown of the version changes (for caching)."""
        times = [self.version.updated_at]
        times += [p.updated_at for p in (*self.values, *self.included, *self.excluded)]
        times += [o.updated_at for o in self.strategic_objectives]
        for area in self.focus_areas:
            times.append(area.area.updated_at)
            times += [o.updated_at for o in area.objectives]
            times += [i.updated_at for i in area.initiatives]
        times += [t.updated_at for t in self.targets]
        return max(times).isoformat()

    @property
    def targets(self) -> list[Target]:
        return _targets(self.strategic_objectives, self.focus_areas)


def _targets(strategic: list[Objective], areas: list[FocusAreaContent]) -> list[Target]:
    found = [t for o in strategic for t in o.targets.all()]
    for area in areas:
        found.extend(t for o in area.objectives for t in o.targets.all())
    return found


@dataclass
class VersionPlan:
    """A version's objectives (each with its targets), focus areas and initiatives (with
    their owner departments), in the order the policy presents them: what a follow-up of
    the policy reads of it (not its values, target group or history)."""

    strategic_objectives: list[Objective]
    focus_areas: list[FocusAreaContent]

    @property
    def targets(self) -> list[Target]:
        return _targets(self.strategic_objectives, self.focus_areas)


def version_plan(*, version: PolicyVersion) -> VersionPlan:
    """A version's objectives, targets, focus areas and initiatives in four or five
    statements compiled once (part_reads.py)."""
    objectives, focus_areas, initiatives = version_parts(version)
    areas = [FocusAreaContent(area=a) for a in focus_areas]
    by_id = {a.area.id: a for a in areas}
    strategic = []
    for objective in objectives:
        if objective.focus_area_id is None:
            strategic.append(objective)
        else:
            by_id[objective.focus_area_id].objectives.append(objective)
    for initiative in initiatives:
        by_id[initiative.focus_area_id].initiatives.append(initiative)
    return VersionPlan(strategic_objectives=strategic, focus_areas=areas)


def version_content(*, version: PolicyVersion) -> VersionContent:
    """Everything in a version in a fixed, small number of queries."""
    plan = version_plan(version=version)
    groups = list(version.target_groups.order_by("kind", "order", "created_at"))
    return VersionContent(
        version=version,
        values=list(version.values.order_by("order", "created_at")),
        included=[g for g in groups if g.kind == "included"],
        excluded=[g for g in groups if g.kind == "excluded"],
        strategic_objectives=plan.strategic_objectives,
        focus_areas=plan.focus_areas,
        transitions=list(version.transitions.select_related("actor").order_by("recorded_at")),
    )
