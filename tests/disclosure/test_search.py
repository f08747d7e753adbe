"""Public search: bigram index kept in step, ranking, limits, and the PostgreSQL index paths."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure import search as search_mod
from disclosure.search import SearchQueryError, search_enterprises, search_query_clean
from enterprises.models import Enterprise, NameBigram, SearchDocument
from enterprises.services.register import enterprise_update
from enterprises.services.search_terms import fold, name_bigrams, search_index_rebuild
from tests.factories import EnterpriseFactory, uscc_for

pytestmark = pytest.mark.django_db


def find(q: str, page: int = 1, base: Any = None) -> list[str]:
    base = Enterprise.objects.all() if base is None else base
    return [f.name for f in search_enterprises(q=search_query_clean(q), base=base, page=page).items]


def test_bigrams_stay_within_each_name() -> None:
    assert name_bigrams(["华为技术", "华新"]) == {"华为", "为技", "技术", "华新"}
    assert "术华" not in name_bigrams(["华为技术", "华新"])


def test_folding_takes_full_width_case_and_spaces() -> None:
    assert fold(" ＡＢＣ 华为\u3000科技 ") == "abc华为科技"


def test_two_characters_find_a_name_containing_them() -> None:
    EnterpriseFactory(name="深圳华为技术有限公司")
    EnterpriseFactory(name="安庆华泰食品有限公司")
    assert find("华为") == ["深圳华为技术有限公司"]
    assert find("技术") == ["深圳华为技术有限公司"]


def test_longer_queries_need_adjacent_characters() -> None:
    EnterpriseFactory(name="华为技术")
    EnterpriseFactory(name="技术华为")  # has 华为 and 技术 but not 为技
    assert find("华为技术") == ["华为技术"]
    EnterpriseFactory(name="为技华为术")  # every bigram of 华为技 present, never adjacent
    assert find("华为技") == ["华为技术"]


def test_ranking_exact_code_then_prefix_then_contains() -> None:
    contains = EnterpriseFactory(name="安庆华为电子有限公司")
    prefix = EnterpriseFactory(name="华为终端有限公司")
    assert find("华为") == [prefix.name, contains.name]
    firm = EnterpriseFactory(name="无关公司", uscc=uscc_for(4242))
    # A code prefix lists code matches (in code order) before any name match.
    codes = find(firm.uscc[:8])
    assert codes == [f.name for f in Enterprise.objects.order_by("uscc")]
    assert find(firm.uscc) == [firm.name]
    assert find(firm.uscc.lower()) == [firm.name]  # exact code, lower case


def test_partial_code_finds_by_prefix() -> None:
    a = EnterpriseFactory(region_id="340802")
    EnterpriseFactory(region_id="440305", uscc=uscc_for(99, "440305"))
    assert find(a.uscc[:8]) == [a.name]
    assert find("913408") == [a.name]


def test_former_names_are_found() -> None:
    EnterpriseFactory(name="安庆新名有限公司", former_names=["安庆老字号食品厂"])
    assert find("老字") == ["安庆新名有限公司"]
    assert find("老字号食品") == ["安庆新名有限公司"]


def test_a_rename_updates_the_index_in_the_same_transaction() -> None:
    firm = EnterpriseFactory(name="旧名字公司")
    enterprise_update(actor=None, enterprise=firm, changes={"name": "新名称公司"})
    assert find("旧名") == []
    assert find("名称") == ["新名称公司"]
    assert not NameBigram.objects.filter(enterprise=firm, term="旧名").exists()


def test_one_character_matches_name_prefixes_only() -> None:
    EnterpriseFactory(name="华为终端")
    EnterpriseFactory(name="深圳华为")
    result = search_enterprises(q="华", base=Enterprise.objects.all())
    assert [f.name for f in result.items] == ["华为终端"]
    assert result.prefix_only


@pytest.mark.parametrize("raw", ["华" * 51, "a\x00b"])
def test_queries_the_search_cannot_take_are_refused(raw: str) -> None:
    with pytest.raises(SearchQueryError):
        search_query_clean(raw)


def test_results_are_capped_and_pages_never_repeat(monkeypatch: Any) -> None:
    monkeypatch.setattr(search_mod, "MAX_RESULTS", 7)
    monkeypatch.setattr(search_mod, "PAGE_SIZE", 3)
    for i in range(5):
        EnterpriseFactory(name=f"华为{i}号")  # prefix tier
    for i in range(5):
        EnterpriseFactory(name=f"安庆华为{i}号")  # contains tier
    seen: list[str] = []
    result = search_enterprises(q="华为", base=Enterprise.objects.all(), page=1)
    assert (result.total, result.capped, result.pages) == (7, True, 3)
    for page in (1, 2, 3):
        seen += [
            f.name
            for f in search_enterprises(q="华为", base=Enterprise.objects.all(), page=page).items
        ]
    assert len(seen) == 7 == len(set(seen))
    assert seen[:5] == sorted(seen[:5])
    assert all(n.startswith("华为") for n in seen[:5])


def test_filters_narrow_the_search() -> None:
    EnterpriseFactory(name="华为甲", region_id="340802")
    EnterpriseFactory(name="华为乙", region_id="440305", uscc=uscc_for(55, "440305"))
    assert find("华为", base=Enterprise.objects.filter(region__code__startswith="44")) == ["华为乙"]


def test_query_count_does_not_grow_with_results() -> None:
    for i in range(30):
        EnterpriseFactory(name=f"华为{i}")
        EnterpriseFactory(name=f"深圳华为{i}")
    with CaptureQueriesContext(connection) as ctx:
        result = search_enterprises(q="华为", base=Enterprise.objects.all(), page=2)
    assert len(result.items) == 20
    assert len(ctx.captured_queries) <= 6  # counts per tier, ids per tier, one load


def test_rebuild_reproduces_incremental_updates() -> None:
    EnterpriseFactory(name="ＡＢＣ 华为科技", former_names=["老 名字", ""])
    EnterpriseFactory(name="Mixed Case 公司")
    before = set(NameBigram.objects.values_list("term", "enterprise_id", "at_start"))
    docs = dict(SearchDocument.objects.values_list("enterprise_id", "names"))
    assert search_index_rebuild() == 2
    assert set(NameBigram.objects.values_list("term", "enterprise_id", "at_start")) == before
    assert dict(SearchDocument.objects.values_list("enterprise_id", "names")) == docs


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_serves_every_tier_from_an_index() -> None:
    EnterpriseFactory(name="深圳华为技术有限公司")
    base = Enterprise.objects.all()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plans = []
        tiers = [
            *search_mod._tiers("华为技术", base),
            *search_mod._tiers("华为", base),
            *search_mod._tiers("9134", base),
        ]
        for tier in tiers:
            sql, params = tier.values("pk")[:21].query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plans.append("\n".join(r[0] for r in cursor.fetchall()))
    for plan in plans:
        assert "Seq Scan" not in plan, plan
