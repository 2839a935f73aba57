# SPDX-License-Identifier: MPL-2.0
"""The monthly overview: the three tables of the Horsens draft for any municipality and year.

1. Arrivals by source, the chosen year beside the year before, with the quota refugees
   split into those counted against the year's own municipal quota and those counted
   against the previous year's (the registry's `Arrival.quota_year`).
2. The education level of the year's adult arrivals in the target group.
3. Permanent housing placements of the year's arrivals, by locality, adults and children.

Tables 1 and 2 are the indicators `arrivals_by_source` and `education_level_of_arrivals`
(selectors.indicator_table). Table 3 is the indicator `permanent_placements_by_locality`
narrowed to the persons who arrived in the year: its facts joined, in one SQL query, to the
facts of `arrivals_by_source` of the same year (the draft counts the placements "of the
refugees and family-reunified received in 2015", not every placement made in 2015). The
quota split is one aggregate query of the registry's arrivals; no person is read.

Two audiences (docs/adr/0027): the municipality's staff get the exact counts; what leaves
the staff (a politician) is protected by `protect_linked` over every table of the report
at once, with the relations that hold between them (see `protected_values`), and together
with every version of the overview shown before, of every year, published or live
(docs/adr/0048-0050).
"""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count
from django.utils.translation import gettext as _

from helhed.citizens.models import Arrival, ArrivalSource, EducationLevel
from helhed.indicators.definitions import arrivals, placements
from helhed.indicators.definitions.base import month_of, month_start
from helhed.indicators.disclosure import (
    Key,
    Relation,
    Released,
    Table,
    protect_after,
)
from helhed.indicators.models import IndicatorFact
from helhed.indicators.selectors import Period, indicator_table
from helhed.reports.document import (
    Block,
    Column,
    Document,
    Hidden,
    Paragraph,
    Section,
    Value,
)
from helhed.reports.document import (
    Table as DocumentTable,
)

SOURCES: tuple[str, ...] = tuple(ArrivalSource.values)
# the draft's order of education levels; 'not yet assessed' last
LEVELS: tuple[str, ...] = (
    EducationLevel.NONE,
    EducationLevel.VOCATIONAL,
    EducationLevel.SHORT_HIGHER,
    EducationLevel.MEDIUM_HIGHER,
    EducationLevel.LONG_HIGHER,
    EducationLevel.UNKNOWN,
)
QUOTA_PARTS = ("own", "previous", "other")
GROUPS = (placements.ADULTS, placements.CHILDREN)


@dataclass(frozen=True)
class OverviewCounts:
    """The exact counts of the report (for the staff; protected before leaving them)."""

    year: int
    # year (the chosen one and the one before) -> source -> arrivals
    arrivals: dict[int, dict[str, int]]
    # year -> own quota, previous year's quota, other or not registered
    quota: dict[int, dict[str, int]]
    education: dict[str, int]
    # locality -> adults, children
    placements: dict[str, dict[str, int]]

    @property
    def years(self) -> tuple[int, int]:
        return (self.year - 1, self.year)

    def arrivals_total(self, year: int) -> int:
        return sum(self.arrivals[year].values())

    @property
    def empty(self) -> bool:
        """No arrival, no education, no placement in the year: nothing to report."""
        return (
            self.arrivals_total(self.year) == 0
            and not any(self.education.values())
            and not any(v for counts in self.placements.values() for v in counts.values())
        )


def _year_counts(cells: dict[str, int], wanted: tuple[str, ...]) -> dict[str, int]:
    return {k: cells.get(k, 0) for k in wanted}


def _placements_of_arrivals(
    municipality_id: uuid.UUID, year: int, today: date
) -> dict[str, dict[str, int]]:
    """Permanent placements in `year` of persons with an arrival in `year`, by locality and
    group: one aggregate query over the indicators' facts."""
    last = month_start(min(month_of(date(year, 12, 1)), month_of(today)))
    first = date(year, 1, 1)
    arrived = IndicatorFact.objects.filter(
        municipality_id=municipality_id,
        key=arrivals.SOURCE_KEY,
        first_month__gte=first,
        first_month__lte=last,
    ).values("person_id")
    rows = (
        IndicatorFact.objects.filter(
            municipality_id=municipality_id,
            key=placements.KEY,
            first_month__gte=first,
            first_month__lte=last,
            person_id__in=arrived,
        )
        .values("breakdown")
        .annotate(n=Count("id"))
        .order_by()
    )
    table: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(GROUPS, 0))
    for row in rows:
        locality, group = row["breakdown"].rsplit("|", 1)
        table[locality][group] += row["n"]
    return {name: table[name] for name in sorted(table, key=_danish_order)}


def _danish_order(name: str) -> tuple[str, ...]:
    """Æ, Ø, Å after Z, in that order (Danish alphabetical order)."""
    return tuple(name.casefold().translate(str.maketrans("æøå", "{|}")))


def _quota_split(
    municipality_id: uuid.UUID, years: tuple[int, int], today: date, quota: dict[int, int]
) -> dict[int, dict[str, int]]:
    """The year's quota refugees by the quota they count against: one aggregate query.
    'other' is what the indicator counts beyond the two (a quota year further back, or
    none registered)."""
    rows = (
        Arrival.objects.filter(
            person__municipality_id=municipality_id,
            source=ArrivalSource.QUOTA_REFUGEE,
            arrived_on__gte=date(years[0], 1, 1),
            arrived_on__lte=min(date(years[1], 12, 31), today),
        )
        .values("arrived_on__year", "quota_year")
        .annotate(n=Count("id"))
        .order_by()
    )
    split = {y: dict.fromkeys(QUOTA_PARTS, 0) for y in years}
    for row in rows:
        year = row["arrived_on__year"]
        if row["quota_year"] == year:
            split[year]["own"] += row["n"]
        elif row["quota_year"] == year - 1:
            split[year]["previous"] += row["n"]
    for year in years:
        # the indicator's count is the report's; what the split does not place is 'other'
        split[year]["other"] = max(quota[year] - split[year]["own"] - split[year]["previous"], 0)
        if split[year]["own"] + split[year]["previous"] > quota[year]:
            # the registry and the indicator disagree (an unfinished write): no split
            split[year] = {"own": quota[year], "previous": 0, "other": 0}
    return split


def overview_counts(*, municipality_id: uuid.UUID, year: int, today: date) -> OverviewCounts:
    years = (year - 1, year)
    by_year: dict[int, dict[str, int]] = {}
    education: dict[str, int] = {}
    for y in years:
        rows = {
            r.key: r
            for r in indicator_table(municipality_id=municipality_id, period=Period(y), today=today)
        }
        by_year[y] = _year_counts(
            {c.breakdown: c.numerator for c in rows[arrivals.SOURCE_KEY].cells}, SOURCES
        )
        if y == year:
            education = _year_counts(
                {c.breakdown: c.numerator for c in rows[arrivals.EDUCATION_KEY].cells}, LEVELS
            )
    quota = {y: by_year[y][ArrivalSource.QUOTA_REFUGEE] for y in years}
    return OverviewCounts(
        year=year,
        arrivals=by_year,
        quota=_quota_split(municipality_id, years, today, quota),
        education=education,
        placements=_placements_of_arrivals(municipality_id, year, today),
    )


# --- disclosure control ------------------------------------------------------------------


def own_table(name: str, year: int) -> str:
    """The name of a table of the year's own arrivals (education, the rest, placements).
    Named by the year, as the arrivals tables are: the overviews of all years are protected
    together (docs/adr/0049), and the education of 2026 is not the education of 2027."""
    return f"{name}-{year}"


def disclosure_tables(counts: OverviewCounts) -> tuple[list[Table], list[Relation]]:
    """Every table the report publishes, with the relations between them:

    - each year's arrivals add up to the year's total ``("arrivals", year)``;
    - the year's quota refugees are the sum of the quota split;
    - the education table's total is part of the chosen year's arrivals: the rest (the
      children and the adults outside the target group) is a cell of its own, since anyone
      can subtract the one published total from the other;
    - the placements are a two-way table, localities by adults and children, with margins.
    Placements are of persons, not of arrivals (a person can be placed twice), so they are
    tied to the other tables by no equation; they are protected in the same call all the
    same.
    """
    tables: list[Table] = []
    relations: list[Relation] = []
    for y in counts.years:
        tables.append(
            Table.one_way(f"arrivals-{y}", counts.arrivals[y], total_key=("arrivals", str(y)))
        )
        tables.append(Table.one_way(f"quota-{y}", counts.quota[y], with_total=False))
        relations.append(
            Relation(
                (f"arrivals-{y}", ArrivalSource.QUOTA_REFUGEE),
                tuple((f"quota-{y}", part) for part in QUOTA_PARTS),
            )
        )
    year = str(counts.year)
    education, rest_name = own_table("education", counts.year), own_table("rest", counts.year)
    tables.append(Table.one_way(education, counts.education, total_key=("education", year)))
    rest = counts.arrivals_total(counts.year) - sum(counts.education.values())
    if rest >= 0:
        tables.append(Table.one_way(rest_name, {"not-adult-target": rest}, with_total=False))
        relations.append(
            Relation(("arrivals", year), (("education", year), (rest_name, "not-adult-target")))
        )
    if counts.placements:
        localities = list(counts.placements)
        tables.append(
            Table.two_way(
                own_table("placements", counts.year),
                localities,
                list(GROUPS),
                [[counts.placements[name][g] for g in GROUPS] for name in localities],
            )
        )
    return tables, relations


def protected_values(
    counts: OverviewCounts, previous: Sequence[Released] = ()
) -> tuple[dict[Key, int | None], Released]:
    """Each published cell's value, None where disclosure control hides it, protected
    together with what every version published before it (``previous``, docs/adr/0048
    and 0049); and what this version publishes, for the versions after it."""
    tables, relations = disclosure_tables(counts)
    protected, released = protect_after(tables, relations, previous)
    return {key: cell.value for table in protected for key, cell in table.cells.items()}, released


# --- the document --------------------------------------------------------------------------


def _cell(values: dict[Key, int | None] | None, key: Key, exact: int) -> Value:
    if values is None:
        return exact
    value = values[key]
    return Hidden(_("hidden")) if value is None else value


def _arrivals_table(counts: OverviewCounts, values: dict[Key, int | None] | None) -> DocumentTable:
    y0, y1 = counts.years
    rows: list[list[Value]] = []
    emphasised = set()
    show_other = any(counts.quota[y]["other"] for y in counts.years)
    for source in SOURCES:
        rows.append(
            [
                str(ArrivalSource(source).label),
                *(
                    _cell(values, (f"arrivals-{y}", source), counts.arrivals[y][source])
                    for y in (y0, y1)
                ),
            ]
        )
        if source == ArrivalSource.QUOTA_REFUGEE:
            labels = {
                "own": _("of whom counted against the year's own quota"),
                "previous": _("of whom counted against the previous year's quota"),
                "other": _("of whom counted against an earlier quota or none registered"),
            }
            for part in QUOTA_PARTS:
                if part == "other" and not show_other:
                    continue
                rows.append(
                    [
                        labels[part],
                        *(
                            _cell(values, (f"quota-{y}", part), counts.quota[y][part])
                            for y in (y0, y1)
                        ),
                    ]
                )
    emphasised.add(len(rows))
    rows.append(
        [
            _("Received in total"),
            *(_cell(values, ("arrivals", str(y)), counts.arrivals_total(y)) for y in (y0, y1)),
        ]
    )
    return DocumentTable(
        caption=_("Arrivals by type, %(first)s and %(last)s") % {"first": y0, "last": y1},
        columns=[Column(_("Arrived as")), Column(str(y0), "count"), Column(str(y1), "count")],
        rows=rows,
        emphasised_rows=frozenset(emphasised),
        footnotes=[
            _(
                "Quota refugees by the municipal quota they are counted against, as the "
                "registry records it for each arrival."
            )
        ],
    )


def _education_table(counts: OverviewCounts, values: dict[Key, int | None] | None) -> DocumentTable:
    year = str(counts.year)
    name = own_table("education", counts.year)
    rows: list[list[Value]] = [
        [
            str(EducationLevel(level).label),
            _cell(values, (name, level), counts.education[level]),
        ]
        for level in LEVELS
    ]
    rows.append([_("Total"), _cell(values, ("education", year), sum(counts.education.values()))])
    return DocumentTable(
        caption=_("Education level of the adults who arrived in %(year)s") % {"year": year},
        columns=[Column(_("Education level")), Column(_("Number"), "count")],
        rows=rows,
        emphasised_rows=frozenset({len(rows) - 1}),
        footnotes=[
            _(
                "Arrivals in the policy's target group aged 18 or over on the day of arrival, "
                "by the education level registered now."
            )
        ],
    )


def _placements_table(
    counts: OverviewCounts, values: dict[Key, int | None] | None
) -> DocumentTable:
    rows: list[list[Value]] = []
    table = own_table("placements", counts.year)
    for name, groups in counts.placements.items():
        rows.append(
            [name]
            + [_cell(values, (table, name, g), groups[g]) for g in GROUPS]
            + [_cell(values, (table, name, "total"), sum(groups.values()))]
        )
    totals = {g: sum(c[g] for c in counts.placements.values()) for g in GROUPS}
    rows.append(
        [_("Total")]
        + [_cell(values, (table, "total", g), totals[g]) for g in GROUPS]
        + [_cell(values, (table, "total"), sum(totals.values()))]
    )
    return DocumentTable(
        caption=_("Permanent housing placements of those who arrived in %(year)s")
        % {"year": counts.year},
        columns=[
            Column(_("Locality")),
            Column(_("Adults"), "count"),
            Column(_("Children"), "count"),
            Column(_("Total"), "count"),
        ],
        rows=rows,
        emphasised_rows=frozenset({len(rows) - 1}),
        footnotes=[
            _(
                "Permanent placements made in the year of persons who arrived in the year; "
                "adults are 18 or over on the day of the placement."
            )
        ],
    )


def nothing_to_show(municipality_name: str, year: int) -> str:
    """Why there is no overview of ``year`` (its counts are empty), for the page."""
    return _(
        "There are no arrivals, education levels or housing placements registered in "
        "%(municipality)s for %(year)s, so there is no overview to show or download."
    ) % {"municipality": municipality_name, "year": year}


def overview_document(
    counts: OverviewCounts,
    *,
    municipality_name: str,
    protected: bool,
    as_of: datetime,
) -> Document:
    """The report as a Document: exact counts, or (``protected``) disclosure-controlled."""
    values = protected_values(counts)[0] if protected else None
    return _document(counts, values, municipality_name=municipality_name, as_of=as_of)


def shown_overview_document(
    counts: OverviewCounts,
    *,
    values: dict[Key, int | None],
    municipality_name: str,
    as_of: datetime,
) -> Document:
    """The disclosure-controlled report with the values decided elsewhere (a live
    release, docs/adr/0050)."""
    return _document(counts, values, municipality_name=municipality_name, as_of=as_of)


def released_overview_document(
    counts: OverviewCounts,
    *,
    municipality_name: str,
    as_of: datetime,
    previous: Sequence[Released],
) -> tuple[Document, Released]:
    """The disclosure-controlled report protected together with every version published
    before it (``previous``), and what it publishes (docs/adr/0048 and 0049)."""
    values, released = protected_values(counts, previous)
    return _document(counts, values, municipality_name=municipality_name, as_of=as_of), released


def _document(
    counts: OverviewCounts,
    values: dict[Key, int | None] | None,
    *,
    municipality_name: str,
    as_of: datetime,
) -> Document:
    protected = values is not None
    notes = []
    if protected:
        notes.append(
            _(
                "Disclosure control: counts of 1-4 persons are hidden, and so are further "
                "numbers where a hidden count could otherwise be worked out from the totals "
                "or from the other tables (“%(label)s”)."
            )
            % {"label": _("hidden")}
        )
    else:
        notes.append(
            _(
                "Exact counts for the municipality's staff. The report for politicians and "
                "the public is disclosure-controlled."
            )
        )
    placements_blocks: list[Block]
    if counts.placements:
        placements_blocks = [_placements_table(counts, values)]
    else:
        placements_blocks = [
            Paragraph(_("No permanent housing placements of the year's arrivals."))
        ]
    return Document(
        title=_("Monthly overview %(year)s") % {"year": counts.year},
        subtitle=_("Refugees and family-reunified who arrived in %(municipality)s")
        % {"municipality": municipality_name},
        issuer=municipality_name,
        data_as_of=as_of,
        notes=notes,
        sections=[
            Section(_("Arrivals"), [_arrivals_table(counts, values)]),
            Section(
                _("Education level of the year's arrivals"), [_education_table(counts, values)]
            ),
            Section(_("Permanent housing placements"), placements_blocks),
        ],
    )
