"""The public product lookup: API and page, from a barcode to the maker's credit."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from enterprises.models import Enterprise, Product
from enterprises.services.products import company_prefix_declare, product_declare
from ratings.policy import rules_from
from ratings.services.policy import grading_policy_active, grading_policy_publish
from ratings.services.recompute import enterprise_grade_recompute
from tests.factories import EnterpriseFactory, InspectionFactory

pytestmark = pytest.mark.django_db

GTIN = "6901234567892"
STORED = "06901234567892"


@pytest.fixture
def product(firm: Enterprise) -> Product:
    company_prefix_declare(actor=None, enterprise=firm, prefix="6901234")
    return product_declare(
        actor=None, enterprise=firm, gtin=GTIN, name="特制小麦粉", brand="华泰", product_risk="II"
    )


def _inspect(firm: Enterprise, days_ago: int, **kw: Any) -> Any:
    return InspectionFactory(
        enterprise=firm,
        gtin=STORED,
        inspected_on=timezone.localdate() - dt.timedelta(days=days_ago),
        **kw,
    )


def _recall(api: APIClient, firm: Enterprise, ref: str, gtins: list[str], mode: str) -> None:
    item = {
        "uscc": firm.uscc,
        "source_ref": ref,
        "gtins": gtins,
        "product": "面粉",
        "batches": ["B1"],
        "recalled_on": (timezone.localdate() - dt.timedelta(days=5)).isoformat(),
        "reason": f"召回原因{ref}",
        "mode": mode,
    }
    assert api.post(reverse("intake-recalls"), item, format="json").status_code == 201


def test_the_api_shows_the_product_its_maker_inspections_and_recalls(
    api: APIClient, firm: Enterprise, product: Product
) -> None:
    shown = _inspect(firm, 30, batch="20260301")
    _inspect(firm, 40, withdrawn_on=timezone.localdate())  # withdrawn: never public
    _inspect(firm, 5 * 365)  # outside the profile's look-back
    InspectionFactory(enterprise=firm, gtin="", inspected_on=timezone.localdate())  # no GTIN
    _recall(api, firm, "RC-1", [GTIN], "ordered")
    _recall(api, firm, "RC-2", ["16901234567899"], "voluntary")  # another product
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    r = APIClient().get(reverse("disclosure-api:api-product", args=[GTIN]))
    assert r.status_code == 200
    body = r.json()
    assert body["gtin"] == GTIN
    assert (body["name"], body["brand"], body["confirmed"]) == ("特制小麦粉", "华泰", True)
    maker = body["maker"]
    assert maker["uscc"] == firm.uscc
    assert maker["grade"] == "B"
    assert maker["supervision_mode"] == "routine"
    assert (maker["on_blacklist"], maker["abnormal"], maker["red_list"]) == (False, False, False)
    assert [i["batch"] for i in body["inspections"]] == [shown.batch]
    assert [x["reason"] for x in body["recalls"]] == ["召回原因RC-1"]
    assert body["recalls"][0]["gtins"] == [GTIN]


@pytest.mark.parametrize("typed", ["00" + "036000291452", "036000291452"])
def test_a_upc_a_and_its_gtin_14_find_one_product(typed: str) -> None:
    firm = EnterpriseFactory()
    company_prefix_declare(actor=None, enterprise=firm, prefix="0036000")
    product_declare(actor=None, enterprise=firm, gtin="036000291452", name="口香糖")
    r = APIClient().get(reverse("disclosure-api:api-product", args=[typed]))
    assert r.status_code == 200
    assert r.json()["gtin"] == "036000291452"


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("6901234567893", "should be 2, not 3"),
        ("69012345", "should be 1, not 5"),
        ("690123456", "this one has 9"),
        ("69012345678a", "digits only"),
    ],
)
def test_a_bad_barcode_is_400_naming_the_check(typed: str, reason: str) -> None:
    r = APIClient(HTTP_ACCEPT_LANGUAGE="en").get(
        reverse("disclosure-api:api-product", args=[typed])
    )
    assert r.status_code == 400
    assert reason in r.json()["gtin"][0]


def test_an_unknown_barcode_is_404(db: Any) -> None:
    r = APIClient().get(reverse("disclosure-api:api-product", args=[GTIN]))
    assert r.status_code == 404


def test_the_api_answers_in_constant_queries(
    firm: Enterprise, product: Product, django_assert_max_num_queries: Any
) -> None:
    for n in range(20):
        _inspect(firm, 10 + n, batch=f"B{n}")
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    url = reverse("disclosure-api:api-product", args=[GTIN])
    # the data version (conditional GET), the product with its maker, region and grade, the
    # blacklist and abnormal checks, the inspections, the recalls
    with django_assert_max_num_queries(6):
        r = APIClient().get(url)
    assert len(r.json()["inspections"]) == 20


def test_the_page_shows_the_same(firm: Enterprise, product: Product) -> None:
    _inspect(firm, 30, batch="20260301")
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    page = Client().get(reverse("disclosure:product", args=[GTIN])).content.decode()
    assert "特制小麦粉" in page
    assert firm.name in page
    assert "20260301" in page
    assert reverse("disclosure:profile", args=[firm.uscc]) in page
    assert 'src="/static/js/barcode.js"' in page


def test_the_page_names_the_check_of_a_bad_barcode_in_either_language(db: Any) -> None:
    url = reverse("disclosure:product", args=["6901234567893"])
    r = Client().get(url)
    assert r.status_code == 400
    assert "校验码错误：应为 2，而不是 3" in r.content.decode()
    english = Client()
    english.cookies["django_language"] = "en"
    r = english.get(url)
    assert r.status_code == 400
    assert "it should be 2, not 3" in r.content.decode()


def test_the_page_of_an_unknown_barcode_is_404(db: Any) -> None:
    assert Client().get(reverse("disclosure:product", args=[GTIN])).status_code == 404


@pytest.mark.parametrize(
    "typed", ["6901234567892", "036000291452", "16901234567899", "69012341", " 690 1234 56789 2 "]
)
def test_the_home_search_takes_a_barcode_straight_to_the_product(db: Any, typed: str) -> None:
    r = Client().get(reverse("disclosure:search"), {"q": typed})
    assert r.status_code == 302
    assert r["Location"] == reverse("disclosure:product", args=[typed.replace(" ", "")])


def test_a_12_to_14_digit_typo_still_goes_to_the_product_page_which_names_the_check(
    db: Any,
) -> None:
    r = Client().get(reverse("disclosure:search"), {"q": "6901234567893"}, follow=True)
    assert r.status_code == 400
    assert "应为 2，而不是 3" in r.content.decode()


@pytest.mark.parametrize("typed", ["91340800", "6901234", "690123456", "安庆华泰", "91340800MA2"])
def test_other_searches_stay_searches(db: Any, typed: str) -> None:
    assert Client().get(reverse("disclosure:search"), {"q": typed}).status_code == 200


@pytest.mark.parametrize(("years", "text"), [(2, "within 2 years"), (3, "within 3 years")])
def test_the_grading_page_says_an_ordered_recall_blocks_a_for_the_policys_years(
    db: Any, years: int, text: str
) -> None:
    v1 = grading_policy_active()
    if years != 2:
        rules = asdict(rules_from(v1.rules)) | {"a_ordered_recall_years": years}
        grading_policy_publish(rules=rules, matrix=v1.matrix, note="召回", actor=None)
    english = Client()
    english.cookies["django_language"] = "en"
    body = english.get(reverse("disclosure:grading")).content.decode()
    assert f"no ordered defect recall (责令召回) {text};" in body
