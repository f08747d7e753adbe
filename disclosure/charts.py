"""Server-rendered SVG charts: no script, no remote asset, readable by screen readers.

Each chart has a <title> and <desc>, and every page that shows one also shows its numbers
in a table, so nothing is conveyed by colour or shape alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

MIN_SEGMENT = 3.0  # px: the narrowest a non-empty share is drawn


def percent(part: int, whole: int) -> str:
    """A share as people read it: one decimal under 10 %, whole numbers above ("0.4 %")."""
    if whole <= 0:
        return "0 %"
    share = 100 * part / whole
    return f"{share:.1f} %" if share < 10 else f"{share:.0f} %"


def _segment_widths(values: Sequence[int], *, total: float) -> list[float]:
    """Widths proportional to `values` summing to `total`, none non-empty below MIN_SEGMENT."""
    whole = sum(values)
    if whole <= 0:
        return [0.0 for _v in values]
    raw = [total * v / whole for v in values]
    small = [v > 0 and w < MIN_SEGMENT for v, w in zip(values, raw, strict=True)]
    given = MIN_SEGMENT * sum(small)
    rest = sum(w for w, s in zip(raw, small, strict=True) if not s)
    scale = (total - given) / rest if rest else 0.0
    return [MIN_SEGMENT if s else w * scale for w, s in zip(raw, small, strict=True)]


GRADE_COLOURS = {"AA": "#1f6f43", "A": "#2f7d9b", "B": "#a08a2e", "C": "#a61b1b", "": "#9aa3ad"}


def stacked_bars(
    *,
    title: str,
    description: str,
    rows: Sequence[tuple[str, dict[str, int]]],
    keys: Sequence[str],
    colours: dict[str, str],
    key_labels: dict[str, str],
) -> SafeString:
    """Horizontal bars, one per row, each split by share of `keys` (100 % wide). A class with
    any firm gets at least MIN_SEGMENT px, so 5 AA firms among 1,401 stay visible (the others
    give up the width; the table beside the chart has the exact shares)."""
    label_w, bar_w, row_h, top = 150, 480, 26, 34
    height = top + row_h * len(rows) + 10
    parts = [
        format_html(
            '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
            'xmlns="http://www.w3.org/2000/svg"><title>{}</title><desc>{}</desc>',
            label_w + bar_w + 10,
            height,
            title,
            description,
        )
    ]
    x = label_w
    for key in keys:  # legend
        parts.append(
            format_html(
                '<rect x="{}" y="6" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="17" font-size="12">{}</text>',
                x,
                colours[key],
                x + 16,
                key_labels[key],
            )
        )
        x += 16 + 9 * max(2, len(key_labels[key])) + 14
    for i, (label, counts) in enumerate(rows):
        y = top + i * row_h
        total = sum(counts.get(k, 0) for k in keys) or 1
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="13" text-anchor="end">{}</text>',
                label_w - 8,
                y + 16,
                label,
            )
        )
        x_pos = float(label_w)
        widths = _segment_widths([counts.get(k, 0) for k in keys], total=bar_w)
        for key, width in zip(keys, widths, strict=True):
            if width > 0:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                        "<title>{} {}: {} ({})</title></rect>",
                        f"{x_pos:.1f}",
                        y + 3,
                        f"{width:.1f}",
                        row_h - 6,
                        colours[key],
                        label,
                        key_labels[key],
                        counts.get(key, 0),
                        percent(counts.get(key, 0), total),
                    )
                )
            x_pos += width
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308 (every part is escaped above)


def columns(
    *,
    title: str,
    description: str,
    points: Sequence[tuple[str, int]],
    x_label: str,
    y_label: str,
    colour: str = "#9b1c1c",
) -> SafeString:
    """Vertical columns, one per point (e.g. a month), labelled every few columns, with a
    y-axis of whole-number ticks and both axes named."""
    left, width, height, bottom = 56, 640, 220, 46
    peak = max((v for _l, v in points), default=0)
    ticks = _ticks(peak)
    top = ticks[-1] or 1
    step = width / max(len(points), 1)
    parts = [
        format_html(
            '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
            'xmlns="http://www.w3.org/2000/svg"><title>{}</title><desc>{}</desc>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#5b6573"/>'
            '<text x="14" y="{}" font-size="12" text-anchor="middle" '
            'transform="rotate(-90 14 {})">{}</text>'
            '<text x="{}" y="{}" font-size="12" text-anchor="middle">{}</text>',
            left + width + 10,
            height + bottom,
            title,
            description,
            left,
            height,
            left + width,
            height,
            height // 2,
            height // 2,
            y_label,
            left + width // 2,
            height + bottom - 4,
            x_label,
        )
    ]
    for tick in ticks:
        y = height - (height - 20) * tick / top
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d5dae0"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>',
                left,
                f"{y:.1f}",
                left + width,
                f"{y:.1f}",
                left - 6,
                f"{y + 4:.1f}",
                tick,
            )
        )
    every = max(1, len(points) // 8)
    for i, (label, value) in enumerate(points):
        h = (height - 20) * value / top
        x = left + i * step
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
                f"{x + 2:.1f}",
                f"{height - h:.1f}",
                f"{max(step - 4, 1):.1f}",
                f"{h:.1f}",
                colour,
                label,
                value,
            )
        )
        if i % every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
                    f"{x + step / 2:.1f}",
                    height + 18,
                    label,
                )
            )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308


def _ticks(peak: int) -> list[int]:
    """0 and at most four more whole-number ticks, a step of 1, 2 or 5 × 10^n, up to `peak`
    or just past it."""
    if peak <= 0:
        return [0, 1]
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if peak / step <= 4:
                top = -(-peak // step) * step
                return list(range(0, top + 1, step))
        magnitude *= 10
