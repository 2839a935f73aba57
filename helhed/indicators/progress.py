# SPDX-License-Identifier: MPL-2.0
"""An initiative's progress: computed from what realises it wherever it can be, set by
hand only with a stated reason (docs/adr/0028).

- a linked target: the share of the way from its baseline to its target value;
- a linked kind of intervention: the interventions of that kind started in the
  municipality in the initiative's period, against the number planned (at most 100 %);
- several links: the mean of those that can be computed.

When no link gives a figure, the latest follow-up recorded by hand (with its reason,
`policies.services.initiative_progress_update`) is the progress; without one, the figure
written in the action plan, said to be so.
"""

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from helhed.caseplans.catalogue import InterventionKind, InterventionStatus
from helhed.caseplans.models import Intervention
from helhed.indicators.disclosure import SMALLEST_PUBLISHED
from helhed.indicators.measurement import TargetMeasure, measure_targets
from helhed.indicators.models import InitiativeMeasure
from helhed.policies.models import Initiative, InitiativeProgressUpdate, PolicyVersion, Target

Source = Literal["computed", "manual", "plan"]


@dataclass(frozen=True)
class ProgressPart:
    """What one link contributes: a share (0-1) or why it has none."""

    measure: InitiativeMeasure
    label: str
    share: float | None
    problem: str = ""
    # the interventions started (a count of persons' interventions: disclosure control)
    started: int | None = None
    target_measure: TargetMeasure | None = None


@dataclass(frozen=True)
class Progress:
    percent: int
    source: Source
    parts: tuple[ProgressPart, ...] = ()
    manual: InitiativeProgressUpdate | None = None
    status: str = ""

    @property
    def computed_parts(self) -> list[ProgressPart]:
        return [p for p in self.parts if p.share is not None]

    @property
    def explanation(self) -> str:
        """Where the figure comes from, in one sentence."""
        if self.source == "computed":
            return _("Computed from %(sources)s.") % {
                "sources": "; ".join(p.label for p in self.computed_parts)
            }
        if self.source == "manual" and self.manual is not None:
            return _("Set by hand by %(who)s on %(day)s: %(reason)s") % {
                "who": self.manual.actor.get_full_name() or self.manual.actor.username,
                "day": date_format(timezone.localtime(self.manual.recorded_at), "j. F Y"),
                "reason": self.manual.note,
            }
        return _("As written in the action plan; no follow-up has been recorded.")

    @property
    def has_small_count(self) -> bool:
        """A part counts 1-4 interventions: the figure would give the count away."""
        return any(p.started is not None and 0 < p.started < SMALLEST_PUBLISHED for p in self.parts)


def initiative_period(initiative: Initiative) -> tuple[date, date]:
    version = initiative.version
    first = initiative.start_date or date(version.period_start, 1, 1)
    last = initiative.end_date or date(version.period_end, 12, 31)
    return first, last


Period = tuple[str, date, date]


def _interventions_started(
    *,
    initiatives: list[Initiative],
    measures: dict[uuid.UUID, list[InitiativeMeasure]],
    municipality_id: uuid.UUID,
    today: date,
) -> dict[Period, int]:
    """How many active or completed interventions of each measured kind started in its
    initiative's period (up to today): one query for all the initiatives' measures."""
    wanted: set[Period] = set()
    for initiative in initiatives:
        first, last = initiative_period(initiative)
        for measure in measures[initiative.id]:
            if measure.target_id is None and first <= today:
                wanted.add((measure.intervention_kind, first, min(last, today)))
    if not wanted:
        return {}
    periods = sorted(wanted)
    found = Intervention.objects.filter(
        municipality_id=municipality_id,
        kind__in={kind for kind, _, _ in periods},
        status__in=[InterventionStatus.ACTIVE, InterventionStatus.COMPLETED],
    ).aggregate(
        **{
            f"period_{index}": Count(
                "id", filter=Q(kind=kind, starts_on__gte=first, starts_on__lte=last)
            )
            for index, (kind, first, last) in enumerate(periods)
        }
    )
    return {period: found[f"period_{index}"] for index, period in enumerate(periods)}


def _target_label(target: Target) -> str:
    return _("the target “%(target)s”") % {"target": target.description}


def _part(
    measure: InitiativeMeasure,
    *,
    initiative: Initiative,
    targets: dict[uuid.UUID, TargetMeasure],
    started_counts: dict[Period, int],
    today: date,
) -> ProgressPart:
    if measure.target is not None:
        target_measure = targets.get(measure.target.id)
        label = _target_label(measure.target)
        if target_measure is None or not target_measure.measurable:
            problem = target_measure.problem if target_measure else ""
            return ProgressPart(measure, label, None, problem, target_measure=target_measure)
        share = target_measure.share_done
        problem = "" if share is not None else _("no baseline or current value yet")
        return ProgressPart(measure, label, share, problem, target_measure=target_measure)
    first, last = initiative_period(initiative)
    kind_label = InterventionKind(measure.intervention_kind).label
    if first > today:
        label = _("interventions “%(kind)s”") % {"kind": kind_label}
        return ProgressPart(measure, label, None, _("the initiative has not started"))
    started = started_counts[(measure.intervention_kind, first, min(last, today))]
    planned = measure.planned or 0
    label = _("interventions “%(kind)s” (%(started)s of %(planned)s planned started)") % {
        "kind": kind_label,
        "started": started,
        "planned": planned,
    }
    share = min(started / planned, 1.0) if planned else None
    return ProgressPart(measure, label, share, started=started)


def _progress(
    initiative: Initiative,
    *,
    measures: list[InitiativeMeasure],
    latest: InitiativeProgressUpdate | None,
    targets: dict[uuid.UUID, TargetMeasure],
    started_counts: dict[Period, int],
    today: date,
) -> Progress:
    parts = tuple(
        _part(m, initiative=initiative, targets=targets, started_counts=started_counts, today=today)
        for m in measures
    )
    shares = [p.share for p in parts if p.share is not None]
    if shares:
        mean = sum(shares) / len(shares)
        return Progress(int(mean * 100 + 0.5), "computed", parts, latest, initiative.status)
    if latest is not None:
        return Progress(latest.progress, "manual", parts, latest, initiative.status)
    return Progress(initiative.progress, "plan", parts, None, initiative.status)


def initiatives_progress(
    initiatives: list[Initiative],
    *,
    version: PolicyVersion,
    today: date | None = None,
    whole_years: bool = False,
) -> dict[uuid.UUID, Progress]:
    """The progress of each of a version's initiatives, in a fixed number of queries
    (``whole_years``: the linked targets measured as measurement.measure_target says)."""
    today = today or timezone.localdate()
    ids = [i.id for i in initiatives]
    measures: dict[uuid.UUID, list[InitiativeMeasure]] = {i: [] for i in ids}
    # each initiative's measures in the order they were made (the model's ordering by
    # initiative would join the initiatives, versions, policies and municipalities)
    found = InitiativeMeasure.objects.filter(initiative_id__in=ids).select_related("target")
    for m in found.order_by("created_at", "pk"):
        measures[m.initiative_id].append(m)
    latest: dict[uuid.UUID, InitiativeProgressUpdate] = {}
    for update in (
        InitiativeProgressUpdate.objects.filter(initiative_id__in=ids)
        .select_related("actor")
        .order_by("initiative_id", "-recorded_at")
    ):
        latest.setdefault(update.initiative_id, update)
    linked = {m.target_id: m.target for ms in measures.values() for m in ms if m.target}
    targets = (
        measure_targets(
            list(linked.values()), version=version, today=today, whole_years=whole_years
        )
        if linked
        else {}
    )
    started_counts = _interventions_started(
        initiatives=initiatives,
        measures=measures,
        municipality_id=version.policy.municipality_id,
        today=today,
    )
    return {
        i.id: _progress(
            i,
            measures=measures[i.id],
            latest=latest.get(i.id),
            targets=targets,
            started_counts=started_counts,
            today=today,
        )
        for i in initiatives
    }


def initiative_progress(initiative: Initiative, *, today: date | None = None) -> Progress:
    """The progress of one initiative, with where the figure comes from."""
    version = PolicyVersion.objects.select_related("policy").get(pk=initiative.version_id)
    return initiatives_progress([initiative], version=version, today=today)[initiative.id]
