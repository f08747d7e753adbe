"""The console's product trace (a barcode's inspections at every firm that made it) and its
recall pages: every role, other jurisdictions, bad and unknown barcodes, pages and queries."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from core.dates import period_end
from enterprises.models import Enterprise, RecallRecord
from enterprises.services.intake import records_intake
from ratings.services.recompute import enterprise_grade_recompute
from tests.conftest import ROLES
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    InspectionFactory,
    ProductFactory,
    RecallFactory,
    gtin_for,
    uscc_for,
)

pytestmark = pytest.mark.django_db
GTIN = gtin_for(4242)  # stored form
CODE = GTIN[1:]  # as printed: EAN-13


@pytest.fixture
def traced(firm: Enterprise) -> dict[str, Any]:
    """The maker in 3408 and a contract maker in 3408 each inspected; a third inspection at a
    firm of 4403 is outside the regulators' jurisdiction."""
    contract = EnterpriseFactory(name="安庆代工厂", uscc=uscc_for(77), region_id="340811")
    far = EnterpriseFactory(name="深圳代工厂", uscc=uscc_for(78, "440305"), region_id="440305")
    ProductFactory(enterprise=firm, gtin=GTIN, name="婴儿推车")
    dept = DepartmentFactory(code="aq-amr", name="安庆市市场监督管理局", jurisdiction="3408")
    InspectionFactory(
        enterprise=firm,
        gtin=GTIN,
        batch="B-ONE",
        inspected_on=dt.date(2026, 3, 1),
        source_department=dept,
    )
    InspectionFactory(
        enterprise=contract,
        gtin=GTIN,
        batch="B-TWO",
        inspected_on=dt.date(2026, 5, 1),
        result="fail",
        defect_severity="general",
        source_department=dept,
    )
    InspectionFactory(enterprise=far, gtin=GTIN, batch="B-FAR", inspected_on=dt.date(2026, 6, 1))
    InspectionFactory(enterprise=firm, gtin=gtin_for(4243), batch="B-OTHER")
    return {"maker": firm, "contract": contract, "far": far}


def _history(code: str = CODE) -> str:
    return reverse("console:product_history", args=[code])


@pytest.mark.parametrize("role", ROLES)
def test_every_regulator_role_sees_the_history_across_makers(
    client_as: Any, traced: dict[str, Any], role: str
) -> None:
    r = client_as(role).get(_history())
    assert r.status_code == 200
    body = r.content.decode()
    assert "B-ONE" in body
    assert "B-TWO" in body
    assert "B-FAR" not in body  # another jurisdiction's inspection
    assert "B-OTHER" not in body  # another product
    assert "安庆代工厂" in body
    assert "婴儿推车" in body
    assert reverse("console:file_detail", args=[traced["contract"].uscc]) in body
    assert body.index("B-TWO") < body.index("B-ONE")  # newest first


@pytest.mark.parametrize(("role", "status"), [("anon", 302), ("enterprise", 403)])
def test_others_cannot_trace(
    client_as: Any, traced: dict[str, Any], role: str, status: int
) -> None:
    assert client_as(role).get(_history()).status_code == status
    assert client_as(role).get(reverse("console:recall_list")).status_code == status


def test_the_other_jurisdiction_sees_only_its_own_inspection(
    client_as: Any, traced: dict[str, Any]
) -> None:
    body = client_as("clerk", jurisdiction="4403").get(_history()).content.decode()
    assert "B-FAR" in body
    assert "B-ONE" not in body
    assert "B-TWO" not in body
    assert reverse("console:file_detail", args=[traced["maker"].uscc]) not in body


def test_a_barcode_with_nothing_in_the_area_is_not_found(
    client_as: Any, traced: dict[str, Any]
) -> None:
    assert client_as("clerk", jurisdiction="11").get(_history()).status_code == 404
    assert client_as("clerk").get(_history(gtin_for(9999)[1:])).status_code == 404


@pytest.mark.parametrize("bad", ["6901234567890", "12345", "69012345678AB"])
def test_a_bad_barcode_is_400_naming_the_check(
    client_as: Any, traced: dict[str, Any], bad: str
) -> None:
    client = client_as("clerk")
    client.cookies["django_language"] = "en"
    for r in (
        client.get(_history(bad)),
        client.get(reverse("console:product_search"), {"gtin": bad}),
    ):
        assert r.status_code == 400
        assert "GTIN" in r.content.decode() or "check digit" in r.content.decode()


def test_the_search_box_goes_to_the_history_of_any_written_form(
    client_as: Any, traced: dict[str, Any]
) -> None:
    client = client_as("grader")
    r = client.get(reverse("console:product_search"), {"gtin": f" {GTIN} "})  # 14 digits
    assert r.status_code == 302
    assert r["Location"] == _history(CODE)
    page = client.get(reverse("console:file_detail", args=[traced["maker"].uscc])).content
    assert _history(CODE).encode() in page  # reachable from the product's console page
    queues = client.get(reverse("console:queues")).content
    assert b'name="gtin"' in queues  # the box is in the console's navigation
    assert client.get(reverse("console:product_search")).status_code == 200


def test_the_history_pages_in_fixed_queries(
    client_as: Any, firm: Enterprise, django_assert_max_num_queries: Any
) -> None:
    ProductFactory(enterprise=firm, gtin=GTIN)
    makers = [EnterpriseFactory(uscc=uscc_for(900 + i)) for i in range(6)]
    for i in range(60):
        InspectionFactory(enterprise=makers[i % 6], gtin=GTIN, batch=f"P{i:03d}")
    client = client_as("clerk")
    client.get(_history())  # warm the session
    with django_assert_max_num_queries(8):
        first = client.get(_history()).content.decode()
    assert first.count("<tr><td><time") == 50
    with django_assert_max_num_queries(8):
        second = client.get(_history(), {"page": 2}).content.decode()
    assert second.count("<tr><td><time") == 10


# Recalls ----------------------------------------------------------------------------------


@pytest.fixture
def recalls(firm: Enterprise) -> dict[str, RecallRecord]:
    far = EnterpriseFactory(uscc=uscc_for(79, "440305"), region_id="440305")
    return {
        "voluntary": RecallFactory(enterprise=firm, product="儿童推车", gtins=[GTIN]),
        "ordered": RecallFactory(
            enterprise=firm, product="电热水壶", mode="ordered", status="completed"
        ),
        "far": RecallFactory(enterprise=far, product="深圳召回"),
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_regulator_role_lists_the_areas_recalls(
    client_as: Any, recalls: dict[str, RecallRecord], role: str
) -> None:
    body = client_as(role).get(reverse("console:recall_list")).content.decode()
    assert "儿童推车" in body
    assert "电热水壶" in body
    assert "深圳召回" not in body
    assert reverse("console:recall_detail", args=[recalls["ordered"].pk]) in body


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"status": "completed"}, "电热水壶", "儿童推车"),
        ({"status": "ongoing"}, "儿童推车", "电热水壶"),
        ({"mode": "ordered"}, "电热水壶", "儿童推车"),
        ({"mode": "voluntary", "status": "ongoing"}, "儿童推车", "电热水壶"),
    ],
)
def test_the_recall_list_filters_by_status_and_mode(
    client_as: Any, recalls: dict[str, RecallRecord], query: dict[str, str], shown: str, hidden: str
) -> None:
    body = client_as("clerk").get(reverse("console:recall_list"), query).content.decode()
    assert shown in body
    assert hidden not in body


@pytest.mark.parametrize("query", [{"status": "lost"}, {"mode": "forced"}])
def test_a_bad_recall_filter_is_400(
    client_as: Any, recalls: dict[str, RecallRecord], query: dict[str, str]
) -> None:
    assert client_as("clerk").get(reverse("console:recall_list"), query).status_code == 400


def test_the_recall_list_pages_in_fixed_queries(
    client_as: Any, firm: Enterprise, django_assert_max_num_queries: Any
) -> None:
    makers = [EnterpriseFactory(uscc=uscc_for(950 + i)) for i in range(5)]
    for i in range(55):
        RecallFactory(enterprise=makers[i % 5], product=f"召回品{i:03d}", gtins=[GTIN])
    client = client_as("approver")
    client.get(reverse("console:recall_list"))
    with django_assert_max_num_queries(7):  # session, user, device, count, rows
        first = client.get(reverse("console:recall_list")).content.decode()
    assert first.count("召回品") == 50
    with django_assert_max_num_queries(7):  # session, user, device, count, rows
        second = client.get(reverse("console:recall_list"), {"page": 2}).content.decode()
    assert second.count("召回品") == 5


def test_a_recall_of_another_jurisdiction_is_not_found(
    client_as: Any, recalls: dict[str, RecallRecord]
) -> None:
    url = reverse("console:recall_detail", args=[recalls["far"].pk])
    assert client_as("clerk").get(url).status_code == 404
    assert client_as("clerk", jurisdiction="4403").get(url).status_code == 200
    assert client_as("enterprise").get(url).status_code == 403


def test_the_progress_page_shows_the_status_over_time_and_the_grade_effect(
    client_as: Any, firm: Enterprise, department: Any
) -> None:
    today = timezone.localdate()
    item = {
        "uscc": firm.uscc,
        "source_ref": "RC-2026-7",
        "gtins": [CODE],
        "product": "电热水壶",
        "batches": ["K-01", "K-02"],
        "recalled_on": (today - dt.timedelta(days=30)).isoformat(),
        "reason": "温控器失效",
        "mode": "ordered",
        "status": "ongoing",
    }
    records_intake(kind="recalls", department=department, items=[item], actor=None, channel="api")
    records_intake(
        kind="recalls",
        department=department,
        items=[{**item, "status": "completed"}],
        actor=None,
        channel="api",
    )
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    recall = RecallRecord.objects.get(source_ref="RC-2026-7")
    client = client_as("list_officer")
    client.cookies["django_language"] = "en"
    body = client.get(reverse("console:recall_detail", args=[recall.pk])).content.decode()
    steps = body[body.index('id="status"') : body.index('id="grade"')]
    assert steps.index("In progress") < steps.index("Completed")
    assert "received" in steps
    assert "status changed by the department" in steps
    assert "K-01" in body
    assert "K-02" in body
    assert _history(CODE) in body
    assert "Ordered recall" in body
    through = period_end(today - dt.timedelta(days=30), years=2)  # the default policy's years
    text = re.sub(r"<[^>]+>", "", body)  # dates are <time> elements
    assert f"keeps the firm's grade at B or below through {through:%Y-%m-%d}" in text
    assert "The firm's grade now: B. Ordered recalls counted when it was computed: 1." in body
    assert reverse("console:file_detail", args=[firm.uscc]) in body


def test_a_voluntary_recall_says_it_does_not_count(
    client_as: Any, recalls: dict[str, RecallRecord]
) -> None:
    client = client_as("grader")
    client.cookies["django_language"] = "en"
    url = reverse("console:recall_detail", args=[recalls["voluntary"].pk])
    assert "does not count against the grade" in client.get(url).content.decode()
