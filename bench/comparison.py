# SPDX-License-Identifier: MPL-2.0
"""The national comparison as a politician reads it, against a trivial page, side by side:
`make bench-comparison`.

The same registry set-up as bench-dashboard (bench/registry_db.py). Municipalities are
added up to BENCH_COMPARISON_MUNICIPALITIES (default 98), and every one without indicator
values gets last year's arrivals by source and education of arrivals, in a transaction
rolled back at the end, so that the comparison covers a country. Then, as
the Horsens politician, interleaved: the login page (the reference), the comparison's 400
page (a year it refuses: the same app's view without its work), the comparison of arrivals
read again (every municipality's totals kept: one query reads their decisions), and the
same with every kept release removed first (the first view after a month's end: each
municipality's totals protected against its overview's versions and kept,
docs/adr/0051). One warm-up round is not counted.
"""

import os
import random
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.registry_db import ROUNDS, prepare, signed_in

    registry = prepare("comparison")
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from bench.side_by_side import table, time_side_by_side
    from helhed.citizens.models import ArrivalSource
    from helhed.indicators.definitions import arrivals
    from helhed.indicators.models import IndicatorValue
    from helhed.indicators.reports.models import LiveRelease
    from helhed.indicators.reports.monthly_overview import LEVELS
    from helhed.organisations.models import Municipality
    from helhed.organisations.services import municipality_create

    year = timezone.localdate().year - 1  # a year that has ended: counted to its end
    wanted = int(os.environ.get("BENCH_COMPARISON_MUNICIPALITIES", "98"))
    with transaction.atomic():
        for number in range(wanted - Municipality.objects.count()):
            code = str(900 + number)
            municipality_create(kommunekode=code, name=f"Benchmark {code}", slug=f"bench{code}")
        with_values = set(IndicatorValue.objects.values_list("municipality_id", flat=True))
        everyone = Municipality.objects.order_by("kommunekode")
        chosen = [m for m in everyone if m.id not in with_values]
        rng = random.Random(1)
        # each month's arrivals as change rows: + in the month, - in the month after
        changes: dict[tuple[Municipality, str, str, date], int] = defaultdict(int)
        for municipality in chosen:
            for month in range(1, 13):
                first, after = date(year, month, 1), date(year + month // 12, month % 12 + 1, 1)
                for key, parts in (
                    (arrivals.SOURCE_KEY, list(ArrivalSource.values)),
                    (arrivals.EDUCATION_KEY, list(LEVELS)),
                ):
                    for part in parts:
                        n = rng.choice([0, 0, 1, 2, 3, 6, 9])
                        changes[(municipality, key, part, first)] += n
                        changes[(municipality, key, part, after)] -= n
        rows = [
            IndicatorValue(
                municipality=municipality,
                key=key,
                breakdown=part,
                month=when,
                numerator=n,
                denominator=n,
            )
            for (municipality, key, part, when), n in changes.items()
            if n
        ]
        IndicatorValue.objects.bulk_create(rows, batch_size=2000)
        covered = len(with_values) + len(chosen)

        politician = signed_in("horsens-politiker")
        public = Client()
        url = "/app/indikatorer/landsoversigt/"
        query = {"aar": str(year), "indikator": arrivals.SOURCE_KEY}
        table_name = LiveRelease._meta.db_table

        def forget() -> None:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table_name}")  # noqa: S608 (the model's table)

        pages = {
            "reference: login page": lambda: public.get("/log-ind/").status_code,
            # answered 400 as it should: counted as 200 here
            "comparison, refused year (400)": lambda: (
                200 if politician.get(url, {"aar": "1999"}).status_code == 400 else 400
            ),
            "comparison of arrivals, kept": lambda: politician.get(url, query).status_code,
            "comparison of arrivals, first view after a month's end": lambda: (
                politician.get(url, query).status_code
            ),
        }
        timings = time_side_by_side(
            pages,
            rounds=ROUNDS,
            warmup=1,
            before_each={"comparison of arrivals, first view after a month's end": forget},
        )
        kept = LiveRelease.objects.count()
        transaction.set_rollback(True)
    print(registry.describe(ROUNDS))
    print(f"{covered} municipalities compared; {kept} releases kept by one view\n")
    print(table(timings, "reference: login page", "comparison, refused year (400)"))


if __name__ == "__main__":
    main()
