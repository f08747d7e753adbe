"""Server-rendered SVG charts: no script, no remote asset, readable by screen readers.

Each chart has a <title> and <desc>, and every page that shows one also shows its numbers
in a table, so nothing is conveyed by colour or shape alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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
    """Horizontal bars, one per row, each split by share of `keys` (100 % wide)."""
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
        for key in keys:
            width = bar_w * counts.get(key, 0) / total
            if width > 0:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                        "<title>{} {}: {}</title></rect>",
                        f"{x_pos:.1f}",
                        y + 3,
                        f"{width:.1f}",
                        row_h - 6,
                        colours[key],
                        label,
                        key_labels[key],
                        counts.get(key, 0),
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
    colour: str = "#9b1c1c",
) -> SafeString:
    """Vertical columns, one per point (e.g. a month), labelled every few columns."""
    left, width, height, bottom = 40, 640, 220, 30
    peak = max((v for _l, v in points), default=0) or 1
    step = width / max(len(points), 1)
    parts = [
        format_html(
            '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
            'xmlns="http://www.w3.org/2000/svg"><title>{}</title><desc>{}</desc>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#5b6573"/>'
            '<text x="{}" y="14" font-size="12" text-anchor="end">{}</text>',
            left + width + 10,
            height + bottom,
            title,
            description,
            left,
            height,
            left + width,
            height,
            left - 4,
            peak,
        )
    ]
    every = max(1, len(points) // 8)
    for i, (label, value) in enumerate(points):
        h = (height - 20) * value / peak
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
