"""Search the way people type: full pinyin, initials, mixed forms, traditional characters and
the organisation code find a firm, in the public search and the enterprise API, after every
character match; on PostgreSQL each from an index."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from disclosure import search as search_mod
from disclosure.search import search_enterprises, search_query_clean
from enterprises.models import Enterprise
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
HUAWEI_USCC = "914403001922038216"  # organisation code 19220382-1


def find(q: str) -> list[str]:
    page = search_enterprises(q=search_query_clean(q), base=Enterprise.objects.all())
    return [f.name for f in page.items]


@pytest.fixture
def huawei() -> Enterprise:
    return EnterpriseFactory(name="华为技术有限公司", uscc=HUAWEI_USCC, region_id="440305")


@pytest.mark.parametrize(
    "q", ["huawei", "hw", "hua wei", "HuaWei", "huaweij", "hwjs", "華為", "192203821", "19220382-1"]
)
def test_it_finds_the_firm_the_way_people_type_it(huawei: Enterprise, q: str) -> None:
    EnterpriseFactory(name="安庆华泰食品有限公司")
    assert find(q)[0] == huawei.name


def test_a_region_prefix_does_not_hide_the_trade_name(huawei: Enterprise) -> None:
    shenzhen = EnterpriseFactory(name="深圳市华为终端有限公司")
    assert set(find("huawei")) == {huawei.name, shenzhen.name}
    assert find("shenzhenshihuawei") == [shenzhen.name]


def test_pinyin_matches_come_after_character_matches(huawei: Enterprise) -> None:
    written = EnterpriseFactory(name="HW电子有限公司")  # "hw" in its characters
    initials = EnterpriseFactory(name="海王生物有限公司")  # hw by initials too
    found = find("hw")
    assert found[0] == written.name
    assert set(found[1:]) == {huawei.name, initials.name}


def test_full_pinyin_comes_before_initials() -> None:
    by_initials = EnterpriseFactory(name="海鹅羽绒有限公司")  # hai e yu rong: "he" by initials
    by_full = EnterpriseFactory(name="恒升电器有限公司")  # heng sheng: "he" by full pinyin
    assert find("he") == [by_full.name, by_initials.name]
    assert find("hs") == [by_full.name]  # no full key starts with hs


def test_a_wrong_organisation_check_finds_nothing(huawei: Enterprise) -> None:
    assert find("192203822") == []


def test_the_exact_organisation_code_ranks_before_code_prefixes(huawei: Enterprise) -> None:
    assert find("192203821") == [huawei.name]


def test_the_public_page_and_the_api_find_by_pinyin(client: Client, huawei: Enterprise) -> None:
    page = client.get("/search/", {"q": "hw"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert huawei.name in page.content.decode()
    api = client.get("/api/v1/enterprises/", {"search": "huawei"})
    assert [r["uscc"] for r in api.json()["results"]] == [huawei.uscc]
    api = client.get("/api/v1/enterprises/", {"search": "華為"})
    assert [r["uscc"] for r in api.json()["results"]] == [huawei.uscc]


def test_pinyin_tiers_read_in_constant_queries(
    django_assert_max_num_queries: Any, huawei: Enterprise
) -> None:
    for n in range(15):
        EnterpriseFactory(name=f"华威{n}号有限公司")
    with django_assert_max_num_queries(6):  # code, 2-letter bigram tiers, 2 pinyin, firms
        found = find("hw")
    assert len(found) == 16


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_serves_pinyin_and_organisation_codes_from_an_index(
    huawei: Enterprise,
) -> None:
    base = Enterprise.objects.all()
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for q in ("huawei", "hwjs", "192203821"):
            for tier in search_mod._tiers(q, base):
                sql, params = tier[:21].query.sql_with_params()
                cursor.execute("EXPLAIN " + sql, params)
                plans.append("\n".join(r[0] for r in cursor.fetchall()))
    pinyin = [p for p in plans if "enterprises_namekey" in p]
    assert pinyin, plans
    assert all("namekey_prefix_c_idx" in p for p in pinyin), pinyin
    assert any("enterprise_org_code_idx" in p for p in plans), plans
    for plan in plans:
        assert "Seq Scan" not in plan, plan
