"""Records tied to products: an inspection's GTIN and defect recalls through intake."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from core.actions import AuditAction
from core.models import AuditEntry
from enterprises.models import InspectionRecord, Product, RecallRecord
from enterprises.services.products import company_prefix_declare, product_declare
from tests.factories import DepartmentFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def _inspection(uscc: str, **kw: Any) -> dict[str, Any]:
    return {
        "uscc": uscc,
        "source_ref": "INS-1",
        "product": "特制小麦粉",
        "batch": "20260301",
        "inspected_on": "2026-03-02",
        "level": "provincial",
        "result": "pass",
        **kw,
    }


def _recall(uscc: str, **kw: Any) -> dict[str, Any]:
    return {
        "uscc": uscc,
        "source_ref": "RC-1",
        "gtins": ["6901234567892"],
        "batches": ["20260301", "20260302"],
        "recalled_on": "2026-03-10",
        "reason": "产品标签缺陷",
        "mode": "ordered",
        **kw,
    }


def test_an_inspection_carries_a_gtin_and_links_an_unknown_product(
    api: APIClient, firm: Any
) -> None:
    r = api.post(
        reverse("intake-inspections"), _inspection(firm.uscc, gtin="6901234567892"), format="json"
    )
    assert r.status_code == 201, r.json()
    assert InspectionRecord.objects.get().gtin == "06901234567892"
    product = Product.objects.get()
    assert (product.enterprise_id, product.name, product.confirmed) == (
        firm.pk,
        "特制小麦粉",
        False,
    )
    assert AuditEntry.objects.filter(action=AuditAction.PRODUCT_LINKED).count() == 1


def test_a_known_gtin_stays_with_its_maker(api: APIClient, firm: Any) -> None:
    maker = EnterpriseFactory()
    company_prefix_declare(actor=None, enterprise=maker, prefix="6901234")
    product_declare(actor=None, enterprise=maker, gtin="6901234567892", name="原产品")
    r = api.post(
        reverse("intake-inspections"), _inspection(firm.uscc, gtin="6901234567892"), format="json"
    )
    assert r.status_code == 201
    assert Product.objects.get().enterprise_id == maker.pk
    assert not AuditEntry.objects.filter(action=AuditAction.PRODUCT_LINKED).exists()


def test_an_inspection_without_gtin_links_nothing(api: APIClient, firm: Any) -> None:
    assert (
        api.post(reverse("intake-inspections"), _inspection(firm.uscc), format="json").status_code
        == 201
    )
    assert InspectionRecord.objects.get().gtin == ""
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("gtin", "reason"),
    [
        ("6901234567893", "it should be 2, not 3"),
        ("690123456789", "should be 7, not 9"),  # 12 digits read as UPC-A: its check fails
        ("69012345678", "this one has 11"),
        ("69012345678X", "digits only"),
    ],
)
def test_a_bad_gtin_is_400_naming_the_check_and_writes_nothing(
    api: APIClient, firm: Any, gtin: str, reason: str
) -> None:
    r = api.post(reverse("intake-inspections"), _inspection(firm.uscc, gtin=gtin), format="json")
    assert r.status_code == 400
    (error,) = r.json()["errors"]
    assert error["field"] == "gtin"
    assert reason in error["reason"]
    assert not InspectionRecord.objects.exists()
    assert not Product.objects.exists()


def test_a_recall_is_created_then_recognised_on_resend(api: APIClient, firm: Any) -> None:
    first = api.post(reverse("intake-recalls"), _recall(firm.uscc), format="json")
    assert first.status_code == 201, first.json()
    again = api.post(reverse("intake-recalls"), _recall(firm.uscc), format="json")
    assert again.status_code == 200
    assert again.json() == {**first.json(), "status": "unchanged"}
    recall = RecallRecord.objects.get()
    assert recall.gtins == ["06901234567892"]
    assert recall.batches == ["20260301", "20260302"]
    assert recall.mode == "ordered"
    assert recall.status == "ongoing"
    assert Product.objects.get().enterprise_id == firm.pk
    assert AuditEntry.objects.filter(action=AuditAction.RECALLS_RECEIVED).count() == 1


def test_a_changed_recall_resend_updates_it(api: APIClient, firm: Any) -> None:
    api.post(reverse("intake-recalls"), _recall(firm.uscc), format="json")
    r = api.post(reverse("intake-recalls"), _recall(firm.uscc, status="completed"), format="json")
    assert r.status_code == 200
    assert r.json()["status"] == "updated"
    assert RecallRecord.objects.get().status == "completed"


def test_a_recall_takes_gtins_and_batches_as_comma_separated_text(
    api: APIClient, firm: Any
) -> None:
    item = _recall(firm.uscc, gtins="6901234567892, 16901234567899", batches="A1，A2")
    assert api.post(reverse("intake-recalls"), item, format="json").status_code == 201
    recall = RecallRecord.objects.get()
    assert recall.gtins == ["06901234567892", "16901234567899"]
    assert recall.batches == ["A1", "A2"]


def test_a_recall_of_a_described_product_needs_no_gtin(api: APIClient, firm: Any) -> None:
    item = _recall(firm.uscc, gtins=[], product="电动自行车充电器")
    assert api.post(reverse("intake-recalls"), item, format="json").status_code == 201
    assert RecallRecord.objects.get().product == "电动自行车充电器"
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"gtins": [], "product": ""}, "gtins"),
        ({"gtins": ["6901234567893"]}, "gtins"),
        ({"gtins": [{"a": 1}]}, "gtins"),
        ({"batches": [True]}, "batches"),
        ({"batches": "x" * 65}, "batches"),
        ({"mode": "forced"}, "mode"),
        ({"status": "done"}, "status"),
        ({"recalled_on": "2026/03/10"}, "recalled_on"),
        ({"recalled_on": "2999-01-01"}, "recalled_on"),
        ({"reason": ""}, "reason"),
        ({"uscc": "91340800000000000X"}, "uscc"),
        ({"batches": [str(i) for i in range(21)]}, "batches"),
    ],
)
def test_a_bad_recall_is_400_and_writes_nothing(
    api: APIClient, firm: Any, change: dict[str, Any], field: str
) -> None:
    r = api.post(reverse("intake-recalls"), {**_recall(firm.uscc), **change}, format="json")
    assert r.status_code == 400
    assert field in {e["field"] for e in r.json()["errors"]}
    assert not RecallRecord.objects.exists()
    assert not Product.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.RECALLS_RECEIVED).exists()


def test_a_bad_item_in_a_batch_writes_none_of_it(api: APIClient, firm: Any) -> None:
    batch = [_recall(firm.uscc), _recall(firm.uscc, source_ref="RC-2", mode="x")]
    r = api.post(reverse("intake-recalls"), batch, format="json")
    assert r.status_code == 400
    assert r.json()["errors"][0]["index"] == 1
    assert not RecallRecord.objects.exists()


def test_recalls_need_a_token(firm: Any) -> None:
    r = APIClient().post(reverse("intake-recalls"), _recall(firm.uscc), format="json")
    assert r.status_code == 401
    assert not RecallRecord.objects.exists()


def test_a_recall_written_as_another_department_is_403(api: APIClient, firm: Any) -> None:
    DepartmentFactory(code="aq-health", jurisdiction="3408")
    item = _recall(firm.uscc, source_department="aq-health")
    assert api.post(reverse("intake-recalls"), item, format="json").status_code == 403
    assert not RecallRecord.objects.exists()


def test_a_recall_outside_the_jurisdiction_is_400(api: APIClient) -> None:
    far = EnterpriseFactory(region_id="110101")
    r = api.post(reverse("intake-recalls"), _recall(far.uscc), format="json")
    assert r.status_code == 400
    assert not RecallRecord.objects.exists()


def test_an_import_file_carries_gtins_and_recalls(
    tmp_path: Path, department: Any, firm: Any
) -> None:
    inspections = tmp_path / "inspections.csv"
    inspections.write_text(
        "uscc,source_ref,product,batch,gtin,inspected_on,level,result\n"
        f"{firm.uscc},INS-9,特制小麦粉,B7,6901234567892,2026-03-02,county,pass\n",
        encoding="utf-8",
    )
    recalls = tmp_path / "recalls.csv"
    recalls.write_text(
        "uscc,source_ref,gtins,batches,recalled_on,reason,mode\n"
        f'{firm.uscc},RC-9,"6901234567892,16901234567899",B7,2026-03-10,标签缺陷,voluntary\n',
        encoding="utf-8",
    )
    call_command("import_records", "inspections", str(inspections), department="aq-amr")
    call_command("import_records", "recalls", str(recalls), department="aq-amr")
    assert InspectionRecord.objects.get().gtin == "06901234567892"
    assert RecallRecord.objects.get().gtins == ["06901234567892", "16901234567899"]
    assert set(Product.objects.values_list("gtin", flat=True)) == {
        "06901234567892",
        "16901234567899",
    }
