"""Public lists, exports, the open-data API's errors, throttling, caching and change feed."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.settings import api_settings

from disclosure import api as api_mod
from disclosure.regions import region_param
from enterprises.models import Enterprise
from enterprises.services.register import enterprise_update
from lists.models import BlacklistEntry
from ratings.models import EnterpriseGrade
from ratings.services.policy import grading_policy_active
from tests.factories import DepartmentFactory, EnterpriseFactory, RegulatorFactory, uscc_for

pytestmark = pytest.mark.django_db


def graded(
    firm: Enterprise, grade: str, *, red: bool, since: dt.date, ratio: float = 0.02
) -> EnterpriseGrade:
    return EnterpriseGrade.objects.create(
        enterprise=firm,
        grade=grade,
        computed_grade=grade,
        supervision_mode="credit",
        inspections_min=0,
        inspections_max=0,
        interview_due=False,
        sampling_ratio=ratio,
        factors=[],
        policy=grading_policy_active(),
        computed_on=since,
        computed_at=timezone.now(),
        grade_since=since,
        red_list=red,
    )


@pytest.fixture
def lists() -> dict[str, Any]:
    today = timezone.localdate()
    aq = EnterpriseFactory(name="安庆红榜甲公司", region_id="340802", industry="C")
    sz = EnterpriseFactory(
        name="深圳红榜乙公司", region_id="440305", industry="I", uscc=uscc_for(500, "440305")
    )
    fallen = EnterpriseFactory(name="安庆降级丙公司", region_id="340802")
    graded(aq, "AA", red=True, since=today - dt.timedelta(days=100))
    graded(sz, "AA", red=True, since=today - dt.timedelta(days=10))
    graded(fallen, "B", red=False, since=today)
    dept = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    officer = RegulatorFactory(role="list_officer", department=dept)
    black = EnterpriseFactory(name="安庆失信丁公司", region_id="340802")
    BlacklistEntry.objects.create(
        enterprise=black,
        department=dept,
        status="listed",
        grounds='=HYPERLINK("x")',
        legal_basis="总局令第44号",
        listed_on=today - dt.timedelta(days=40),
        ends_on=today + dt.timedelta(days=1000),
        created_by=officer,
    )
    return {"aq": aq, "sz": sz, "fallen": fallen, "black": black}


def csv_rows(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_red_list_is_the_current_grades_filtered(lists: dict[str, Any]) -> None:
    c = Client()
    page = c.get("/red-list/").content.decode()
    assert "安庆红榜甲公司" in page
    assert "深圳红榜乙公司" in page
    assert "安庆降级丙公司" not in page
    assert page.index("深圳红榜乙公司") < page.index("安庆红榜甲公司")  # newest first
    only_aq = c.get("/red-list/?region=340000").content.decode()
    assert "安庆红榜甲公司" in only_aq
    assert "深圳红榜乙公司" not in only_aq
    assert "深圳红榜乙公司" not in c.get("/red-list/?industry=C").content.decode()
    since = (timezone.localdate() - dt.timedelta(days=50)).isoformat()
    recent = c.get(f"/red-list/?since_from={since}").content.decode()
    assert "深圳红榜乙公司" in recent
    assert "安庆红榜甲公司" not in recent


def test_red_list_export_matches_the_filter(lists: dict[str, Any]) -> None:
    rows = csv_rows(Client().get("/red-list.csv?region=44"))
    assert [r[0] for r in rows[1:]] == [lists["sz"].uscc]
    api = Client().get("/api/v1/redlist/?region=44").json()
    assert [r["uscc"] for r in api["results"]] == [lists["sz"].uscc]
    assert api["count"] == 1


def test_blacklist_export_defuses_spreadsheet_formulas(lists: dict[str, Any]) -> None:
    response = Client().get("/blacklist.csv")
    assert response["Content-Disposition"].startswith('attachment; filename="blacklist-')
    rows = csv_rows(response)
    assert rows[1][0] == lists["black"].uscc
    assert rows[1][5] == '\'=HYPERLINK("x")'


def test_a_firm_falling_from_aa_leaves_the_red_list_everywhere(lists: dict[str, Any]) -> None:
    EnterpriseGrade.objects.filter(enterprise=lists["aq"]).update(grade="A", red_list=False)
    c = Client()
    assert "安庆红榜甲公司" not in c.get("/red-list/").content.decode()
    assert lists["aq"].uscc not in b"".join(c.get("/red-list.csv").streaming_content).decode()
    assert c.get("/api/v1/enterprises/?list=red&region=34").json()["count"] == 0


@pytest.mark.parametrize(
    "url",
    [
        "/red-list/?region=99",
        "/red-list/?region=abc",
        "/red-list/?industry=Z",
        "/red-list/?grade=AAA",
        "/red-list/?since_from=2026-13-01",
        "/blacklist/?listed_to=yesterday",
        "/blacklist.csv?region=1",
        "/red-list.csv?grade=D",
        "/search/?q=" + "华" * 60,
        "/search/?list=grey",
        "/statistics/?region=999999",
    ],
)
def test_bad_filters_on_pages_get_a_clear_400(lists: dict[str, Any], url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/enterprises/?region=12345", "region"),
        ("/api/v1/enterprises/?grade=D", "grade"),
        ("/api/v1/enterprises/?list=grey", "list"),
        ("/api/v1/enterprises/?search=" + "a" * 51, "search"),
        ("/api/v1/enterprises/?page=abc", "page"),
        ("/api/v1/enterprises/?page=9", "page"),
        ("/api/v1/redlist/?page=0", "page"),
        ("/api/v1/redlist/?page=5", "page"),
        ("/api/v1/blacklist/?listed_from=01/02/2026", "listed_from"),
        ("/api/v1/enterprises/91340802MA2TQ7W0B/", "uscc"),
        ("/api/v1/changes/", "since"),
        ("/api/v1/changes/?since=yesterday", "since"),
        ("/api/v1/changes/?since=2026-01-01T00:00:00Z", "since"),  # more than 31 days
        ("/api/v1/changes/?since=2026-11-01T00:00:00Z&until=2026-10-01T00:00:00Z", "until"),
        ("/api/v1/changes/?since=2026-11-01T00:00:00Z&after=nonsense", "after"),
    ],
)
def test_bad_api_parameters_get_400_naming_the_parameter(
    lists: dict[str, Any], url: str, field: str
) -> None:
    response = Client().get(url)
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_the_open_api_is_anonymous_and_read_only(lists: dict[str, Any]) -> None:
    c = Client()
    for url in ("/api/v1/enterprises/", "/api/v1/redlist/", "/api/v1/blacklist/"):
        assert c.get(url).status_code == 200
        assert c.post(url, {}).status_code == 405


def test_the_open_api_is_throttled_per_client(lists: dict[str, Any], monkeypatch: Any) -> None:
    cache.clear()
    monkeypatch.setitem(api_settings.DEFAULT_THROTTLE_RATES, "public", "3/min")
    c = Client()
    codes = [c.get(f"/api/v1/redlist/?n={i}").status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]
    # A client cannot pick a new identity through X-Forwarded-For (no trusted proxy).
    assert c.get("/api/v1/redlist/?n=9", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429
    cache.clear()


def test_search_api_ranks_and_pages(lists: dict[str, Any]) -> None:
    data = Client().get("/api/v1/enterprises/?search=红榜").json()
    assert [r["name"] for r in data["results"]] == ["安庆红榜甲公司", "深圳红榜乙公司"]
    assert data["results"][0]["grade"] == "AA"
    assert data["results"][0]["red_list"] is True
    black = Client().get("/api/v1/enterprises/?list=black").json()
    assert [r["uscc"] for r in black["results"]] == [lists["black"].uscc]


def test_conditional_get_answers_304_until_the_file_changes(lists: dict[str, Any]) -> None:
    c = Client()
    for url in ("/red-list/", "/api/v1/redlist/", f"/firms/{lists['aq'].uscc}/"):
        first = c.get(url)
        etag, modified = first["ETag"], first["Last-Modified"]
        assert c.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert c.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    etag = c.get("/api/v1/redlist/")["ETag"]
    # updated_at moves the data version
    enterprise_update(actor=None, enterprise=lists["aq"], changes={"name": "安庆改名公司"})
    assert c.get("/api/v1/redlist/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_etag_differs_by_language(lists: dict[str, Any]) -> None:
    c = Client()
    zh = c.get("/red-list/")["ETag"]
    c.post("/i18n/setlang/", {"language": "en", "next": "/red-list/"})
    en = c.get("/red-list/")
    assert en["ETag"] != zh
    assert "Red list" in en.content.decode()


def test_changes_feed_pages_by_cursor_without_gaps(lists: dict[str, Any], monkeypatch: Any) -> None:
    monkeypatch.setattr(api_mod, "CHANGES_PAGE", 2)
    monkeypatch.setattr(api_mod, "COMMIT_MARGIN", dt.timedelta(0))
    since = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    c, seen = Client(), []
    url = f"/api/v1/changes/?since={since.replace('+', '%2B')}"
    while url:
        data = c.get(url).json()
        seen += [(r["kind"], r["id"]) for r in data["results"]]
        url = data["next"]
    kinds = {k for k, _i in seen}
    assert kinds == {"enterprise"}  # grades and entries here were written without events
    assert len(seen) == len(set(seen))
    assert ("enterprise", lists["black"].pk) in seen
    assert len([k for k in seen if k[0] == "enterprise"]) == Enterprise.objects.count()


def test_region_cascade_ignores_a_stale_deeper_choice() -> None:
    from django.http import QueryDict

    assert region_param(QueryDict("region=340000&region=340800&region=340802")) == "340802"
    assert region_param(QueryDict("region=440000&region=340800")) == "440000"
    assert region_param(QueryDict("region=340000&region=&region=")) == "340000"
    assert region_param(QueryDict("")) == ""


def test_api_schema_and_docs_are_served_offline(db: Any) -> None:
    c = Client()
    schema = c.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/enterprises/",
        "/api/v1/redlist/",
        "/api/v1/blacklist/",
        "/api/v1/changes/",
    ):
        assert path in schema
    docs = c.get("/api/docs/").content.decode()
    assert "https://" not in docs
    assert "http://" not in docs.replace("http://testserver", "")


@override_settings(LANGUAGE_CODE="zh-hans")
def test_pages_render_in_chinese_by_default(lists: dict[str, Any]) -> None:
    c = Client(HTTP_ACCEPT_LANGUAGE="en")
    for url in ("/", "/search/?q=红榜", "/red-list/", "/blacklist/", "/statistics/", "/grading/"):
        response = c.get(url)
        assert response.status_code == 200, url
        assert '<html lang="zh-hans">' in response.content.decode()


def test_anonymous_pages_are_rendered_once_per_data_version(lists: dict[str, Any]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = Client()
    first = c.get("/red-list/")
    assert "csrfmiddlewaretoken" not in first.content.decode()  # nothing per visitor inside
    with CaptureQueriesContext(connection) as again:
        second = c.get("/red-list/")
    assert second.content == first.content
    assert len(again.captured_queries) == 1  # the data version only
    enterprise_update(actor=None, enterprise=lists["aq"], changes={"name": "安庆新名红榜公司"})
    assert "安庆新名红榜公司" in c.get("/red-list/").content.decode()


def test_the_last_seconds_wait_for_the_next_call(lists: dict[str, Any]) -> None:
    """An event stamped a moment ago may belong to a transaction still committing."""
    since = (timezone.now() - dt.timedelta(hours=1)).isoformat().replace("+", "%2B")
    data = Client().get(f"/api/v1/changes/?since={since}").json()
    assert data["results"] == []
    assert (
        dt.datetime.fromisoformat(data["until"].replace("Z", "+00:00"))
        <= timezone.now() - api_mod.COMMIT_MARGIN
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/enterprises/?page=²",
        "/api/v1/changes/?since=2026-11-01T00:00:00Z&after=2026-02-30T00:00:00~grade~1",
    ],
)
def test_odd_numbers_and_impossible_dates_are_400_not_500(url: str, lists: dict[str, Any]) -> None:
    assert Client().get(url).status_code == 400


def test_the_feed_never_announces_a_penalty_that_cannot_be_public(
    lists: dict[str, Any], monkeypatch: Any
) -> None:
    from tests.factories import PenaltyFactory

    monkeypatch.setattr(api_mod, "COMMIT_MARGIN", dt.timedelta(0))
    warning = PenaltyFactory(enterprise=lists["aq"], kind="warning", amount=None)
    simple = PenaltyFactory(enterprise=lists["aq"], procedure="simplified")
    fine = PenaltyFactory(enterprise=lists["aq"], amount=200000)
    since = (timezone.now() - dt.timedelta(hours=1)).isoformat().replace("+", "%2B")
    data = Client().get(f"/api/v1/changes/?since={since}").json()
    penalties = {r["id"] for r in data["results"] if r["kind"] == "penalty"}
    assert penalties == {fine.pk}
    assert warning.pk not in penalties
    assert simple.pk not in penalties
