"""双公示: the public licence and penalty lists, their filters, exports and API."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from disclosure.dual_publicity import public_licences, public_penalty_list
from publicity.rules import penalty_public, publicity_rules
from tests.clock import noon
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    LicenceFactory,
    PenaltyFactory,
    uscc_for,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _today(time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY), tick=False)


@pytest.fixture
def file() -> dict[str, Any]:
    aq_dept = DepartmentFactory(code="aq-amr", name="安庆市市场监督管理局")
    sz_dept = DepartmentFactory(code="sz-amr", name="深圳市市场监督管理局", jurisdiction="4403")
    aq = EnterpriseFactory(name="安庆华泰食品有限公司", region_id="340802")
    sz = EnterpriseFactory(
        name="深圳鹏城电器有限公司", region_id="440305", uscc=uscc_for(900, "440305")
    )
    return {"aq": aq, "sz": sz, "aq_dept": aq_dept, "sz_dept": sz_dept}


def shown(**kw: Any) -> Any:
    """A fine above the low-fine threshold decided this year: in its long window today."""
    return PenaltyFactory(**{"amount": 500_000, "decided_on": dt.date(2026, 6, 1), **kw})


def speaking(language: str) -> Client:
    """Pages answer in Chinese first; the language switch (a cookie) chooses another."""
    client = Client()
    client.cookies["django_language"] = language
    return client


def csv_rows(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # spreadsheet programs read it as UTF-8
    return list(csv.reader(io.StringIO(body[1:])))


# Licences ---------------------------------------------------------------------------------


def test_it_lists_licences_valid_through_their_last_day(file: dict[str, Any]) -> None:
    kept = {
        LicenceFactory(enterprise=file["aq"], licence_no="L-today", valid_until=TODAY).pk,
        LicenceFactory(enterprise=file["aq"], licence_no="L-tomorrow", valid_until=TODAY + DAY).pk,
        LicenceFactory(enterprise=file["aq"], licence_no="L-open", valid_until=None).pk,
    }
    LicenceFactory(enterprise=file["aq"], licence_no="L-expired", valid_until=TODAY - DAY)
    LicenceFactory(enterprise=file["aq"], licence_no="L-revoked", status="revoked")
    LicenceFactory(enterprise=file["aq"], licence_no="L-suspended", status="suspended")
    LicenceFactory(enterprise=file["aq"], licence_no="L-withdrawn", withdrawn_on=TODAY - DAY)

    assert set(public_licences().values_list("pk", flat=True)) == kept
    page = Client().get("/licences/").content.decode()
    for shown in ("L-today", "L-tomorrow", "L-open"):
        assert shown in page
    for hidden in ("L-expired", "L-revoked", "L-suspended", "L-withdrawn"):
        assert hidden not in page
    api = Client().get("/api/v1/dual-publicity/licences/").json()
    assert {r["licence_no"] for r in api["results"]} == {"L-today", "L-tomorrow", "L-open"}


def test_the_profile_and_the_licence_list_show_the_same_licences(file: dict[str, Any]) -> None:
    LicenceFactory(enterprise=file["aq"], licence_no="L-shown", valid_until=TODAY)
    LicenceFactory(enterprise=file["aq"], licence_no="L-gone", valid_until=TODAY - DAY)
    profile = Client().get(f"/firms/{file['aq'].uscc}/").content.decode()
    assert "L-shown" in profile
    assert "L-gone" not in profile


def test_it_filters_licences_by_region_department_date_and_name(file: dict[str, Any]) -> None:
    LicenceFactory(
        enterprise=file["aq"],
        source_department=file["aq_dept"],
        licence_no="L-AQ",
        issued_on=dt.date(2026, 3, 1),
    )
    LicenceFactory(
        enterprise=file["sz"],
        source_department=file["sz_dept"],
        licence_no="L-SZ",
        issued_on=dt.date(2026, 3, 2),
    )

    def numbers(**params: str) -> set[str]:
        answer = Client().get("/api/v1/dual-publicity/licences/", params)
        assert answer.status_code == 200, answer.content
        return {r["licence_no"] for r in answer.json()["results"]}

    assert numbers() == {"L-AQ", "L-SZ"}
    assert numbers(region="44") == {"L-SZ"}
    assert numbers(region="340802") == {"L-AQ"}
    assert numbers(department="aq-amr") == {"L-AQ"}
    # The day before, of and after the issue date, from both ends of the range.
    assert numbers(decided_from="2026-03-02") == {"L-SZ"}
    assert numbers(decided_to="2026-03-01") == {"L-AQ"}
    assert numbers(decided_from="2026-03-01", decided_to="2026-03-01") == {"L-AQ"}
    assert numbers(decided_from="2026-03-03") == set()
    assert numbers(q="鹏城") == {"L-SZ"}  # two characters of the name
    assert numbers(q="华泰食品") == {"L-AQ"}
    assert numbers(q=file["sz"].uscc[:8]) == {"L-SZ"}  # the start of a code
    assert numbers(q=file["aq"].uscc) == {"L-AQ"}


def test_the_licence_page_filters_as_the_api_does(file: dict[str, Any]) -> None:
    LicenceFactory(enterprise=file["aq"], source_department=file["aq_dept"], licence_no="L-AQ")
    LicenceFactory(enterprise=file["sz"], source_department=file["sz_dept"], licence_no="L-SZ")
    # The region cascade: a province, then a city of it.
    page = Client().get("/licences/?region=440000&region=440300&department=sz-amr").content
    assert b"L-SZ" in page
    assert b"L-AQ" not in page
    assert "鹏城".encode() in Client().get("/licences/", {"q": "鹏城"}).content


# Penalties --------------------------------------------------------------------------------


def test_it_lists_exactly_the_penalties_public_today(file: dict[str, Any]) -> None:
    rules = publicity_rules()
    short_last = TODAY.replace(month=TODAY.month - rules.short_months)  # within through today
    rows = [
        PenaltyFactory(enterprise=file["aq"], decision_no="P-fine", amount=500_000),
        PenaltyFactory(enterprise=file["aq"], decision_no="P-warning", kind="warning"),
        PenaltyFactory(enterprise=file["aq"], decision_no="P-simple", procedure="simplified"),
        PenaltyFactory(
            enterprise=file["aq"], decision_no="P-revoked", revoked=True, revoked_on=TODAY
        ),
        PenaltyFactory(enterprise=file["aq"], decision_no="P-low-last", decided_on=short_last),
        PenaltyFactory(
            enterprise=file["aq"], decision_no="P-low-over", decided_on=short_last - DAY
        ),
        PenaltyFactory(enterprise=file["aq"], decision_no="P-future", decided_on=TODAY + DAY),
    ]
    expected = {p.decision_no for p in rows if penalty_public(p, today=TODAY, rules=rules)}
    assert expected == {"P-fine", "P-low-last"}  # the rule itself, on these rows

    assert {p.decision_no for p in public_penalty_list()} == expected
    page = Client().get("/penalties/").content.decode()
    for row in rows:
        assert (row.decision_no in page) == (row.decision_no in expected)
    api = Client().get("/api/v1/dual-publicity/penalties/").json()
    assert {r["decision_no"] for r in api["results"]} == expected
    low = next(r for r in api["results"] if r["decision_no"] == "P-low-last")
    assert low["publicity_ends_on"] == (TODAY + DAY).isoformat()  # no longer shown tomorrow


def test_it_filters_penalties_by_region_department_date_and_name(file: dict[str, Any]) -> None:
    PenaltyFactory(
        enterprise=file["aq"],
        source_department=file["aq_dept"],
        decision_no="P-AQ",
        decided_on=dt.date(2026, 6, 1),
        amount=500_000,  # above the low-fine threshold: the long window
    )
    PenaltyFactory(
        enterprise=file["sz"],
        source_department=file["sz_dept"],
        decision_no="P-SZ",
        decided_on=dt.date(2026, 6, 2),
        amount=500_000,
    )

    def numbers(**params: str) -> set[str]:
        answer = Client().get("/api/v1/dual-publicity/penalties/", params)
        assert answer.status_code == 200, answer.content
        return {r["decision_no"] for r in answer.json()["results"]}

    assert numbers(region="34") == {"P-AQ"}
    assert numbers(department="sz-amr") == {"P-SZ"}
    assert numbers(decided_from="2026-06-02") == {"P-SZ"}
    assert numbers(decided_to="2026-06-01") == {"P-AQ"}
    assert numbers(q="华泰") == {"P-AQ"}
    assert numbers(q="鹏城电器") == {"P-SZ"}


# Exports ----------------------------------------------------------------------------------


def test_the_exports_follow_the_filters_and_defuse_formulas(file: dict[str, Any]) -> None:
    shown(enterprise=file["aq"], decision_no='=HYPERLINK("x")')
    shown(enterprise=file["sz"], decision_no="P-SZ")
    LicenceFactory(enterprise=file["aq"], licence_no="@SUM(A1)", scope="+1")

    for url in ("/penalties.csv", "/api/v1/dual-publicity/penalties/csv/"):
        response = Client().get(url, {"region": "34"})
        assert response["Content-Disposition"].startswith('attachment; filename="penalties-')
        rows = csv_rows(response)
        assert [r[0] for r in rows[1:]] == [file["aq"].uscc]
        assert rows[1][4] == '\'=HYPERLINK("x")'
    for url in ("/licences.csv", "/api/v1/dual-publicity/licences/csv/"):
        rows = csv_rows(Client().get(url))
        assert rows[1][4] == "'@SUM(A1)"
        assert rows[1][6] == "'+1"


# Bad input at every entry point -----------------------------------------------------------

BAD = [
    {"region": "99"},  # no such region on file
    {"region": "3"},
    {"decided_from": "2026/01/05"},
    {"decided_to": "2026-02-30"},
    {"department": "nowhere"},
    {"industry": "ZZ"},
    {"q": "华" * 51},
]
ENTRY_POINTS = [
    "/licences/",
    "/penalties/",
    "/licences.csv",
    "/penalties.csv",
    "/api/v1/dual-publicity/licences/",
    "/api/v1/dual-publicity/penalties/",
    "/api/v1/dual-publicity/licences/csv/",
    "/api/v1/dual-publicity/penalties/csv/",
]


@pytest.mark.parametrize("params", BAD)
@pytest.mark.parametrize("url", ENTRY_POINTS)
def test_it_refuses_bad_filters_with_a_400(file: dict[str, Any], url: str, params: Any) -> None:
    PenaltyFactory(enterprise=file["aq"])
    LicenceFactory(enterprise=file["aq"])
    assert Client().get(url, params).status_code == 400


@pytest.mark.parametrize("page", ["0", "x", "99"])
def test_the_api_refuses_a_page_that_is_not_one(file: dict[str, Any], page: str) -> None:
    shown(enterprise=file["aq"])
    answer = Client().get("/api/v1/dual-publicity/penalties/", {"page": page})
    assert answer.status_code == 400
    assert "page" in str(answer.json())


# Query counts -----------------------------------------------------------------------------


def _many(file: dict[str, Any]) -> None:
    for n in range(30):
        firm = EnterpriseFactory(name=f"安庆批量{n}号公司")
        shown(enterprise=firm, source_department=file["aq_dept"])
        LicenceFactory(enterprise=firm, source_department=file["aq_dept"])


@pytest.mark.parametrize("url", ["/licences/", "/penalties/"])
def test_the_list_pages_read_in_constant_queries(
    file: dict[str, Any], url: str, django_assert_max_num_queries: Any
) -> None:
    _many(file)
    # session-free: policy, departments, provinces, count, rows, data version (+ savepoints)
    with django_assert_max_num_queries(9):
        answer = Client().get(url)
    assert answer.status_code == 200
    assert answer.content.count(b"<tr>") == 21  # the header and a full page


@pytest.mark.parametrize(
    "url", ["/api/v1/dual-publicity/licences/", "/api/v1/dual-publicity/penalties/"]
)
def test_the_api_lists_read_in_constant_queries(
    file: dict[str, Any], url: str, django_assert_max_num_queries: Any
) -> None:
    _many(file)
    with django_assert_max_num_queries(6):
        answer = Client().get(url)
    assert answer.json()["count"] == 30
    assert len(answer.json()["results"]) == 20


# Languages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title"),
    [("zh-hans", "行政处罚"), ("en", "Administrative penalties")],
)
def test_the_penalty_page_speaks_both_languages(
    file: dict[str, Any], language: str, title: str
) -> None:
    page = speaking(language).get("/penalties/").content.decode()
    assert f"<h1>{title}" in page


# Indexes ----------------------------------------------------------------------------------


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_serves_each_public_query_from_an_index(file: dict[str, Any]) -> None:
    queries = [
        public_licences().values("pk")[:20],
        public_licences().filter(source_department=file["aq_dept"]).values("pk")[:20],
        public_licences().filter(issued_on__gte=dt.date(2026, 1, 1)).values("pk")[:20],
        public_penalty_list().values("pk")[:20],
        public_penalty_list().filter(source_department=file["aq_dept"]).values("pk")[:20],
        public_penalty_list().filter(decided_on__gte=dt.date(2026, 1, 1)).values("pk")[:20],
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for qs in queries:
            sql, params = qs.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(r[0] for r in cursor.fetchall())
            assert "Seq Scan" not in plan, plan


@pytest.mark.parametrize("role", ["anon", "enterprise", "clerk", "list_officer"])
def test_every_role_sees_the_same_public_lists(
    file: dict[str, Any], client_as: Any, role: str
) -> None:
    shown(enterprise=file["aq"], decision_no="P-ALL")
    LicenceFactory(enterprise=file["aq"], licence_no="L-ALL")
    client = client_as(role)
    assert "P-ALL" in client.get("/penalties/").content.decode()
    assert "L-ALL" in client.get("/licences/").content.decode()
    api = client.get("/api/v1/dual-publicity/penalties/").json()
    assert [r["decision_no"] for r in api["results"]] == ["P-ALL"]
