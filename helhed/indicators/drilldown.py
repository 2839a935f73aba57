# SPDX-License-Identifier: MPL-2.0
"""The persons behind one number of the dashboard: the facts of an indicator's cell
(models.IndicatorFact: a person's contribution as a run of months) that cover the month,
and of those persons the ones the user may see (helhed.citizens.access), a page at a time.

The caller audits the look-up (one search event per page, the cell as its criterion) in
the transaction in which it reads the page. A household's contribution is carried by its
member with the lowest id (docs/adr/0021): for a family indicator that member is listed.
"""

import uuid
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from helhed.citizens.access import persons_behind_indicators_visible_to, persons_visible_to
from helhed.citizens.models import Person
from helhed.core.plain_reads import rows_by
from helhed.indicators.dashboard_forms import NUMERATOR, TOTAL
from helhed.indicators.definitions.base import Month, month_start
from helhed.indicators.models import IndicatorFact
from helhed.organisations.models import User

DRILLDOWN_PAGE = 50


@dataclass(frozen=True)
class CellRef:
    key: str
    month: Month
    breakdown: str  # TOTAL for the total over the breakdowns
    part: str  # NUMERATOR or DENOMINATOR


@dataclass
class DrilldownPage:
    persons: list[Person]
    total: int  # the distinct persons behind the cell
    shown: int  # of them, those the user may see
    more: bool
    next_after: uuid.UUID | None
    # of the page's persons, those whose record page the user may open
    linked: set[uuid.UUID] = field(default_factory=set)
    # of the page's persons, those counted in the numerator (for a denominator's list)
    in_numerator: set[uuid.UUID] = field(default_factory=set)

    @property
    def hidden(self) -> int:
        return self.total - self.shown


def cell_facts(*, municipality_id: uuid.UUID, cell: CellRef) -> QuerySet[IndicatorFact]:
    """The facts that make up the cell: the runs of the key (and group) that cover the
    month; for the numerator, those in it."""
    day = month_start(cell.month)
    facts = IndicatorFact.objects.filter(
        municipality_id=municipality_id, key=cell.key, first_month__lte=day
    ).filter(Q(last_month__isnull=True) | Q(last_month__gte=day))
    if cell.breakdown != TOTAL:
        facts = facts.filter(breakdown=cell.breakdown)
    if cell.part == NUMERATOR:
        facts = facts.filter(in_numerator=True)
    return facts


def _in_numerator(
    *, municipality_id: uuid.UUID, cell: CellRef, person_ids: list[uuid.UUID]
) -> set[uuid.UUID]:
    """Of these persons (a page), those in the cell's numerator: their own facts read by
    person (a few hundred rows) and matched here, rather than `cell_facts` filtered by
    them, for which SQLite walks every fact of the key up to the month (0.3 s in a
    municipality of 87,000 persons)."""
    day = month_start(cell.month)
    columns = ("person_id", "municipality", "key", "breakdown", "first_month", "last_month")
    return {
        person_id
        for person_id, municipality, key, breakdown, first, last, in_numerator in rows_by(
            IndicatorFact, (*columns, "in_numerator"), by="person_id", values=person_ids
        )
        if in_numerator
        and municipality == municipality_id
        and key == cell.key
        and (cell.breakdown == TOTAL or breakdown == cell.breakdown)
        and first <= day
        and (last is None or last >= day)
    }


def drilldown_page(
    *, user: User, cell: CellRef, after: uuid.UUID | None, size: int | None = None
) -> DrilldownPage:
    """One page, in name order, of the persons behind the cell whom the user may see,
    starting after the person `after` (a keyset, as the caseload's: an unknown id or one
    the user does not see gives the first page)."""
    assert user.municipality_id is not None  # noqa: S101 (the view admits municipal users only)
    size = size or DRILLDOWN_PAGE
    facts = cell_facts(municipality_id=user.municipality_id, cell=cell)
    behind = facts.values("person_id")
    visible = persons_behind_indicators_visible_to(user).filter(id__in=behind)
    persons = visible.order_by("last_name", "first_name", "id")
    if after is not None:
        for last_name, first_name, person_id in visible.filter(pk=after).values_list(
            "last_name", "first_name", "id"
        ):
            persons = persons.filter(last_name__gte=last_name).filter(
                Q(last_name__gt=last_name)
                | Q(first_name__gt=first_name)
                | Q(first_name=first_name, id__gt=person_id)
            )
    rows = list(persons[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    ids = [p.id for p in rows]
    linked = set(persons_visible_to(user).filter(pk__in=ids).values_list("id", flat=True))
    counted = _in_numerator(municipality_id=user.municipality_id, cell=cell, person_ids=ids)
    return DrilldownPage(
        persons=rows,
        total=facts.values("person_id").distinct().count(),
        shown=visible.count(),
        more=more,
        next_after=rows[-1].id if more else None,
        linked=linked,
        in_numerator=counted,
    )
