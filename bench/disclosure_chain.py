# SPDX-License-Identifier: MPL-2.0
"""The monthly overview's disclosure control against every earlier version of its series
(docs/adr/0049), side by side with the same tables protected on their own:
`make bench-disclosure`.

A synthetic municipality of Horsens's size publishes an overview every month for
BENCH_DISCLOSURE_YEARS years (default 3) and revises one every third month; the counts
grow through each year, and every month one arrival of the year before is registered
late, so the repeated column changes too. For each version it times ``protect_after``
with every earlier version (what a publication, a revision and the staff's report page
do) and without (the overview protected on its own, the reference), in the same loop.
Prints, per year and for the last version, the median and largest time of each and their
ratio. Pure computation: no database.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

YEARS = int(os.environ.get("BENCH_DISCLOSURE_YEARS", "3"))
LOCALITIES = (
    "Lund",
    "Brædstrup",
    "Hatting",
    "Gedved",
    "Østbirk",
    "Tvingstrup",
    "Søvind",
    "Hovedgård",
    "Horsens by",
)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from helhed.citizens.models import ArrivalSource
    from helhed.indicators.disclosure import Released, protect_after
    from helhed.indicators.reports.monthly_overview import (
        GROUPS,
        LEVELS,
        SOURCES,
        OverviewCounts,
        disclosure_tables,
    )

    rng = random.Random(2015)
    first = 2024
    arrivals = {first - 1: {s: rng.choice([0, 2, 6, 14, 40]) for s in SOURCES}}
    quota = {first - 1: {"own": 0, "previous": 0, "other": 0}}
    quota[first - 1]["own"] = arrivals[first - 1][ArrivalSource.QUOTA_REFUGEE]
    kept: list[Released] = []
    rows: list[tuple[int, int, float, float, float]] = []
    for year in range(first, first + YEARS):
        arrivals[year] = dict.fromkeys(SOURCES, 0)
        quota[year] = {"own": 0, "previous": 0, "other": 0}
        education = dict.fromkeys(LEVELS, 0)
        placements = {name: dict.fromkeys(GROUPS, 0) for name in LOCALITIES}
        for month in range(1, 13):
            for _ in range(rng.randint(3, 12)):
                source = rng.choice(SOURCES)
                arrivals[year][source] += 1
                if source == ArrivalSource.QUOTA_REFUGEE:
                    quota[year][rng.choice(["own", "own", "previous"])] += 1
                if rng.random() < 0.6:
                    education[rng.choice(LEVELS)] += 1
                if rng.random() < 0.7:
                    placements[rng.choice(LOCALITIES)][rng.choice(GROUPS)] += 1
            late = rng.choice([s for s in SOURCES if s != ArrivalSource.QUOTA_REFUGEE])
            arrivals[year - 1][late] += 1  # registered late: last year's column changes
            counts = OverviewCounts(
                year=year,
                arrivals={y: dict(arrivals[y]) for y in (year - 1, year)},
                quota={y: dict(quota[y]) for y in (year - 1, year)},
                education=dict(education),
                placements={k: dict(v) for k, v in placements.items()},
            )
            tables, relations = disclosure_tables(counts)
            for _version in range(2 if month % 3 == 0 else 1):  # a revision every 3rd month
                clear()
                start = time.perf_counter()
                protect_after(tables, relations, kept)
                cold = time.perf_counter() - start
                start = time.perf_counter()
                _protected, released = protect_after(tables, relations, kept)
                again = time.perf_counter() - start
                clear()
                start = time.perf_counter()
                protect_after(tables, relations, ())
                alone = time.perf_counter() - start
                rows.append((year, len(kept), cold, again, alone))
                kept.append(released)
                arrivals[year][rng.choice(SOURCES[1:])] += 1  # the revision's correction
                tables, relations = disclosure_tables(
                    OverviewCounts(
                        year=year,
                        arrivals={y: dict(arrivals[y]) for y in (year - 1, year)},
                        quota={y: dict(quota[y]) for y in (year - 1, year)},
                        education=dict(education),
                        placements={k: dict(v) for k, v in placements.items()},
                    )
                )

    print(f"{len(rows)} versions over {YEARS} years, times in ms")
    print("cold: with every earlier version, the solver's kept parts emptied first (a")
    print("fresh process); again: the same call once more (the staff page's next view);")
    print("alone: the same tables protected on their own, emptied first (the reference)")
    header = ("year", "earlier", "cold med", "cold max", "again med", "alone med", "cold/alone")
    print("".join(f"{h:>11}" for h in header))
    for year in range(first, first + YEARS):
        own = [r for r in rows if r[0] == year]
        cold_ms = [r[2] * 1000 for r in own]
        again_ms = [r[3] * 1000 for r in own]
        alone_ms = [r[4] * 1000 for r in own]
        ratio = statistics.median(r[2] / r[4] for r in own)
        cells = (
            str(year),
            f"{own[0][1]}-{own[-1][1]}",
            f"{statistics.median(cold_ms):.1f}",
            f"{max(cold_ms):.1f}",
            f"{statistics.median(again_ms):.1f}",
            f"{statistics.median(alone_ms):.1f}",
            f"{ratio:.1f}",
        )
        print("".join(f"{c:>11}" for c in cells))


def clear() -> None:
    from helhed.indicators.disclosure import tables

    tables._optimum_of.cache_clear()
    tables._polytope_of.cache_clear()


if __name__ == "__main__":
    main()
