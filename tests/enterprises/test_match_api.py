"""Name screening (POST /api/v1/match/): the right firm first for a misspelled name, its pinyin
and its traditional form; the limits; bad input refused with reasons; every name logged."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.services import api_token_issue
from enterprises.models import MatchQuery
from tests.factories import DepartmentFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/match/"
HUAWEI_USCC = "914403001922038216"


@pytest.fixture
def firms() -> dict[str, Any]:
    return {
        "huawei": EnterpriseFactory(
            name="华为技术有限公司",
            uscc=HUAWEI_USCC,
            region_id="440305",
            legal_representative="赵明路",
        ),
        "other": EnterpriseFactory(name="安庆华泰食品有限公司", region_id="340802"),
        "zte": EnterpriseFactory(name="中兴通讯股份有限公司", region_id="440305"),
    }


def match(api: APIClient, *queries: dict[str, Any], **extra: Any) -> Any:
    return api.post(URL, {"queries": list(queries), **extra}, format="json")


def top(response: Any, index: int = 0) -> dict[str, Any]:
    assert response.status_code == 200, response.json()
    return response.json()["results"][index]["candidates"][0]


@pytest.mark.parametrize(
    "name",
    [
        "华为技术有限公司",
        "广东省深圳市华为技术有限公司",  # region prefixes
        "华为技术有限责任公司",  # another company form
        "华为枝术有限公司",  # misspelled
        "华为技朮",  # traditional 朮
        "華為技術有限公司",  # traditional
        "huaweijishu",  # pinyin
        "hua wei ji shu",  # pinyin with spaces
        "ｈｕａｗｅｉ",  # full-width letters, the start of the name
        "hwjs",  # initials
    ],
)
def test_it_ranks_the_right_firm_first(api: APIClient, firms: dict[str, Any], name: str) -> None:
    best = top(match(api, {"name": name}))
    assert best["uscc"] == HUAWEI_USCC
    assert 0 < best["score"] <= 1


def test_an_exact_name_scores_one_and_says_what_matched(
    api: APIClient, firms: dict[str, Any]
) -> None:
    best = top(match(api, {"name": "華為技術有限公司"}))
    assert best == {
        "uscc": HUAWEI_USCC,
        "name": "华为技术有限公司",
        "score": 1.0,
        "matched_on": ["name", "pinyin"],
    }


def test_a_homophone_ranks_below_the_written_name(api: APIClient, firms: dict[str, Any]) -> None:
    homophone = EnterpriseFactory(name="华伟技术有限公司", region_id="340802")  # huaweijishu too
    candidates = match(api, {"name": "华为技术"}).json()["results"][0]["candidates"]
    assert [c["uscc"] for c in candidates[:2]] == [HUAWEI_USCC, homophone.uscc]
    assert candidates[0]["score"] > candidates[1]["score"]
    assert candidates[1]["matched_on"] == ["pinyin"]
    # Typed pinyin cannot tell homophones apart: both come first, scored alike.
    typed = match(api, {"name": "huaweijishu"}).json()["results"][0]["candidates"]
    assert {c["uscc"] for c in typed[:2]} == {HUAWEI_USCC, homophone.uscc}
    assert typed[0]["score"] == typed[1]["score"] == 1.0


def test_the_code_representative_and_region_add_to_the_score(
    api: APIClient, firms: dict[str, Any]
) -> None:
    plain = top(match(api, {"name": "华为枝术"}))
    rep = top(match(api, {"name": "华为枝术", "legal_representative": "赵明路", "region": "深圳"}))
    assert rep["score"] > plain["score"]
    assert {"legal_representative", "region"} <= set(rep["matched_on"])
    coded = top(match(api, {"name": "完全不同", "uscc": HUAWEI_USCC.lower()}))
    assert coded["uscc"] == HUAWEI_USCC
    assert coded["score"] == 1.0
    assert "uscc" in coded["matched_on"]
    by_code = top(match(api, {"name": "华为枝术", "region": "440300"}))
    assert "region" in by_code["matched_on"]


def test_it_answers_each_query_in_order_up_to_the_limit(
    api: APIClient, firms: dict[str, Any]
) -> None:
    response = match(
        api, {"name": "华为技术"}, {"name": "中兴通讯"}, {"name": "无此企业名"}, limit=1
    )
    results = response.json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2]
    assert results[0]["name"] == "华为技术"
    assert [len(r["candidates"]) for r in results] == [1, 1, 0]
    assert results[1]["candidates"][0]["uscc"] == firms["zte"].uscc


def test_it_logs_every_name_asked(api: APIClient, firms: dict[str, Any], department: Any) -> None:
    match(api, {"name": "华为技术", "legal_representative": "赵明路"}, {"name": "无此企业名"})
    rows = list(
        MatchQuery.objects.order_by("pk").values(
            "department", "name", "status_code", "candidates", "with_legal_representative"
        )
    )
    assert rows[0]["department"] == department.pk
    assert rows[0]["name"] == "华为技术"
    assert rows[0]["candidates"][0] == HUAWEI_USCC
    assert rows[0]["with_legal_representative"] is True
    assert rows[1]["candidates"] == []
    assert [r["status_code"] for r in rows] == [200, 200]
    assert "赵明路" not in str(list(MatchQuery.objects.values()))  # a person's name is not kept


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "queries"),
        ({"queries": []}, "queries"),
        ({"queries": "华为"}, "queries"),
        ({"queries": ["华为"]}, "queries"),
        ({"queries": [{"name": ""}]}, "name"),
        ({"queries": [{"name": "   "}]}, "name"),
        ({"queries": [{"name": 7}]}, "name"),
        ({"queries": [{"name": "华" * 201}]}, "name"),
        ({"queries": [{"name": "华为", "uscc": "91110000600037341N"}]}, "uscc"),
        ({"queries": [{"name": "华为", "region": ["34"]}]}, "region"),
        ({"queries": [{"name": "华\ud800为"}]}, "name"),
        ({"queries": [{"name": "华为", "legal_representative": "\udc00"}]}, "legal_representative"),
        ({"queries": [{"name": "华为", "colour": "red"}]}, "colour"),
        ({"queries": [{"name": "华为"}], "limit": 0}, "limit"),
        ({"queries": [{"name": "华为"}], "limit": 21}, "limit"),
        ({"queries": [{"name": "华为"}], "limit": "5"}, "limit"),
        ({"queries": [{"name": "华为"}], "limit": True}, "limit"),
    ],
)
def test_it_refuses_bad_input_with_reasons_and_logs_the_call(
    api: APIClient, firms: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    # Sent \u-escaped, as a client may send half a surrogate pair.
    response = api.generic("POST", URL, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in [e["field"] for e in errors]
    assert all(e["reason"] for e in errors)
    assert list(MatchQuery.objects.values_list("name", "status_code")) == [("(invalid)", 400)]


def test_one_bad_query_refuses_the_call_naming_its_index(
    api: APIClient, firms: dict[str, Any]
) -> None:
    response = match(api, {"name": "华为"}, {"name": ""})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"index": 1, "field": "name", "reason": "A name is required."}
    ]


@override_settings(MATCH_MAX_QUERIES=3)
def test_it_takes_at_most_the_set_number_of_queries(api: APIClient, firms: dict[str, Any]) -> None:
    assert match(api, *[{"name": "华为"}] * 3).status_code == 200
    response = match(api, *[{"name": "华为"}] * 4)
    assert response.status_code == 400
    assert "At most 3 queries" in response.json()["errors"][0]["reason"]


def test_reasons_are_in_the_language_of_the_request(token: str, firms: dict[str, Any]) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    response = client.post(URL, {"queries": [{"name": ""}]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["reason"] == "名称为必填项。"


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        ("{not json", "application/json"),
        ('{"queries": [{"name": "a\\u0000"}]}', "application/json"),
        ("name=huawei", "application/x-www-form-urlencoded"),
    ],
)
def test_an_unreadable_body_is_a_logged_400(
    api: APIClient, content: str, content_type: str
) -> None:
    response = api.generic("POST", URL, content, content_type=content_type)
    assert response.status_code == 400
    assert MatchQuery.objects.filter(status_code=400).count() == 1


@pytest.mark.parametrize("who", ["anon", "bad token", "regulator", "enterprise"])
def test_only_departments_may_ask(who: str, client_as: Any, firms: dict[str, Any]) -> None:
    client = client_as({"regulator": "admin", "enterprise": "enterprise"}.get(who, "anon"))
    headers = {"HTTP_AUTHORIZATION": "Bearer cp_not-a-token"} if who == "bad token" else {}
    body = '{"queries": [{"name": "华为"}]}'
    response = client.post(URL, body, content_type="application/json", **headers)
    assert response.status_code == 401
    assert not MatchQuery.objects.exists()


def test_another_department_is_logged_as_itself(firms: dict[str, Any]) -> None:
    other = DepartmentFactory(code="sz-amr", jurisdiction="4403")
    _t, raw = api_token_issue(department=other, name="t", actor=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.post(URL, {"queries": [{"name": "华为"}]}, format="json").status_code == 200
    assert list(MatchQuery.objects.values_list("department__code", flat=True)) == ["sz-amr"]


def test_a_call_reads_a_bounded_number_of_statements_per_name(
    api: APIClient, firms: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        EnterpriseFactory(name=f"华为{n}号科技有限公司")
    names = [{"name": "华为技术"}, {"name": "huawei"}, {"name": "中兴通讯"}]
    # Per name: the candidates (one statement for every index), their keys, the shortlist's
    # firms; plus the token, the log and the transaction.
    with django_assert_max_num_queries(3 * 3 + 5):
        response = match(api, *names, limit=20)
    assert len(response.json()["results"][0]["candidates"]) == 20
