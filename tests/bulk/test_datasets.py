"""Each dataset holds what its public page or API shows, by the same rules, and nothing else:
a record outside its window or off its list is not in the dump."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from bulk.datasets import DATASETS
from core.dates import add_months, window_start
from enterprises.models import Product, RecallRecord
from lists.models import AbnormalListing
from tests.bulk.conftest import Rows
from tests.bulk.firms import DAY, a_firm, blacklisted, onto_red_list, regrade
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    InspectionFactory,
    PenaltyFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)
Dump = Callable[[dt.date], Rows]


def usccs(rows: list[dict[str, Any]]) -> set[str]:
    return {r["uscc"] for r in rows}


def profile(uscc: str) -> dict[str, Any]:
    response = Client().get(f"/api/v1/enterprises/{uscc}/")
    assert response.status_code == 200
    return dict(response.json())


def test_the_registry_gives_every_dataset_of_the_issue() -> None:
    assert set(DATASETS) == {
        "firms",
        "red_list",
        "blacklist",
        "abnormal",
        "penalties",
        "inspections",
        "products",
        "recalls",
    }


# A 通报批评 published on PUBLISHED is shown for 3 months from that day (Order 45): through
# add_months(PUBLISHED, 3), no longer from the day after.
PUBLISHED = dt.date(2026, 8, 20)
LAST_SHOWN = add_months(PUBLISHED, 3)


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (PUBLISHED - DAY, False),
        (PUBLISHED, True),
        (PUBLISHED + DAY, True),
        (LAST_SHOWN - DAY, True),
        (LAST_SHOWN, True),
        (LAST_SHOWN + DAY, False),
    ],
)
def test_a_penalty_is_dumped_exactly_on_the_days_the_profile_shows_it(
    dump: Dump, day: dt.date, shown: bool
) -> None:
    penalty = PenaltyFactory(
        kind="criticism", amount=None, decided_on=PUBLISHED - 3 * DAY, published_on=PUBLISHED
    )
    PenaltyFactory(kind="warning", amount=None, decided_on=PUBLISHED)  # never published

    rows = dump(day)["penalties"]

    assert [r["decision_no"] for r in rows] == ([penalty.decision_no] if shown else [])
    on_profile = [p["decision_no"] for p in profile(penalty.enterprise.uscc)["penalties"]]
    assert on_profile == [r["decision_no"] for r in rows]
    if shown:
        assert rows[0]["publicity_starts_on"] == PUBLISHED.isoformat()
        assert rows[0]["publicity_ends_on"] == (LAST_SHOWN + DAY).isoformat()
        assert rows[0]["under_objection"] is False


def test_revoked_and_withdrawn_penalties_are_not_dumped(dump: Dump) -> None:
    kept = PenaltyFactory(decided_on=TODAY - 30 * DAY, amount=200000)
    PenaltyFactory(decided_on=TODAY - 30 * DAY, amount=200000, revoked=True, revoked_on=TODAY)
    PenaltyFactory(decided_on=TODAY - 30 * DAY, amount=200000, withdrawn_on=TODAY - DAY)

    rows = dump(TODAY)["penalties"]

    assert [r["decision_no"] for r in rows] == [kept.decision_no]
    assert rows[0]["amount"] == "200000.00"


def test_the_blacklist_dump_is_the_public_blacklist(dump: Dump, client: Client) -> None:
    in_force = blacklisted(EnterpriseFactory(), TODAY - 100 * DAY)
    last_day = blacklisted(EnterpriseFactory(), TODAY - 1095 * DAY, ends_on=TODAY)
    blacklisted(EnterpriseFactory(), TODAY - 1096 * DAY, ends_on=TODAY - DAY)  # ended yesterday
    blacklisted(EnterpriseFactory(), TODAY - 200 * DAY, status="removed")
    blacklisted(EnterpriseFactory(), TODAY - 5 * DAY, status="notified")  # not listed yet

    rows = dump(TODAY)["blacklist"]

    assert usccs(rows) == {in_force.enterprise.uscc, last_day.enterprise.uscc}
    api = client.get("/api/v1/blacklist/").json()["results"]
    assert usccs(rows) == usccs(api)
    assert {r["ends_on"] for r in rows} == {e.ends_on.isoformat() for e in (in_force, last_day)}


def test_the_red_list_dump_is_the_public_red_list(dump: Dump, client: Client) -> None:
    red = a_firm(TODAY)
    onto_red_list(red, TODAY)
    plain_a = a_firm(TODAY)
    for firm in (red, plain_a):
        regrade(firm, TODAY)

    rows = dump(TODAY)["red_list"]

    assert usccs(rows) == {red.uscc}
    assert usccs(rows) == usccs(client.get("/api/v1/redlist/").json()["results"])
    assert rows[0]["grade"] == "A"


def test_only_current_abnormal_listings_are_dumped(dump: Dump) -> None:
    department = DepartmentFactory()
    current, removed = EnterpriseFactory(), EnterpriseFactory()
    for firm, removed_on in ((current, None), (removed, TODAY - DAY)):
        AbnormalListing.objects.create(
            enterprise=firm,
            department=department,
            ground="no_annual_report",
            listed_on=TODAY - 60 * DAY,
            removed_on=removed_on,
            created_by=RegulatorFactory(role="list_officer", department=department),
        )

    rows = dump(TODAY)["abnormal"]

    assert usccs(rows) == {current.uscc}
    assert profile(removed.uscc)["abnormal"] == []
    assert rows[0]["ground"] == "no_annual_report"


def test_inspections_are_dumped_inside_the_profile_window_only(dump: Dump) -> None:
    firm = EnterpriseFactory()
    first_day = window_start(TODAY, months=36)
    inside = [
        InspectionFactory(enterprise=firm, inspected_on=first_day, gtin="06900001000013"),
        InspectionFactory(enterprise=firm, inspected_on=TODAY),
    ]
    InspectionFactory(enterprise=firm, inspected_on=first_day - DAY)  # just outside
    InspectionFactory(enterprise=firm, inspected_on=TODAY + DAY)  # not happened yet
    InspectionFactory(enterprise=firm, inspected_on=TODAY - DAY, withdrawn_on=TODAY)

    rows = dump(TODAY)["inspections"]

    assert [r["inspected_on"] for r in rows] == [i.inspected_on.isoformat() for i in inside]
    assert [r["inspected_on"] for r in profile(firm.uscc)["inspections"]] == [
        i.inspected_on.isoformat() for i in reversed(inside)
    ]
    assert rows[0]["gtin"] == "6900001000013"  # as printed under the bars
    assert rows[1]["gtin"] == ""


def test_products_and_public_recalls_are_dumped_as_the_product_lookup_shows_them(
    dump: Dump,
) -> None:
    maker = EnterpriseFactory()
    Product.objects.create(gtin="06900001000013", enterprise=maker, name="小麦粉", brand="华泰")
    department = DepartmentFactory()
    recall = {
        "enterprise": maker,
        "source_department": department,
        "gtins": ["06900001000013"],
        "product": "小麦粉",
        "batches": ["20260418", "20260419"],
        "recalled_on": TODAY - 10 * DAY,
        "reason": "标签标注不规范",
        "mode": "voluntary",
    }
    RecallRecord.objects.create(source_ref="R-1", **recall)
    RecallRecord.objects.create(source_ref="R-2", withdrawn_on=TODAY - DAY, **recall)
    # Past the inspections' 3-year look-back, the rule of the open-data recall list.
    RecallRecord.objects.create(
        source_ref="R-3", **(recall | {"recalled_on": TODAY - 4 * 366 * DAY})
    )

    data = dump(TODAY)

    assert data["products"] == [
        {
            "gtin": "6900001000013",
            "name": "小麦粉",
            "brand": "华泰",
            "standard": "",
            "product_risk": "",
            "category": "",
            "confirmed": False,
            "maker_uscc": maker.uscc,
            "maker_name": maker.name,
        }
    ]
    api = Client().get("/api/v1/products/6900001000013/").json()
    assert len(data["recalls"]) == len(api["recalls"]) == 1
    assert data["recalls"][0]["gtins"] == api["recalls"][0]["gtins"] == ["6900001000013"]
    assert data["recalls"][0]["batches"] == ["20260418", "20260419"]


def test_every_firm_is_dumped_with_its_standing(dump: Dump) -> None:
    graded = a_firm(TODAY)
    regrade(graded, TODAY)
    ungraded = EnterpriseFactory()
    listed = EnterpriseFactory()
    blacklisted(listed, TODAY - 10 * DAY)

    rows = {r["uscc"]: r for r in dump(TODAY)["firms"]}

    assert set(rows) == {graded.uscc, ungraded.uscc, listed.uscc}
    assert (rows[graded.uscc]["grade"], rows[graded.uscc]["supervision_mode"]) == (
        "A",
        profile(graded.uscc)["grade"]["supervision_mode"],
    )
    assert rows[ungraded.uscc]["grade"] is None
    assert rows[ungraded.uscc]["red_list"] is False
    assert (rows[listed.uscc]["on_blacklist"], rows[graded.uscc]["on_blacklist"]) == (True, False)
