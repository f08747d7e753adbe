from __future__ import annotations

import pytest

from enterprises.models import Region, RegionLevel
from enterprises.services.regions import regions_load

pytestmark = pytest.mark.django_db


def test_it_loads_thousands_of_real_regions() -> None:
    assert Region.objects.filter(level=RegionLevel.PROVINCE).count() == 34
    assert Region.objects.filter(level=RegionLevel.CITY).count() > 300
    assert Region.objects.filter(level=RegionLevel.COUNTY).count() > 2800


@pytest.mark.parametrize(
    ("code", "name", "chain"),
    [
        ("440305", "南山区", ["440300", "440000"]),
        ("340800", "安庆市", ["340000"]),
        ("110108", "海淀区", ["110100", "110000"]),
        ("310115", "浦东新区", ["310100", "310000"]),
        ("429004", "仙桃市", ["429000", "420000"]),
    ],
)
def test_it_links_each_region_to_its_parents(code: str, name: str, chain: list[str]) -> None:
    region = Region.objects.get(code=code)
    assert region.name == name
    parents = []
    while region.parent_id:
        region = region.parent
        parents.append(region.code)
    assert parents == chain


def test_every_county_has_a_city_and_every_city_a_province() -> None:
    assert (
        not Region.objects.filter(level=RegionLevel.COUNTY)
        .exclude(parent__level=RegionLevel.CITY)
        .exists()
    )
    assert (
        not Region.objects.filter(level=RegionLevel.CITY)
        .exclude(parent__level=RegionLevel.PROVINCE)
        .exists()
    )


def test_loading_again_adds_nothing() -> None:
    assert regions_load() == 0


@pytest.mark.parametrize(
    ("code", "prefix"), [("440000", "44"), ("440300", "4403"), ("440305", "440305")]
)
def test_it_gives_the_jurisdiction_prefix(code: str, prefix: str) -> None:
    assert Region.objects.get(code=code).prefix == prefix
