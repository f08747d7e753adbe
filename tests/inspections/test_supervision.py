"""Supervision plans: required inspections by grade x product risk against the year's
inspections, the console page, its CSV and the C firms to interview (约谈)."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from console.models import Interview
from enterprises.models import Enterprise, InspectionRecord
from inspections.supervision import (
    inspection_counted,
    inspection_counted_q,
    required_inspections,
    required_inspections_expr,
    supervision_plan_rows,
    supervision_plan_summary,
)
from ratings.models import EnterpriseGrade
from ratings.policy import DEFAULT_MATRIX
from tests.disclosure.test_lists_and_api import graded
from tests.factories import EnterpriseFactory, InspectionFactory, RegulatorFactory, uscc_for

pytestmark = pytest.mark.django_db
YEAR = 2026
YEAR_END = dt.date(2026, 12, 31)
URL = reverse("console:supervision")
CSV_URL = reverse("console:supervision_csv")


def grade_row(firm: Enterprise, grade: str, lo: int, *, interview: bool = False) -> None:
    graded(firm, grade, red=False, since=timezone.localdate() - dt.timedelta(days=20))
    EnterpriseGrade.objects.filter(enterprise=firm).update(
        inspections_min=lo, inspections_max=lo + 1, interview_due=interview
    )


@pytest.mark.parametrize(
    ("inspected_on", "counted"),
    [
        (dt.date(2025, 12, 31), False),  # the day before the year
        (dt.date(2026, 1, 1), True),  # its first day
        (dt.date(2026, 12, 31), True),  # its last day
        (dt.date(2027, 1, 1), False),  # the day after
    ],
)
def test_the_counted_rule_holds_at_the_year_s_edges(inspected_on: dt.date, counted: bool) -> None:
    firm = EnterpriseFactory()
    live = InspectionFactory(enterprise=firm, inspected_on=inspected_on)
    withdrawn = InspectionFactory(enterprise=firm, inspected_on=inspected_on, withdrawn_on=YEAR_END)
    python = {r.pk for r in (live, withdrawn) if inspection_counted(r, year=YEAR)}
    query = set(
        InspectionRecord.objects.filter(inspection_counted_q(year=YEAR)).values_list(
            "pk", flat=True
        )
    )
    assert python == query == ({live.pk} if counted else set())


def test_required_inspections_python_and_query_agree() -> None:
    matrix = copy.deepcopy(DEFAULT_MATRIX)
    matrix["B"]["I"]["inspections_min"] = 5  # tell class I apart
    firms = {risk: EnterpriseFactory(product_risk=risk) for risk in ["", "I", "II", "III"]}
    c_firm = EnterpriseFactory(product_risk="III")
    grade_row(c_firm, "C", 3)  # the row's figure, not the matrix's
    rows = Enterprise.objects.select_related("grade")
    python = {
        f.pk: required_inspections(
            graded_min=f.grade.inspections_min if hasattr(f, "grade") else None,
            risk=f.product_risk,
            matrix=matrix,
        )
        for f in rows
    }
    query = dict(
        Enterprise.objects.annotate(n=required_inspections_expr(matrix=matrix)).values_list(
            "pk", "n"
        )
    )
    assert python == query
    assert query[firms[""].pk] == 5  # unknown risk planned as I
    assert [query[firms[r].pk] for r in ("I", "II", "III")] == [5, 1, 1]
    assert query[c_firm.pk] == 3


@pytest.fixture
def county() -> dict[str, Enterprise]:
    """Firms of 宜秀区 (340811) and one of 大观区 (340803), with this year's inspections."""
    a = EnterpriseFactory(uscc=uscc_for(1, "340811"), region_id="340811", name="甲公司")
    b = EnterpriseFactory(uscc=uscc_for(2, "340811"), region_id="340811", name="乙公司")
    c = EnterpriseFactory(
        uscc=uscc_for(3, "340811"), region_id="340811", name="丙公司", product_risk=""
    )
    done = EnterpriseFactory(uscc=uscc_for(4, "340811"), region_id="340811", name="丁公司")
    gone = EnterpriseFactory(
        uscc=uscc_for(5, "340811"), region_id="340811", name="戊公司", status="deregistered"
    )
    other = EnterpriseFactory(uscc=uscc_for(6, "340803"), region_id="340803", name="己公司")
    grade_row(a, "C", 3, interview=True)  # 1 of 3 had: short by 2
    grade_row(b, "AA", 0)  # as needed
    grade_row(done, "B", 2)  # 2 of 2
    grade_row(gone, "C", 3)
    grade_row(other, "C", 3)
    InspectionFactory(enterprise=a, inspected_on=dt.date(YEAR, 3, 1))
    InspectionFactory(enterprise=a, inspected_on=dt.date(YEAR - 1, 12, 31))  # last year
    InspectionFactory(enterprise=done, inspected_on=dt.date(YEAR, 2, 1), kind="random")
    InspectionFactory(enterprise=done, inspected_on=dt.date(YEAR, 5, 1))
    # c: not graded (planned as B) with risk not set (planned as I): B x I needs 2, had 0.
    return {"a": a, "b": b, "c": c, "done": done, "gone": gone, "other": other}


def test_the_selector_gives_required_had_and_shortfall(county: dict[str, Enterprise]) -> None:
    rows = list(supervision_plan_rows(region="340811", year=YEAR, matrix=DEFAULT_MATRIX))
    got = [(e.name, e.required, e.done, e.shortfall, e.planned_risk) for e in rows]
    a, c = county["a"], county["c"]
    assert got == sorted(got, key=lambda r: -r[3])
    assert len(got) == 4
    by_name = {r[0]: r[1:] for r in got}
    assert by_name[a.name] == (3, 1, 2, "I")
    assert by_name[c.name] == (DEFAULT_MATRIX["B"]["I"]["inspections_min"], 0, 2, "I")
    assert by_name["乙公司"] == (0, 0, 0, "I")
    assert by_name["丁公司"] == (2, 2, 0, "I")
    summary = supervision_plan_summary(region="340811", year=YEAR, matrix=DEFAULT_MATRIX)
    assert (summary.firms, summary.under_inspected, summary.shortfall, summary.risk_unknown) == (
        4,
        2,
        4,
        1,
    )
    under = supervision_plan_rows(
        region="340811", year=YEAR, matrix=DEFAULT_MATRIX, under_only=True
    )
    assert {e.pk for e in under} == {a.pk, c.pk}
    gaps = supervision_plan_rows(
        region="340811", year=YEAR, matrix=DEFAULT_MATRIX, risk_unknown_only=True
    )
    assert [e.pk for e in gaps] == [c.pk]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("grader", 200),
        ("admin", 200),
        ("clerk", 403),
        ("list_officer", 403),
        ("approver", 403),
        ("enterprise", 403),
    ],
)
def test_only_roles_that_plan_inspections_see_it(
    client_as: Any, county: dict[str, Enterprise], role: str, status: int
) -> None:
    client = client_as(role)
    assert client.get(URL, {"region": "340811", "year": YEAR}).status_code == status
    assert client.get(CSV_URL, {"region": "340811", "year": YEAR}).status_code == status
    nav = client_as(role).get(reverse("console:queues")).content.decode()
    if role != "enterprise":
        assert (URL in nav) == (status == 200)


def test_anonymous_visitors_are_sent_to_sign_in(county: dict[str, Enterprise]) -> None:
    assert Client().get(URL).status_code == 302
    assert Client().get(CSV_URL).status_code == 302


def test_the_page_lists_a_demo_county_by_shortfall(
    client_as: Any, county: dict[str, Enterprise]
) -> None:
    response = client_as("grader").get(URL, {"region": "340811", "year": YEAR})
    page = response.content.decode()
    assert response.status_code == 200
    names = [n for n in ("甲公司", "丙公司", "乙公司", "丁公司") if n in page]
    assert names == ["甲公司", "丙公司", "乙公司", "丁公司"]
    assert page.index("甲公司") < page.index("丙公司") < page.index("乙公司")
    assert "己公司" not in page
    assert "戊公司" not in page
    assert "unknown=on" in page  # the data-gap filter offered with its count
    interviews = page[page.index('id="interviews"') :]
    assert "甲公司" in interviews
    assert "乙公司" not in interviews


def test_an_interview_held_since_the_grade_leaves_the_list(
    client_as: Any, county: dict[str, Enterprise]
) -> None:
    grader = RegulatorFactory(role="grader", jurisdiction="3408")
    Interview.objects.create(
        enterprise=county["a"],
        held_on=timezone.localdate(),
        person="张三",
        notes="整改",
        recorded_by=grader,
    )
    page = client_as("grader").get(URL, {"region": "340811", "year": YEAR}).content.decode()
    assert "甲公司" not in page[page.index('id="interviews"') :]


def test_a_county_regulator_sees_only_its_county(
    client_as: Any, county: dict[str, Enterprise]
) -> None:
    client = client_as("grader", jurisdiction="340811")
    page = client.get(URL, {"year": YEAR}).content.decode()
    assert "甲公司" in page
    assert "己公司" not in page
    assert client.get(URL, {"region": "340803", "year": YEAR}).status_code == 403
    assert client.get(URL, {"region": "3408", "year": YEAR}).status_code == 403
    assert client.get(CSV_URL, {"region": "340803", "year": YEAR}).status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"region": "34081"},  # 5 digits
        {"region": "ab"},
        {"region": "349999"},  # no such region
        {"year": "abc"},
        {"year": "1999"},
        {"year": "2101"},
    ],
)
def test_bad_filters_are_a_400_that_names_them(
    client_as: Any, county: dict[str, Enterprise], params: dict[str, str]
) -> None:
    client = client_as("grader")
    page = client.get(URL, params)
    assert page.status_code == 400
    field = next(iter(params))
    assert f'id="id_{field}"' in page.content.decode()
    response = client.get(CSV_URL, params)
    assert response.status_code == 400
    assert response.content.decode().startswith(field)


def test_the_csv_holds_exactly_the_under_inspected_firms(
    client_as: Any, county: dict[str, Enterprise]
) -> None:
    response = client_as("grader").get(CSV_URL, {"region": "340811", "year": YEAR})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows[0]) == 10
    assert [(r[0], r[3], r[4], r[5], r[7], r[8], r[9]) for r in rows[1:]] == [
        (county["a"].uscc, "C", "I", "I", "3", "1", "2"),
        (county["c"].uscc, "", "未设定", "I", "2", "0", "2"),  # Chinese first
    ]


def test_the_page_costs_the_same_queries_for_5_firms_or_40(
    client_as: Any, county: dict[str, Enterprise]
) -> None:
    client = client_as("grader")
    client.get(URL, {"region": "340811", "year": YEAR})  # session and user warmed up

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, {"region": "340811", "year": YEAR}).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    # summary, page count, page rows, interviews and the policy: no query per firm
    assert few <= 12
    for i in range(36):
        firm = EnterpriseFactory(uscc=uscc_for(100 + i, "340811"), region_id="340811")
        grade_row(firm, "C", 3, interview=True)
        InspectionFactory(enterprise=firm, inspected_on=dt.date(YEAR, 4, 1))
    assert count() == few
