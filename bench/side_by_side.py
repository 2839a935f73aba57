# SPDX-License-Identifier: MPL-2.0
"""Timing pages side by side: interleaved rounds, medians and p95 as ratios to a reference.

These machines are shared and noisy; a ratio to a trivial page timed in the same rounds is
what compares between runs, never milliseconds alone.
"""

import os
import statistics
import time
from collections.abc import Callable, Mapping

Request = Callable[[], int]  # makes one request, returns its status code


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def time_side_by_side(
    pages: Mapping[str, Request],
    *,
    rounds: int,
    before_each: Mapping[str, Callable[[], object]] | None = None,
    warmup: int = 0,
) -> dict[str, list[float]]:
    """Each page once per round, in the same order every round; seconds per request. The
    first `warmup` rounds are run the same way and not counted (the process's first
    requests load code and compile templates, and would be the p95 of a short run)."""
    # BENCH_SKIP=drill-down,PDF leaves out the pages whose names hold any of these (the
    # slow ones, in a run about the others; never a reference the table needs)
    skipped = [p.strip() for p in os.environ.get("BENCH_SKIP", "").split(",") if p.strip()]
    pages = {name: r for name, r in pages.items() if not any(p in name for p in skipped)}
    timings: dict[str, list[float]] = {name: [] for name in pages}
    hooks = before_each or {}
    for number in range(warmup + rounds):
        for name, request in pages.items():
            if name in hooks:
                hooks[name]()
            start = time.perf_counter()
            status = request()
            if number >= warmup:
                timings[name].append(time.perf_counter() - start)
            if status != 200:
                raise AssertionError(f"{name} answered {status}")
    return timings


def table(timings: Mapping[str, list[float]], reference: str, same_app: str | None = None) -> str:
    """A Markdown table of median and p95 per page, with their ratios to `reference`, and
    (`same_app`: a trivial page of the same app) the p95's ratio to that page's p95."""
    ref_median = statistics.median(timings[reference])
    ref_p95 = p95(list(timings[reference]))
    app_p95 = p95(list(timings[same_app])) if same_app else None
    extra = (" p95 ratio to the app's trivial page |", " ---: |") if same_app else ("", "")
    lines = [
        "| page | median ms | p95 ms | median ratio | p95 ratio |" + extra[0],
        "| --- | ---: | ---: | ---: | ---: |" + extra[1],
    ]
    for name, values in timings.items():
        median, high = statistics.median(values), p95(list(values))
        line = (
            f"| {name} | {median * 1000:.1f} | {high * 1000:.1f} | "
            f"{median / ref_median:.1f} | {high / ref_p95:.1f} |"
        )
        if app_p95:
            line += f" {high / app_p95:.1f} |"
        lines.append(line)
    return "\n".join(lines)
