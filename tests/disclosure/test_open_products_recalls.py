"""Products and recalls in open data: the product list by maker, the public recall list under
the inspections' publication rule (day before, of and after each edge of the window), recalls
in the change feed with their status changes, and the products on the firm's profile."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.dates import period_end, window_start
from disclosure.changes import changes_between
from disclosure.profiles import INSPECTIONS_SHOWN_MONTHS, recall_public, recall_public_q
from disclosure.published import products_public, recalls_public
from enterprises.models import Enterprise, RecallRecord
from enterprises.services.intake import records_intake
from tests.conftest import ROLES
from tests.factories import EnterpriseFactory, ProductFactory, RecallFactory, gtin_for, uscc_for

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)
TODAY = dt.date(2026, 11, 20)
PRODUCTS = reverse("disclosure-api:api-products")
RECALLS = reverse("disclosure-api:api-recalls")


def _api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


# Products ---------------------------------------------------------------------------------


def test_the_product_list_filters_by_maker(firm: Enterprise) -> None:
    other = EnterpriseFactory(uscc=uscc_for(31))
    ProductFactory(enterprise=firm, gtin=gtin_for(1), name="特制小麦粉", category="food_related")
    ProductFactory(enterprise=firm, gtin=gtin_for(2), name="全麦粉", confirmed=False)
    ProductFactory(enterprise=other, gtin=gtin_for(3), name="别家产品")
    r = _api().get(PRODUCTS, {"enterprise": firm.uscc.lower()})  # normalised like a search
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 2
    got = {p["name"]: p for p in body["results"]}
    assert set(got) == {"特制小麦粉", "全麦粉"}
    assert got["特制小麦粉"]["gtin"] == gtin_for(1)[1:]
    assert got["特制小麦粉"]["category"] == "food_related"
    assert got["全麦粉"]["confirmed"] is False
    assert got["特制小麦粉"]["maker"] == {"uscc": firm.uscc, "name": firm.name}
    assert _api().get(PRODUCTS, {"category": "food_related"}).json()["count"] == 1
    assert _api().get(PRODUCTS).json()["count"] == 3


@pytest.mark.parametrize(
    "query",
    [{"enterprise": "91110000600037341N"}, {"category": "rockets"}, {"page": "0"}],
)
def test_bad_product_queries_are_400(firm: Enterprise, query: dict[str, str]) -> None:
    r = _api().get(PRODUCTS, query)
    assert r.status_code == 400
    assert set(r.json()) == set(query)


def test_the_product_list_pages_in_constant_queries(
    firm: Enterprise, django_assert_max_num_queries: Any
) -> None:
    makers = [EnterpriseFactory(uscc=uscc_for(40 + i)) for i in range(5)]
    for i in range(45):
        ProductFactory(enterprise=makers[i % 5], gtin=gtin_for(100 + i))
    # the data version (conditional GET), the count, the rows with their makers
    with django_assert_max_num_queries(3):
        first = _api().get(PRODUCTS).json()
    assert (first["count"], len(first["results"])) == (45, 20)
    with django_assert_max_num_queries(3):
        last = _api().get(PRODUCTS, {"page": 3}).json()
    assert len(last["results"]) == 5
    assert last["next"] is None
    assert _api().get(PRODUCTS, {"page": 4}).status_code == 400


def test_the_profile_page_lists_the_firms_products(firm: Enterprise) -> None:
    ProductFactory(enterprise=firm, gtin=gtin_for(7), name="特制小麦粉")
    ProductFactory(enterprise=EnterpriseFactory(uscc=uscc_for(32)), name="别家产品")
    page = Client().get(reverse("disclosure:profile", args=[firm.uscc])).content.decode()
    assert "特制小麦粉" in page
    assert reverse("disclosure:product", args=[gtin_for(7)[1:]]) in page
    assert "别家产品" not in page


def test_the_selectors_a_dump_reads_are_the_api_rows(firm: Enterprise) -> None:
    ProductFactory(enterprise=firm)
    RecallFactory(enterprise=firm, recalled_on=timezone.localdate())
    RecallFactory(enterprise=firm, recalled_on=timezone.localdate(), withdrawn_on=TODAY)
    assert products_public().count() == _api().get(PRODUCTS).json()["count"] == 1
    assert recalls_public().count() == _api().get(RECALLS).json()["count"] == 1


# Recalls: the publication window ----------------------------------------------------------

# The oldest start still shown on TODAY: a recall of that day is within 3 years through TODAY.
OLDEST_IN = window_start(TODAY, months=INSPECTIONS_SHOWN_MONTHS)


@pytest.mark.parametrize(
    ("recalled_on", "public"),
    [
        (OLDEST_IN - DAY, False),  # its window ended yesterday
        (OLDEST_IN, True),  # 3 years to the day: today is its window's last day
        (OLDEST_IN + DAY, True),
        (TODAY - DAY, True),
        (TODAY, True),
        (TODAY + DAY, False),  # not started yet
    ],
)
def test_a_recall_is_public_inside_the_inspections_window(
    firm: Enterprise, recalled_on: dt.date, public: bool
) -> None:
    recall = RecallFactory(enterprise=firm, recalled_on=recalled_on)
    in_q = RecallRecord.objects.filter(recall_public_q(today=TODAY), pk=recall.pk).exists()
    assert in_q is recall_public(recall, today=TODAY) is public
    with time_machine.travel(dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC), tick=False):
        ids = [r["id"] for r in _api().get(RECALLS).json()["results"]]
    assert (recall.pk in ids) is public
    assert period_end(OLDEST_IN, months=INSPECTIONS_SHOWN_MONTHS) == TODAY


def test_a_withdrawn_recall_is_not_public(firm: Enterprise) -> None:
    recall = RecallFactory(enterprise=firm, recalled_on=TODAY, withdrawn_on=TODAY)
    assert recall_public(recall, today=TODAY) is False
    assert not RecallRecord.objects.filter(recall_public_q(today=TODAY)).exists()


def test_the_recall_list_filters_and_shapes(firm: Enterprise) -> None:
    today = timezone.localdate()
    other = EnterpriseFactory(uscc=uscc_for(33))
    RecallFactory(
        enterprise=firm,
        recalled_on=today - 10 * DAY,
        mode="ordered",
        status="completed",
        gtins=[gtin_for(5)],
        batches=["K-1", "K-2"],
    )
    RecallFactory(enterprise=firm, recalled_on=today - 5 * DAY)
    RecallFactory(enterprise=other, recalled_on=today - 2 * DAY)
    body = _api().get(RECALLS, {"enterprise": firm.uscc}).json()
    assert body["count"] == 2
    ordered = body["results"][1]  # newest first
    assert ordered["mode"] == "ordered"
    assert ordered["status"] == "completed"
    assert ordered["gtins"] == [gtin_for(5)[1:]]
    assert ordered["batches"] == ["K-1", "K-2"]
    assert ordered["enterprise"] == {"uscc": firm.uscc, "name": firm.name}
    assert _api().get(RECALLS, {"mode": "ordered"}).json()["count"] == 1
    assert _api().get(RECALLS, {"status": "ongoing"}).json()["count"] == 2
    since = (today - 6 * DAY).isoformat()
    assert _api().get(RECALLS, {"recalled_from": since}).json()["count"] == 2


@pytest.mark.parametrize(
    "query",
    [
        {"enterprise": "9111000060003IOZSV"},
        {"status": "lost"},
        {"mode": "forced"},
        {"recalled_from": "2026/01/01"},
        {"page": "x"},
    ],
)
def test_bad_recall_queries_are_400(firm: Enterprise, query: dict[str, str]) -> None:
    r = _api().get(RECALLS, query)
    assert r.status_code == 400
    assert set(r.json()) == set(query)


def test_the_recall_list_pages_in_constant_queries(
    firm: Enterprise, django_assert_max_num_queries: Any
) -> None:
    makers = [EnterpriseFactory(uscc=uscc_for(60 + i)) for i in range(5)]
    for i in range(25):
        RecallFactory(enterprise=makers[i % 5], recalled_on=timezone.localdate() - i * DAY)
    with django_assert_max_num_queries(3):
        first = _api().get(RECALLS).json()
    assert (first["count"], len(first["results"])) == (25, 20)
    with django_assert_max_num_queries(3):
        assert len(_api().get(RECALLS, {"page": 2}).json()["results"]) == 5


def test_the_department_post_still_answers_on_recalls(api: APIClient) -> None:
    assert api.get("/api/v1/recalls/").status_code == 405
    assert _api().get(RECALLS).status_code == 200


# Recalls in the change feed ----------------------------------------------------------------


def _recall_events(*, since: dt.datetime) -> list[Any]:
    return [c for c in changes_between(since=since, until=timezone.now()) if c.kind == "recall"]


def test_a_status_change_is_a_recall_event_of_the_change_feed(
    firm: Enterprise, department: Any
) -> None:
    item = {
        "uscc": firm.uscc,
        "source_ref": "RC-FEED-1",
        "product": "电热水壶",
        "recalled_on": timezone.localdate().isoformat(),
        "reason": "温控器失效",
        "mode": "voluntary",
        "status": "ongoing",
    }
    start = timezone.now() - dt.timedelta(seconds=1)
    records_intake(kind="recalls", department=department, items=[item], actor=None, channel="api")
    recall = RecallRecord.objects.get(source_ref="RC-FEED-1")
    received = _recall_events(since=start)
    assert [(c.kind, c.id) for c in received] == [("recall", recall.pk)]
    between = timezone.now()
    records_intake(
        kind="recalls",
        department=department,
        items=[{**item, "status": "completed"}],
        actor=None,
        channel="api",
    )
    moved = _recall_events(since=between)
    assert [(c.uscc, c.kind, c.id) for c in moved] == [(firm.uscc, "recall", recall.pk)]
    again = timezone.now()
    records_intake(
        kind="recalls",
        department=department,
        items=[{**item, "status": "completed"}],
        actor=None,
        channel="api",
    )
    assert _recall_events(since=again) == []  # a resend moves nothing


@pytest.mark.parametrize("role", ["anon", "enterprise", *ROLES])
def test_every_caller_gets_the_same_open_data(client_as: Any, firm: Enterprise, role: str) -> None:
    """Anonymous by design: a session changes nothing (no cookies read, no CSRF)."""
    ProductFactory(enterprise=firm)
    RecallFactory(enterprise=firm, recalled_on=timezone.localdate())
    client = client_as(role)
    assert client.get(PRODUCTS).json()["count"] == 1
    assert client.get(RECALLS).json()["count"] == 1
