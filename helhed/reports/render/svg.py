# SPDX-License-Identifier: MPL-2.0
"""A chart as SVG that reads the same in the browser and in WeasyPrint's PDF.

Only presentation attributes, no `style` (the content security policy forbids inline
style) and no script. The picture is labelled by its title and a description; the
numbers are in the table every renderer puts beside it, so the SVG need not be read by
assistive technology point by point.
"""

import math
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from helhed.reports.document import Chart, Column
from helhed.reports.render.numbers import display

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 52, 64
# DKFDS blue, orange, green, purple, grey: distinguishable for the common colour blindnesses,
# and each series also has its own marker shape
COLOURS = ("#0059b3", "#b35c00", "#358000", "#6a2c91", "#545454")
MARKERS = ("circle", "square", "diamond", "triangle", "circle")


def _nice_maximum(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover (the loop ends at 10 x magnitude)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _text(
    x: float, y: float, text: str, *, anchor: str = "middle", size: int = 11, extra: str = ""
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'font-family="IBM Plex Sans, DejaVu Sans, sans-serif" fill="#1a1a1a"{extra}>'
        f"{escape(text)}</text>"
    )


def chart_svg(chart: Chart, *, element_id: str) -> str:
    values = [v for s in chart.series for v in s.values if v is not None]
    top = _nice_maximum(max(values, default=0.0))
    if chart.unit == "%" and max(values, default=0.0) <= 100:
        top = min(top, 100.0)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(chart.categories), 1)
    axis = Column("", "percent" if chart.unit == "%" else "number", chart.decimals)

    def y_of(value: float) -> float:
        return TOP + plot_h - value / top * plot_h

    def x_of(index: int) -> float:
        return LEFT + (index + 0.5) * plot_w / n

    title_id, desc_id = f"{element_id}-title", f"{element_id}-desc"
    description = _("%(y)s (%(unit)s) by %(x)s; the numbers are in the table below.") % {
        "y": chart.y_label,
        "unit": chart.unit,
        "x": chart.x_label,
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" class="helhed-chart" '
        f'aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        _text(8, 18, chart.title, anchor="start", size=14, extra=' font-weight="700"'),
        _text(LEFT, 40, f"{chart.y_label} ({chart.unit})", anchor="start", size=12),
    ]
    ticks = 5
    for i in range(ticks + 1):
        value = top * i / ticks
        y = y_of(value)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="#d9d9d9" stroke-width="1"/>'
        )
        label = display(round(value, chart.decimals) if chart.decimals else round(value), axis)
        parts.append(_text(LEFT - 6, y + 4, label.removesuffix(" %"), anchor="end"))
    step = max(1, math.ceil(n / 12))  # at most 12 category labels
    for i, category in enumerate(chart.categories):
        if i % step == 0:
            parts.append(_text(x_of(i), TOP + plot_h + 18, category))
    parts.append(_text(LEFT + plot_w / 2, TOP + plot_h + 38, chart.x_label, size=12))
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        f'stroke="#1a1a1a" stroke-width="1"/>'
    )
    bars = [s for s in chart.series if not s.reference] if chart.kind == "bar" else []
    band = plot_w / n * 0.8
    for number, series in enumerate(chart.series):
        colour, shape = COLOURS[number % len(COLOURS)], MARKERS[number % len(MARKERS)]
        if series in bars:
            width = band / len(bars)
            offset = bars.index(series) * width - band / 2
            for i, bar in enumerate(series.values):
                if bar is not None:
                    x, y = x_of(i) + offset, y_of(bar)
                    parts.append(
                        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width * 0.9:.1f}" '
                        f'height="{TOP + plot_h - y:.1f}" fill="{colour}"/>'
                    )
            continue
        dash = ' stroke-dasharray="6 4"' if series.reference else ""
        run: list[str] = []
        for i, point in enumerate([*series.values, None]):
            if point is not None:
                run.append(f"{x_of(i):.1f},{y_of(point):.1f}")
            elif run:  # a missing value breaks the line
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash}/>'
                )
                run = []
        if not series.reference:
            parts.extend(
                _marker(shape, x_of(i), y_of(v), colour)
                for i, v in enumerate(series.values)
                if v is not None
            )
    # the legend, below the axis label
    x = LEFT
    for number, series in enumerate(chart.series):
        colour, shape = COLOURS[number % len(COLOURS)], MARKERS[number % len(MARKERS)]
        y = HEIGHT - 10
        if chart.kind == "bar" and not series.reference:
            parts.append(f'<rect x="{x + 3}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        elif series.reference:
            parts.append(
                f'<line x1="{x}" y1="{y - 4}" x2="{x + 18}" y2="{y - 4}" stroke="{colour}" '
                f'stroke-width="2" stroke-dasharray="6 4"/>'
            )
        else:
            parts.append(_marker(shape, x + 9, y - 4, colour))
        parts.append(_text(x + 24, y, series.name, anchor="start"))
        x += 34 + 7 * len(series.name)
    parts.append("</svg>")
    return "".join(parts)
