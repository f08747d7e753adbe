"""The forms names are compared in: folding (full-width, traditional), the core name, pinyin
and initials with every reading, the organisation code, and the keys kept per firm."""

from __future__ import annotations

import pytest

from enterprises.models import NameKey
from enterprises.names import (
    CORE,
    INITIALS,
    KEY_MAX,
    MAX_READINGS,
    PINYIN,
    fold,
    is_pinyin_query,
    name_core,
    name_keys,
    org_code_query,
    pinyin_keys,
)
from enterprises.services.register import enterprise_update
from enterprises.services.search_terms import search_index_rebuild
from tests.factories import EnterpriseFactory


def test_it_folds_traditional_and_full_width_characters() -> None:
    assert fold("華為技術有限公司") == "华为技术有限公司"
    assert fold(" ＨＵＡ　Ｗｅｉ ") == "huawei"


def test_it_drops_a_lone_surrogate_instead_of_failing() -> None:
    assert fold("华\ud800为") == "华为"


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("安徽省安庆市华为技术有限公司", "华为技术"),
        ("深圳市华为技术有限公司", "华为技术"),
        ("安庆华泰食品厂", "华泰食品"),
        ("华为投资控股(集团)股份有限公司", "华为投资控股"),
        ("华为技术有限责任公司", "华为技术"),
        # A step that would leave fewer than two characters is not taken.
        ("安庆市公司", "安庆市"),
        ("北京", "北京"),
    ],
)
def test_it_keeps_the_core_of_a_name(name: str, core: str) -> None:
    assert name_core(fold(name)) == core


def test_it_gives_full_pinyin_and_initials() -> None:
    assert pinyin_keys("华为技术") == (["huaweijishu"], ["hwjs"])
    assert pinyin_keys("led灯具")[1][0] == "leddj"  # a Latin run is typed as it is


def test_polyphonic_characters_give_every_reading_up_to_the_cap() -> None:
    full, _initials = pinyin_keys("乐重")  # le/yue, zhong/chong/tong
    assert {"lezhong", "yuezhong", "lechong"} <= set(full)
    assert len(full) <= MAX_READINGS
    many, _ = pinyin_keys("乐重行乐重行")
    assert len(many) == MAX_READINGS


def test_keys_are_cut_to_the_stored_length() -> None:
    keys = name_keys(["华" * 80])
    assert all(len(key) <= KEY_MAX for _kind, key in keys)


def test_a_firm_has_core_pinyin_and_initials_keys_with_and_without_its_region() -> None:
    keys = name_keys(["深圳市华为技术有限公司"])
    assert (CORE, "华为技术") in keys
    assert (PINYIN, "huaweijishu") in keys
    assert (INITIALS, "hwjs") in keys
    assert (PINYIN, "shenzhenshihuaweijishu") in keys


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("192203821", "192203821"),  # of 914403001922038216
        ("19220382-1", "192203821"),
        ("192203822", None),  # wrong check character
        ("19220382", None),  # 8 characters
        ("1922038210", None),  # 10
    ],
)
def test_it_reads_an_organisation_code_only_with_its_check(q: str, expected: str | None) -> None:
    assert org_code_query(q) == expected


@pytest.mark.parametrize(("q", "expected"), [("hw", True), ("h", False), ("华w", False)])
def test_only_latin_letters_are_a_pinyin_query(q: str, expected: bool) -> None:
    assert is_pinyin_query(q) is expected


@pytest.mark.django_db
def test_every_name_write_keeps_the_keys_current() -> None:
    firm = EnterpriseFactory(name="华为技术有限公司")
    assert NameKey.objects.filter(enterprise=firm, kind=PINYIN, key="huaweijishu").exists()
    enterprise_update(actor=None, enterprise=firm, changes={"name": "中兴通讯股份有限公司"})
    keys = set(NameKey.objects.filter(enterprise=firm).values_list("kind", "key"))
    assert (PINYIN, "zhongxingtongxun") in keys
    assert (PINYIN, "huaweijishu") not in keys
    enterprise_update(actor=None, enterprise=firm, changes={"former_names": ["華為技術有限公司"]})
    assert NameKey.objects.filter(enterprise=firm, kind=CORE, key="华为技术").exists()


@pytest.mark.django_db
def test_the_rebuild_writes_the_same_keys_as_the_writes() -> None:
    EnterpriseFactory(name="华为技术有限公司", former_names=["深圳市华为"])
    EnterpriseFactory(name="LED灯具(集团)有限公司")
    written = set(NameKey.objects.values_list("kind", "key", "enterprise_id"))
    NameKey.objects.all().delete()
    search_index_rebuild()
    assert set(NameKey.objects.values_list("kind", "key", "enterprise_id")) == written
